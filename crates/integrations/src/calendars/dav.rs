//! WebDAV and CalDAV XML: the request bodies Goldseam sends and the answers it reads
//! (RFC 4918 multistatus, RFC 6638 schedule-response). Elements are matched by namespace and
//! local name, never by prefix: Radicale writes `C:`, Xandikos `ns1:`.

use jiff::Timestamp;

/// The WebDAV namespace.
pub(crate) const DAV: &str = "DAV:";
/// The CalDAV namespace.
pub(crate) const CALDAV: &str = "urn:ietf:params:xml:ns:caldav";

/// One property a server returned with a 2xx status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Prop {
    pub ns: String,
    pub name: String,
    /// All text inside it (the iCalendar of `calendar-data` or `calendar-availability`).
    pub text: String,
    /// The `href`s inside it.
    pub hrefs: Vec<String>,
    /// Its child elements: namespace, local name and `name` attribute (for `comp`).
    pub children: Vec<(String, String, Option<String>)>,
}

/// One `response` of a multistatus: its href and the properties found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Response {
    pub href: String,
    pub props: Vec<Prop>,
}

impl Response {
    pub fn prop(&self, ns: &str, name: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.ns == ns && p.name == name)
    }

    /// Whether `resourcetype` holds `ns:name`.
    pub fn is(&self, ns: &str, name: &str) -> bool {
        self.prop(DAV, "resourcetype")
            .is_some_and(|p| p.children.iter().any(|(n, l, _)| n == ns && l == name))
    }
}

fn is(node: &roxmltree::Node, ns: &str, name: &str) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(ns) && node.tag_name().name() == name
}

fn child<'a, 'i>(
    node: &roxmltree::Node<'a, 'i>,
    ns: &str,
    name: &str,
) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| is(c, ns, name))
}

fn text_of(node: &roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// `HTTP/1.1 200 OK` is 2xx.
fn ok_status(node: &roxmltree::Node) -> bool {
    child(node, DAV, "status")
        .map(|s| text_of(&s))
        .and_then(|s| s.split_whitespace().nth(1).map(|c| c.starts_with('2')))
        .unwrap_or(true)
}

/// Reads a multistatus; properties under a non-2xx propstat are left out.
pub(crate) fn multistatus(xml: &str) -> Result<Vec<Response>, String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| e.to_string())?;
    let root = doc.root_element();
    if !is(&root, DAV, "multistatus") {
        return Err(format!(
            "expected a DAV: multistatus, found <{}>",
            root.tag_name().name()
        ));
    }
    let mut out = Vec::new();
    for resp in root.children().filter(|c| is(c, DAV, "response")) {
        let href = child(&resp, DAV, "href")
            .map(|h| text_of(&h).trim().to_string())
            .unwrap_or_default();
        let mut props = Vec::new();
        for propstat in resp.children().filter(|c| is(c, DAV, "propstat")) {
            if !ok_status(&propstat) {
                continue;
            }
            let Some(prop) = child(&propstat, DAV, "prop") else {
                continue;
            };
            for p in prop.children().filter(|c| c.is_element()) {
                let hrefs = p
                    .descendants()
                    .filter(|d| is(d, DAV, "href"))
                    .map(|h| text_of(&h).trim().to_string())
                    .collect();
                let children = p
                    .children()
                    .filter(|c| c.is_element())
                    .map(|c| {
                        (
                            c.tag_name().namespace().unwrap_or("").to_string(),
                            c.tag_name().name().to_string(),
                            c.attribute("name").map(str::to_string),
                        )
                    })
                    .collect();
                props.push(Prop {
                    ns: p.tag_name().namespace().unwrap_or("").to_string(),
                    name: p.tag_name().name().to_string(),
                    text: text_of(&p),
                    hrefs,
                    children,
                });
            }
        }
        out.push(Response { href, props });
    }
    Ok(out)
}

/// One recipient's part of a schedule-response (RFC 6638 section 10.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recipient {
    pub recipient: String,
    /// `2.0;Success`, `3.7;Invalid calendar user`...
    pub status: String,
    pub calendar_data: Option<String>,
}

/// Reads the answer to a POST to the scheduling outbox.
pub(crate) fn schedule_response(xml: &str) -> Result<Vec<Recipient>, String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| e.to_string())?;
    let root = doc.root_element();
    if !is(&root, CALDAV, "schedule-response") {
        return Err(format!(
            "expected a CalDAV schedule-response, found <{}>",
            root.tag_name().name()
        ));
    }
    Ok(root
        .children()
        .filter(|c| is(c, CALDAV, "response"))
        .map(|r| Recipient {
            recipient: child(&r, CALDAV, "recipient")
                .map(|n| text_of(&n).trim().to_string())
                .unwrap_or_default(),
            status: child(&r, CALDAV, "request-status")
                .map(|n| text_of(&n).trim().to_string())
                .unwrap_or_default(),
            calendar_data: child(&r, CALDAV, "calendar-data").map(|n| text_of(&n)),
        })
        .collect())
}

/// A PROPFIND asking for `props` (namespace, local name).
pub(crate) fn propfind(props: &[(&str, &str)]) -> String {
    let mut body = String::from(
        r#"<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop>"#,
    );
    for (ns, name) in props {
        let prefix = if *ns == DAV { "D" } else { "C" };
        body.push_str(&format!("<{prefix}:{name}/>"));
    }
    body.push_str("</D:prop></D:propfind>");
    body
}

fn utc(t: Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// RFC 4791 7.10: free/busy of one calendar.
pub(crate) fn free_busy_query(from: Timestamp, until: Timestamp) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav"><C:time-range start="{}" end="{}"/></C:free-busy-query>"#,
        utc(from),
        utc(until)
    )
}

/// RFC 4791 7.8: the events of one calendar that overlap the window, whole.
pub(crate) fn calendar_query(from: Timestamp, until: Timestamp) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/></D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="{}" end="{}"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>"#,
        utc(from),
        utc(until)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_multistatus_whatever_the_prefixes() {
        let radicale = r#"<?xml version='1.0' encoding='utf-8'?>
<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><response><href>/alice/work/</href><propstat><prop><resourcetype><C:calendar /><collection /></resourcetype><displayname>Work</displayname><C:supported-calendar-component-set><C:comp name="VTODO" /><C:comp name="VEVENT" /></C:supported-calendar-component-set></prop><status>HTTP/1.1 200 OK</status></propstat><propstat><prop><getetag /></prop><status>HTTP/1.1 404 Not Found</status></propstat></response></multistatus>"#;
        let xandikos = r#"<ns0:multistatus xmlns:ns0="DAV:" xmlns:ns1="urn:ietf:params:xml:ns:caldav"><ns0:response><ns0:href>/user/</ns0:href><ns0:propstat><ns0:status>HTTP/1.1 200 OK</ns0:status><ns0:prop><ns1:calendar-home-set><ns0:href>/user/calendars/</ns0:href></ns1:calendar-home-set><ns1:calendar-user-address-set><ns0:href>mailto:alice@example.com</ns0:href></ns1:calendar-user-address-set></ns0:prop></ns0:propstat></ns0:response></ns0:multistatus>"#;
        let r = &multistatus(radicale).unwrap()[0];
        assert_eq!(r.href, "/alice/work/");
        assert!(r.is(CALDAV, "calendar"));
        assert_eq!(r.prop(DAV, "displayname").unwrap().text, "Work");
        assert!(r.prop(DAV, "getetag").is_none(), "404 propstat left out");
        let comps = &r
            .prop(CALDAV, "supported-calendar-component-set")
            .unwrap()
            .children;
        assert_eq!(comps[1].2.as_deref(), Some("VEVENT"));
        let x = &multistatus(xandikos).unwrap()[0];
        assert_eq!(
            x.prop(CALDAV, "calendar-home-set").unwrap().hrefs,
            ["/user/calendars/"]
        );
        assert_eq!(
            x.prop(CALDAV, "calendar-user-address-set").unwrap().hrefs,
            ["mailto:alice@example.com"]
        );
        assert!(multistatus("<html/>").unwrap_err().contains("multistatus"));
        assert!(multistatus("BEGIN:VCALENDAR").is_err());
    }

    #[test]
    fn reads_a_schedule_response() {
        let xml = "<ns0:schedule-response xmlns:ns0=\"urn:ietf:params:xml:ns:caldav\" xmlns:ns1=\"DAV:\"><ns0:response><ns0:recipient><ns1:href>mailto:a@x</ns1:href></ns0:recipient><ns0:request-status>2.0;Success</ns0:request-status><ns0:calendar-data>BEGIN:VCALENDAR\nEND:VCALENDAR\n</ns0:calendar-data></ns0:response></ns0:schedule-response>";
        let r = schedule_response(xml).unwrap();
        assert_eq!(r[0].recipient, "mailto:a@x");
        assert_eq!(r[0].status, "2.0;Success");
        assert_eq!(
            r[0].calendar_data.as_deref(),
            Some("BEGIN:VCALENDAR\nEND:VCALENDAR\n")
        );
    }
}

//! One HTTP exchange with a calendar server: credentials, redirects followed by hand (reqwest
//! would turn a redirected PROPFIND into a GET, and must not carry a password to another
//! host), the answer read up to a size limit, and failures mapped to [`CalendarError`].

use super::error::{transport, CalendarError};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, LOCATION};
use reqwest::{Method, StatusCode, Url};
use std::time::Duration;

/// The largest answer read: the same bound as the iCalendar reader's.
pub(crate) const MAX_BODY: usize = goldseam_core::ical::parse::MAX_BYTES;
const MAX_REDIRECTS: usize = 5;

/// An answer, read whole.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// Where it came from, after redirects.
    pub url: Url,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The answer as an error about `doing`, with the start of the body.
    pub fn error(&self, doing: impl Into<String>) -> CalendarError {
        match self.status.as_u16() {
            s @ (401 | 403) => CalendarError::Refused { status: s },
            412 => CalendarError::Conflict {
                url: self.url.path().to_string(),
            },
            status => {
                let text = self.text();
                let said: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let said: String = said.chars().take(200).collect();
                CalendarError::Status {
                    doing: doing.into(),
                    status,
                    said: if said.is_empty() {
                        String::new()
                    } else {
                        format!(": {said}")
                    },
                }
            }
        }
    }
}

/// `host:port` of a URL, the only part of it errors name.
pub(crate) fn target(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or("?"),
        url.port_or_known_default().unwrap_or(0)
    )
}

/// A client and, for CalDAV, its credentials.
#[derive(Clone)]
pub(crate) struct Conn {
    pub http: reqwest::Client,
    pub auth: Option<(String, String)>,
    pub timeout: Duration,
}

/// A client that follows no redirects by itself (see [`Conn::send`]) and gives up after
/// `timeout`.
pub(crate) fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .connect_timeout(timeout)
        .user_agent(concat!("Goldseam/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_default()
}

impl Conn {
    /// Sends one request, following up to five redirects that keep the method. With
    /// credentials, a redirect to another origin is refused rather than followed.
    pub async fn send(
        &self,
        method: Method,
        url: &Url,
        headers: &[(&'static str, String)],
        body: Option<&[u8]>,
    ) -> Result<Answer, CalendarError> {
        let mut url = url.clone();
        for _ in 0..=MAX_REDIRECTS {
            let mut req = self.http.request(method.clone(), url.clone());
            if let Some((user, password)) = &self.auth {
                req = req.basic_auth(user, Some(password));
            }
            for (name, value) in headers {
                if let Ok(v) = HeaderValue::from_str(value) {
                    req = req.header(HeaderName::from_static(name), v);
                }
            }
            if let Some(b) = body {
                req = req.body(b.to_vec());
            }
            let resp = req
                .send()
                .await
                .map_err(|e| transport(&target(&url), &e, self.timeout))?;
            let status = resp.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let next = resp
                    .headers()
                    .get(LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .and_then(|l| url.join(l).ok());
                if let Some(next) = next {
                    if self.auth.is_some() && next.origin() != url.origin() {
                        return Err(CalendarError::NotCalDav {
                            url: strip(&url),
                            detail: format!(
                                "it redirects to another server ({}); give that address instead",
                                strip(&next)
                            ),
                        });
                    }
                    url = next;
                    continue;
                }
            }
            let headers = resp.headers().clone();
            let body = read_limited(resp, &url, self.timeout).await?;
            return Ok(Answer {
                status,
                headers,
                body,
                url,
            });
        }
        Err(CalendarError::Transport {
            target: target(&url),
            reason: format!("more than {MAX_REDIRECTS} redirects"),
        })
    }
}

/// A URL without credentials, query or fragment, for messages.
pub(crate) fn strip(url: &Url) -> String {
    let mut u = url.clone();
    let _ = u.set_username("");
    let _ = u.set_password(None);
    u.set_query(None);
    u.set_fragment(None);
    u.to_string()
}

async fn read_limited(
    mut resp: reqwest::Response,
    url: &Url,
    timeout: Duration,
) -> Result<Vec<u8>, CalendarError> {
    if resp.content_length().is_some_and(|n| n > MAX_BODY as u64) {
        return Err(CalendarError::TooLarge { limit: MAX_BODY });
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| transport(&target(url), &e, timeout))?
    {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(CalendarError::TooLarge { limit: MAX_BODY });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

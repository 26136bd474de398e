//! Error responses in the OpenAPI document, by rule. The errors every operation of a kind can
//! give come from the same extractors and the same mapping (error.rs), so they are added here
//! from what the operation is (secured, a write, with a JSON body, with parameters, reaching
//! the database) rather than repeated in a hundred annotations. What only some operations give
//! (403 for a role, 404, 409, 410, 429) stays in each handler's annotation.
//!
//! Then every error response, added or annotated, is made to say what the server sends:
//! `application/problem+json` with the `Problem` schema, `WWW-Authenticate` on 401 and
//! `Retry-After` on 429 and 503.

use crate::error::PROBLEM_JSON;
use utoipa::openapi::content::Content;
use utoipa::openapi::header::Header;
use utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use utoipa::openapi::response::Response;
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{ObjectBuilder, OpenApi, Ref, RefOr, Type};

/// Operations that never reach the database, so cannot answer 500 or 503 from it (their
/// operation ids). `readyz` reports an unreachable database as its own, annotated 503.
const NO_DATABASE: &[&str] = &["healthz", "readyz", "metrics"];

/// Path parameters that are secrets looked up as they are, never parsed: an unknown one is a
/// 404, not a 422 (the signed acknowledgement links' `{token}`).
const OPAQUE_PATH_PARAMS: &[&str] = &["token"];

/// The responses this module adds: status, component name, description.
const SHARED: &[(&str, &str, &str)] = &[
    ("400", "BadRequest", "Malformed: the body is not valid JSON, a path segment is not valid UTF-8 once percent-decoded, or a query parameter cannot be read as its type (a number too large, say); `detail` says which."),
    ("401", "Unauthorized", "No credentials, or a token or session that is unknown, revoked or expired."),
    ("403", "Forbidden", "Not allowed: the caller's role may not make this change, or a session-cookie write came without its `X-CSRF-Token`."),
    ("408", "RequestTimeout", "The body did not arrive whole within `body_timeout_secs` (30 s by default) of its first byte."),
    ("413", "PayloadTooLarge", "The body is over the server's limit (`max_body_bytes`, 1 MiB by default)."),
    ("415", "UnsupportedMediaType", "The body was not sent as JSON (`Content-Type: application/json`)."),
    ("409", "IdempotencyConflict", "This `Idempotency-Key` was already used for a different request; use a new key for a new request."),
    ("422", "UnprocessableEntity", "Invalid fields or parameters, each named in `errors` with what is accepted."),
    ("500", "InternalServerError", "An internal error; it has been logged, and the answer says nothing about internals."),
    ("503", "ServiceUnavailable", "The database is unavailable; try again after `Retry-After` seconds."),
];

/// Adds the universal error responses to every operation and makes every error response
/// problem+json. Run on the whole document, after the feature modules' parts are merged.
pub fn document_errors(doc: &mut OpenApi) {
    let global_security = doc.security.clone().unwrap_or_default();
    for (path, item) in doc.paths.paths.iter_mut() {
        let vendor = !path.starts_with("/api/");
        for (method, op) in operations(item) {
            let shape = Shape::of(method, op, &global_security);
            for status in shape.universal() {
                let (_, name, _) = SHARED.iter().find(|(s, ..)| *s == status).expect("listed");
                let r = Ref::from_response_name(*name);
                op.responses
                    .responses
                    .entry(status.to_string())
                    .or_insert(RefOr::Ref(r));
            }
            for (status, response) in op.responses.responses.iter_mut() {
                if let RefOr::T(response) = response {
                    // Endpoints that stand in for a vendor's (PagerDuty's Events API,
                    // Opsgenie's) answer errors in the vendor's shape, which their
                    // annotations name; senders' retry logic reads it.
                    if vendor && vendor_shaped(response) {
                        if response.description.is_empty() {
                            response.description = "Refused, in the vendor's own answer shape \
                                (which the sender reads); `message` says why."
                                .to_string();
                        }
                        continue;
                    }
                    as_problem(status, response);
                }
            }
            // The handler's own 409 stands, and the key's conflict comes on top of it.
            if let (true, Some(RefOr::T(conflict))) =
                (shape.idempotent, op.responses.responses.get_mut("409"))
            {
                conflict.description.push_str(
                    " Also when the `Idempotency-Key` was already used for a different request.",
                );
            }
        }
    }
    let components = doc.components.get_or_insert_with(Default::default);
    for (status, name, description) in SHARED {
        let mut response = Response::new(*description);
        as_problem(status, &mut response);
        components
            .responses
            .insert(name.to_string(), RefOr::T(response));
    }
}

/// What about an operation decides which errors it can give.
struct Shape {
    secured: bool,
    write: bool,
    json_body: bool,
    path_params: bool,
    query_params: bool,
    parsed_params: bool,
    idempotent: bool,
    database: bool,
}

impl Shape {
    fn of(method: &str, op: &Operation, global: &[SecurityRequirement]) -> Shape {
        // An operation's own `security` replaces the document's; `security(())` (one empty
        // requirement) means no credentials are needed.
        let requirements = op.security.as_deref().unwrap_or(global);
        // A vendor's signature (Twilio's callbacks) is refused with 403, not a sign-in's 401.
        let signature = SecurityRequirement::new::<&str, [&str; 0], &str>("twilio_signature", []);
        let secured = requirements
            .iter()
            .any(|r| *r != SecurityRequirement::default() && *r != signature);
        let params = op.parameters.as_deref().unwrap_or_default();
        let json_body = op
            .request_body
            .as_ref()
            .is_some_and(|b| b.content.contains_key("application/json"));
        let id = op.operation_id.as_deref().unwrap_or_default();
        Shape {
            secured,
            write: !matches!(method, "get" | "head"),
            json_body,
            path_params: params
                .iter()
                .any(|p| matches!(p.parameter_in, ParameterIn::Path)),
            query_params: params
                .iter()
                .any(|p| matches!(p.parameter_in, ParameterIn::Query)),
            parsed_params: params.iter().any(|p| match p.parameter_in {
                ParameterIn::Path => !OPAQUE_PATH_PARAMS.contains(&p.name.as_str()),
                ParameterIn::Query | ParameterIn::Header => true,
                ParameterIn::Cookie => false,
            }),
            idempotent: params.iter().any(|p| {
                matches!(p.parameter_in, ParameterIn::Header) && p.name == "Idempotency-Key"
            }),
            database: !NO_DATABASE.contains(&id),
        }
    }

    /// The statuses this operation can answer whatever it does.
    fn universal(&self) -> Vec<&'static str> {
        let mut statuses = Vec::new();
        // The JSON body extractor (json.rs), the path and query extractors (routes/params.rs).
        if self.json_body || self.path_params || self.query_params {
            statuses.push("400");
        }
        // The Auth extractor; a cookie-authenticated write also needs its CSRF token (403).
        if self.secured {
            statuses.push("401");
            if self.write {
                statuses.push("403");
            }
        }
        // A key reused with another body (routes/params.rs, the store's idempotency check).
        if self.idempotent {
            statuses.push("409");
        }
        // A body must arrive whole in time (body_deadline.rs) and within the size limit.
        if self.json_body {
            statuses.extend(["408", "413", "415"]);
        }
        // Bodies are checked field by field; path segments, query parameters and headers are
        // parsed into domain types that refuse what they cannot read.
        if self.json_body || self.parsed_params {
            statuses.push("422");
        }
        if self.database {
            statuses.extend(["500", "503"]);
        }
        statuses
    }
}

/// Makes an error response say what the server sends; leaves success responses alone.
fn as_problem(status: &str, response: &mut Response) {
    let Ok(code) = status.parse::<u16>() else {
        return;
    };
    if code < 400 {
        return;
    }
    // Whatever an annotation said (utoipa's default is application/json), error.rs sends
    // every error as a problem document.
    let schema = RefOr::Ref(Ref::from_schema_name("Problem"));
    response.content.clear();
    response
        .content
        .insert(PROBLEM_JSON.to_string(), Content::new(Some(schema)));
    if response.description.is_empty() {
        response.description = default_description(code).to_string();
    }
    match code {
        401 => {
            let mut header = Header::new(ObjectBuilder::new().schema_type(Type::String));
            header.description = Some("Always sent: `Bearer realm=\"goldseam\"`.".to_string());
            response
                .headers
                .insert("WWW-Authenticate".to_string(), header);
        }
        429 | 503 => {
            let mut header = Header::new(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1)),
            );
            header.description = Some("Always sent: seconds to wait before trying again.".into());
            response.headers.insert("Retry-After".to_string(), header);
        }
        _ => {}
    }
}

/// Whether an annotated response names a body of its own rather than a `Problem`.
fn vendor_shaped(response: &Response) -> bool {
    let problem = Ref::from_schema_name("Problem").ref_location;
    response.content.values().any(|c| match &c.schema {
        Some(RefOr::Ref(r)) => r.ref_location != problem,
        Some(RefOr::T(_)) => true,
        None => false,
    })
}

/// For annotated error responses that did not say more.
fn default_description(code: u16) -> &'static str {
    match code {
        403 => "Not allowed for the caller's role.",
        404 => "Not found, or not visible to the caller.",
        409 => "Conflicts with the current state; `detail` says how.",
        410 => "Gone.",
        422 => "Invalid fields or parameters, each named in `errors` with what is accepted.",
        429 => "Too many attempts; try again after `Retry-After` seconds.",
        _ => "An error; `detail` says what happened.",
    }
}

/// The operations of a path, with their methods in lower case.
fn operations(item: &mut PathItem) -> impl Iterator<Item = (&'static str, &mut Operation)> {
    [
        ("get", &mut item.get),
        ("put", &mut item.put),
        ("post", &mut item.post),
        ("delete", &mut item.delete),
        ("options", &mut item.options),
        ("head", &mut item.head),
        ("patch", &mut item.patch),
        ("trace", &mut item.trace),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.as_mut().map(|op| (method, op)))
}

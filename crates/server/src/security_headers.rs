//! Headers that make the browser refuse what Goldseam never does: run a script or a style it
//! did not serve itself (so injected markup cannot execute), be framed by another site
//! (clickjacking), guess a content type, leak a URL (acknowledgement links carry tokens) in
//! Referer, or, behind https, be reached over plain http again.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The web app's policy: everything from Goldseam itself, nothing inline, no plugins, no
/// framing. Images may be `data:` URLs (small icons inlined by the build).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// HSTS for a year, sent only when Goldseam is reached over https.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Middleware adding the headers to every response; `https` says whether the public URL is.
pub async fn add(State(https): State<bool>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    res
}

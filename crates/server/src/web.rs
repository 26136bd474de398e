//! The web app, built by Vite into web/dist and embedded in the binary (in debug builds it is
//! read from disk, so `npm run build` shows up without recompiling). Hashed assets are cached
//! forever; index.html is revalidated every time, so a deploy takes effect on the next load.
//! Any other path that is not the API gets index.html: the app routes it.

use crate::error::ApiError;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

#[derive(rust_embed::RustEmbed)]
#[folder = "../../web/dist"]
#[allow_missing = true]
struct Assets;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// Serves a file of the web app, or the app itself for the paths it routes.
pub async fn serve(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path == "api" || path.starts_with("api/") {
        return ApiError::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "no such endpoint; see /api/openapi.json",
        )
        .into_response();
    }
    let (name, cache) = match path {
        "" => ("index.html", REVALIDATE),
        p if p.starts_with("assets/") => (p, IMMUTABLE),
        p if Assets::get(p).is_some() => (p, REVALIDATE),
        _ => ("index.html", REVALIDATE),
    };
    let Some(file) = Assets::get(name) else {
        if name == "index.html" {
            return (
                StatusCode::NOT_FOUND,
                "The web app is not built: run `make build` (or `npm run build` in web/).\n",
            )
                .into_response();
        }
        return ApiError::new(
            StatusCode::NOT_FOUND,
            "not-found",
            format!("no file /{name}"),
        )
        .into_response();
    };
    let etag = format!("\"{}\"", hex_prefix(&file.metadata.sha256_hash()));
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    let mut res = file.data.into_owned().into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(file.metadata.mimetype()) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    res
}

fn hex_prefix(hash: &[u8]) -> String {
    hash.iter().take(12).map(|b| format!("{b:02x}")).collect()
}

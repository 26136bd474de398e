//! Reading and writing the session cookie.

use axum::http::{HeaderMap, HeaderValue};

/// A cookie's value from the request's `Cookie` headers.
pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` value for the session: HttpOnly, SameSite=Lax, Secure behind https.
pub fn session(name: &str, value: &str, max_age_secs: u64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    ))
    .expect("session ids are hex, so the cookie is a valid header")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            "cookie",
            HeaderValue::from_static("a=1; goldseam_session=abc; b=2"),
        );
        assert_eq!(get(&h, "goldseam_session").as_deref(), Some("abc"));
        assert_eq!(get(&h, "missing"), None);
    }

    #[test]
    fn session_cookies_are_locked_down() {
        let c = session("s", "v", 60, true);
        let c = c.to_str().unwrap();
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Secure"));
        assert!(!session("s", "v", 60, false)
            .to_str()
            .unwrap()
            .contains("Secure"));
    }
}

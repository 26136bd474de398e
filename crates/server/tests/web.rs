//! The embedded web app: served at / and at every path the app routes, with cache headers that
//! make deploys take effect at once and assets load once. Needs web/dist (make test builds it).

mod common;

use common::TestApp;
use goldseam_testdb::{Kind, TestDb};

#[tokio::test]
async fn the_web_app_is_served_with_the_right_cache_headers() {
    let db = TestDb::new(Kind::Sqlite).await;
    let app = TestApp::spawn(&db).await;
    let get = |path: &str| app.client.get(app.url(path)).send();
    let index = get("/").await.unwrap();
    assert_eq!(
        index.status(),
        200,
        "web/dist is missing: run `npm run build` in web/ (make test does)"
    );
    assert!(index.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert_eq!(index.headers()["cache-control"], "no-cache");
    let html = index.text().await.unwrap();
    assert!(html.contains("<div id=\"root\">"));

    let routed = get("/incidents/INC-7").await.unwrap();
    assert_eq!(routed.status(), 200);
    assert_eq!(routed.text().await.unwrap(), html, "app routes get the app");

    let script = html
        .split('"')
        .find(|s| s.starts_with("/assets/") && s.ends_with(".js"))
        .expect("a script in index.html");
    let asset = get(script).await.unwrap();
    assert_eq!(asset.status(), 200);
    assert!(asset.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
    assert_eq!(
        asset.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let etag = asset.headers()["etag"].to_str().unwrap().to_string();
    let again = app
        .client
        .get(app.url(script))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let zipped = app
        .client
        .get(app.url(script))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(
        zipped.headers()["content-encoding"],
        "gzip",
        "assets travel compressed"
    );

    let api = get("/api/v1/nope").await.unwrap();
    assert_eq!(api.status(), 404);
    assert_eq!(api.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_https_adds_hsts() {
    let db = TestDb::new(Kind::Sqlite).await;
    let app = TestApp::spawn(&db).await;
    for path in [
        "/",
        "/incidents/INC-7",
        "/api/v1/nope",
        "/api/v1/incidents",
        "/healthz",
    ] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        for directive in [
            "script-src 'self'",
            "style-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ] {
            assert!(csp.contains(directive), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        assert!(
            !h.contains_key("strict-transport-security"),
            "{path}: no HSTS over http"
        );
    }
    let https = goldseam_server::ServerConfig {
        public_url: "https://goldseam.example.com".into(),
        ..Default::default()
    };
    let behind_tls = TestApp::spawn_with(&db, https).await;
    let res = behind_tls
        .client
        .get(behind_tls.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
}

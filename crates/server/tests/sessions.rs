//! Web sign-in: session cookies, CSRF on cookie writes, logout, and failed-login limits.

mod common;

use common::{reply, TestApp};
use goldseam_core::UserRole;
use goldseam_server::ServerConfig;
use goldseam_testdb::TestDb;
use reqwest::StatusCode;
use serde_json::json;

async fn login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

fn session_cookie(res: &reqwest::Response) -> String {
    let set = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    set.split(';').next().unwrap().to_string()
}

async fn a_session_cookie_works_and_writes_need_the_csrf_token(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let res = login(&app, "ANA@example.com", "correct horse battery").await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = session_cookie(&res);
    assert!(
        !res.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Secure"),
        "plain http in tests"
    );
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["user"]["email"], ana.email);
    let csrf = body["csrf_token"].as_str().unwrap().to_string();

    let me = reply(
        app.client
            .get(app.url("/api/v1/auth/session"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(me.body["csrf_token"], csrf);
    let declare = |token: Option<&str>| {
        let mut req = app
            .client
            .post(app.url("/api/v1/incidents"))
            .header("cookie", &cookie)
            .json(&json!({"title": "From the web", "severity": "SEV2"}));
        if let Some(t) = token {
            req = req.header("x-csrf-token", t);
        }
        req.send()
    };
    let forged = reply(declare(None).await.unwrap()).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
    let wrong = reply(declare(Some("0000")).await.unwrap()).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let ok = reply(declare(Some(&csrf)).await.unwrap()).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    assert_eq!(
        app.get(&ana, "/api/v1/incidents").await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "only the genuine write landed"
    );

    let out = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let after = reply(
        app.client
            .get(app.url("/api/v1/me"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert!(after.body["detail"]
        .as_str()
        .unwrap()
        .contains("session has expired"));
}

async fn wrong_passwords_are_refused_then_rate_limited(db: TestDb) {
    let config = ServerConfig {
        login_failures_allowed: 3,
        // The limit must still hold when the next attempt comes, however slow the machine.
        login_first_delay: std::time::Duration::from_secs(300),
        ..Default::default()
    };
    let app = TestApp::spawn_with(&db, config).await;
    app.user("Ana", UserRole::Member).await;
    for _ in 0..3 {
        let r = reply(login(&app, "ana@example.com", "wrong password!").await).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.body["detail"], "wrong email or password");
    }
    let limited = reply(login(&app, "ana@example.com", "correct horse battery").await).await;
    assert_eq!(
        limited.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits out the limit"
    );
    assert!(
        limited.headers["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 0
    );
    let unknown = reply(login(&app, "nobody@example.com", "whatever at all").await).await;
    assert_eq!(
        unknown.status,
        StatusCode::UNAUTHORIZED,
        "unknown emails read like wrong passwords"
    );
}

async fn deactivated_users_lose_sessions_and_tokens(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let root = app.user("Root", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let cookie = session_cookie(&login(&app, "ana@example.com", "correct horse battery").await);
    let r = app
        .patch(
            &root,
            &format!("/api/v1/users/{}", ana.id),
            json!({"active": false}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        app.get(&ana, "/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    let s = app
        .client
        .get(app.url("/api/v1/me"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(s.status(), StatusCode::UNAUTHORIZED);
    let denied = app
        .patch(
            &ana,
            &format!("/api/v1/users/{}", root.id),
            json!({"role": "viewer"}),
        )
        .await;
    assert_eq!(denied.status, StatusCode::UNAUTHORIZED);
    let own = app
        .patch(
            &root,
            &format!("/api/v1/users/{}", root.id),
            json!({"role": "member"}),
        )
        .await;
    assert_eq!(
        own.status,
        StatusCode::CONFLICT,
        "an admin cannot demote themselves"
    );
}

async fn admins_manage_users_and_everyone_manages_their_tokens(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let root = app.user("Root", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let created = app.post(&root, "/api/v1/users", json!({"email": "Lee@Example.com", "name": "Lee", "role": "viewer", "password": "a long password"})).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["email"], "lee@example.com");
    let dup = app
        .post(
            &root,
            "/api/v1/users",
            json!({"email": "lee@example.com", "name": "Lee 2", "role": "viewer"}),
        )
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    let bad = app
        .post(
            &root,
            "/api/v1/users",
            json!({"email": "nope", "name": "", "role": "owner"}),
        )
        .await;
    let fields: Vec<&str> = bad.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["email", "name", "role"], "every bad field at once");
    assert_eq!(
        app.post(
            &ana,
            "/api/v1/users",
            json!({"email": "x@y.io", "name": "X", "role": "admin"})
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let t = app
        .post(&ana, "/api/v1/me/tokens", json!({"name": "laptop"}))
        .await;
    assert_eq!(t.status, StatusCode::CREATED);
    let secret = t.body["token"].as_str().unwrap();
    assert!(secret.starts_with("gs_") && secret.starts_with(t.body["prefix"].as_str().unwrap()));
    let listed = app.get(&ana, "/api/v1/me/tokens").await;
    assert!(
        listed
            .body
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t.get("token").is_none()),
        "secrets are shown once only"
    );
    let twice = |key: &'static str| {
        let req = app
            .client
            .post(app.url("/api/v1/users"))
            .bearer_auth(&root.token)
            .header("Idempotency-Key", key);
        async move {
            reply(
                req.json(&json!({"email": "kim@example.com", "name": "Kim", "role": "member"}))
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    };
    let (first, again) = (twice("u-1").await, twice("u-1").await);
    assert_eq!(
        (first.status, again.status),
        (StatusCode::CREATED, StatusCode::CREATED),
        "{}",
        again.body
    );
    assert_eq!(first.body["id"], again.body["id"]);
    let token_twice = || {
        app.client
            .post(app.url("/api/v1/me/tokens"))
            .bearer_auth(&ana.token)
            .header("Idempotency-Key", "t-1")
            .json(&json!({"name": "ci"}))
            .send()
    };
    assert_eq!(token_twice().await.unwrap().status(), StatusCode::CREATED);
    let repeat = reply(token_twice().await.unwrap()).await;
    assert_eq!(repeat.status, StatusCode::CONFLICT);
    assert!(
        repeat.body["detail"]
            .as_str()
            .unwrap()
            .contains("shown once"),
        "{}",
        repeat.body
    );
    let users = app.get(&ana, "/api/v1/users?limit=2").await;
    assert_eq!(users.body["items"].as_array().unwrap().len(), 2);
    assert_eq!(users.body["next_cursor"], "2");
}

async fn admins_set_passwords_and_the_old_sessions_end(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let root = app.user("Root", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let path = format!("/api/v1/users/{}", ana.id);
    let old = session_cookie(&login(&app, "ana@example.com", "correct horse battery").await);

    let short = app.patch(&root, &path, json!({"password": "short"})).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(short.body["errors"][0]["field"], "password");
    let empty = app.patch(&root, &path, json!({})).await;
    assert_eq!(
        empty.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        empty.body
    );
    let by_member = app
        .patch(&ana, &path, json!({"password": "a new long password"}))
        .await;
    assert_eq!(by_member.status, StatusCode::FORBIDDEN);
    // Nothing above changed the password.
    assert_eq!(
        login(&app, "ana@example.com", "correct horse battery")
            .await
            .status(),
        StatusCode::OK
    );

    let r = app
        .patch(&root, &path, json!({"password": "a new long password"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.body["role"], "member",
        "the rest of the account is unchanged"
    );
    let me = |cookie: String| {
        let req = app
            .client
            .get(app.url("/api/v1/me"))
            .header("cookie", cookie);
        async move { req.send().await.unwrap().status() }
    };
    assert_eq!(
        me(old).await,
        StatusCode::UNAUTHORIZED,
        "sessions from before the reset end"
    );
    assert_eq!(
        login(&app, "ana@example.com", "correct horse battery")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let new = session_cookie(&login(&app, "ana@example.com", "a new long password").await);
    assert_eq!(me(new).await, StatusCode::OK);
}

goldseam_testdb::on_both_databases!(
    admins_set_passwords_and_the_old_sessions_end,
    a_session_cookie_works_and_writes_need_the_csrf_token,
    wrong_passwords_are_refused_then_rate_limited,
    deactivated_users_lose_sessions_and_tokens,
    admins_manage_users_and_everyone_manages_their_tokens,
);

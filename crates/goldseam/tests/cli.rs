//! The binary as people run it: configuration output and the admin commands against a fresh
//! SQLite data directory.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `goldseam` in `dir`, with none of the caller's GOLDSEAM_* variables leaking in.
fn goldseam(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_goldseam"));
    for (k, _) in std::env::vars() {
        if k.starts_with("GOLDSEAM_") {
            c.env_remove(k);
        }
    }
    c.current_dir(dir)
        .env("GOLDSEAM_DATA_DIR", dir.join("data"));
    c
}

fn run_with_stdin(mut cmd: Command, stdin: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting goldseam");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn config_print_never_shows_the_database_password() {
    let dir = tempfile::tempdir().unwrap();
    let out = goldseam(dir.path())
        .args(["config", "print"])
        .env("GOLDSEAM_DATABASE_URL", "postgres://u:secret@h/db")
        .env("GOLDSEAM_ADMIN_PASSWORD", "also-secret")
        .output()
        .unwrap();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    // (The word itself is in `secret_key_file`'s line, which names a path, not a secret.)
    for leak in [":secret@", "also-secret"] {
        assert!(
            !stdout.contains(leak) && !stderr.contains(leak),
            "{stdout}{stderr}"
        );
    }
    assert!(stdout.contains("postgres://u:***@h/db"), "{stdout}");
    assert!(
        stdout.contains("admin_password = \"[redacted]\""),
        "{stdout}"
    );
}

#[test]
fn config_print_reads_the_file_and_lets_the_environment_win() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("goldseam.toml");
    std::fs::write(&file, "listen = \"0.0.0.0:9000\"\nsession_hours = 3\n").unwrap();
    let out = goldseam(dir.path())
        .args(["config", "print", "--config"])
        .arg(&file)
        .env("GOLDSEAM_LISTEN", "127.0.0.1:7000")
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.contains("listen = \"127.0.0.1:7000\""), "{stdout}");
    assert!(stdout.contains("session_hours = 3"), "{stdout}");
}

#[test]
fn bad_configuration_stops_with_the_key_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = goldseam(dir.path())
        .args(["config", "print"])
        .env("GOLDSEAM_LOG_FORMAT", "xml")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("log_format") && stderr.contains("text, json"),
        "{stderr}"
    );

    let file = dir.path().join("bad.toml");
    std::fs::write(&file, "lissten = \"0.0.0.0:80\"\n").unwrap();
    let out = goldseam(dir.path())
        .args(["serve", "--config"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("lissten"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn users_and_tokens_are_created_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut add = goldseam(dir.path());
    add.args([
        "user",
        "add",
        "--email",
        "Ana@Example.com",
        "--name",
        "Ana Lopez",
        "--role",
        "admin",
        "--password-stdin",
    ]);
    let out = run_with_stdin(add, "correct horse battery\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("ana@example.com") && stdout.contains("admin"),
        "{stdout}"
    );
    assert!(dir.path().join("data/goldseam.db").exists());

    let out = goldseam(dir.path())
        .args([
            "token",
            "create",
            "--email",
            "ana@example.com",
            "--name",
            "laptop",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let token = stdout.trim();
    assert!(token.starts_with("gs_"), "{stdout:?}");
    assert_eq!(
        stdout.lines().count(),
        1,
        "only the token goes to stdout: {stdout:?}"
    );
    assert!(
        !text(&out.stderr).contains(token),
        "the token is printed once"
    );

    let mut again = goldseam(dir.path());
    again.args([
        "user",
        "add",
        "--email",
        "ana@example.com",
        "--name",
        "Ana",
        "--role",
        "member",
    ]);
    let out = again.output().unwrap();
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("ana@example.com already exists"),
        "{stderr}"
    );
}

#[test]
fn admin_commands_refuse_bad_input_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "user", "add", "--email", "nope", "--name", "N", "--role", "admin",
            ],
            "--email",
        ),
        (
            &[
                "user", "add", "--email", "a@b.co", "--name", "N", "--role", "owner",
            ],
            "admin, member, viewer",
        ),
        (
            &[
                "token",
                "create",
                "--email",
                "ghost@example.com",
                "--name",
                "x",
            ],
            "no user has the email ghost@example.com",
        ),
    ];
    for (args, expected) in cases {
        let out = goldseam(dir.path()).args(*args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    let mut add = goldseam(dir.path());
    add.args([
        "user",
        "add",
        "--email",
        "a@b.co",
        "--name",
        "A",
        "--password-stdin",
    ]);
    let out = run_with_stdin(add, "");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("no password on stdin"));
}

#[test]
fn client_commands_need_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let out = goldseam(dir.path()).args(["incidents"]).output().unwrap();
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("GOLDSEAM_TOKEN is not set"));
}

#[test]
fn slack_manifest_prints_json_with_request_urls_only_for_http() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = |extra: &[&str]| {
        let out = goldseam(dir.path())
            .args([
                "slack",
                "manifest",
                "--base-url",
                "https://goldseam.example.com",
            ])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let socket = manifest(&[]);
    assert_eq!(socket["settings"]["socket_mode_enabled"], true);
    assert_eq!(socket["display_information"]["name"], "Goldseam");
    assert!(socket["settings"]["event_subscriptions"]
        .get("request_url")
        .is_none());
    assert_eq!(socket["features"]["slash_commands"][0]["command"], "/inc");
    let http = manifest(&["--http", "--name", "Acme Incidents"]);
    assert_eq!(http["settings"]["socket_mode_enabled"], false);
    assert_eq!(http["display_information"]["name"], "Acme Incidents");
    assert_eq!(
        http["settings"]["event_subscriptions"]["request_url"],
        "https://goldseam.example.com/api/v1/integrations/slack/events"
    );
    assert!(http["oauth_config"]["scopes"]["bot"]
        .as_array()
        .unwrap()
        .contains(&"chat:write".into()));
    // Slack only sends to https Request URLs.
    let out = goldseam(dir.path())
        .args([
            "slack",
            "manifest",
            "--http",
            "--base-url",
            "http://goldseam.internal",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("https://"),
        "{}",
        text(&out.stderr)
    );
}

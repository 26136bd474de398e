use super::*;
use std::time::Duration;

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| map.get(k).cloned()
}

fn load(file: Option<&str>, vars: &[(&str, &str)]) -> Result<Config> {
    Config::from_sources(file.map(|t| ("goldseam.toml", t)), env(vars))
}

#[test]
fn defaults_need_no_configuration() {
    let c = load(None, &[]).unwrap();
    assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
    assert_eq!(c.public_url_for(c.listen), "http://127.0.0.1:8080");
    assert_eq!(c.data_dir, PathBuf::from("./goldseam-data"));
    assert_eq!(c.database_max_connections, 16);
    assert_eq!(c.sqlite_synchronous, Synchronous::Normal);
    assert_eq!(c.session_hours, 12);
    assert_eq!(c.max_body_bytes, 1_048_576);
    assert_eq!(c.log_format, LogFormat::Text);
    assert_eq!(c.log_level, "info");
    assert_eq!(c.admin_email.as_str(), DEFAULT_ADMIN_EMAIL);
    assert!(c.admin_password.is_none());
}

#[test]
fn the_default_database_is_sqlite_under_the_data_dir() {
    let c = load(None, &[("GOLDSEAM_DATA_DIR", "/var/lib/goldseam")]).unwrap();
    assert!(c.uses_default_database());
    assert_eq!(
        c.database_url().expose(),
        "sqlite:///var/lib/goldseam/goldseam.db?mode=rwc"
    );
    assert_eq!(c.database_label(), "sqlite: /var/lib/goldseam/goldseam.db");
    assert_eq!(
        load(None, &[]).unwrap().database_url().expose(),
        "sqlite://./goldseam-data/goldseam.db?mode=rwc"
    );
}

#[test]
fn sqlite_paths_with_url_characters_survive() {
    assert_eq!(
        sqlite_url(Path::new("/data/a?b#c%d/goldseam.db")),
        "sqlite:///data/a%3Fb%23c%25d/goldseam.db?mode=rwc"
    );
}

#[test]
fn the_environment_overrides_the_file() {
    let file = r#"
        listen = "0.0.0.0:9000"
        session_hours = 24
        log_format = "json"
        data_dir = "/srv/gs"
    "#;
    let c = load(
        Some(file),
        &[
            ("GOLDSEAM_LISTEN", "127.0.0.1:7000"),
            ("GOLDSEAM_SESSION_HOURS", "2"),
            // Empty counts as unset: the file's value stays.
            ("GOLDSEAM_LOG_FORMAT", ""),
        ],
    )
    .unwrap();
    assert_eq!(c.listen.to_string(), "127.0.0.1:7000");
    assert_eq!(c.session_hours, 2);
    assert_eq!(c.log_format, LogFormat::Json);
    assert_eq!(c.data_dir, PathBuf::from("/srv/gs"));
    assert_eq!(c.origin("listen"), Some("GOLDSEAM_LISTEN"));
    assert_eq!(c.origin("data_dir"), Some("goldseam.toml"));
    assert_eq!(c.origin("max_body_bytes"), None);
}

#[test]
fn unknown_keys_in_the_file_are_refused_by_name() {
    let err = load(Some("lissten = \"0.0.0.0:80\"\n"), &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("goldseam.toml"), "{err}");
    assert!(err.contains("lissten"), "{err}");
    assert!(err.contains("listen"), "{err}");
}

#[test]
fn bad_values_name_the_key_and_where_it_came_from() {
    let cases: &[(&str, &str, &str)] = &[
        ("GOLDSEAM_LISTEN", "localhost", "listen"),
        ("GOLDSEAM_LOG_FORMAT", "xml", "log_format"),
        ("GOLDSEAM_SQLITE_SYNCHRONOUS", "off", "sqlite_synchronous"),
        ("GOLDSEAM_SESSION_HOURS", "twelve", "session_hours"),
        ("GOLDSEAM_MAX_BODY_BYTES", "10", "max_body_bytes"),
        (
            "GOLDSEAM_DATABASE_MAX_CONNECTIONS",
            "0",
            "database_max_connections",
        ),
        ("GOLDSEAM_DATABASE_URL", "mysql://u:pw@h/db", "database_url"),
        ("GOLDSEAM_PUBLIC_URL", "goldseam.example.com", "public_url"),
        ("GOLDSEAM_ADMIN_EMAIL", "admin", "admin_email"),
        ("GOLDSEAM_LOG", "info,[", "log_level"),
        ("GOLDSEAM_MAX_CONNECTIONS", "3", "max_connections"),
        ("GOLDSEAM_HEADER_TIMEOUT_SECS", "0", "header_timeout_secs"),
        ("GOLDSEAM_BODY_TIMEOUT_SECS", "soon", "body_timeout_secs"),
        ("GOLDSEAM_METRICS_LISTEN", "9090", "metrics_listen"),
        (
            "GOLDSEAM_TRUSTED_PROXIES",
            "10.0.0.1, proxy",
            "trusted_proxies",
        ),
        ("GOLDSEAM_TRUSTED_PROXIES", "10.0.1.0/16", "trusted_proxies"),
        ("GOLDSEAM_TRUSTED_PROXIES", "::1/129", "trusted_proxies"),
        (
            "GOLDSEAM_METRICS_LISTEN",
            "127.0.0.1:8080",
            "metrics_listen",
        ),
    ];
    for (var, value, key) in cases {
        let err = load(None, &[(var, value)]).unwrap_err().to_string();
        assert!(err.contains(key) && err.contains(var), "{var}: {err}");
        assert!(!err.contains("pw@"), "a password leaked: {err}");
    }
    let err = load(Some("listen = 8080"), &[]).unwrap_err().to_string();
    assert!(err.contains("listen"), "{err}");
}

#[test]
fn connection_limits_and_the_metrics_listener_reach_the_server() {
    let c = load(
        None,
        &[
            ("GOLDSEAM_MAX_CONNECTIONS", "500"),
            ("GOLDSEAM_HEADER_TIMEOUT_SECS", "5"),
            ("GOLDSEAM_BODY_TIMEOUT_SECS", "20"),
            ("GOLDSEAM_METRICS_LISTEN", "127.0.0.1:9090"),
        ],
    )
    .unwrap();
    let s = c.server_config(c.listen);
    assert_eq!(s.connections.max_connections, 500);
    assert_eq!(s.connections.header_timeout, Duration::from_secs(5));
    assert_eq!(s.connections.body_timeout, Duration::from_secs(20));
    assert_eq!(s.metrics_listen.unwrap().to_string(), "127.0.0.1:9090");
    let printed = c.to_toml();
    assert!(
        printed.contains("metrics_listen = \"127.0.0.1:9090\"  # from GOLDSEAM_METRICS_LISTEN"),
        "{printed}"
    );
    let defaults = load(None, &[]).unwrap();
    assert_eq!(
        defaults.max_connections, None,
        "sized at start from the open-file limit"
    );
    assert_eq!(defaults.metrics_listen, None);
}

#[test]
fn secrets_are_redacted_in_print_and_debug() {
    let c = load(
        None,
        &[
            ("GOLDSEAM_DATABASE_URL", "postgres://u:hunter2@db:5432/gs"),
            ("GOLDSEAM_ADMIN_PASSWORD", "correct-horse"),
        ],
    )
    .unwrap();
    let printed = c.to_toml();
    let debug = format!("{c:?}");
    for out in [&printed, &debug] {
        assert!(!out.contains("hunter2"), "{out}");
        assert!(!out.contains("correct-horse"), "{out}");
    }
    assert!(printed.contains("postgres://u:***@db:5432/gs"), "{printed}");
    assert!(
        printed.contains("admin_password = \"[redacted]\""),
        "{printed}"
    );
    assert_eq!(c.database_label(), "postgres: postgres://u:***@db:5432/gs");
}

#[test]
fn printed_configuration_loads_back() {
    let c = load(None, &[("GOLDSEAM_SESSION_HOURS", "3")]).unwrap();
    let again = load(Some(&c.to_toml()), &[]).unwrap();
    assert_eq!(again.session_hours, 3);
    assert_eq!(again.database_url(), c.database_url());
    assert_eq!(again.listen, c.listen);
}

#[test]
fn database_urls_lose_every_password() {
    for (url, shown) in [
        ("postgres://ana:p@ss@db/gs", "postgres://ana:***@db/gs"),
        (
            "postgres://ana@db/gs?password=hunter2&sslmode=disable",
            "postgres://ana@db/gs?password=***&sslmode=disable",
        ),
        ("postgres://ana@db/gs", "postgres://ana@db/gs"),
        (
            "sqlite://./a@b:c/goldseam.db",
            "sqlite://./a@b:c/goldseam.db",
        ),
    ] {
        assert_eq!(redact_database_url(url), shown);
    }
}

#[test]
fn the_server_and_store_get_the_configured_values() {
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("secret.key");
    let c = load(
        None,
        &[
            ("GOLDSEAM_SESSION_HOURS", "2"),
            ("GOLDSEAM_MAX_BODY_BYTES", "4096"),
            ("GOLDSEAM_SQLITE_SYNCHRONOUS", "FULL"),
            ("GOLDSEAM_DATABASE_MAX_CONNECTIONS", "4"),
            ("GOLDSEAM_SECRET_KEY_FILE", key_file.to_str().unwrap()),
        ],
    )
    .unwrap();
    let bound: SocketAddr = "127.0.0.1:4321".parse().unwrap();
    let s = c.server_config(bound);
    assert_eq!(s.listen, bound);
    assert_eq!(s.public_url, "http://127.0.0.1:4321");
    assert_eq!(s.session_lifetime, Duration::from_secs(7200));
    assert_eq!(s.max_body_bytes, 4096);
    let o = c.store_options().unwrap();
    assert_eq!(
        o.secret_key.to_hex(),
        std::fs::read_to_string(&key_file).unwrap().trim()
    );
    assert_eq!(o.sqlite_synchronous, "full");
    assert_eq!(o.max_connections, 4);
    let explicit = load(None, &[("GOLDSEAM_PUBLIC_URL", "https://gs.example.com/")]).unwrap();
    assert_eq!(
        explicit.server_config(bound).public_url,
        "https://gs.example.com"
    );
}

#[test]
fn delivery_credentials_are_configured_by_file_or_variable_and_never_printed() {
    let file = "[delivery]\ntimeout_secs = 5\ntwilio_account_sid = \"AC1\"\ntwilio_from = \"+15550000000\"\n";
    let c = load(
        Some(file),
        &[
            ("GOLDSEAM_TWILIO_AUTH_TOKEN", "twilio-sekrit"),
            ("GOLDSEAM_SLACK_BOT_TOKEN", "xoxb-sekrit"),
        ],
    )
    .unwrap();
    assert_eq!(c.delivery.timeout.as_secs(), 5);
    let printed = c.to_toml();
    assert!(
        printed.contains("twilio_auth_token = \"[redacted]\"  # from GOLDSEAM_TWILIO_AUTH_TOKEN")
    );
    assert!(printed.contains("timeout_secs = 5  # from goldseam.toml"));
    for shown in [printed, format!("{c:?}")] {
        assert!(!shown.contains("sekrit"), "{shown}");
    }
    let half = load(None, &[("GOLDSEAM_TWILIO_ACCOUNT_SID", "AC1")]).unwrap_err();
    assert!(
        half.to_string()
            .contains("twilio_auth_token and twilio_from together"),
        "{half}"
    );
    let short = load(None, &[("GOLDSEAM_DELIVERY_LEASE_SECS", "5")]).unwrap_err();
    assert!(
        short.to_string().contains("at least twice timeout_secs"),
        "{short}"
    );
}

#[test]
fn trusted_proxies_come_from_a_list_or_a_comma_separated_variable() {
    let defaults = load(None, &[]).unwrap();
    assert!(defaults.trusted_proxies.ranges().is_empty());
    assert!(
        defaults
            .to_toml()
            .contains("# trusted_proxies is not set: X-Forwarded-For is ignored"),
        "{}",
        defaults.to_toml()
    );

    let file = "trusted_proxies = [\"10.0.0.0/8\", \"::1\"]\n";
    let c = load(Some(file), &[]).unwrap();
    let s = c.server_config(c.listen);
    assert!(s.trusted_proxies.contains("10.1.2.3".parse().unwrap()));
    assert!(s.trusted_proxies.contains("::1".parse().unwrap()));
    assert!(!s.trusted_proxies.contains("192.0.2.1".parse().unwrap()));
    let printed = c.to_toml();
    assert!(
        printed.contains("trusted_proxies = [\"10.0.0.0/8\", \"::1\"]  # from goldseam.toml"),
        "{printed}"
    );
    let again = load(Some(&printed), &[]).unwrap();
    assert_eq!(again.trusted_proxies, c.trusted_proxies, "print loads back");

    let c = load(
        Some(file),
        &[("GOLDSEAM_TRUSTED_PROXIES", " 127.0.0.1 , 172.16.0.0/12,")],
    )
    .unwrap();
    let shown: Vec<String> = c
        .trusted_proxies
        .ranges()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(shown, ["127.0.0.1", "172.16.0.0/12"], "the variable wins");
    assert_eq!(
        c.origin("trusted_proxies"),
        Some("GOLDSEAM_TRUSTED_PROXIES")
    );

    let err = load(None, &[("GOLDSEAM_TRUSTED_PROXIES", "10.0.1.0/16")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("the block is 10.0.0.0/16"), "{err}");
    let err = load(Some("trusted_proxies = \"10.0.0.1\"\n"), &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("trusted_proxies"), "a list is wanted: {err}");
}

#[test]
fn mattermost_settings_go_together_and_their_secrets_are_never_printed() {
    let team = "abcdefghijklmnopqrstuvwxyz";
    let c = load(
        None,
        &[
            ("GOLDSEAM_MATTERMOST_URL", "https://chat.example.com/"),
            ("GOLDSEAM_MATTERMOST_BOT_TOKEN", "bot-sekrit"),
            ("GOLDSEAM_MATTERMOST_TEAM_ID", team),
            ("GOLDSEAM_MATTERMOST_COMMAND_TOKEN", "cmd-sekrit"),
        ],
    )
    .unwrap();
    let mm = c
        .delivery
        .engine_config("https://goldseam.example.com")
        .channels
        .mattermost
        .expect("Mattermost is set up");
    assert_eq!(
        (mm.url.as_str(), mm.team_id.as_str()),
        ("https://chat.example.com", team)
    );
    assert_eq!(
        mm.command_token.as_ref().map(|t| t.expose()),
        Some("cmd-sekrit")
    );
    assert!(
        mm.action_secret.is_none(),
        "derived from the secret key when not set"
    );
    let printed = c.to_toml();
    assert!(
        printed.contains("mattermost_team_id = \"abcdefghijklmnopqrstuvwxyz\""),
        "{printed}"
    );
    for shown in [printed, format!("{c:?}")] {
        assert!(!shown.contains("sekrit"), "{shown}");
    }
    let half = load(None, &[("GOLDSEAM_MATTERMOST_BOT_TOKEN", "bot-sekrit")]).unwrap_err();
    assert!(half.to_string().contains("together"), "{half}");
    let bad_team = load(
        None,
        &[
            ("GOLDSEAM_MATTERMOST_URL", "https://chat.example.com"),
            ("GOLDSEAM_MATTERMOST_BOT_TOKEN", "bot-sekrit"),
            ("GOLDSEAM_MATTERMOST_TEAM_ID", "acme"),
        ],
    )
    .unwrap_err();
    assert!(
        bad_team.to_string().contains("mattermost_team_id"),
        "{bad_team}"
    );
}

#[test]
fn a_teams_webhook_url_is_checked_and_never_printed() {
    let url = "https://prod-42.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=sekritSig";
    let c = load(None, &[("GOLDSEAM_TEAMS_WEBHOOK_URL", url)]).unwrap();
    let teams = c
        .delivery
        .engine_config("https://goldseam.example.com")
        .channels
        .teams
        .expect("Teams is set up");
    assert_eq!(teams.host(), "prod-42.westeurope.logic.azure.com");
    let printed = c.to_toml();
    assert!(
        printed.contains("teams_webhook_url = \"[redacted]\""),
        "{printed}"
    );
    for shown in [printed, format!("{c:?}")] {
        assert!(!shown.contains("sekrit"), "{shown}");
    }
    let file = "[delivery]\nteams_webhook_url = \"https://acme.webhook.office.com/webhookb2/sekrit/IncomingWebhook/x/y\"\n";
    let retired = load(Some(file), &[]).unwrap_err().to_string();
    assert!(
        retired.contains("delivery.teams_webhook_url") && retired.contains("retired"),
        "{retired}"
    );
    assert!(!retired.contains("sekrit"), "{retired}");
    let unsigned = url.replace("&sig=sekritSig", "");
    let err = load(None, &[("GOLDSEAM_TEAMS_WEBHOOK_URL", &unsigned)])
        .unwrap_err()
        .to_string();
    assert!(err.contains("sig="), "{err}");
}

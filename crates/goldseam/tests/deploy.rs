//! The deployment files in deploy/: the systemd unit passes `systemd-analyze verify` (and stays
//! hardened), and the example configuration and environment files load as they are.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const INSTALLED: &str = "ExecStart=/usr/local/bin/goldseam ";

/// The unit with its ExecStart pointed at the binary under test (verify checks that the
/// program exists and is executable); every other line is left exactly as shipped.
fn unit_for_verify(dir: &Path) -> PathBuf {
    let unit = std::fs::read_to_string(repo().join("deploy/systemd/goldseam.service")).unwrap();
    let exec: Vec<&str> = unit
        .lines()
        .filter(|l| l.starts_with("ExecStart="))
        .collect();
    assert_eq!(
        exec,
        ["ExecStart=/usr/local/bin/goldseam serve --config /etc/goldseam/goldseam.toml"],
        "the unit runs the installed binary with the documented configuration file"
    );
    let rewritten = unit.replacen(
        INSTALLED,
        &format!("ExecStart={} ", env!("CARGO_BIN_EXE_goldseam")),
        1,
    );
    let changed = unit
        .lines()
        .zip(rewritten.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 1, "only ExecStart's path differs from the shipped unit");
    // The file name is the unit's name, so it keeps the shipped one.
    let path = dir.join("goldseam.service");
    std::fs::write(&path, rewritten).unwrap();
    path
}

/// `systemd-analyze`, or `None` (with the reason printed) where it is not installed.
fn systemd_analyze() -> Option<Command> {
    match Command::new("systemd-analyze").arg("--version").output() {
        Ok(out) if out.status.success() => Some(Command::new("systemd-analyze")),
        Ok(out) => {
            eprintln!(
                "SKIPPED: systemd-analyze --version failed: {}",
                text(&out.stderr)
            );
            None
        }
        Err(e) => {
            eprintln!("SKIPPED: systemd-analyze is not available here ({e}); install systemd to check deploy/systemd/goldseam.service");
            None
        }
    }
}

#[test]
fn the_systemd_unit_passes_systemd_analyze_verify() {
    let Some(mut verify) = systemd_analyze() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let unit = unit_for_verify(dir.path());
    let out = verify.arg("verify").arg(&unit).output().unwrap();
    let stderr = text(&out.stderr);
    assert!(
        out.status.success(),
        "systemd-analyze verify failed:\n{stderr}"
    );
    // Unknown keys and unparsable values are only warnings to verify; here they are failures.
    let about_ours: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("goldseam"))
        .collect();
    assert!(
        about_ours.is_empty(),
        "systemd-analyze verify warned about the unit:\n{}",
        about_ours.join("\n")
    );
    if !stderr.trim().is_empty() {
        eprintln!("systemd-analyze verify said, about other units:\n{stderr}");
    }
}

#[test]
fn the_systemd_unit_stays_hardened() {
    let Some(mut security) = systemd_analyze() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let unit = unit_for_verify(dir.path());
    // Exposure is scored 0 (locked down) to 10 (unprotected); the unit scores about 1.5.
    // --offline and --threshold arrived in systemd 250.
    let out = security
        .args(["security", "--offline=yes", "--threshold=20"])
        .arg(&unit)
        .output()
        .unwrap();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    if stderr.contains("unrecognized option") {
        eprintln!("SKIPPED: this systemd-analyze cannot score a unit file offline: {stderr}");
        return;
    }
    let overall = stdout
        .lines()
        .chain(stderr.lines())
        .find(|l| l.contains("Overall exposure level"))
        .unwrap_or("(no overall exposure line)")
        .to_string();
    assert!(
        out.status.success(),
        "the unit's exposure rose above 2.0: {overall}\n{stdout}{stderr}"
    );
    eprintln!("{overall}");
}

#[test]
fn the_example_configuration_and_environment_load() {
    let env_file =
        std::fs::read_to_string(repo().join("deploy/systemd/goldseam.env.example")).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_goldseam"));
    for (k, _) in std::env::vars() {
        if k.starts_with("GOLDSEAM_") {
            cmd.env_remove(k);
        }
    }
    for line in env_file.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once('=').expect("KEY=VALUE lines");
        assert!(key.starts_with("GOLDSEAM_"), "{line}");
        cmd.env(key, value);
    }
    let out = cmd
        .arg("--config")
        .arg(repo().join("deploy/goldseam.toml.example"))
        .args(["config", "print"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for expected in [
        "listen = \"127.0.0.1:8080\"",
        "public_url = \"https://incidents.example.com\"",
        "data_dir = \"/var/lib/goldseam\"",
        "trusted_proxies = [\"127.0.0.1\", \"::1\"]",
        "metrics_listen = \"127.0.0.1:9090\"",
        "# admin_password is not set",
    ] {
        assert!(stdout.contains(expected), "{expected} missing:\n{stdout}");
    }
}

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

const INSTALLED: &str = "/usr/local/bin/goldseam";
const UNITS: [&str; 3] = [
    "goldseam.service",
    "goldseam-backup.service",
    "goldseam-backup.timer",
];

/// The units in `dir`, with the installed binary's path pointed at the binary under test
/// (verify checks that programs exist and are executable); every other byte is as shipped.
fn units_for_verify(dir: &Path) -> Vec<PathBuf> {
    let unit =
        |name: &str| std::fs::read_to_string(repo().join("deploy/systemd").join(name)).unwrap();
    let exec: Vec<String> = unit("goldseam.service")
        .lines()
        .filter(|l| l.starts_with("ExecStart="))
        .map(String::from)
        .collect();
    assert_eq!(
        exec,
        ["ExecStart=/usr/local/bin/goldseam serve --config /etc/goldseam/goldseam.toml"],
        "the unit runs the installed binary with the documented configuration file"
    );
    assert!(
        unit("goldseam-backup.service")
            .contains("/usr/local/bin/goldseam --config /etc/goldseam/goldseam.toml backup "),
        "the backup unit runs the installed binary with the service's configuration"
    );
    UNITS
        .iter()
        .map(|name| {
            let shipped = unit(name);
            let rewritten = shipped.replace(INSTALLED, env!("CARGO_BIN_EXE_goldseam"));
            let changed = shipped
                .lines()
                .zip(rewritten.lines())
                .filter(|(a, b)| a != b)
                .count();
            assert_eq!(
                changed,
                shipped.matches(INSTALLED).count(),
                "{name}: only the binary's path differs from the shipped unit"
            );
            // The file name is the unit's name (and how the timer finds its service).
            let path = dir.join(name);
            std::fs::write(&path, rewritten).unwrap();
            path
        })
        .collect()
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
fn the_systemd_units_pass_systemd_analyze_verify() {
    let Some(mut verify) = systemd_analyze() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let units = units_for_verify(dir.path());
    let out = verify.arg("verify").args(&units).output().unwrap();
    let stderr = text(&out.stderr);
    assert!(
        out.status.success(),
        "systemd-analyze verify failed:\n{stderr}"
    );
    // Unknown keys and unparsable values are only warnings to verify; here they are failures.
    let about_ours: Vec<&str> = stderr.lines().filter(|l| l.contains("goldseam")).collect();
    assert!(
        about_ours.is_empty(),
        "systemd-analyze verify warned about the units:\n{}",
        about_ours.join("\n")
    );
    if !stderr.trim().is_empty() {
        eprintln!("systemd-analyze verify said, about other units:\n{stderr}");
    }
}

#[test]
fn the_systemd_units_stay_hardened() {
    if systemd_analyze().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let units = units_for_verify(dir.path());
    // Exposure is scored 0 (locked down) to 10 (unprotected): the service scores 1.4 and the
    // backup 0.7. --offline and --threshold arrived in systemd 250.
    for (unit, threshold) in [(&units[0], "20"), (&units[1], "10")] {
        let out = Command::new("systemd-analyze")
            .args(["security", "--offline=yes"])
            .arg(format!("--threshold={threshold}"))
            .arg(unit)
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
            "exposure above {threshold}/10: {overall}\n{stdout}{stderr}"
        );
        eprintln!("{overall}");
    }
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

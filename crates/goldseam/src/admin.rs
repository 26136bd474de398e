//! Commands that work on the database directly: `migrate`, `user add`, `user set-password` and
//! `token create`. They need no running server and no token, which is how the first token is
//! made.

use crate::cli::{SetPasswordArgs, TokenCreateArgs, UserAddArgs};
use crate::config::Config;
use crate::out::outln;
use anyhow::{anyhow, bail, Context, Result};
use goldseam_core::text::{Email, PersonName};
use goldseam_core::UserRole;
use goldseam_store::secrets::Secret;
use goldseam_store::users::{NewUser, User};
use goldseam_store::{Store, StoreError};
use std::io::{BufRead, IsTerminal};

/// Opens (and so migrates) the configured database, creating the SQLite directory if needed.
pub async fn open_store(config: &Config) -> Result<Store> {
    config.prepare_data_dir()?;
    Store::open(config.store_options()?)
        .await
        .with_context(|| format!("opening the database ({})", config.database_label()))
}

pub async fn migrate(_store: Store, config: Config) -> Result<()> {
    // Opening the store applied the migrations.
    outln!("database is up to date ({})", config.database_label());
    Ok(())
}

pub async fn user_add(store: Store, _config: Config, args: UserAddArgs) -> Result<()> {
    let email = Email::parse("--email", &args.email)?;
    let name = PersonName::parse("--name", &args.name)?;
    let role = parse_role(&args.role)?;
    let password = if args.password_stdin {
        Some(read_password()?)
    } else {
        None
    };
    let has_password = password.is_some();
    let user = store
        .create_user(&NewUser {
            email,
            name,
            role,
            password,
        })
        .await?;
    outln!(
        "created user {} {} ({}), role {}",
        user.id,
        user.email,
        user.name,
        user.role
    );
    if !has_password {
        eprintln!(
            "{} has no password yet, so can use API tokens but not the web login; set one with \
             `goldseam user set-password --email {}`",
            user.email, user.email
        );
    }
    Ok(())
}

pub async fn set_password(store: Store, _config: Config, args: SetPasswordArgs) -> Result<()> {
    let user = find_user(&store, &args.email).await?;
    let password = read_password()?;
    store.set_password(user.id, &password).await?;
    outln!("password set for {}", user.email);
    Ok(())
}

pub async fn token_create(store: Store, _config: Config, args: TokenCreateArgs) -> Result<()> {
    let user = find_user(&store, &args.email).await?;
    if !user.active {
        bail!(
            "{} is deactivated; its tokens would not work, so none was created",
            user.email
        );
    }
    let label = parse_label(&args.name)?;
    let (token, secret) = store.create_token(user.id, &label).await?;
    // Only the token on stdout, so `TOKEN=$(goldseam token create ...)` captures exactly it.
    eprintln!(
        "Created API token {}… \"{}\" for {} ({}). It is shown only this once; store it now.",
        token.prefix, token.label, user.email, user.role
    );
    outln!("{}", secret.expose());
    Ok(())
}

async fn find_user(store: &Store, email: &str) -> Result<User> {
    let email = Email::parse("--email", email)?;
    match store.user_by_email(&email).await {
        Ok(user) => Ok(user),
        Err(StoreError::NotFound(_)) => Err(anyhow!(
            "no user has the email {}; create one with `goldseam user add --email {} --name NAME --role member`",
            email.as_str(),
            email.as_str()
        )),
        Err(e) => Err(e.into()),
    }
}

fn parse_role(raw: &str) -> Result<UserRole> {
    UserRole::parse(&raw.trim().to_ascii_lowercase()).ok_or_else(|| {
        anyhow!(
            "--role: unknown role {raw:?}; valid roles are {}",
            UserRole::ALL.map(UserRole::as_str).join(", ")
        )
    })
}

/// A token label: one line, 1 to 100 characters, so token lists stay readable.
fn parse_label(raw: &str) -> Result<String> {
    let label = raw.trim();
    if label.is_empty() {
        bail!("--name: must not be empty; say what the token is for, like \"laptop CLI\"");
    }
    if label.chars().count() > 100 {
        bail!("--name: at most 100 characters are accepted");
    }
    if label.chars().any(char::is_control) {
        bail!("--name: must fit on one line");
    }
    Ok(label.to_string())
}

/// One line from stdin, without its line ending; everything else is kept, spaces included.
fn read_password() -> Result<Secret> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password (will be shown as you type; pipe it to avoid that): ");
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("reading the password from stdin")?;
    let password = line
        .strip_suffix('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .unwrap_or(&line);
    if password.is_empty() {
        bail!(
            "no password on stdin; pipe one line, e.g. `printf '%s\\n' \"$PASSWORD\" | goldseam user add ... --password-stdin`"
        );
    }
    if password.chars().count() < 8 {
        eprintln!("warning: this password is shorter than 8 characters");
    }
    Ok(Secret::new(password))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_and_errors_list_the_valid_ones() {
        assert_eq!(parse_role("Admin").unwrap(), UserRole::Admin);
        let err = parse_role("owner").unwrap_err().to_string();
        assert!(err.contains("admin, member, viewer"), "{err}");
    }

    #[test]
    fn labels_are_one_short_line() {
        assert_eq!(parse_label("  laptop ").unwrap(), "laptop");
        assert!(parse_label(" ").is_err());
        assert!(parse_label("a\nb").is_err());
        assert!(parse_label(&"x".repeat(101)).is_err());
    }
}

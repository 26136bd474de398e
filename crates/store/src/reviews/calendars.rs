//! Each person's calendar connection: a CalDAV account (URL, user, app password) or a secret
//! ICS address. The password, and the ICS address (which is itself the credential), are sealed
//! at rest ([`crate::sealing`]); what people see of an ICS address is its host only.

use crate::row::Columns;
use crate::secrets::Secret;
use crate::time::{from_db, to_db};
use crate::{Store, StoreError};
use goldseam_core::UserId;
use jiff::Timestamp;

/// The two kinds of calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarKind {
    /// A CalDAV account: free/busy, availability, and scheduling where the server has it.
    Caldav,
    /// A read-only secret ICS address, used for busy times only.
    Ics,
}

impl CalendarKind {
    /// The wire and stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            CalendarKind::Caldav => "caldav",
            CalendarKind::Ics => "ics",
        }
    }

    fn parse(s: &str) -> Result<CalendarKind, StoreError> {
        match s {
            "caldav" => Ok(CalendarKind::Caldav),
            "ics" => Ok(CalendarKind::Ics),
            other => Err(StoreError::Corrupt(format!("calendar kind {other:?}"))),
        }
    }
}

/// A connection to store, checked by the caller first.
#[derive(Debug, Clone)]
pub struct NewCalendar {
    pub kind: CalendarKind,
    /// CalDAV: the server URL. ICS: the secret address.
    pub url: Secret,
    /// CalDAV: the user name; ICS: empty.
    pub username: String,
    /// CalDAV: the app password; ICS: empty.
    pub password: Secret,
    /// What checking found (calendars, scheduling outbox and inbox), as the adapter wrote it.
    pub discovered: serde_json::Value,
}

/// A stored connection, with its secrets (for the engine; never sent to clients).
#[derive(Debug, Clone)]
pub struct CalendarConnection {
    pub user_id: UserId,
    pub kind: CalendarKind,
    /// The URL as people may see it: the CalDAV server URL, or an ICS address's host only.
    pub shown_url: String,
    pub url: Secret,
    pub username: String,
    pub password: Secret,
    pub discovered: serde_json::Value,
    pub checked_at: Timestamp,
    /// What went wrong the last time it was read, if it did.
    pub last_error: Option<String>,
}

/// What may be shown of an ICS address: its scheme and host; the path holds the secret.
pub fn shown_ics_url(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    format!("{scheme}://{host}/…")
}

fn context(user: UserId, what: &str) -> String {
    format!("calendar:{}:{what}", user.get())
}

impl Store {
    /// Stores `user`'s calendar connection, replacing any earlier one.
    pub async fn connect_calendar(
        &self,
        user: UserId,
        new: &NewCalendar,
    ) -> Result<(), StoreError> {
        let key = &self.inner.secret_key;
        let shown = match new.kind {
            CalendarKind::Caldav => new.url.expose().to_string(),
            CalendarKind::Ics => shown_ics_url(new.url.expose()),
        };
        let sealed = serde_json::json!({
            "url": key.seal(&context(user, "url"), new.url.expose()),
            "password": key.seal(&context(user, "password"), new.password.expose()),
        });
        let now = to_db(self.now());
        sqlx::query("INSERT INTO calendar_connections (user_id, kind, url, username, sealed_secret, discovered, checked_at, last_error, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $7) ON CONFLICT (user_id) DO UPDATE SET kind = excluded.kind, url = excluded.url, username = excluded.username, sealed_secret = excluded.sealed_secret, discovered = excluded.discovered, checked_at = excluded.checked_at, last_error = NULL")
            .bind(user.get())
            .bind(new.kind.as_str())
            .bind(shown)
            .bind(&new.username)
            .bind(sealed.to_string())
            .bind(new.discovered.to_string())
            .bind(now)
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(())
    }

    /// The calendar connections of `users` that exist.
    pub async fn calendar_connections(
        &self,
        users: &[UserId],
    ) -> Result<Vec<CalendarConnection>, StoreError> {
        let mut out = Vec::new();
        if users.is_empty() {
            return Ok(out);
        }
        let mut q = crate::sql::SqlBuilder::new(
            "SELECT user_id, kind, url, username, sealed_secret, discovered, checked_at, last_error FROM calendar_connections WHERE user_id IN (",
        );
        for (i, u) in users.iter().enumerate() {
            q.push(if i == 0 { "" } else { ", " }).push_bind_id(*u);
        }
        q.push(") ORDER BY user_id");
        let (sql, args) = q.finish();
        let rows = sqlx::query_with(&sql, args)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        let key = &self.inner.secret_key;
        for row in &rows {
            let user: UserId = row.id("user_id")?;
            let sealed: serde_json::Value = row.json("sealed_secret")?;
            let open =
                |what: &str| key.open(&context(user, what), sealed[what].as_str().unwrap_or(""));
            out.push(CalendarConnection {
                user_id: user,
                kind: CalendarKind::parse(&row.col::<String>("kind")?)?,
                shown_url: row.col("url")?,
                url: open("url")?,
                username: row.col("username")?,
                password: open("password")?,
                discovered: row.json("discovered")?,
                checked_at: from_db(row.col("checked_at")?)?,
                last_error: row.col("last_error")?,
            });
        }
        Ok(out)
    }

    /// `user`'s calendar connection, if any.
    pub async fn calendar_connection(
        &self,
        user: UserId,
    ) -> Result<Option<CalendarConnection>, StoreError> {
        Ok(self.calendar_connections(&[user]).await?.pop())
    }

    /// Forgets `user`'s calendar connection; `false` when there was none.
    pub async fn disconnect_calendar(&self, user: UserId) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM calendar_connections WHERE user_id = $1")
            .bind(user.get())
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Records how the last read of `user`'s calendar went (`None`: it answered).
    pub async fn record_calendar_read(
        &self,
        user: UserId,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE calendar_connections SET checked_at = $2, last_error = $3 WHERE user_id = $1",
        )
        .bind(user.get())
        .bind(to_db(self.now()))
        .bind(error)
        .execute(&mut *self.writer().await?)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ics_address_shows_its_host_only() {
        assert_eq!(
            shown_ics_url(
                "https://calendar.google.com/calendar/ical/ana%40x.com/private-abc123/basic.ics"
            ),
            "https://calendar.google.com/…"
        );
        assert_eq!(
            shown_ics_url("webcal://u:p@cal.example.org?token=1"),
            "webcal://cal.example.org/…"
        );
    }
}

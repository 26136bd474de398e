//! PostgreSQL runs a plan's statements one round trip each; joined as data-modifying `WITH`
//! clauses, statements on different tables go in one. A batch's plan (events, incident rows,
//! idempotency keys, jobs, the NOTIFY) is then one or two round trips instead of six or more.
//!
//! Statements in one `WITH` all see the database as it was before it, and run in no set
//! order, so a statement joins the group only when that cannot matter: it touches no table an
//! earlier member writes, and no earlier member mentions the table it writes. Foreign keys are
//! checked at the end of the statement, when every member has run.

use crate::plan::{mentions, Arg, Stmt};

/// PostgreSQL's limit on the values one statement binds.
const MAX_VALUES: usize = 65_535;

/// What a statement writes, if it may be a member of a `WITH`: `INSERT INTO t`, `UPDATE t`,
/// `DELETE FROM t` with no `WITH` of its own (data-modifying clauses must be at the top).
fn written_table(sql: &str) -> Option<&str> {
    let rest = sql
        .strip_prefix("INSERT INTO ")
        .or_else(|| sql.strip_prefix("UPDATE "))
        .or_else(|| sql.strip_prefix("DELETE FROM "))?;
    rest.split([' ', '(']).next().filter(|t| !t.is_empty())
}

/// Statements joined so far, and the tables they write.
#[derive(Default)]
struct Group {
    members: Vec<Stmt>,
    tables: Vec<String>,
    values: usize,
}

impl Group {
    /// Whether `stmt` (writing `table`, or reading only when `None`) can join.
    fn admits(&self, stmt: &Stmt, table: Option<&str>) -> bool {
        let (sql, values) = (stmt.sql(), stmt.values());
        self.values + values <= MAX_VALUES
            && self.tables.iter().all(|t| !mentions(sql, t))
            && table.is_none_or(|t| self.members.iter().all(|m| !mentions(m.sql(), t)))
    }

    fn push(&mut self, stmt: Stmt, table: &str) {
        self.values += stmt.values();
        self.tables.push(table.to_string());
        self.members.push(stmt);
    }

    /// One statement: every member but the last as a `WITH` clause, the last (or `last`, a
    /// `SELECT` that closes the group) as the statement itself.
    fn finish(mut self, last: Option<Stmt>) -> Option<Stmt> {
        let main = last.or_else(|| self.members.pop())?;
        if self.members.is_empty() {
            return Some(main);
        }
        let mut sql = String::from("WITH ");
        let mut args: Vec<Arg> = Vec::with_capacity(self.values + main.values());
        for (i, member) in self.members.into_iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("w{i} AS ("));
            let (text, values) = member.into_parts();
            renumber(&text, args.len(), &mut sql);
            args.extend(values);
            sql.push(')');
        }
        sql.push(' ');
        let (text, values) = main.into_parts();
        renumber(&text, args.len(), &mut sql);
        args.extend(values);
        Some(Stmt::new(sql, args))
    }
}

/// Appends `text` with every `$k` made `$(k + offset)`.
fn renumber(text: &str, offset: usize, out: &mut String) {
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at + 1]);
        rest = &rest[at + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[..digits].parse::<usize>() {
            Ok(k) => out.push_str(&(k + offset).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
}

/// Joins runs of statements into as few as the rules above allow, in order.
pub(super) fn combine(stmts: Vec<Stmt>) -> Vec<Stmt> {
    let mut out = Vec::with_capacity(stmts.len());
    let mut group = Group::default();
    for stmt in stmts {
        let sql = stmt.sql();
        if let Some(table) = written_table(sql).map(str::to_string) {
            if !group.admits(&stmt, Some(&table)) {
                out.extend(std::mem::take(&mut group).finish(None));
            }
            group.push(stmt, &table);
        } else if sql.starts_with("SELECT ") && group.admits(&stmt, None) {
            // A plain SELECT (the NOTIFY) closes the group as its statement.
            out.extend(std::mem::take(&mut group).finish(Some(stmt)));
        } else {
            out.extend(std::mem::take(&mut group).finish(None));
            out.push(stmt);
        }
    }
    out.extend(group.finish(None));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stmt(sql: &str) -> Stmt {
        let n = sql.matches('$').count() as i64;
        Stmt::new(sql, (1..=n).map(Arg::I64).collect())
    }

    fn texts(stmts: Vec<Stmt>) -> Vec<String> {
        stmts.into_iter().map(|s| s.into_parts().0).collect()
    }

    #[test]
    fn statements_on_different_tables_become_one_with_the_notify_last() {
        let out = combine(vec![
            stmt("INSERT INTO events (id, x) VALUES ($1, $2), ($3, $4)"),
            stmt("INSERT INTO incidents (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET id = excluded.id"),
            stmt("SELECT pg_notify($1, $2)"),
            stmt("COMMIT"),
        ]);
        assert_eq!(
            texts(out),
            [
                "WITH w0 AS (INSERT INTO events (id, x) VALUES ($1, $2), ($3, $4)), \
                 w1 AS (INSERT INTO incidents (id) VALUES ($5) ON CONFLICT (id) DO UPDATE SET id = excluded.id) \
                 SELECT pg_notify($6, $7)",
                "COMMIT",
            ]
        );
    }

    #[test]
    fn values_follow_their_placeholders() {
        let out = combine(vec![
            Stmt::new(
                "UPDATE a SET x = $2 WHERE id = $1",
                vec![Arg::I64(1), Arg::I64(2)],
            ),
            Stmt::new("INSERT INTO b (y) VALUES ($1)", vec![Arg::I64(3)]),
        ]);
        let (sql, args) = out.into_iter().next().unwrap().into_parts();
        assert_eq!(
            sql,
            "WITH w0 AS (UPDATE a SET x = $2 WHERE id = $1) INSERT INTO b (y) VALUES ($3)"
        );
        assert!(matches!(
            args.as_slice(),
            [Arg::I64(1), Arg::I64(2), Arg::I64(3)]
        ));
    }

    #[test]
    fn a_table_written_twice_or_read_after_a_write_starts_a_new_statement() {
        let out = combine(vec![
            stmt("DELETE FROM incident_tags WHERE incident_id = $1"),
            stmt("INSERT INTO incident_tags (incident_id, tag) VALUES ($1, $2)"),
            stmt("INSERT INTO jobs (k) SELECT k FROM incident_tags WHERE x = $1"),
            stmt("INSERT INTO events (id) VALUES ($1)"),
        ]);
        // The delete alone; the insert alone (same table); the read of it with the events.
        assert_eq!(out.len(), 3, "{:?}", texts(out));
        // A statement whose table an earlier member reads waits for its own statement too.
        let out = combine(vec![
            stmt("INSERT INTO jobs (k) SELECT k FROM incidents WHERE id = $1"),
            stmt("UPDATE incidents SET x = $1"),
        ]);
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn anything_else_runs_alone_in_its_place() {
        let out = combine(vec![
            stmt("INSERT INTO a (x) VALUES ($1)"),
            stmt("WITH r AS (SELECT 1) INSERT INTO b SELECT * FROM r"),
            stmt("INSERT INTO c (x) VALUES ($1)"),
            stmt("COMMIT"),
        ]);
        assert_eq!(
            texts(out),
            [
                "INSERT INTO a (x) VALUES ($1)",
                "WITH r AS (SELECT 1) INSERT INTO b SELECT * FROM r",
                "INSERT INTO c (x) VALUES ($1)",
                "COMMIT",
            ]
        );
    }

    #[test]
    fn a_statement_stays_under_the_parameter_limit() {
        let big = |t: &str| {
            Stmt::new(
                format!("INSERT INTO {t} (x) VALUES ($1)"),
                vec![Arg::I64(0); 40_000],
            )
        };
        let out = combine(vec![big("a"), big("b")]);
        assert_eq!(out.len(), 2);
    }
}

//! A write plan: the statements of one transaction that need no answer, gathered and then run
//! together. On PostgreSQL they run one by one; on SQLite they run as one multi-statement
//! script, because its driver hands every call to a worker thread and those hand-offs, not the
//! statements, are what a write costs (bench/RESULTS.md). The SQL is the same for both.

use crate::{Dialect, StoreError};
use sqlx::any::AnyArguments;
use sqlx::AnyConnection;
use sqlx::Arguments;

/// A value to bind.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    I64(i64),
    OptI64(Option<i64>),
    Str(String),
    OptStr(Option<String>),
}

impl Arg {
    fn add_to(self, args: &mut AnyArguments<'static>) {
        let added = match self {
            Arg::I64(v) => args.add(v),
            Arg::OptI64(v) => args.add(v),
            Arg::Str(v) => args.add(v),
            Arg::OptStr(v) => args.add(v),
        };
        added.expect("binding plain values cannot fail");
    }
}

/// Binds values in order.
pub(crate) fn arguments(values: Vec<Arg>) -> AnyArguments<'static> {
    let mut args = AnyArguments::default();
    for v in values {
        v.add_to(&mut args);
    }
    args
}

/// One statement, with placeholders `$1..$n` numbered within it.
#[derive(Debug, Clone)]
pub(crate) struct Stmt {
    sql: String,
    args: Vec<Arg>,
}

impl Stmt {
    pub fn new(sql: impl Into<String>, args: Vec<Arg>) -> Stmt {
        Stmt {
            sql: sql.into(),
            args,
        }
    }
}

/// Statements to run in order inside a transaction.
pub(crate) struct Plan {
    dialect: Dialect,
    stmts: Vec<Stmt>,
}

impl Plan {
    pub fn new(dialect: Dialect) -> Plan {
        Plan {
            dialect,
            stmts: Vec::new(),
        }
    }

    pub fn push(&mut self, stmt: Stmt) {
        self.stmts.push(stmt);
    }

    pub fn extend(&mut self, stmts: impl IntoIterator<Item = Stmt>) {
        self.stmts.extend(stmts);
    }

    /// Runs what was gathered so far and empties the plan.
    pub async fn flush(&mut self, tx: &mut AnyConnection) -> Result<(), StoreError> {
        let stmts = std::mem::take(&mut self.stmts);
        match self.dialect {
            Dialect::Postgres => {
                for s in stmts {
                    let mut args = AnyArguments::default();
                    for a in s.args {
                        a.add_to(&mut args);
                    }
                    sqlx::query_with(&s.sql, args).execute(&mut *tx).await?;
                }
            }
            Dialect::Sqlite if stmts.is_empty() => {}
            Dialect::Sqlite => {
                let (sql, args) = script(stmts);
                // Not cached: scripts vary with the number of tags and events.
                sqlx::query_with(&sql, args)
                    .persistent(false)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        Ok(())
    }
}

/// Joins statements into one script, renumbering each statement's `$k` after the arguments of
/// the statements before it (SQLite's `$N` refers to the script's whole argument list).
fn script(stmts: Vec<Stmt>) -> (String, AnyArguments<'static>) {
    let mut sql = String::new();
    let mut args = AnyArguments::default();
    let mut offset = 0;
    for s in stmts {
        sql.push_str(&renumber(&s.sql, offset));
        sql.push_str(";\n");
        offset += s.args.len();
        for a in s.args {
            a.add_to(&mut args);
        }
    }
    (sql, args)
}

fn renumber(sql: &str, offset: usize) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        out.push(c);
        if c != '$' {
            continue;
        }
        let mut digits = String::new();
        while let Some((_, d)) = chars.peek().filter(|(_, d)| d.is_ascii_digit()) {
            digits.push(*d);
            chars.next();
        }
        if let Ok(k) = digits.parse::<usize>() {
            out.push_str(&(k + offset).to_string());
        } else {
            out.push_str(&digits);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_number_placeholders_across_statements() {
        let (sql, _) = script(vec![
            Stmt::new(
                "UPDATE a SET x = $1 WHERE id = $2",
                vec![Arg::I64(1), Arg::I64(2)],
            ),
            Stmt::new(
                "INSERT INTO b VALUES ($1, $2, $1)",
                vec![Arg::I64(3), Arg::Str("s".into())],
            ),
        ]);
        assert_eq!(
            sql,
            "UPDATE a SET x = $1 WHERE id = $2;\nINSERT INTO b VALUES ($3, $4, $3);\n"
        );
    }

    #[test]
    fn multi_digit_placeholders_are_renumbered_whole() {
        assert_eq!(renumber("($10, $2)", 10), "($20, $12)");
    }
}

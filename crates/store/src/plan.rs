//! A write plan: the statements of one transaction that need no answer, gathered and then run
//! together by the backend (as one script on SQLite, joined into as few statements as it safely
//! can on PostgreSQL). The SQL is the same for both.

use crate::backend::Backend;
use crate::StoreError;
use goldseam_core::Id;
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
    /// An id, bound as its number.
    pub(crate) fn id(id: impl Id) -> Arg {
        Arg::I64(id.get())
    }

    /// An optional id.
    pub(crate) fn opt_id(id: Option<impl Id>) -> Arg {
        Arg::OptI64(id.map(Id::get))
    }

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

    /// Its SQL.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// How many values it binds.
    pub fn values(&self) -> usize {
        self.args.len()
    }

    /// The SQL and its values.
    pub fn into_parts(self) -> (String, Vec<Arg>) {
        (self.sql, self.args)
    }
}

/// The most values one merged statement binds: below SQLite's and PostgreSQL's limits on
/// parameters (32,766 and 65,535).
pub(crate) const MAX_ARGS: usize = 30_000;

/// A statement being merged: one as it was, or rows of one `INSERT` text.
enum Merging {
    One(Stmt),
    Rows {
        /// `INSERT INTO t (a, b) VALUES ` and what follows the row (`ON CONFLICT ...`).
        head: String,
        tail: String,
        /// Values per row.
        width: usize,
        rows: usize,
        args: Vec<Arg>,
    },
}

impl Merging {
    fn finish(self) -> Stmt {
        match self {
            Merging::One(s) => s,
            Merging::Rows {
                head,
                tail,
                width,
                rows,
                args,
            } => {
                let mut sql = head;
                for r in 0..rows {
                    sql.push_str(if r == 0 { "(" } else { ", (" });
                    for c in 0..width {
                        if c > 0 {
                            sql.push_str(", ");
                        }
                        sql.push_str(&format!("${}", r * width + c + 1));
                    }
                    sql.push(')');
                }
                sql.push_str(&tail);
                Stmt::new(sql, args)
            }
        }
    }
}

fn fits(m: &Merging, width: usize) -> bool {
    matches!(m, Merging::Rows { args, .. } if args.len() + width <= MAX_ARGS)
}

/// `(head, tail)` of `INSERT INTO table (...) VALUES ($1, ..., $n) [tail]` whose row is
/// exactly its `n` arguments in order; `None` for any other statement.
fn single_row_insert(stmt: &Stmt) -> Option<(String, String)> {
    let sql = stmt.sql.as_str();
    sql.strip_prefix("INSERT INTO ")?;
    let at = sql.find(" VALUES (")? + " VALUES ".len();
    let end = at + sql[at..].find(')')? + 1;
    // The row must read `($1, $2, ..., $n)`, n the statement's values.
    let mut expect = 1;
    for part in sql[at + 1..end - 1].split(", ") {
        if part.strip_prefix('$').and_then(|k| k.parse::<usize>().ok()) != Some(expect) {
            return None;
        }
        expect += 1;
    }
    (expect - 1 == stmt.args.len() && !sql[end..].contains('$'))
        .then(|| (sql[..at].to_string(), sql[end..].to_string()))
}

fn table_of(insert: &str) -> &str {
    insert
        .strip_prefix("INSERT INTO ")
        .and_then(|r| r.split([' ', '(']).next())
        .unwrap_or("")
}

/// Whether `sql` names `table` as a whole word (conservative: any mention counts).
pub(crate) fn mentions(sql: &str, table: &str) -> bool {
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let bytes = sql.as_bytes();
    !table.is_empty()
        && sql.match_indices(table).any(|(at, _)| {
            let end = at + table.len();
            (at == 0 || !word(bytes[at - 1])) && (end == bytes.len() || !word(bytes[end]))
        })
}

/// Statements to run in order inside a transaction.
#[derive(Default)]
pub(crate) struct Plan {
    stmts: Vec<Stmt>,
}

impl Plan {
    pub fn new() -> Plan {
        Plan::default()
    }

    pub fn push(&mut self, stmt: Stmt) {
        self.stmts.push(stmt);
    }

    pub fn extend(&mut self, stmts: impl IntoIterator<Item = Stmt>) {
        self.stmts.extend(stmts);
    }

    /// Merges single-row `INSERT ... VALUES (...)` statements of the same text into multi-row
    /// ones, so a batch of writes is a handful of statements rather than a few per write: each
    /// statement costs SQLite a parse and PostgreSQL a round trip. A merged statement runs where
    /// the first of its rows was; a later row joins it only if nothing in between touched its
    /// table (a `DELETE` of a tag between two inserts of it keeps its place in the order).
    /// Statements are never larger than [`MAX_ARGS`] values.
    pub fn coalesce(self) -> Plan {
        let mut out: Vec<Merging> = Vec::new();
        // Open groups (statement text, place in `out`), until something else touches their
        // table. A plan has a handful of distinct texts: a list beats hashing long SQL.
        let mut open: Vec<(String, usize)> = Vec::new();
        for stmt in self.stmts {
            // Anything else that touches a group's table ends the group: rows after it must
            // stay after it.
            open.retain(|(text, _)| *text == stmt.sql || !mentions(&stmt.sql, table_of(text)));
            let Some((head, tail)) = single_row_insert(&stmt) else {
                out.push(Merging::One(stmt));
                continue;
            };
            let width = stmt.args.len();
            match open
                .iter()
                .find(|(text, _)| *text == stmt.sql)
                .map(|(_, i)| *i)
            {
                Some(i) if fits(&out[i], width) => {
                    if let Merging::Rows { args, rows, .. } = &mut out[i] {
                        args.extend(stmt.args);
                        *rows += 1;
                    }
                }
                found => {
                    if found.is_some() {
                        open.retain(|(text, _)| *text != stmt.sql);
                    }
                    open.push((stmt.sql.clone(), out.len()));
                    out.push(Merging::Rows {
                        head,
                        tail,
                        width,
                        rows: 1,
                        args: stmt.args,
                    });
                }
            }
        }
        Plan {
            stmts: out.into_iter().map(Merging::finish).collect(),
        }
    }

    /// Runs what was gathered so far and empties the plan.
    pub async fn flush(
        &mut self,
        backend: &dyn Backend,
        tx: &mut AnyConnection,
    ) -> Result<(), StoreError> {
        backend.run(tx, std::mem::take(&mut self.stmts)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stmt(sql: &str, n: i64) -> Stmt {
        let args = (0..sql.matches('$').count() as i64)
            .map(|i| Arg::I64(n * 10 + i))
            .collect();
        Stmt::new(sql, args)
    }

    fn texts(plan: Plan) -> Vec<String> {
        plan.stmts.into_iter().map(|s| s.sql).collect()
    }

    #[test]
    fn single_row_inserts_of_one_text_merge_where_the_first_was() {
        let mut plan = Plan::new();
        plan.push(stmt("INSERT INTO events (id, x) VALUES ($1, $2)", 1));
        plan.push(stmt("UPDATE incidents SET x = $1 WHERE id = $2", 2));
        plan.push(stmt("INSERT INTO events (id, x) VALUES ($1, $2)", 3));
        plan.push(stmt(
            "INSERT INTO jobs (k) VALUES ($1) ON CONFLICT (k) DO NOTHING",
            4,
        ));
        plan.push(stmt(
            "INSERT INTO jobs (k) VALUES ($1) ON CONFLICT (k) DO NOTHING",
            5,
        ));
        let merged = plan.coalesce();
        assert_eq!(merged.stmts[0].args.len(), 4, "both events rows");
        assert_eq!(
            texts(merged),
            [
                "INSERT INTO events (id, x) VALUES ($1, $2), ($3, $4)",
                "UPDATE incidents SET x = $1 WHERE id = $2",
                "INSERT INTO jobs (k) VALUES ($1), ($2) ON CONFLICT (k) DO NOTHING",
            ]
        );
    }

    #[test]
    fn a_statement_touching_the_table_keeps_the_order() {
        let add =
            "INSERT INTO incident_tags (incident_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING";
        let mut plan = Plan::new();
        plan.push(stmt(add, 1));
        plan.push(stmt(
            "DELETE FROM incident_tags WHERE incident_id = $1 AND tag = $2",
            2,
        ));
        plan.push(stmt(add, 3));
        assert_eq!(
            plan.coalesce().stmts.len(),
            3,
            "the second add stays after the delete"
        );
    }

    #[test]
    fn rows_that_are_not_exactly_their_arguments_stay_alone() {
        let odd = "INSERT INTO comments (id, deleted) VALUES ($1, 0)";
        let mut plan = Plan::new();
        plan.push(stmt(odd, 1));
        plan.push(stmt(odd, 2));
        assert_eq!(plan.coalesce().stmts.len(), 2);
    }

    #[test]
    fn merged_statements_stay_under_the_parameter_limit() {
        let mut plan = Plan::new();
        for i in 0..20_000 {
            plan.push(stmt("INSERT INTO t (a, b) VALUES ($1, $2)", i));
        }
        let merged = plan.coalesce();
        assert!(merged.stmts.iter().all(|s| s.args.len() <= MAX_ARGS));
        assert_eq!(
            merged.stmts.iter().map(|s| s.args.len()).sum::<usize>(),
            40_000
        );
    }
}

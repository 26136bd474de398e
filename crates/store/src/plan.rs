//! A write plan: the statements of one transaction that need no answer, gathered and then run
//! together by the backend (as one script on SQLite, one by one on PostgreSQL). The SQL is the
//! same for both.

use crate::backend::Backend;
use crate::StoreError;
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

    /// The SQL and its values.
    pub fn into_parts(self) -> (String, Vec<Arg>) {
        (self.sql, self.args)
    }
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

    /// Runs what was gathered so far and empties the plan.
    pub async fn flush(
        &mut self,
        backend: &dyn Backend,
        tx: &mut AnyConnection,
    ) -> Result<(), StoreError> {
        backend.run(tx, std::mem::take(&mut self.stmts)).await
    }
}

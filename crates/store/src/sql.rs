//! A small SQL builder that numbers `$n` placeholders, which both databases accept.
//! (sqlx's own builder emits `?` under the Any driver, which PostgreSQL rejects.)

use crate::plan::Arg;
use sqlx::any::AnyArguments;
use sqlx::Arguments;

/// SQL text plus its arguments, built left to right.
#[derive(Default)]
pub(crate) struct SqlBuilder {
    sql: String,
    args: AnyArguments<'static>,
    /// The same values, for [`SqlBuilder::finish_for`].
    values: Vec<Arg>,
    n: usize,
}

impl SqlBuilder {
    pub fn new(sql: &str) -> Self {
        SqlBuilder {
            sql: sql.to_string(),
            ..Default::default()
        }
    }

    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    pub fn push_bind_i64(&mut self, v: i64) -> &mut Self {
        self.n += 1;
        self.sql.push_str(&format!("${}", self.n));
        self.args.add(v).expect("binding an i64 cannot fail");
        self.values.push(Arg::I64(v));
        self
    }

    pub fn push_bind_id(&mut self, id: impl goldseam_core::Id) -> &mut Self {
        self.push_bind_i64(id.get())
    }

    pub fn push_bind_str(&mut self, v: &str) -> &mut Self {
        self.n += 1;
        self.sql.push_str(&format!("${}", self.n));
        self.args
            .add(v.to_string())
            .expect("binding a string cannot fail");
        self.values.push(Arg::Str(v.to_string()));
        self
    }

    pub fn push_bind_opt_str(&mut self, v: Option<&str>) -> &mut Self {
        self.n += 1;
        self.sql.push_str(&format!("${}", self.n));
        self.args
            .add(v.map(str::to_string))
            .expect("binding a string cannot fail");
        self.values.push(Arg::OptStr(v.map(str::to_string)));
        self
    }

    pub fn push_bind_opt_i64(&mut self, v: Option<i64>) -> &mut Self {
        self.n += 1;
        self.sql.push_str(&format!("${}", self.n));
        self.args.add(v).expect("binding an i64 cannot fail");
        self.values.push(Arg::OptI64(v));
        self
    }

    /// The SQL and its arguments as `backend` binds them fastest (large multi-row statements:
    /// see `Backend::by_position`).
    pub fn finish_for(
        self,
        backend: &dyn crate::backend::Backend,
    ) -> (String, AnyArguments<'static>) {
        let (sql, values) = backend.by_position(&self.sql, self.values);
        (sql, crate::plan::arguments(values))
    }

    /// The SQL and its arguments, for `sqlx::query_with(&sql, args)`.
    pub fn finish(self) -> (String, AnyArguments<'static>) {
        (self.sql, self.args)
    }
}

//! The minijinja environment mapping templates run in, and the limits that keep a template
//! from hanging the alert worker or filling its memory.
//!
//! Four guards, because no one of them is enough: the source is vetted first (no assignments,
//! macros, captured blocks or `*`, see `vet`); fuel bounds the number of instructions (an
//! endless loop); every filter and each step of `range` checks a wall-clock deadline (one
//! instruction can be a sort of 100,000 items); the filters that could build a string larger
//! than their inputs (`join`, `replace`, `tojson`) are replaced by ones that refuse beyond
//! [`Limits::max_value`], and output is written through a writer that stops at
//! [`Limits::max_output`].
//!
//! And the payload itself is seen through a bounded view (`mapping::view`: strings cut to
//! 4 KiB, arrays to 200 items), since the deadline is checked only in filters, `range` steps and
//! output: a loop over a payload array working on megabyte strings would otherwise run until
//! its fuel is spent, its time growing with the payload's size.

use super::vet::{vet_expression, vet_template, Refusal};
use minijinja::value::{Rest, Value};
use minijinja::{Environment, Error, ErrorKind, Expression, State, Template, UndefinedBehavior};
use std::cell::Cell;
use std::io;
use std::time::{Duration, Instant};

/// What a template may consume. [`LIMITS`] is what Goldseam uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Instructions one render may execute (minijinja fuel).
    pub fuel: u64,
    /// Longest template source, in bytes.
    pub max_source: usize,
    /// Longest rendered result of one field, in bytes.
    pub max_output: usize,
    /// Longest string `join`, `replace` or `tojson` may build, in bytes.
    pub max_value: usize,
    /// minijinja's recursion budget (nested loops and `loop()` calls count).
    pub recursion: usize,
    /// Wall-clock time one render may take.
    pub time: Duration,
}

/// The limits mapping and title templates run under.
pub const LIMITS: Limits = Limits {
    fuel: 50_000,
    max_source: 16 * 1024,
    max_output: 4 * 1024,
    max_value: 64 * 1024,
    recursion: 64,
    time: Duration::from_millis(20),
};

impl Default for Limits {
    fn default() -> Limits {
        LIMITS
    }
}

/// The builtin filters that can build a string far larger than their input (`join` by its
/// separator, `replace`, `indent` and `format` by a width or a count, `tojson` by its indent,
/// `batch` and `slice` by a fill count) or print the engine's state (`pprint`). The capped
/// ones are added back below. Review this list when upgrading minijinja.
const REMOVED_FILTERS: [&str; 8] = [
    "join", "replace", "indent", "format", "pprint", "tojson", "batch", "slice",
];
/// The builtin filters kept, each wrapped with the deadline check (the engine's tests and the
/// comparison operators are cheap and kept as they are).
fn kept_filters() -> Vec<(&'static str, Value)> {
    use minijinja::filters as f;
    let escape = Value::from_function(f::escape);
    let length = Value::from_function(f::length);
    let default = Value::from_function(f::default);
    vec![
        ("safe", Value::from_function(f::safe)),
        ("escape", escape.clone()),
        ("e", escape),
        ("lower", Value::from_function(f::lower)),
        ("upper", Value::from_function(f::upper)),
        ("title", Value::from_function(f::title)),
        ("capitalize", Value::from_function(f::capitalize)),
        ("length", length.clone()),
        ("count", length),
        ("dictsort", Value::from_function(f::dictsort)),
        ("items", Value::from_function(f::items)),
        ("reverse", Value::from_function(f::reverse)),
        ("trim", Value::from_function(f::trim)),
        ("split", Value::from_function(f::split)),
        ("lines", Value::from_function(f::lines)),
        ("default", default.clone()),
        ("d", default),
        ("round", Value::from_function(f::round)),
        ("abs", Value::from_function(f::abs)),
        ("int", Value::from_function(f::int)),
        ("float", Value::from_function(f::float)),
        ("attr", Value::from_function(f::attr)),
        ("first", Value::from_function(f::first)),
        ("last", Value::from_function(f::last)),
        ("min", Value::from_function(f::min)),
        ("max", Value::from_function(f::max)),
        ("sort", Value::from_function(f::sort)),
        ("list", Value::from_function(f::list)),
        ("string", Value::from_function(f::string)),
        ("bool", Value::from_function(f::bool)),
        ("sum", Value::from_function(f::sum)),
        ("select", Value::from_function(f::select)),
        ("reject", Value::from_function(f::reject)),
        ("selectattr", Value::from_function(f::selectattr)),
        ("rejectattr", Value::from_function(f::rejectattr)),
        ("map", Value::from_function(f::map)),
        ("groupby", Value::from_function(f::groupby)),
        ("unique", Value::from_function(f::unique)),
        ("chain", Value::from_function(f::chain)),
        ("zip", Value::from_function(f::zip)),
    ]
}

thread_local! {
    /// When the render running on this thread must stop; renders are synchronous, so the
    /// deadline is per thread.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    /// Set when a `range` loop was cut short by the deadline (an iterator cannot fail).
    static EXPIRED: Cell<bool> = const { Cell::new(false) };
}

fn past_deadline() -> bool {
    DEADLINE.with(|d| d.get().is_some_and(|at| Instant::now() >= at))
}

fn timeout_error() -> Error {
    Error::new(ErrorKind::InvalidOperation, "DEADLINE")
}

/// Sets the deadline for the render on this thread, and clears it when dropped.
struct DeadlineGuard;

impl DeadlineGuard {
    fn start(time: Duration) -> DeadlineGuard {
        DEADLINE.with(|d| d.set(Some(Instant::now() + time)));
        EXPIRED.with(|e| e.set(false));
        DeadlineGuard
    }

    fn expired(&self) -> bool {
        EXPIRED.with(Cell::get) || past_deadline()
    }
}

impl Drop for DeadlineGuard {
    fn drop(&mut self) {
        DEADLINE.with(|d| d.set(None));
        EXPIRED.with(|e| e.set(false));
    }
}

/// A sandboxed environment with its limits.
pub(crate) struct Sandbox<'s> {
    env: Environment<'s>,
    limits: Limits,
}

impl<'s> Sandbox<'s> {
    /// An environment with the limits.
    pub(crate) fn new(limits: Limits) -> Sandbox<'s> {
        let mut env = Environment::new();
        env.set_fuel(Some(limits.fuel));
        env.set_recursion_limit(limits.recursion);
        // Payloads differ in shape: `payload.labels.team` on a payload without labels is
        // empty, not an error, so one mapping reads every variant a sender posts.
        env.set_undefined_behavior(UndefinedBehavior::Chainable);
        env.set_keep_trailing_newline(false);
        // `debug` prints the whole state; `namespace` is mutable across loop iterations,
        // which would bring back the accumulation `set` was refused for.
        env.remove_global("debug");
        env.remove_global("namespace");
        let range = Value::from_function(minijinja::functions::range);
        env.add_function("range", move |state: &State, args: Rest<Value>| {
            check_deadline()?;
            let inner = range.call(state, &args)?;
            Ok(deadline_iter(inner))
        });
        for name in REMOVED_FILTERS {
            env.remove_filter(name);
        }
        for (name, inner) in kept_filters() {
            env.add_filter(name, move |state: &State, args: Rest<Value>| {
                check_deadline()?;
                inner.call(state, &args)
            });
        }
        let max = limits.max_value;
        env.add_filter("join", move |v: &Value, sep: Option<&str>| {
            join(v, sep, max)
        });
        env.add_filter(
            "replace",
            move |s: &str, from: &str, to: &str, n: Option<usize>| replace(s, from, to, n, max),
        );
        env.add_filter("tojson", move |v: &Value| tojson(v, max));
        Sandbox { env, limits }
    }

    /// Refuses a template source that is too long, not allowed or does not compile.
    pub(crate) fn check_template(&self, source: &'s str) -> Result<(), String> {
        self.compile_template(source).map(|_| ())
    }

    /// Refuses a condition that is too long, not allowed or does not compile.
    pub(crate) fn check_expression(&self, source: &'s str) -> Result<(), String> {
        self.compile_expression(source).map(|_| ())
    }

    fn compile_template(&self, source: &'s str) -> Result<Template<'_, 's>, String> {
        self.check_size(source)?;
        vet_template(source).map_err(refusal)?;
        self.env
            .template_from_str(source)
            .map_err(|e| self.describe(&e, None))
    }

    fn compile_expression(&self, source: &'s str) -> Result<Expression<'_, 's>, String> {
        self.check_size(source)?;
        vet_expression(source).map_err(refusal)?;
        self.env
            .compile_expression(source)
            .map_err(|e| self.describe_expression(&e, source))
    }

    /// Renders a template over `ctx`, within the limits.
    pub(crate) fn render(&self, source: &'s str, ctx: &Value) -> Result<String, String> {
        let template = self.compile_template(source)?;
        let guard = DeadlineGuard::start(self.limits.time);
        let mut out = CappedWriter {
            buf: Vec::new(),
            max: self.limits.max_output,
            overflowed: false,
        };
        let result = template.render_captured_to(ctx, &mut out);
        if guard.expired() {
            return Err(self.timeout_message());
        }
        match result {
            Ok(_) => String::from_utf8(out.buf).map_err(|_| "the result is not UTF-8".into()),
            Err(_) if out.overflowed => Err(format!(
                "the result is longer than {} bytes",
                self.limits.max_output
            )),
            Err(e) => Err(self.describe(&e, None)),
        }
    }

    /// Evaluates a condition over `ctx`, within the limits: whether it is true.
    pub(crate) fn condition(&self, source: &'s str, ctx: &Value) -> Result<bool, String> {
        let expr = self.compile_expression(source)?;
        let guard = DeadlineGuard::start(self.limits.time);
        let result = expr.eval(ctx);
        if guard.expired() {
            return Err(self.timeout_message());
        }
        result
            .map(|v| v.is_true())
            .map_err(|e| self.describe(&e, None))
    }

    fn check_size(&self, source: &str) -> Result<(), String> {
        if source.len() > self.limits.max_source {
            return Err(format!(
                "the template is longer than {} bytes",
                self.limits.max_source
            ));
        }
        Ok(())
    }

    fn timeout_message(&self) -> String {
        format!(
            "the template took longer than {} ms and was stopped",
            self.limits.time.as_millis()
        )
    }

    /// A condition written as a template (`{{ ... }}`) is the likeliest mistake: say so.
    fn describe_expression(&self, e: &Error, source: &str) -> String {
        let hint = source.trim_start().starts_with("{{").then_some(
            "a condition is an expression, written without `{{ }}` (e.g. payload.status == \"ok\")",
        );
        self.describe(e, hint)
    }

    /// One line naming where and what: `line 3: syntax error: unexpected end of input`.
    fn describe(&self, e: &Error, hint: Option<&str>) -> String {
        let what = match e.kind() {
            ErrorKind::OutOfFuel => format!(
                "the template ran more than {} steps and was stopped (a loop too long?)",
                self.limits.fuel
            ),
            _ if e.detail() == Some("DEADLINE") => self.timeout_message(),
            kind => match e.detail() {
                Some(detail) => format!("{kind}: {detail}"),
                None => kind.to_string(),
            },
        };
        let what = match hint {
            Some(hint) => format!("{what}; {hint}"),
            None => what,
        };
        match e.line() {
            Some(line) => format!("line {line}: {what}"),
            None => what,
        }
    }
}

fn refusal(r: Refusal) -> String {
    format!("line {}: {}", r.line, r.message)
}

fn check_deadline() -> Result<(), Error> {
    if past_deadline() {
        EXPIRED.with(|e| e.set(true));
        return Err(timeout_error());
    }
    Ok(())
}

/// An iterable over `inner` that stops when the deadline passes (and marks the render as
/// expired, so its cut-short result is thrown away).
fn deadline_iter(inner: Value) -> Value {
    Value::make_iterable(move || {
        let items: Box<dyn Iterator<Item = Value> + Send + Sync> = match inner.try_iter() {
            Ok(it) => Box::new(it),
            Err(_) => Box::new(std::iter::empty()),
        };
        items.take_while(|_| check_deadline().is_ok())
    })
}

fn too_large(what: &str, max: usize) -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        format!("{what} would be longer than {max} bytes"),
    )
}

fn join(v: &Value, sep: Option<&str>, max: usize) -> Result<String, Error> {
    check_deadline()?;
    let sep = sep.unwrap_or("");
    let mut out = String::new();
    for (i, item) in v.try_iter()?.enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        match item.as_str() {
            Some(s) => out.push_str(s),
            None => out.push_str(&item.to_string()),
        }
        if out.len() > max {
            return Err(too_large("join's result", max));
        }
    }
    Ok(out)
}

fn replace(s: &str, from: &str, to: &str, n: Option<usize>, max: usize) -> Result<String, Error> {
    check_deadline()?;
    let count = s.matches(from).count().min(n.unwrap_or(usize::MAX));
    let len = s.len() - count * from.len() + count.saturating_mul(to.len());
    if len > max {
        return Err(too_large("replace's result", max));
    }
    Ok(s.replacen(from, to, count))
}

fn tojson(v: &Value, max: usize) -> Result<Value, Error> {
    check_deadline()?;
    let json = serde_json::to_string(v).map_err(|e| {
        Error::new(ErrorKind::InvalidOperation, "cannot serialize to JSON").with_source(e)
    })?;
    if json.len() > max {
        return Err(too_large("tojson's result", max));
    }
    Ok(Value::from_safe_string(json))
}

/// Collects output up to `max` bytes, then fails the render.
struct CappedWriter {
    buf: Vec<u8>,
    max: usize,
    overflowed: bool,
}

impl io::Write for CappedWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.buf.len() + data.len() > self.max || past_deadline() {
            self.overflowed = self.buf.len() + data.len() > self.max;
            return Err(io::Error::other("output limit"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

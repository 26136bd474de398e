//! RRULE text: parsing the value (refusing, with the reason, what the expander does not
//! support) and writing it back in a fixed part order.

use super::{Freq, RRule, Until, WeekdayNum};
use crate::ical::value::{parse_date_time, DateTimeValue};
use jiff::civil::Weekday;
use std::fmt;

/// Two-letter weekday codes, Monday first.
pub(super) const DAYS: [(&str, Weekday); 7] = [
    ("MO", Weekday::Monday),
    ("TU", Weekday::Tuesday),
    ("WE", Weekday::Wednesday),
    ("TH", Weekday::Thursday),
    ("FR", Weekday::Friday),
    ("SA", Weekday::Saturday),
    ("SU", Weekday::Sunday),
];

fn weekday(code: &str) -> Option<Weekday> {
    DAYS.iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, w)| *w)
}

fn code(w: Weekday) -> &'static str {
    DAYS.iter()
        .find(|(_, d)| *d == w)
        .map(|(c, _)| *c)
        .unwrap_or("MO")
}

fn list<T>(v: &str, part: &str, one: impl Fn(&str) -> Option<T>) -> Result<Vec<T>, String> {
    v.split(',')
        .map(|x| one(x.trim()).ok_or_else(|| format!("{part}={v} is not valid")))
        .collect()
}

fn in_range(n: i64, max: i64) -> bool {
    n != 0 && (-max..=max).contains(&n)
}

impl RRule {
    /// Parses `FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20261231T235959Z` (an `RRULE:` prefix is allowed).
    pub fn parse(raw: &str) -> Result<RRule, String> {
        let s = raw.trim();
        let s = s
            .strip_prefix("RRULE:")
            .or_else(|| s.strip_prefix("rrule:"))
            .unwrap_or(s);
        let mut freq = None;
        let mut rule = RRule {
            freq: Freq::Daily,
            interval: 1,
            count: None,
            until: None,
            by_day: Vec::new(),
            by_month_day: Vec::new(),
            by_month: Vec::new(),
            by_set_pos: Vec::new(),
            week_start: Weekday::Monday,
        };
        for part in s.split(';').filter(|p| !p.is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?} is not NAME=VALUE"))?;
            let k = k.trim().to_ascii_uppercase();
            let v = v.trim();
            match k.as_str() {
                "FREQ" => {
                    freq = Some(match v.to_ascii_uppercase().as_str() {
                        "DAILY" => Freq::Daily,
                        "WEEKLY" => Freq::Weekly,
                        "MONTHLY" => Freq::Monthly,
                        "YEARLY" => Freq::Yearly,
                        other => {
                            return Err(format!(
                            "FREQ={other} is not supported (DAILY, WEEKLY, MONTHLY, YEARLY are)"
                        ))
                        }
                    })
                }
                "INTERVAL" => {
                    rule.interval = v
                        .parse()
                        .ok()
                        .filter(|n| (1..=10_000).contains(n))
                        .ok_or_else(|| format!("INTERVAL={v} is not a positive number"))?
                }
                "COUNT" => {
                    rule.count = Some(
                        v.parse()
                            .map_err(|_| format!("COUNT={v} is not a number"))?,
                    )
                }
                "UNTIL" => {
                    rule.until = Some(match parse_date_time(v)? {
                        DateTimeValue::Date(d) => Until::Date(d),
                        DateTimeValue::Local(dt) => Until::Local(dt),
                        DateTimeValue::Utc(t) => Until::Utc(t),
                    })
                }
                "BYDAY" => {
                    rule.by_day = list(v, "BYDAY", |x| {
                        let split = x.len().checked_sub(2)?;
                        let (n, d) = x.split_at(split);
                        let ordinal = if n.is_empty() {
                            None
                        } else {
                            let n: i64 = n.trim_start_matches('+').parse().ok()?;
                            Some(in_range(n, 53).then_some(n as i8)?)
                        };
                        Some(WeekdayNum {
                            ordinal,
                            weekday: weekday(d)?,
                        })
                    })?
                }
                "BYMONTHDAY" => {
                    rule.by_month_day = list(v, "BYMONTHDAY", |x| {
                        let n: i64 = x.trim_start_matches('+').parse().ok()?;
                        in_range(n, 31).then_some(n as i8)
                    })?
                }
                "BYMONTH" => {
                    rule.by_month = list(v, "BYMONTH", |x| {
                        let n: i64 = x.parse().ok()?;
                        (1..=12).contains(&n).then_some(n as i8)
                    })?
                }
                "BYSETPOS" => {
                    rule.by_set_pos = list(v, "BYSETPOS", |x| {
                        let n: i64 = x.trim_start_matches('+').parse().ok()?;
                        in_range(n, 366).then_some(n as i16)
                    })?
                }
                "WKST" => {
                    rule.week_start =
                        weekday(v).ok_or_else(|| format!("WKST={v} is not a weekday"))?
                }
                "BYHOUR" | "BYMINUTE" | "BYSECOND" | "BYWEEKNO" | "BYYEARDAY" => {
                    return Err(format!("{k} is not supported in recurrence rules"))
                }
                x if x.starts_with("X-") => {}
                other => return Err(format!("{other} is not a recurrence rule part")),
            }
        }
        rule.freq = freq.ok_or("the rule has no FREQ")?;
        if rule.count.is_some() && rule.until.is_some() {
            return Err("COUNT and UNTIL cannot both be set".into());
        }
        let ordinals = rule.by_day.iter().any(|d| d.ordinal.is_some());
        if ordinals && matches!(rule.freq, Freq::Daily | Freq::Weekly) {
            return Err("BYDAY ordinals such as 1MO only apply to MONTHLY and YEARLY rules".into());
        }
        if rule.freq == Freq::Weekly && !rule.by_month_day.is_empty() {
            return Err("BYMONTHDAY does not apply to WEEKLY rules".into());
        }
        Ok(rule)
    }
}

impl fmt::Display for RRule {
    /// The rule as an RRULE value, parts in a fixed order.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let freq = match self.freq {
            Freq::Daily => "DAILY",
            Freq::Weekly => "WEEKLY",
            Freq::Monthly => "MONTHLY",
            Freq::Yearly => "YEARLY",
        };
        write!(f, "FREQ={freq}")?;
        if self.interval != 1 {
            write!(f, ";INTERVAL={}", self.interval)?;
        }
        if let Some(c) = self.count {
            write!(f, ";COUNT={c}")?;
        }
        match self.until {
            Some(Until::Date(d)) => write!(f, ";UNTIL={}", d.strftime("%Y%m%d"))?,
            Some(Until::Local(dt)) => write!(f, ";UNTIL={}", dt.strftime("%Y%m%dT%H%M%S"))?,
            Some(Until::Utc(t)) => write!(f, ";UNTIL={}", t.strftime("%Y%m%dT%H%M%SZ"))?,
            None => {}
        }
        let join = |v: Vec<String>| v.join(",");
        if !self.by_month.is_empty() {
            write!(
                f,
                ";BYMONTH={}",
                join(self.by_month.iter().map(i8::to_string).collect())
            )?;
        }
        if !self.by_month_day.is_empty() {
            let days = self.by_month_day.iter().map(i8::to_string).collect();
            write!(f, ";BYMONTHDAY={}", join(days))?;
        }
        if !self.by_day.is_empty() {
            let days = self
                .by_day
                .iter()
                .map(|d| match d.ordinal {
                    Some(n) => format!("{n}{}", code(d.weekday)),
                    None => code(d.weekday).to_string(),
                })
                .collect();
            write!(f, ";BYDAY={}", join(days))?;
        }
        if !self.by_set_pos.is_empty() {
            let pos = self.by_set_pos.iter().map(i16::to_string).collect();
            write!(f, ";BYSETPOS={}", join(pos))?;
        }
        if self.week_start != Weekday::Monday {
            write!(f, ";WKST={}", code(self.week_start))?;
        }
        Ok(())
    }
}

//! Notification rules: how a person wants to be reached when paged, such as "SMS at once, a
//! call after 3 minutes if not acknowledged".
//!
//! Each rule names one of the person's verified contact methods, a delay from the start of
//! the page, and optionally the urgency it applies to (none: every page). The paging engine
//! asks [`due_notifications`] which rules are due; it keys each delivery by page and rule so
//! that asking again never sends twice.

use crate::error::DomainError;
use crate::id::ContactMethodId;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// The most rules one person may have.
pub const MAX_RULES: usize = 10;
/// The longest delay, in minutes (a day).
pub const MAX_DELAY_MINUTES: i64 = 1440;

/// How urgent a page is: high pages wake people, low ones can wait for working hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    /// Wake me up.
    #[default]
    High,
    /// Tell me, but it can wait.
    Low,
}

impl Urgency {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::High => "high",
            Urgency::Low => "low",
        }
    }

    /// Parses a wire or stored name.
    pub fn parse(field: &str, raw: &str) -> Result<Urgency, DomainError> {
        match raw.trim() {
            "high" => Ok(Urgency::High),
            "low" => Ok(Urgency::Low),
            other => Err(DomainError::invalid(
                field,
                format!(
                    "unknown urgency {:?}; use high or low, or leave it out for every page",
                    other.chars().take(40).collect::<String>()
                ),
            )),
        }
    }
}

/// One rule, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotificationRule {
    /// The contact method to use; one of the person's own, verified.
    pub contact_method_id: ContactMethodId,
    /// Minutes after the page starts, 0 to [`MAX_DELAY_MINUTES`]; 0 is at once.
    pub delay_minutes: u32,
    /// The pages it applies to; `None` for every page.
    pub urgency: Option<Urgency>,
}

impl NotificationRule {
    /// Whether the rule applies to a page of this urgency.
    pub fn applies_to(&self, urgency: Urgency) -> bool {
        self.urgency.is_none_or(|u| u == urgency)
    }

    /// When the rule is due for a page that started at `started`.
    pub fn due_at(&self, started: Timestamp) -> Timestamp {
        started
            .checked_add(SignedDuration::from_mins(i64::from(self.delay_minutes)))
            .unwrap_or(Timestamp::MAX)
    }
}

/// A rule as the person sent it, before checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInput {
    /// See [`NotificationRule::contact_method_id`].
    pub contact_method_id: ContactMethodId,
    /// See [`NotificationRule::delay_minutes`].
    pub delay_minutes: i64,
    /// `high`, `low`, or `None`.
    pub urgency: Option<String>,
}

/// What the rules need to know about one of the person's contact methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodStatus {
    /// Its id.
    pub id: ContactMethodId,
    /// Whether it was verified.
    pub verified: bool,
}

/// Checks a whole list of rules against the person's contact methods (`methods` holds only
/// theirs, so another person's method is "not one of yours"). Every problem is reported, each
/// under its path (`rules[2].delay_minutes`).
pub fn check_rules(
    inputs: &[RuleInput],
    methods: &[MethodStatus],
) -> Result<Vec<NotificationRule>, Vec<DomainError>> {
    let mut errors = Vec::new();
    if inputs.len() > MAX_RULES {
        errors.push(DomainError::invalid(
            "rules",
            format!(
                "has {} rules; at most {MAX_RULES} are accepted",
                inputs.len()
            ),
        ));
    }
    let mut rules = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let path = |f: &str| format!("rules[{i}].{f}");
        let method = methods.iter().find(|m| m.id == input.contact_method_id);
        match method {
            None => errors.push(DomainError::invalid(
                path("contact_method_id"),
                "is not one of your contact methods; see GET /api/v1/me/contact-methods",
            )),
            Some(m) if !m.verified => errors.push(DomainError::invalid(
                path("contact_method_id"),
                "is not verified yet; verify it first (POST /api/v1/me/contact-methods/{id}/verification)",
            )),
            Some(_) => {}
        }
        let delay = u32::try_from(input.delay_minutes)
            .ok()
            .filter(|d| i64::from(*d) <= MAX_DELAY_MINUTES);
        if delay.is_none() {
            errors.push(DomainError::invalid(
                path("delay_minutes"),
                format!(
                    "must be a whole number of minutes from 0 (at once) to {MAX_DELAY_MINUTES}"
                ),
            ));
        }
        let urgency = match &input.urgency {
            None => Some(None),
            Some(u) => match Urgency::parse(&path("urgency"), u) {
                Ok(u) => Some(Some(u)),
                Err(e) => {
                    errors.push(e);
                    None
                }
            },
        };
        if let (Some(delay_minutes), Some(urgency)) = (delay, urgency) {
            let rule = NotificationRule {
                contact_method_id: input.contact_method_id,
                delay_minutes,
                urgency,
            };
            if let Some(j) = rules.iter().position(|r| *r == rule) {
                errors.push(DomainError::invalid(
                    format!("rules[{i}]"),
                    format!("repeats rules[{j}]"),
                ));
            }
            rules.push(rule);
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

/// The rules due at `now` for a page of `urgency` that started at `page_started_at`: those
/// applying to the urgency whose delay has passed, in the given order. None once the page is
/// acknowledged. Rules due earlier stay in the answer; the caller's idempotency keys (page and
/// rule) make re-sending them harmless.
pub fn due_notifications(
    rules: &[NotificationRule],
    urgency: Urgency,
    page_started_at: Timestamp,
    now: Timestamp,
    acknowledged: bool,
) -> Vec<NotificationRule> {
    if acknowledged {
        return Vec::new();
    }
    rules
        .iter()
        .filter(|r| r.applies_to(urgency) && r.due_at(page_started_at) <= now)
        .copied()
        .collect()
}

/// When the next rule for this page falls due after `now`, so the engine can sleep until then;
/// `None` when every rule is already due or none applies.
pub fn next_due(
    rules: &[NotificationRule],
    urgency: Urgency,
    page_started_at: Timestamp,
    now: Timestamp,
) -> Option<Timestamp> {
    rules
        .iter()
        .filter(|r| r.applies_to(urgency))
        .map(|r| r.due_at(page_started_at))
        .filter(|t| *t > now)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(mins: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + mins * 60).unwrap()
    }

    fn rule(id: i64, delay: u32, urgency: Option<Urgency>) -> NotificationRule {
        NotificationRule {
            contact_method_id: ContactMethodId::from_db(id),
            delay_minutes: delay,
            urgency,
        }
    }

    fn input(id: i64, delay: i64, urgency: Option<&str>) -> RuleInput {
        RuleInput {
            contact_method_id: ContactMethodId::from_db(id),
            delay_minutes: delay,
            urgency: urgency.map(str::to_string),
        }
    }

    const METHODS: [MethodStatus; 2] = [
        MethodStatus {
            id: ContactMethodId::from_db(1),
            verified: true,
        },
        MethodStatus {
            id: ContactMethodId::from_db(2),
            verified: false,
        },
    ];

    #[test]
    fn sms_at_once_then_a_call_after_three_minutes() {
        let rules = [rule(1, 0, None), rule(2, 3, None)];
        let ids = |now| {
            due_notifications(&rules, Urgency::High, t(0), now, false)
                .iter()
                .map(|r| r.contact_method_id.get())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(t(0)), [1]);
        assert_eq!(ids(t(2)), [1]);
        assert_eq!(ids(t(3)), [1, 2]);
        assert!(due_notifications(&rules, Urgency::High, t(0), t(10), true).is_empty());
        assert_eq!(next_due(&rules, Urgency::High, t(0), t(1)), Some(t(3)));
        assert_eq!(next_due(&rules, Urgency::High, t(0), t(3)), None);
    }

    #[test]
    fn rules_with_an_urgency_apply_to_those_pages_only() {
        let rules = [
            rule(1, 0, Some(Urgency::High)),
            rule(2, 0, Some(Urgency::Low)),
        ];
        let due = due_notifications(&rules, Urgency::Low, t(0), t(0), false);
        assert_eq!(due, [rules[1]]);
    }

    #[test]
    fn nothing_is_due_before_the_page_starts() {
        assert!(
            due_notifications(&[rule(1, 0, None)], Urgency::High, t(5), t(4), false).is_empty()
        );
    }

    #[test]
    fn good_rules_pass() {
        let rules = check_rules(&[input(1, 0, None), input(1, 5, Some("low"))], &METHODS).unwrap();
        assert_eq!(rules, [rule(1, 0, None), rule(1, 5, Some(Urgency::Low))]);
    }

    #[test]
    fn every_bad_field_is_named() {
        let errors = check_rules(
            &[
                input(2, 0, None),
                input(9, -1, Some("urgent")),
                input(1, 1441, None),
                input(1, 0, None),
                input(1, 0, None),
            ],
            &METHODS,
        )
        .unwrap_err();
        let fields: Vec<String> = errors
            .iter()
            .map(|e| match e {
                DomainError::Invalid { field, .. } => field.clone(),
                other => panic!("{other}"),
            })
            .collect();
        assert_eq!(
            fields,
            [
                "rules[0].contact_method_id",
                "rules[1].contact_method_id",
                "rules[1].delay_minutes",
                "rules[1].urgency",
                "rules[2].delay_minutes",
                "rules[4]",
            ]
        );
        assert!(errors[0].to_string().contains("not verified"));
    }

    #[test]
    fn at_most_ten_rules() {
        let many: Vec<RuleInput> = (0..11).map(|i| input(1, i, None)).collect();
        let errors = check_rules(&many, &METHODS).unwrap_err();
        assert!(
            errors[0].to_string().contains("at most 10"),
            "{}",
            errors[0]
        );
        assert!(check_rules(&many[..10], &METHODS).is_ok());
    }

    proptest! {
        #[test]
        fn once_due_a_rule_stays_due_until_acknowledged(
            delays in proptest::collection::vec(0u32..=1440, 0..10),
            a in 0i64..3000, b in 0i64..3000,
        ) {
            let rules: Vec<_> = delays.iter().enumerate().map(|(i, d)| rule(i as i64, *d, None)).collect();
            let (early, late) = (a.min(b), a.max(b));
            let at_early = due_notifications(&rules, Urgency::High, t(0), t(early), false);
            let at_late = due_notifications(&rules, Urgency::High, t(0), t(late), false);
            for r in &at_early {
                prop_assert!(at_late.contains(r));
            }
            // Exactly the rules whose delay has passed.
            prop_assert_eq!(at_late.len(), delays.iter().filter(|d| i64::from(**d) <= late).count());
            prop_assert!(due_notifications(&rules, Urgency::High, t(0), t(late), true).is_empty());
        }
    }
}

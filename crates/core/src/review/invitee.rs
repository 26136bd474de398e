//! Who is invited to a review meeting, and what they answered.

use crate::UserId;
use serde::{Deserialize, Serialize};

/// One person invited to the review meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Invitee {
    /// Who.
    #[schema(value_type = i64)]
    pub user_id: UserId,
    /// Whether the meeting must be at a time they are free (ROLE=REQ-PARTICIPANT) or only
    /// preferably (OPT-PARTICIPANT).
    pub required: bool,
}

/// An attendee's answer to an invitation (iCalendar PARTSTAT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// PARTSTAT=ACCEPTED.
    Accepted,
    /// PARTSTAT=DECLINED.
    Declined,
    /// PARTSTAT=TENTATIVE.
    Tentative,
}

impl Answer {
    /// The iCalendar PARTSTAT value.
    pub fn partstat(self) -> &'static str {
        match self {
            Answer::Accepted => "ACCEPTED",
            Answer::Declined => "DECLINED",
            Answer::Tentative => "TENTATIVE",
        }
    }

    /// The wire name (`accepted`...).
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Accepted => "accepted",
            Answer::Declined => "declined",
            Answer::Tentative => "tentative",
        }
    }

    /// Reads a PARTSTAT (any case) or a wire name; NEEDS-ACTION and others are not answers.
    pub fn parse(s: &str) -> Option<Answer> {
        match s.trim().to_ascii_lowercase().as_str() {
            "accepted" => Some(Answer::Accepted),
            "declined" => Some(Answer::Declined),
            "tentative" => Some(Answer::Tentative),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_partstats_and_wire_names() {
        assert_eq!(Answer::parse("DECLINED"), Some(Answer::Declined));
        assert_eq!(Answer::parse(" tentative "), Some(Answer::Tentative));
        assert_eq!(Answer::parse("NEEDS-ACTION"), None);
        assert_eq!(Answer::Accepted.partstat(), "ACCEPTED");
    }
}

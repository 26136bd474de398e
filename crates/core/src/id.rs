//! Ids of stored things, one type per kind of thing, so a team's id cannot be passed where a
//! user's is meant: the compiler catches the swap, not a review.
//!
//! The database assigns ids. The store makes them from its rows (`from_db`) and binds them back
//! (`get`); the server makes them from path segments it has checked. On the wire and in stored
//! JSON an id is a plain integer (`#[serde(transparent)]`), so a field that was an `i64` keeps
//! its shape.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What every id type offers, for code that handles ids of any kind (reading a row, parsing a
/// path segment).
pub trait Id: Copy + Eq + Ord + std::hash::Hash + fmt::Display {
    /// The id the database gave, as read from a row.
    fn from_db(raw: i64) -> Self;
    /// The number, to bind in a query or put in a message.
    fn get(self) -> i64;
}

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(i64);

        impl $name {
            /// The id the database gave, as read from a row.
            pub const fn from_db(raw: i64) -> Self {
                $name(raw)
            }

            /// The number, to bind in a query or put in a message.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl Id for $name {
            fn from_db(raw: i64) -> Self {
                $name(raw)
            }

            fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }
    )*};
}

ids! {
    /// A user. Goldseam itself acts as user 0, which no stored user has.
    UserId;
    /// An incident; also its number, as in `INC-42`.
    IncidentId;
    /// A timeline event; ids grow in commit order, which streams resume from. A comment is
    /// known by the id of its `comment_added` event.
    EventId;
    /// An API token.
    TokenId;
    /// A team.
    TeamId;
    /// A service in the catalog.
    ServiceId;
    /// A user's contact method (an email address, a phone number).
    ContactMethodId;
    /// An on-call schedule.
    ScheduleId;
    /// An override of an on-call schedule.
    OverrideId;
    /// An escalation policy.
    EscalationPolicyId;
    /// A response rule.
    ResponseRuleId;
    /// A page: someone, or a policy's levels, being paged for an incident.
    PageId;
    /// A subscription to incidents (of a user or a team).
    SubscriptionId;
    /// A job in the delivery queue.
    JobId;
}

impl ResponseRuleId {
    /// The id of a rule not saved yet; saving it inserts it and gives it its own.
    pub const UNSAVED: ResponseRuleId = ResponseRuleId(0);
}

impl EscalationPolicyId {
    /// The id of a policy not saved yet; saving it inserts it and gives it its own.
    pub const UNSAVED: EscalationPolicyId = EscalationPolicyId(0);
}

/// A user id in the OpenAPI document: an integer, under the component name `i64`. The document
/// has named it so since `UserId` was an alias of `i64` (schedule layers' `participants` refer
/// to it), and the web client is generated from the document, so the name stays. Other ids,
/// and user ids in the server's wire types, are documented as plain integers where they appear.
impl utoipa::PartialSchema for UserId {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        <i64 as utoipa::PartialSchema>::schema()
    }
}

impl utoipa::ToSchema for UserId {
    fn name() -> std::borrow::Cow<'static, str> {
        <i64 as utoipa::ToSchema>::name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_plain_integers_on_the_wire() {
        let id = UserId::from_db(42);
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(serde_json::from_str::<UserId>("42").unwrap(), id);
        let ids: Vec<TeamId> = serde_json::from_str("[1, 2]").unwrap();
        assert_eq!(ids, [TeamId::from_db(1), TeamId::from_db(2)]);
        assert_eq!(
            serde_json::to_value(Some(IncidentId::from_db(7))).unwrap(),
            serde_json::json!(7)
        );
    }

    #[test]
    fn ids_refuse_what_is_not_an_integer() {
        assert!(serde_json::from_str::<UserId>("\"42\"").is_err());
        assert!(serde_json::from_str::<UserId>("4.2").is_err());
    }

    #[test]
    fn ids_show_and_order_as_their_number() {
        assert_eq!(ServiceId::from_db(9).to_string(), "9");
        assert_eq!(ServiceId::from_db(9).get(), 9);
        assert!(PageId::from_db(2) < PageId::from_db(10));
        assert_eq!(<EventId as Id>::from_db(3).get(), 3);
    }
}

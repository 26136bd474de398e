//! People, teams and services: teams and their members, the service catalog, each person's
//! contact methods (and their verification codes), notification rules and profile.
//! The rules themselves live in `goldseam_core::people`; this module keeps what they decide.

mod contacts;
mod profile;
mod rules;
mod services;
mod team_members;
mod teams;
mod verification;

pub use contacts::ContactMethod;
pub use profile::{Profile, ProfileChange};
pub use services::{NewService, Service, ServiceChange};
pub use teams::{NewTeam, Team, TeamChange, TeamMember};
pub use verification::{Issued, VERIFY_JOB_KIND};

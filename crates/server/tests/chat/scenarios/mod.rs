//! The scenarios every chat platform must pass, written once against [`super::side::Side`].

pub mod announce;
pub mod commands;
pub mod conversation;
pub mod mirror;
pub mod outages;
pub mod paging;

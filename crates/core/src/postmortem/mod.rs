//! Postmortems: what a template is and the one every type starts with, the taxonomy contributing
//! factors are counted by, the review lifecycle from draft to published, and the co-edited
//! document itself (a Yjs document: seeding, reading and rendering in [`document`]).

pub mod distribution;
pub mod document;
mod factors;
mod review;
mod template;

pub use factors::{default_factor_categories, validate_categories, FactorCategory};
pub use review::{review_transition, ReviewAction, ReviewContext, ReviewState};
pub use template::{default_template, validate_template, TemplateSection, MAX_SECTIONS};

/// The field paths of validation errors, for the tests of both validators.
#[cfg(test)]
fn invalid_fields(errors: Vec<crate::error::DomainError>) -> Vec<String> {
    errors
        .into_iter()
        .map(|e| match e {
            crate::error::DomainError::Invalid { field, .. } => field,
            other => panic!("{other:?}"),
        })
        .collect()
}

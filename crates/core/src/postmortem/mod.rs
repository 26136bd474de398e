//! Postmortems (issue 13, under construction): the rules that do not need the document itself.
//! What a template is and the one every type starts with, the taxonomy contributing factors are
//! counted by, and the review lifecycle from draft to published. The co-edited document (Yjs),
//! its storage and rendering build on these.

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

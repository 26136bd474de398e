//! Participants' feedback on how the response went: a score from 1 (very badly) to 5 (very well)
//! and an optional comment, summed up per team and never shown with names.

use crate::error::DomainError;
use jiff::Timestamp;

/// The longest comment.
pub const MAX_COMMENT: usize = 2_000;

/// One person's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    pub score: u8,
    pub comment: Option<String>,
}

impl Feedback {
    /// Checks an answer: a score from 1 to 5, a comment of at most [`MAX_COMMENT`] characters
    /// (blank is none).
    pub fn parse(score: i64, comment: Option<&str>) -> Result<Feedback, Vec<DomainError>> {
        let mut errors = Vec::new();
        if !(1..=5).contains(&score) {
            errors.push(DomainError::invalid(
                "score",
                "from 1 (very badly) to 5 (very well)",
            ));
        }
        let comment = comment.map(str::trim).filter(|c| !c.is_empty());
        if comment.is_some_and(|c| c.chars().count() > MAX_COMMENT) {
            errors.push(DomainError::invalid(
                "comment",
                format!("at most {MAX_COMMENT} characters"),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Feedback {
            score: score as u8,
            comment: comment.map(String::from),
        })
    }
}

/// Many answers summed up: how many, the average, how many gave each score, and the comments
/// newest first (without who wrote them).
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackSummary {
    pub responses: usize,
    pub average: Option<f64>,
    pub scores: [usize; 5],
    pub comments: Vec<String>,
}

/// Sums up answers given as (score, comment, when).
pub fn summarize(
    answers: impl IntoIterator<Item = (u8, Option<String>, Timestamp)>,
) -> FeedbackSummary {
    let mut scores = [0usize; 5];
    let mut comments: Vec<(Timestamp, String)> = Vec::new();
    let mut total = 0usize;
    for (score, comment, at) in answers {
        if let Some(slot) = scores.get_mut(usize::from(score).wrapping_sub(1)) {
            *slot += 1;
            total += usize::from(score);
        }
        comments.extend(comment.map(|c| (at, c)));
    }
    let responses: usize = scores.iter().sum();
    comments.sort_by_key(|c| std::cmp::Reverse(c.0));
    FeedbackSummary {
        responses,
        average: (responses > 0).then(|| total as f64 / responses as f64),
        scores,
        comments: comments.into_iter().map(|(_, c)| c).collect(),
    }
}

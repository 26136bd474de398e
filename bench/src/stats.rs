//! Percentiles by sorting (a few hundred thousand samples at most, so no histogram needed) and
//! the result types every scenario fills in.

use std::time::Duration;

/// Latency percentiles of one set of samples.
#[derive(Debug, Clone, Copy, Default)]
pub struct Latency {
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
}

impl Latency {
    /// Summarizes `samples` (sorted in place). All zero when there are none.
    pub fn of(samples: &mut [Duration]) -> Latency {
        samples.sort_unstable();
        Latency {
            p50: percentile(samples, 50.0),
            p99: percentile(samples, 99.0),
            max: samples.last().copied().unwrap_or_default(),
        }
    }
}

/// Nearest-rank percentile of sorted samples: the smallest sample at or above `p` percent of them.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Milliseconds with two decimals, for reports.
pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// A closed-loop load result: requests completed in the measured window.
#[derive(Debug, Clone, Default)]
pub struct Throughput {
    /// Successful requests per second over the measured window.
    pub per_second: f64,
    /// Requests answered with the expected status in the measured window.
    pub ok: u64,
    /// Requests answered otherwise, or failed, during warm-up and measurement.
    pub errors: u64,
    /// The first error, with its body, for the report.
    pub first_error: Option<String>,
    /// Latency of the successful measured requests.
    pub latency: Latency,
    /// The measured window, in seconds.
    pub seconds: f64,
    /// Cores used during the measured window.
    pub cpu: Option<crate::cpu::Usage>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank() {
        let mut v: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let l = Latency::of(&mut v);
        assert_eq!(l.p50, Duration::from_millis(50));
        assert_eq!(l.p99, Duration::from_millis(99));
        assert_eq!(l.max, Duration::from_millis(100));
        assert_eq!(percentile(&[], 99.0), Duration::ZERO);
        assert_eq!(
            percentile(&[Duration::from_millis(7)], 1.0),
            Duration::from_millis(7)
        );
    }
}

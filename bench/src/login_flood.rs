//! Server memory under a flood of failed sign-ins (issue 10): each password check holds
//! argon2's 19 MiB while it runs. A fresh server; 40 sign-ins at once, each a different email
//! from a different loopback address so the sign-in limiter lets every one reach a password
//! check; VmRSS sampled every 2 ms for the peak, then read again 3 s after the last answer.

use crate::server::{Goldseam, Target};
use anyhow::Result;
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Sign-ins sent at once.
pub const SIGN_INS: usize = 40;

#[derive(Debug, Clone)]
pub struct LoginFlood {
    pub before_kib: u64,
    pub peak_kib: u64,
    pub after_3s_kib: u64,
    /// How many answers of each status.
    pub statuses: BTreeMap<u16, usize>,
    pub took: Duration,
}

pub async fn run(target: &Target, data_dir: &Path, log: &Path) -> Result<LoginFlood> {
    std::fs::create_dir_all(data_dir)?;
    let (server, _) = Goldseam::start(target, data_dir, log).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before_kib = server.rss_kib()?;
    let peak = Arc::new(AtomicU64::new(before_kib));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, done, pid) = (peak.clone(), done.clone(), server.pid);
        tokio::task::spawn_blocking(move || {
            while !done.load(Ordering::Acquire) {
                if let Ok(kib) = crate::server::rss_kib(pid) {
                    peak.fetch_max(kib, Ordering::AcqRel);
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        })
    };
    let url = server.url("/api/v1/auth/login");
    let started = Instant::now();
    let sign_ins = (0..SIGN_INS).map(|i| {
        let url = url.clone();
        tokio::spawn(async move {
            let from = IpAddr::V4(Ipv4Addr::new(127, 0, 1, (i % 250) as u8 + 2));
            let client = reqwest::Client::builder().local_address(from).build()?;
            let res = client
                .post(&url)
                .json(&serde_json::json!({"email": format!("flood{i}@example.com"), "password": "not the password"}))
                .send()
                .await?;
            anyhow::Ok(res.status().as_u16())
        })
    });
    let mut statuses = BTreeMap::new();
    for s in futures::future::join_all(sign_ins).await {
        *statuses.entry(s??).or_insert(0) += 1;
    }
    let took = started.elapsed();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after_3s_kib = server.rss_kib()?;
    done.store(true, Ordering::Release);
    sampler.await?;
    server.stop().await?;
    Ok(LoginFlood {
        before_kib,
        peak_kib: peak.load(Ordering::Acquire).max(after_3s_kib),
        after_3s_kib,
        statuses,
        took,
    })
}

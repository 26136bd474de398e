//! Where the CPU went during a measured window: the server, the bench itself, and everything
//! else on the machine (other builds or tests disturb a 2-core box a lot), plus the server's
//! busiest thread, which shows a serial bottleneck such as the single SQLite writer.

use std::collections::HashMap;
use std::time::Instant;

/// Cumulative CPU counters at one instant, in clock ticks.
#[derive(Debug, Clone)]
pub struct Sample {
    at: Instant,
    machine_busy: u64,
    /// Time the hypervisor ran someone else while this machine wanted a CPU.
    machine_steal: u64,
    bench: u64,
    server: u64,
    /// Server thread id -> (name, ticks).
    threads: HashMap<u32, (String, u64)>,
    /// PostgreSQL process id -> ticks (the database is a separate set of processes).
    postgres: HashMap<u32, u64>,
}

/// Average cores used over a window.
#[derive(Debug, Clone, Default)]
pub struct Usage {
    pub server: f64,
    pub bench: f64,
    /// PostgreSQL's processes (zero on SQLite, which runs inside the server).
    pub database: f64,
    pub others: f64,
    /// Of `others`, the cores the hypervisor took (steal time): a noisy neighbour, not a
    /// process here.
    pub stolen: f64,
    /// The server's busiest thread and the cores it used (1.0 = one core all the time).
    pub busiest_thread: Option<(String, f64)>,
}

fn ticks_per_second() -> f64 {
    // SAFETY: sysconf has no preconditions.
    let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if t > 0 {
        t as f64
    } else {
        100.0
    }
}

/// utime + stime (+ cutime + cstime when `children`) of a /proc stat file.
fn stat_ticks(path: &str, children: bool) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = &text[text.rfind(')')? + 2..];
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|v| v.parse().unwrap_or(0))
        .collect();
    // rest starts at field 3 (state), so utime (field 14) is index 11.
    let own = f.get(11)? + f.get(12)?;
    Some(if children {
        own + f.get(13)? + f.get(14)?
    } else {
        own
    })
}

/// The machine's busy ticks and, among them, the stolen ones.
fn machine_busy() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let Some(line) = stat.lines().find(|l| l.starts_with("cpu ")) else {
        return (0, 0);
    };
    let v: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    let total: u64 = v.iter().take(8).sum();
    let busy = total - v.get(3).copied().unwrap_or(0) - v.get(4).copied().unwrap_or(0);
    (busy, v.get(7).copied().unwrap_or(0))
}

/// CPU ticks of every process named `postgres` (the postmaster and its backends).
fn postgres_ticks() -> HashMap<u32, u64> {
    let mut out = HashMap::new();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return out;
    };
    for entry in dir.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(comm) = std::fs::read_to_string(format!("/proc/{pid}/comm")) else {
            continue;
        };
        if comm.trim() == "postgres" {
            // With children: backends that exited were reaped by the postmaster, whose
            // cutime/cstime then carry their CPU time.
            if let Some(t) = stat_ticks(&format!("/proc/{pid}/stat"), true) {
                out.insert(pid, t);
            }
        }
    }
    out
}

impl Sample {
    /// Counters now; `server` is the goldseam pid (`None` when none runs).
    pub fn take(server: Option<u32>) -> Sample {
        let mut threads = HashMap::new();
        if let Some(pid) = server {
            if let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/task")) {
                for entry in dir.flatten() {
                    let tid = entry.file_name().to_string_lossy().to_string();
                    let name = std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/comm"))
                        .unwrap_or_default()
                        .trim()
                        .to_string();
                    if let (Ok(tid), Some(t)) = (
                        tid.parse(),
                        stat_ticks(&format!("/proc/{pid}/task/{tid}/stat"), false),
                    ) {
                        threads.insert(tid, (name, t));
                    }
                }
            }
        }
        let (machine_busy, machine_steal) = machine_busy();
        Sample {
            at: Instant::now(),
            machine_busy,
            machine_steal,
            // Reaped children (finished goldseam processes) count as the bench's own work.
            bench: stat_ticks("/proc/self/stat", true).unwrap_or(0),
            server: server
                .and_then(|pid| stat_ticks(&format!("/proc/{pid}/stat"), false))
                .unwrap_or(0),
            threads,
            postgres: postgres_ticks(),
        }
    }

    /// Average cores used between `self` (earlier) and `later`.
    pub fn until(&self, later: &Sample) -> Usage {
        let secs = (later.at - self.at).as_secs_f64().max(1e-3) * ticks_per_second();
        let server = later.server.saturating_sub(self.server) as f64 / secs;
        let bench = later.bench.saturating_sub(self.bench) as f64 / secs;
        let machine = later.machine_busy.saturating_sub(self.machine_busy) as f64 / secs;
        let busiest_thread = later
            .threads
            .iter()
            .map(|(tid, (name, t))| {
                let before = self.threads.get(tid).map(|(_, b)| *b).unwrap_or(0);
                (name.clone(), t.saturating_sub(before) as f64 / secs)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let database = later
            .postgres
            .iter()
            .map(|(pid, t)| t.saturating_sub(self.postgres.get(pid).copied().unwrap_or(0)))
            .sum::<u64>() as f64
            / secs;
        Usage {
            server,
            bench,
            database,
            others: (machine - server - bench - database).max(0.0),
            stolen: later.machine_steal.saturating_sub(self.machine_steal) as f64 / secs,
            busiest_thread,
        }
    }
}

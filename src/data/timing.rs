//! Load-phase timings for profiling: with `CITYDASH_TIMINGS` set in the environment, each
//! phase of a load prints its duration to stderr (`citydash check FILE` shows them all), and
//! on Linux the process's peak memory so far.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("CITYDASH_TIMINGS").is_some())
}

/// Measures consecutive phases: each [`lap`](PhaseClock::lap) reports the time since the
/// previous one.
pub struct PhaseClock {
    last: Instant,
}

impl PhaseClock {
    pub fn start() -> PhaseClock {
        PhaseClock {
            last: Instant::now(),
        }
    }

    /// Reports the phase that just ended, when timings are on.
    pub fn lap(&mut self, phase: &str) {
        let now = Instant::now();
        if enabled() {
            let ms = (now - self.last).as_secs_f64() * 1e3;
            let peak = peak_memory_mb().map_or(String::new(), |mb| format!(", peak {mb} MB"));
            eprintln!("citydash timing: {phase:<28} {ms:8.1} ms{peak}");
        }
        self.last = now;
    }
}

/// The moment the process started, as [`mark_start`] recorded it.
static START: OnceLock<Instant> = OnceLock::new();

/// Records the process's start (call first thing in `main`), for [`since_start`].
pub fn mark_start() {
    START.get_or_init(Instant::now);
}

/// Reports, once per `event` name when timings are on, the time since [`mark_start`] (the
/// window's "first chart drawn", say).
pub fn since_start(event: &'static str) {
    static SEEN: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let (Some(start), true) = (START.get(), enabled()) else {
        return;
    };
    let Ok(mut seen) = SEEN.lock() else {
        return;
    };
    if !seen.contains(&event) {
        seen.push(event);
        let ms = start.elapsed().as_secs_f64() * 1e3;
        let peak = peak_memory_mb().map_or(String::new(), |mb| format!(", peak {mb} MB"));
        eprintln!("citydash timing: {event:<28} {ms:8.1} ms after start{peak}");
    }
}

/// The peak resident memory of the process so far (Linux's `VmHWM`), in MB.
fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

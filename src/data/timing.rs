//! Load-phase timings for profiling: with `CITYDASH_TIMINGS` set in the environment, each
//! phase of a load prints its duration to stderr (`citydash check FILE` shows them all).

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
            eprintln!("citydash timing: {phase:<28} {ms:8.1} ms");
        }
        self.last = now;
    }
}

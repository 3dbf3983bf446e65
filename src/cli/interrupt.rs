//! Ctrl-C on the command line. While a database query runs, it cancels the query on the
//! server (through the client's cancel token: the statement would otherwise run on until its
//! `statement_timeout`) and the command ends with that error; at any other time it ends the
//! process as the default action does.

use std::sync::atomic::{AtomicBool, Ordering};

/// True except while a database query runs: Ctrl-C then takes its default action.
static DEFAULT_ACTION: AtomicBool = AtomicBool::new(true);

/// Set by Ctrl-C while a database query runs.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Installs the handler (Unix; elsewhere Ctrl-C keeps its default action). Registration
/// failures leave the default action, which is what they would lose.
pub fn install() {
    #[cfg(unix)]
    {
        use signal_hook::consts::SIGINT;
        // The default actions first (signal-hook runs actions in registration order): when
        // no query runs, and on a second Ctrl-C during one (a cancel that does not come
        // back); then the flag.
        let _ = signal_hook::flag::register_conditional_default(SIGINT, &DEFAULT_ACTION);
        let _ = signal_hook::flag::register_conditional_default(SIGINT, &INTERRUPTED);
        let _ = signal_hook::flag::register(SIGINT, &INTERRUPTED);
    }
}

/// Runs `query` with Ctrl-C asking it to stop: `query` is given a function that says whether
/// Ctrl-C was pressed since it started. A Ctrl-C the query did not act on (pressed while a
/// cached result was read, say) ends the process once it returns a result; a query that
/// stopped returns its error to be reported.
pub fn during_query<T, E>(query: impl FnOnce(&dyn Fn() -> bool) -> Result<T, E>) -> Result<T, E> {
    INTERRUPTED.store(false, Ordering::SeqCst);
    DEFAULT_ACTION.store(false, Ordering::SeqCst);
    let result = query(&|| INTERRUPTED.load(Ordering::SeqCst));
    DEFAULT_ACTION.store(true, Ordering::SeqCst);
    #[cfg(unix)]
    if result.is_ok() && INTERRUPTED.load(Ordering::SeqCst) {
        let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGINT);
    }
    result
}

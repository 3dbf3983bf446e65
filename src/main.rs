use clap::Parser;

/// mimalloc: faster than the system allocator with polars' parallel allocations, and it
/// returns freed memory to the system (see [`citydash::allocator`]).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    citydash::data::timing::mark_start();
    citydash::allocator::configure();
    citydash::cli::install_panic_hook();
    citydash::cli::install_interrupt();
    let cli = citydash::cli::Cli::parse();
    let result = match cli.command {
        Some(command) => citydash::cli::run(command),
        None => citydash::app::run(cli.window_sources())
            .map_err(|e| anyhow::anyhow!("cannot open the window: {e}")),
    };
    // Dataset cache entries still being written (a cold load's) are finished first.
    citydash::data::dataset_cache::wait_for_writes();
    if let Err(e) = result {
        eprintln!("citydash: error: {e:#}");
        std::process::exit(2);
    }
}

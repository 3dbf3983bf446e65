use clap::Parser;

// mimalloc, set to return freed memory at once: faster than the system allocator with
// polars' parallel allocations, and a lower peak when loading (see `citydash::allocator`).
citydash::use_mimalloc!();

fn main() {
    #[cfg(not(target_os = "linux"))]
    citydash::allocator::configure();
    let cli = citydash::cli::Cli::parse();
    if let Err(e) = citydash::cli::run(cli) {
        eprintln!("citydash: error: {e:#}");
        std::process::exit(2);
    }
}

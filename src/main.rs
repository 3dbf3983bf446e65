use clap::Parser;

fn main() {
    let cli = citydash::cli::Cli::parse();
    if let Err(e) = citydash::cli::run(cli) {
        eprintln!("citydash: error: {e:#}");
        std::process::exit(2);
    }
}

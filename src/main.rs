//! The `quire` binary: parse the command line, start logging, run the command.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = quire::config::Cli::parse();
    // Log lines go to a writer thread, so a request never waits on the terminal or a
    // pipe; colour codes only when a person is watching the terminal. The writer thread
    // takes the lines waiting and flushes once, so a busy server makes one write for
    // many lines. The guard flushes what is left when `main` returns.
    let stdout = std::io::BufWriter::new(std::io::stdout());
    let (writer, _flush_on_exit) = tracing_appender::non_blocking(stdout);
    // `export-site` asks the app for every page: one log line each would bury its report.
    let requests = match cli.command {
        Some(quire::config::Command::ExportSite { .. }) => "warn",
        _ => "info",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new(format!("quire=info,quire::access={requests}"))),
        )
        .with_ansi(std::io::stdout().is_terminal())
        .with_writer(writer)
        .init();
    match quire::commands::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("quire: {error:#}");
            ExitCode::FAILURE
        }
    }
}

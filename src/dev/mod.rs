//! Developer tooling behind `quire dev …`: a realistic class for benchmarks (`seed`),
//! the query plans of the hot statements (`explain`), and the benchmark's static
//! ceiling (`serve-file`). It uses the product's modules; none of them uses it.

pub mod explain;
pub mod seed;
mod serve_file;

pub use serve_file::serve_file;

use std::net::SocketAddr;

use anyhow::Context;

use crate::config::DevCommand;
use crate::store::Store;

/// Runs a `quire dev` subcommand against an open store.
pub async fn run(store: &Store, bind: SocketAddr, command: DevCommand) -> anyhow::Result<()> {
    match command {
        DevCommand::Seed {
            students,
            posts,
            comments,
            rng_seed,
        } => {
            let options = seed::SeedOptions {
                students,
                posts,
                comments,
                rng_seed,
            };
            let report = seed::seed(store, &options).await?;
            println!("{report}");
        }
        DevCommand::Commenters { count, tokens } => {
            let made = seed::add_commenters(store, count).await?;
            let mut text = made.join("\n");
            text.push('\n');
            std::fs::write(&tokens, text)
                .with_context(|| format!("cannot write {}", tokens.display()))?;
            println!(
                "{count} signed-in commenters; tokens in {}",
                tokens.display()
            );
        }
        DevCommand::Explain { slug, word } => explain::print_plans(store, &slug, word).await?,
        // Normally answered before a database is opened (see `commands::run`).
        DevCommand::ServeFile { files } => serve_file(bind, &files).await?,
    }
    Ok(())
}

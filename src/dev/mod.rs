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
use explain::PlanSample;

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
        DevCommand::Explain { slug, word } => {
            let post = store
                .post_by_slug(&slug)
                .await?
                .with_context(|| format!("there is no post at /posts/{slug}"))?;
            let sample = PlanSample {
                post_id: post.id,
                post_slug: slug,
                published_at: post.published_at.unwrap_or(post.created_at),
                author_id: post.author.id,
                word,
            };
            for plan in explain::explain_hot_statements(store, &sample).await? {
                println!("-- {}", plan.purpose);
                for line in plan.lines {
                    println!("{line}");
                }
                println!();
            }
        }
        // Normally answered before a database is opened (see `commands::run`).
        DevCommand::ServeFile { file } => serve_file(bind, &file).await?,
    }
    Ok(())
}

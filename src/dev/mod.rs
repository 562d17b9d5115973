//! Developer tooling behind `quire dev …`: a realistic class for benchmarks (`seed`),
//! the query plans of the hot statements (`explain`). It uses the product's modules;
//! none of them uses it.

pub mod explain;
pub mod seed;

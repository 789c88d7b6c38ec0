//! The workspace's one integration-test binary (see ENGINEERING.md): drives the `digihyte`
//! binary on fixtures and checks what it wrote.

mod architecture;
mod audit;
mod blind;
mod browser;
mod cli;
mod documents;
mod handworked;
mod hostile;
mod ingest;
mod maps;
mod metrics;
mod pipeline_errors;
mod server;
mod support;
mod workbooks;

//! The workspace's one integration-test binary (see ENGINEERING.md): drives the `digihyte`
//! binary on fixtures and checks what it wrote.

mod cli;
mod example;
mod hostile;
mod ingest;
mod metrics;
mod pipeline_errors;
mod audit;
mod support;
mod workbooks;

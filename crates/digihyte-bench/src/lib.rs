//! Benchmarks of the national-scale job (issue 8): the data generator and the I/O floor.
//! See BENCHMARKS.md at the repository root.

pub mod floor;
pub mod gen;

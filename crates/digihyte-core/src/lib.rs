//! Domain types shared by every digihyte crate: canonical keys, the validated records that
//! ingest produces and transform consumes, and the embedded reference data (municipalities,
//! mergers, population, Sotkanet region ids and indicator names).
//!
//! Nothing here reads files at run time: the reference tables are compiled into the binary.

pub mod advice;
pub mod indicators;
pub mod keys;
pub mod model;
pub mod refdata;
pub mod stats;
pub mod text;
pub mod vocabulary;

pub use keys::{AgeGroup, Channel, ProviderType, Topic, TopicSet};
pub use model::*;
pub use refdata::{Municipality, MunicipalityMatch, Reference};

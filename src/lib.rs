//! logly's core: batches, records, formats, sinks, the writer thread and the
//! callback buffer. Nothing here knows about Node; the napi glue lives in `js/`, so
//! `cargo test` runs the core without Node.

pub mod batch;
pub mod callbacks;
pub mod fields;
pub mod format;
pub mod level;
pub mod pipeline;
pub mod record;
pub mod sink;
pub mod stats;
pub mod surrogates;
pub mod writer;

#[cfg(not(test))]
mod js;

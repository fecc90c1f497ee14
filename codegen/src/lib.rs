//! `codegen`: loads versioned JSON Schemas, lowers them into one IR, and renders them into
//! Python and TypeScript packages under `generated/<lang>/` (one package of every version) and
//! per-version output (Rust, docs, AsyncAPI) under `generated/<version>/<lang>/`.
//!
//! - [`schema`] finds and loads schema files; [`ir`] lowers one into an [`ir::Module`]
//!   (the only gate: what it cannot represent is an error with a JSON pointer).
//! - With the `cli` feature (default): [`backend`] renders a module into [`backend::Files`]
//!   (pure: no filesystem, clock or environment), [`output`] writes or checks them against
//!   disk, and [`cli`] is the command line.
//!
//! Build scripts and checkers that only need the IR depend on this crate with
//! `default-features = false`.
#![deny(missing_docs)]

#[cfg(feature = "compat")]
pub mod compat;
pub mod error;
pub mod ir;
pub mod schema;

#[cfg(any(feature = "cli", feature = "rust"))]
pub mod backend;
#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "cli")]
pub mod new_version;
#[cfg(feature = "cli")]
pub mod output;

pub use error::{Error, Result};

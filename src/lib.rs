//! Lamplight: a static site generator for community-safety partnerships.
//!
//! The pipeline, in order (see ARCHITECTURE.md):
//! [`config`] → [`content`] (load) → [`markdown`] → [`render`] with
//! [`templates`] and [`ser`] views → [`output`] (atomic write), driven by [`site`].

pub mod addresses;
pub mod check;
pub mod config;
pub mod content;
pub mod data;
pub mod date;
pub mod diagnostic;
pub mod events;
#[doc(hidden)]
pub mod fuzzing;
pub mod glob;
pub mod glossary;
pub mod images;
pub mod import;
pub mod manifest;
pub mod markdown;
pub mod output;
pub mod paginate;
pub mod progress;
pub mod publish;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod ser;
pub mod serve;
pub mod site;
pub mod strings;
pub mod taxonomy;
pub mod templates;
pub mod theme;
mod toml_error;
pub mod toml_file;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use site::{BuildOptions, BuildSummary, build};

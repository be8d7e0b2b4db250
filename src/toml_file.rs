//! A TOML file under `data/` or `content/` read whole and parsed, kept so
//! later checks can point into it. The ground floor the data and the
//! glossary both stand on.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Result, display_path};
use crate::toml_error;

/// A data file as read, kept so later checks can point into it.
#[derive(Debug, Clone, Default)]
pub struct DataFile {
    pub shown: PathBuf,
    pub text: String,
}

/// Reads and parses one file; `None` when it does not exist.
pub fn read<T: for<'de> Deserialize<'de>>(
    root: &Path,
    path: &Path,
) -> Result<(DataFile, Option<T>)> {
    let shown = display_path(root, path);
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((
                DataFile {
                    shown,
                    text: String::new(),
                },
                None,
            ));
        }
        Err(e) => {
            return Err(
                Diagnostic::error(&shown, format!("cannot read the file: {e}"))
                    .hint("check the file is readable and saved as UTF-8")
                    .into(),
            );
        }
    };
    let (file, parsed) = parse(shown, text)?;
    Ok((file, Some(parsed)))
}

/// Parses `text`, read from the file shown as `shown`.
pub fn parse<T: for<'de> Deserialize<'de>>(shown: PathBuf, text: String) -> Result<(DataFile, T)> {
    crate::publish::check_control_characters(&text, &shown)?;
    let what = format!("{}", shown.display());
    let parsed =
        toml::from_str(&text).map_err(|e| toml_error::diagnostic(&e, &shown, &text, 0, &what))?;
    Ok((DataFile { shown, text }, parsed))
}

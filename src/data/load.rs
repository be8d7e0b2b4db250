//! Reads `data/*.toml` and `data/plans/*.toml`. Every file is optional: a site
//! with no `data/` folder has no structured content, and builds as before.

use std::path::Path;

use serde::Deserialize;

use super::{Allocation, Data, Partner, Plan, Priority, Scheme};
use crate::config::Config;
use crate::diagnostic::{self, Diagnostics, Result, kept};
use crate::toml_file::{DataFile, read};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnersFile {
    #[serde(default)]
    partner: Vec<Partner>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PrioritiesFile {
    #[serde(default)]
    priority: Vec<Priority>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemesFile {
    #[serde(default)]
    scheme: Vec<Scheme>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FundingFile {
    #[serde(default)]
    allocation: Vec<Allocation>,
}

/// Reads and checks everything under `data/`. Errors from every file are
/// reported together.
pub fn load(root: &Path, config: &Config) -> Result<Data> {
    let mut data = read_all(root)?;
    super::validate::validate(&mut data, root, config)?;
    Ok(data)
}

/// Reads every data file, each into its type, without checking the
/// records against each other or the configuration: what can be said of
/// the data while config.toml cannot be read.
pub fn read_all(root: &Path) -> Result<Data> {
    let dir = root.join("data");
    let mut errors = Vec::new();
    let partners = kept(
        &mut errors,
        list(root, &dir.join("partners.toml"), |f: PartnersFile| {
            f.partner
        }),
    );
    let priorities = kept(
        &mut errors,
        list(root, &dir.join("priorities.toml"), |f: PrioritiesFile| {
            f.priority
        }),
    );
    let schemes = kept(
        &mut errors,
        list(root, &dir.join("schemes.toml"), |f: SchemesFile| f.scheme),
    );
    let funding = kept(
        &mut errors,
        list(root, &dir.join("funding.toml"), |f: FundingFile| {
            f.allocation
        }),
    );
    let plans = plan_files(&dir.join("plans")).into_iter().map(|path| {
        let (file, plan) = read::<Plan>(root, &path)?;
        let mut plan = plan.expect("listed files exist");
        plan.file = file;
        Ok(plan)
    });
    let plans = kept(&mut errors, diagnostic::collect(plans));
    let (Some(partners), Some(priorities), Some(schemes), Some(funding), Some(plans)) =
        (partners, priorities, schemes, funding, plans)
    else {
        return Err(Diagnostics::sorted(errors));
    };
    let data = Data {
        partners_file: partners.0,
        partners: partners.1,
        priorities_file: priorities.0,
        priorities: priorities.1,
        schemes_file: schemes.0,
        schemes: schemes.1,
        funding_file: funding.0,
        funding: funding.1,
        plans,
        current_plan: None,
    };
    Ok(data)
}

/// A file holding one list, such as `[[partner]]` tables.
fn list<F: for<'de> Deserialize<'de>, T>(
    root: &Path,
    path: &Path,
    items: fn(F) -> Vec<T>,
) -> Result<(DataFile, Vec<T>)> {
    let (file, parsed) = read::<F>(root, path)?;
    Ok((file, parsed.map_or_else(Vec::new, items)))
}

fn plan_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

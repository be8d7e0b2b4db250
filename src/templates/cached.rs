//! `include_cached(template="partials/footer.html")`: an `include` that
//! renders each version of a part once per render, in the manner of Hugo's
//! `partialCached`, but without asking the theme to say what the part
//! depends on.
//!
//! Every page repeats the theme's header, help panel and footer, and
//! rendering them again for each page was about a tenth of a build
//! (docs/BENCHMARKS.md). A part's output is a pure function of the
//! variables it reads and of what the render's lookups return, which do
//! not change during one render; so the part is rendered once for each
//! different set of values of the variables Tera finds in it (and in what
//! it includes or extends), and the same text is given wherever those
//! values come round again. Nothing is assumed about which variables
//! matter: a site's own copy of the part that reads `page` simply has a
//! version per page, and past [`MOST_VERSIONS`] the part is rendered
//! every time, as `include` would.
//!
//! The cache lives for one render: [`super::Lookup::set_content`], which
//! every render calls before it starts, empties it, so a part never shows a
//! section title an edit has since changed.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};

use tera::{Context, Kwargs, State, Tera, TeraResult, Value};

use super::lookup::LOOKED_UP;
use super::{Dependency, Lookup};

/// How many versions of one part are kept; a part with more (one that
/// reads something every page has its own of) is rendered every time, so a
/// cache that cannot help costs one comparison per version at most.
pub const MOST_VERSIONS: usize = 64;

/// The versions of every part rendered so far in this render, by template.
#[derive(Default)]
pub struct Cache {
    parts: Mutex<HashMap<String, Part>>,
}

struct Part {
    /// The variables it reads, in the order its versions' keys hold them.
    reads: Arc<[String]>,
    versions: Vec<Version>,
    /// Set when it had more than [`MOST_VERSIONS`]: rendered every time.
    given_up: bool,
}

struct Version {
    /// The values of [`Part::reads`], `None` for one not defined.
    key: Vec<Option<Value>>,
    /// Its text, a safe string, shared by every output that shows it.
    html: Value,
    /// What its render looked up, told again to every output that shows
    /// it, so `serve` still knows those outputs depend on it.
    used: Vec<Dependency>,
}

thread_local! {
    /// The error a part's render ended with, to report at the part's own
    /// line rather than at the call: Tera gives a function's error only as a
    /// message, at the place of the call. The innermost part's is kept.
    static PART_ERROR: RefCell<Option<tera::Error>> = const { RefCell::new(None) };
}

/// The error the last failed render on this thread had inside a cached
/// part, if any, taken: see [`PART_ERROR`].
pub fn take_part_error() -> Option<tera::Error> {
    PART_ERROR.with_borrow_mut(Option::take)
}

impl Cache {
    pub fn clear(&self) {
        self.parts.lock().expect("cached parts lock").clear();
    }
}

/// The variables functions read from the render themselves, which Tera
/// does not see in the template: `trans` the words, `t`; `get_random`
/// where the page is, so a part calling it has a number of its own on
/// every page, as with `include`.
fn read_by_functions(random: bool) -> &'static [&'static str] {
    if random {
        &["t", "current_path", "nth"]
    } else {
        &["t"]
    }
}

/// Registers `include_cached`, rendering with the `Tera` that `own` is set
/// to once it holds every template; `random`: whether any of them calls
/// `get_random`.
pub fn register(
    tera: &mut Tera,
    lookup: Arc<Lookup>,
    own: Arc<OnceLock<Weak<Tera>>>,
    random: bool,
) {
    tera.register_function("include_cached", move |kwargs: Kwargs, state: &State| {
        let tera = own.get().and_then(Weak::upgrade).ok_or_else(|| {
            tera::Error::message("include_cached: the templates are still being loaded")
        })?;
        include(&tera, &lookup.cached, random, &kwargs, state)
    });
}

fn include(
    tera: &Tera,
    cache: &Cache,
    random: bool,
    kwargs: &Kwargs,
    state: &State,
) -> TeraResult<Value> {
    let name: &str = kwargs.must_get("template")?;
    let (reads, given_up) = reads(tera, cache, name, random)?;
    let key = reads
        .iter()
        .map(|variable| state.get::<Value>(variable))
        .collect::<TeraResult<Vec<_>>>()?;
    if given_up {
        return render(tera, name, &reads, &key).map(|(html, _)| html);
    }
    let known = {
        let parts = cache.parts.lock().expect("cached parts lock");
        let versions = parts.get(name).map_or(&[][..], |part| &part.versions);
        let version = versions.iter().find(|version| same(&version.key, &key));
        version.map(|version| (version.html.clone(), version.used.clone()))
    };
    if let Some((html, used)) = known {
        tell_looked_up(&used);
        return Ok(html);
    }
    let (html, used) = render(tera, name, &reads, &key)?;
    let mut parts = cache.parts.lock().expect("cached parts lock");
    if let Some(part) = parts.get_mut(name) {
        if part.versions.len() >= MOST_VERSIONS {
            part.given_up = true;
            part.versions = Vec::new();
        } else if !part.given_up && !part.versions.iter().any(|v| same(&v.key, &key)) {
            let html = html.clone();
            part.versions.push(Version { key, html, used });
        }
    }
    Ok(html)
}

/// Whether two keys hold the same values. Tera's `==` does not tell a
/// string marked safe from the same text unmarked, which a part writes
/// differently (the one as it is, the other escaped), so that is compared
/// too, for the variables themselves; a value's fields have the same
/// marking on every page, as Lamplight makes them.
fn same(a: &[Option<Value>], b: &[Option<Value>]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(a, b)| match (a, b) {
            (Some(a), Some(b)) => a == b && a.is_safe() == b.is_safe(),
            (None, None) => true,
            _ => false,
        })
}

/// The variables `name` reads, found the first time it is asked for in a
/// render, and whether it has been given up on.
fn reads(
    tera: &Tera,
    cache: &Cache,
    name: &str,
    random: bool,
) -> TeraResult<(Arc<[String]>, bool)> {
    let mut parts = cache.parts.lock().expect("cached parts lock");
    if let Some(part) = parts.get(name) {
        return Ok((Arc::clone(&part.reads), part.given_up));
    }
    let found = tera.get_template_variables(name).map_err(|_| {
        tera::Error::message(format!("include_cached: there is no template `{name}`"))
    })?;
    let mut reads: Vec<String> = found.into_iter().map(str::to_string).collect();
    reads.extend(read_by_functions(random).iter().map(|v| v.to_string()));
    // A component's `@` parameters are read from the render's variables
    // where it is called, which Tera does not count as the part's: any
    // component may be called from the part, so every one's are read.
    let components = tera.get_component_names();
    let definitions = components.filter_map(|name| tera.get_component_definition(name));
    for definition in definitions {
        let implicit = definition.args().iter().filter(|arg| arg.is_implicit());
        reads.extend(implicit.map(|arg| arg.name().to_string()));
    }
    reads.sort();
    reads.dedup();
    let reads: Arc<[String]> = reads.into();
    let part = Part {
        reads: Arc::clone(&reads),
        versions: Vec::new(),
        given_up: false,
    };
    parts.insert(name.to_string(), part);
    Ok((reads, false))
}

/// Renders `name` with the variables of `reads` at their values in `key`,
/// returning its text and what it looked up, which it also tells the
/// output being rendered.
fn render(
    tera: &Tera,
    name: &str,
    reads: &[String],
    key: &[Option<Value>],
) -> TeraResult<(Value, Vec<Dependency>)> {
    let mut context = Context::new();
    for (variable, value) in reads.iter().zip(key) {
        if let Some(value) = value {
            context.insert_value(variable.clone(), value.clone());
        }
    }
    let outer = LOOKED_UP.with_borrow_mut(|l| l.replace(Vec::new()));
    let rendered = tera.render(name, &context);
    let used = LOOKED_UP
        .with_borrow_mut(|l| std::mem::replace(l, outer))
        .unwrap_or_default();
    tell_looked_up(&used);
    match rendered {
        Ok(html) => Ok((Value::safe_string(&html), used)),
        Err(e) => {
            let message = format!("in `{name}`: {e}");
            PART_ERROR.with_borrow_mut(|slot| {
                slot.get_or_insert(e);
            });
            Err(tera::Error::message(message))
        }
    }
}

/// Adds `used` to what the output being rendered on this thread looked up.
fn tell_looked_up(used: &[Dependency]) {
    LOOKED_UP.with_borrow_mut(|listening| {
        if let Some(looked_up) = listening {
            looked_up.extend(used.iter().cloned());
        }
    });
}

//! Zola's template functions and filters, with Zola's names and arguments,
//! so shortcodes and templates written for a Zola site work on Tera 2:
//! the `markdown` filter, `get_taxonomy_url`, `load_data`, `get_hash` and
//! `now`. What they read stays inside the site folder, and `load_data`
//! never fetches from another site: a build gives the same result offline.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use tera::{Kwargs, State, Tera, TeraResult, Value};

use super::Lookup;

pub(super) fn register(tera: &mut Tera, lookup: &Arc<Lookup>) {
    let markdown = Arc::clone(lookup);
    tera.register_filter("markdown", move |text: &str, kwargs: Kwargs, _: &State| {
        markdown_filter(&markdown, text, &kwargs)
    });
    let taxonomies = Arc::clone(lookup);
    tera.register_function("get_taxonomy_url", move |kwargs: Kwargs, _: &State| {
        get_taxonomy_url(&taxonomies, &kwargs)
    });
    let data = Arc::clone(lookup);
    tera.register_function("load_data", move |kwargs: Kwargs, _: &State| {
        load_data(&data.root, &kwargs)
    });
    let hashes = Arc::clone(lookup);
    tera.register_function("get_hash", move |kwargs: Kwargs, _: &State| {
        get_hash(&hashes.root, &kwargs)
    });
    tera.register_function("now", |kwargs: Kwargs, _: &State| now(&kwargs));
    tera.register_function("get_random", get_random);
    type Function = fn(&Lookup, &Kwargs) -> TeraResult<Value>;
    let looking_up: [(&str, Function); 4] = [
        ("get_taxonomy", get_taxonomy),
        ("get_taxonomy_term", get_taxonomy_term),
        ("resize_image", resize_image),
        ("get_image_metadata", get_image_metadata),
    ];
    for (name, function) in looking_up {
        let lookup = Arc::clone(lookup);
        tera.register_function(name, move |kwargs: Kwargs, _: &State| {
            function(&lookup, &kwargs)
        });
    }
}

/// `get_image_metadata(path="images/map.png")` → `{width, height, format,
/// mime}`, read from the file in the site folder, static/ or content/;
/// with `allow_missing=true`, nothing for a file that is not there.
fn get_image_metadata(lookup: &Lookup, kwargs: &Kwargs) -> TeraResult<Value> {
    let path: &str = kwargs.must_get("path")?;
    let allow_missing: bool = kwargs.get("allow_missing")?.unwrap_or(false);
    let file = match inside_site(&lookup.root, "get_image_metadata", path) {
        Ok(file) if file.is_file() => file,
        Ok(_) | Err(_) if allow_missing && !path.contains("://") => return Ok(Value::none()),
        Ok(_) => {
            return Err(tera::Error::message(format!(
                "get_image_metadata: there is no file `{path}`"
            )));
        }
        Err(e) => return Err(e),
    };
    let bytes = std::fs::read(&file).map_err(|e| {
        tera::Error::message(format!("get_image_metadata: cannot read `{path}`: {e}"))
    })?;
    let (width, height, format) = crate::images::image_size(&bytes).ok_or_else(|| {
        tera::Error::message(format!(
            "get_image_metadata: `{path}` is not a PNG, GIF, JPEG, WebP or SVG image Lamplight can read"
        ))
    })?;
    Ok(crate::ser::map([
        ("width", Value::from(width)),
        ("height", Value::from(height)),
        ("format", Value::from(format)),
        ("mime", Value::from(crate::images::mime(format))),
    ]))
}

/// `resize_image(path="photos/street.jpg", width=800, op="fit_width")`:
/// a smaller copy, published with the site, as Zola gives it: `url`,
/// `static_path`, `width`, `height`, `orig_width` and `orig_height`.
fn resize_image(lookup: &Lookup, kwargs: &Kwargs) -> TeraResult<Value> {
    const NAME: &str = "resize_image";
    let path: &str = kwargs.must_get("path")?;
    let op: &str = kwargs.get("op")?.unwrap_or("fill");
    let asked = crate::images::Resize {
        op: crate::images::Op::parse(op)
            .map_err(|e| tera::Error::message(format!("{NAME}: {e}")))?,
        width: kwargs.get("width")?,
        height: kwargs.get("height")?,
        format: kwargs.get::<&str>("format")?.unwrap_or("auto").to_string(),
        quality: kwargs.get("quality")?.unwrap_or(75),
    };
    let file = inside_site(&lookup.root, NAME, path)?;
    let bytes = std::fs::read(&file)
        .map_err(|e| tera::Error::message(format!("{NAME}: cannot read `{path}`: {e}")))?;
    let made = crate::images::resize::resize(&bytes, path, &asked)
        .map_err(|e| tera::Error::message(format!("{NAME}: {e}")))?;
    let url = format!("{}{}", lookup.config.base_path(), made.published);
    lookup
        .images
        .lock()
        .expect("resized images lock")
        .insert(made.published.clone(), made.cached.clone());
    Ok(crate::ser::map([
        ("url", Value::from(lookup.config.absolute_url(&url))),
        ("static_path", Value::from(made.published)),
        ("width", Value::from(made.width)),
        ("height", Value::from(made.height)),
        ("orig_width", Value::from(made.orig_width)),
        ("orig_height", Value::from(made.orig_height)),
    ]))
}

/// `{{ body | markdown }}`: Markdown as the site renders it, `@/` links and
/// the site's rule on HTML included; `inline=true` leaves out the
/// paragraph around a single line.
fn markdown_filter(lookup: &Lookup, text: &str, kwargs: &Kwargs) -> TeraResult<String> {
    let inline: bool = kwargs.get("inline")?.unwrap_or(false);
    let glossary = crate::glossary::Glossary::default();
    let rendered = crate::markdown::render(text, &lookup.config.markdown, &lookup.urls, &glossary)
        .map_err(|problems| {
            let text = problems.first().map_or(String::new(), |p| text[p.span.clone()].to_string());
            tera::Error::message(format!("markdown: `{text}` cannot be rendered: a link to a content file that does not exist, or a heading setting that is not allowed"))
        })?;
    let html = rendered.html.text().into_owned();
    if inline {
        let trimmed = html.trim_end();
        if let Some(inner) = trimmed
            .strip_prefix("<p>")
            .and_then(|t| t.strip_suffix("</p>"))
            && !inner.contains("<p>")
        {
            return Ok(inner.to_string());
        }
    }
    Ok(html)
}

/// `get_taxonomy(kind="areas")`: the taxonomy with its terms, each with
/// its pages, as Zola gives it; nothing for an unknown one with
/// `required=false`. A translation's terms are its original's, so every
/// language the site has gets the same taxonomy.
fn get_taxonomy(lookup: &Lookup, kwargs: &Kwargs) -> TeraResult<Value> {
    let kind: &str = kwargs.must_get("kind")?;
    let required: bool = kwargs.get("required")?.unwrap_or(true);
    match taxonomy(lookup, kwargs, "get_taxonomy", kind)? {
        Some(found) => Ok(found),
        None if !required => Ok(Value::none()),
        None => Err(unknown_taxonomy(lookup, "get_taxonomy", kind)),
    }
}

/// `get_taxonomy_term(kind="areas", term="Hullbridge")`: one term with
/// its pages (`include_pages=false` leaves them out), found by its name
/// or its slug; nothing for an unknown one with `required=false`.
fn get_taxonomy_term(lookup: &Lookup, kwargs: &Kwargs) -> TeraResult<Value> {
    const NAME: &str = "get_taxonomy_term";
    let kind: &str = kwargs.must_get("kind")?;
    let wanted: &str = kwargs.must_get("term")?;
    let required: bool = kwargs.get("required")?.unwrap_or(true);
    let include_pages: bool = kwargs.get("include_pages")?.unwrap_or(true);
    let Some(found) = taxonomy(lookup, kwargs, NAME, kind)? else {
        return match required {
            false => Ok(Value::none()),
            true => Err(unknown_taxonomy(lookup, NAME, kind)),
        };
    };
    let items = found
        .get_from_path("items")
        .and_then(Value::as_array)
        .unwrap_or_default();
    let field =
        |item: &Value, key: &str| item.get_from_path(key).and_then(Value::as_str) == Some(wanted);
    let term = items
        .iter()
        .find(|item| field(item, "name"))
        .or_else(|| items.iter().find(|item| field(item, "slug")));
    let Some(term) = term else {
        if !required {
            return Ok(Value::none());
        }
        let names: Vec<&str> = items
            .iter()
            .filter_map(|i| i.get_from_path("name"))
            .filter_map(Value::as_str)
            .collect();
        let near = crate::diagnostic::did_you_mean(wanted, names.iter().copied())
            .map(|n| format!("did you mean \"{n}\"? "))
            .unwrap_or_default();
        return Err(tera::Error::message(format!(
            "{NAME}: `{kind}` has no term \"{wanted}\"; {near}no page is tagged with it"
        )));
    };
    if include_pages {
        return Ok(term.clone());
    }
    let without = term.as_map().map(|map| {
        map.iter()
            .filter(|(k, _)| k.as_str() != Some("pages"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<tera::Map>()
    });
    Ok(without.map_or_else(Value::none, Value::from))
}

/// The taxonomy `kind` in `lang` as `get_taxonomy` gives it, noted as
/// looked up; `None` if the site has no such taxonomy. A language that
/// declares no taxonomy of that name gets the site's own, under whose
/// terms its pages are listed. An error for a language the site does not
/// have, or before pages are rendered (in a shortcode).
fn taxonomy(
    lookup: &Lookup,
    kwargs: &Kwargs,
    function: &str,
    kind: &str,
) -> TeraResult<Option<Value>> {
    let lang = language_argument(lookup, kwargs, function)?;
    let declared = |code: &str| {
        lookup.config.languages[code]
            .taxonomies
            .iter()
            .any(|t| t.name == kind)
    };
    let lang = lang.filter(|code| declared(code));
    let key = super::taxonomy_key(kind, lang);
    let content = lookup.content.read().expect("content values lock");
    let Some(content) = content.as_ref() else {
        return Err(tera::Error::message(format!(
            "{function} cannot be used in a shortcode: pages are not rendered yet"
        )));
    };
    let found = content.taxonomies.get(&key).cloned();
    super::looked_up(super::Dependency::Taxonomy(key));
    Ok(found)
}

/// The `lang` a function is given, if it is one of `[languages]`; `None`
/// for the site's own or none given; an error for any other.
fn language_argument<'a>(
    lookup: &'a Lookup,
    kwargs: &Kwargs,
    function: &str,
) -> TeraResult<Option<&'a str>> {
    let Some(lang) = kwargs.get::<&str>("lang")? else {
        return Ok(None);
    };
    let config = &lookup.config;
    match config
        .every_language()
        .find(|l| config.language_code(*l) == lang)
    {
        Some(found) => Ok(found),
        None => Err(tera::Error::message(format!(
            "{function}: the site has no language `{lang}`; its languages are in config.toml"
        ))),
    }
}

fn unknown_taxonomy(lookup: &Lookup, function: &str, kind: &str) -> tera::Error {
    let known: Vec<&str> = lookup
        .config
        .taxonomies
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    tera::Error::message(format!(
        "{function}: there is no taxonomy `{kind}` in config.toml; known: {}",
        known.join(", ")
    ))
}

/// `get_taxonomy_url(kind="tags", name="Rust")` → `/tags/rust/`, made as
/// the build makes a term's address.
fn get_taxonomy_url(lookup: &Lookup, kwargs: &Kwargs) -> TeraResult<String> {
    const NAME: &str = "get_taxonomy_url";
    let kind: &str = kwargs.must_get("kind")?;
    let name: &str = kwargs.must_get("name")?;
    let config = &lookup.config;
    let lang = language_argument(lookup, kwargs, NAME)?;
    let declared = |lang: Option<&str>| {
        let taxonomies = match lang {
            None => &config.taxonomies,
            Some(code) => &config.languages[code].taxonomies,
        };
        taxonomies.iter().any(|t| t.name == kind)
    };
    // A language without the taxonomy lists its pages under the site's own.
    let lang = lang.filter(|_| declared(lang));
    if !declared(lang) {
        return Err(unknown_taxonomy(lookup, NAME, kind));
    }
    let base = config.language_base(lang);
    let url = format!("{base}{}/{}/", slug::slugify(kind), slug::slugify(name));
    Ok(match kwargs.get::<bool>("absolute")? {
        Some(true) => config.absolute_url(&url),
        _ => url,
    })
}

/// A path a template names, inside the site folder: `..` and absolute
/// paths are refused, so no template reads the rest of the computer.
fn inside_site(root: &Path, function: &str, path: &str) -> TeraResult<PathBuf> {
    if path.contains("://") {
        return Err(tera::Error::message(format!(
            "{function}: `{path}` is on another site; Lamplight reads only files in the site folder, so a build never depends on the network"
        )));
    }
    let relative = Path::new(path.trim_start_matches("@/"));
    let safe = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !safe {
        return Err(tera::Error::message(format!(
            "{function}: `{path}` leaves the site folder; give a path inside it, such as \"data/areas.csv\""
        )));
    }
    // Zola reads `@/` paths from content/, others from the site folder
    // (then static/ and content/ for hashes).
    if path.starts_with("@/") {
        return Ok(root.join("content").join(relative));
    }
    let found = [
        root.join(relative),
        root.join("static").join(relative),
        root.join("content").join(relative),
    ]
    .into_iter()
    .find(|p| p.is_file());
    found.ok_or_else(|| {
        tera::Error::message(format!(
            "{function}: there is no file `{path}` in the site folder, static/ or content/"
        ))
    })
}

/// `load_data(path="data/areas.csv")`: a TOML, JSON or CSV file as a value
/// (CSV as `headers` and `records`, as Zola gives it), or any other text as
/// a string; `format` names the kind when the ending does not.
fn load_data(root: &Path, kwargs: &Kwargs) -> TeraResult<Value> {
    let path: &str = kwargs.must_get("path")?;
    let required: bool = kwargs.get("required")?.unwrap_or(true);
    let file = match inside_site(root, "load_data", path) {
        Ok(file) => file,
        Err(_) if !required && !path.contains("://") => return Ok(Value::none()),
        Err(e) => return Err(e),
    };
    let text = std::fs::read_to_string(&file)
        .map_err(|e| tera::Error::message(format!("load_data: cannot read `{path}`: {e}")))?;
    let ending = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    let format: &str = kwargs.get("format")?.unwrap_or(ending);
    let fail =
        |e: String| tera::Error::message(format!("load_data: `{path}` is not valid {format}: {e}"));
    Ok(match format {
        "toml" => {
            let table: toml::Table = text
                .parse()
                .map_err(|e: toml::de::Error| fail(e.message().to_string()))?;
            crate::ser::toml_table(&table)
        }
        "json" => {
            let json: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| fail(e.to_string()))?;
            Value::from_serializable(&json)
        }
        "csv" => {
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let headers: Vec<String> = reader
                .headers()
                .map_err(|e| fail(e.to_string()))?
                .iter()
                .map(str::to_string)
                .collect();
            let records: Vec<Vec<String>> = reader
                .records()
                .map(|r| r.map(|r| r.iter().map(str::to_string).collect()))
                .collect::<Result<_, _>>()
                .map_err(|e| fail(e.to_string()))?;
            crate::ser::map([
                ("headers", Value::from_serializable(&headers)),
                ("records", Value::from_serializable(&records)),
            ])
        }
        _ => Value::from(text),
    })
}

/// `get_hash(path="css/site.css")` or `get_hash(literal="…")`: the SHA-256,
/// 384 (the default, as in Zola) or 512 digest, in base64 (for a
/// `integrity` attribute) unless `base64=false` asks for hex.
fn get_hash(root: &Path, kwargs: &Kwargs) -> TeraResult<String> {
    use sha2::Digest;
    let bytes = match (kwargs.get::<&str>("path")?, kwargs.get::<&str>("literal")?) {
        (Some(path), None) => {
            let file = inside_site(root, "get_hash", path)?;
            std::fs::read(&file)
                .map_err(|e| tera::Error::message(format!("get_hash: cannot read `{path}`: {e}")))?
        }
        (None, Some(literal)) => literal.as_bytes().to_vec(),
        _ => {
            return Err(tera::Error::message(
                "get_hash: give either `path` or `literal`",
            ));
        }
    };
    let digest = match kwargs.get::<i64>("sha_type")?.unwrap_or(384) {
        256 => sha2::Sha256::digest(&bytes).to_vec(),
        384 => sha2::Sha384::digest(&bytes).to_vec(),
        512 => sha2::Sha512::digest(&bytes).to_vec(),
        other => {
            return Err(tera::Error::message(format!(
                "get_hash: `sha_type` is 256, 384 or 512, not {other}"
            )));
        }
    };
    if kwargs.get::<bool>("base64")?.unwrap_or(true) {
        use base64::Engine;
        Ok(base64::engine::general_purpose::STANDARD.encode(digest))
    } else {
        Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// `now()`: when the build runs (or `SOURCE_DATE_EPOCH`), as an RFC 3339 date and time in UTC
/// (Zola's `utc=true`; the computer's own time zone is not read, so a
/// build on a server and on a laptop agree), or `timestamp=true` as seconds
/// since 1970.
fn now(kwargs: &Kwargs) -> TeraResult<Value> {
    let now = crate::date::build_time().unwrap_or_else(|_| jiff::Timestamp::now());
    if kwargs.get::<bool>("timestamp")?.unwrap_or(false) {
        return Ok(Value::from(now.as_second()));
    }
    let _utc: Option<bool> = kwargs.get("utc")?;
    Ok(Value::from(now.to_string()))
}

/// Tera 1's `get_random(start=0, end=…)`, which Zola sites use for element
/// ids: a number in `start..end` that is the same on every build, so an
/// unchanged page builds byte for byte the same and `serve` does not see
/// every page that calls it as changed. It follows the page it is called
/// for and, in a shortcode, which call of the shortcode on the page it is
/// (`nth`): the same arguments there give the same number.
fn get_random(kwargs: Kwargs, state: &State) -> TeraResult<i64> {
    use std::hash::{Hash, Hasher};
    let start: i64 = kwargs.get("start")?.unwrap_or(0);
    let end: i64 = kwargs.must_get("end")?;
    if end <= start {
        return Err(tera::Error::message(format!(
            "get_random: `end` ({end}) must be more than `start` ({start})"
        )));
    }
    let place: Option<String> = state.get("current_path")?;
    let nth: Option<i64> = state.get("nth")?;
    let mut hasher = std::hash::DefaultHasher::new();
    (place, nth, start, end).hash(&mut hasher);
    Ok(start + (hasher.finish() % (end - start) as u64) as i64)
}

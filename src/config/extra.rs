//! Reading `[extra]`, which is the theme's and free in shape: the texts in
//! it that name places on the site (`@/` links, footer links' `path`), for
//! the checks that those places exist.

/// Every text anywhere in `[extra]`, with the key it is set under (`None`
/// for an item of a list).
pub fn texts(extra: &toml::Table) -> Vec<(Option<&str>, &str)> {
    fn walk<'a>(
        key: Option<&'a str>,
        value: &'a toml::Value,
        found: &mut Vec<(Option<&'a str>, &'a str)>,
    ) {
        match value {
            toml::Value::String(text) => found.push((key, text)),
            toml::Value::Array(items) => items.iter().for_each(|item| walk(None, item, found)),
            toml::Value::Table(table) => table.iter().for_each(|(k, v)| walk(Some(k), v, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    extra.iter().for_each(|(k, v)| walk(Some(k), v, &mut found));
    found
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_comes_with_its_key() {
        let extra: toml::Table = toml::from_str(
            "note = \"n\"\nlinks = [{ title = \"T\", path = \"areas/\" }, \"@/a.md\"]\n[help]\nphone = \"101\"\ncount = 3\n",
        )
        .unwrap();
        let mut texts = super::texts(&extra);
        texts.sort();
        assert_eq!(
            texts,
            [
                (None, "@/a.md"),
                (Some("note"), "n"),
                (Some("path"), "areas/"),
                (Some("phone"), "101"),
                (Some("title"), "T"),
            ]
        );
    }
}

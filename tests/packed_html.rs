//! A build of a big site holds each page's HTML packed until its page is
//! rendered (`markdown::Html::pack`); the site it makes must be the same,
//! file for file, as the one made from the HTML held as it is: the pages,
//! their lists and feeds, and the search index, which all read the HTML.

mod common;

use lamplight::progress::Progress;
use lamplight::site::Site;

#[test]
fn a_site_rendered_from_packed_html_is_the_same_site() {
    let dir = common::example_copy();
    let load = || common::load(dir.path());
    let render = |site: &Site| {
        site.render_reusing(None, &Progress::default())
            .unwrap_or_else(|e| panic!("{}", e.render(false)))
    };
    let plain = load();
    let mut packed = load();
    for (page, text) in plain.texts.pages.iter().zip(&mut packed.texts.pages) {
        text.html.pack();
        // Packed, it is told apart from the text it holds, and gives it back.
        assert!(text.html != page.html || page.html.text().is_empty());
        assert_eq!(text.html.text(), page.html.text());
        assert_eq!(text.html.value(), page.html.value());
    }
    let (plain, packed) = (render(&plain), render(&packed));
    let paths = |files: &lamplight::render::SiteFiles| files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(paths(&plain.files), paths(&packed.files));
    assert!(
        plain
            .files
            .keys()
            .any(|path| path.starts_with("search-index/"))
    );
    for (path, contents) in &plain.files {
        assert!(packed.files[path] == *contents, "{path} differs");
    }
}

//! `[brand]`: the partnership's logo and colours in the default theme, and
//! the mistakes an officer can make setting them.

mod common;

use common::{Site, attrs, fails_keeping_last_good_site, place};
use lamplight::config::brand::Rgb;

/// The first bytes of a 120 × 60 PNG: all that is read to know it is one.
fn logo_png() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(120u32.to_be_bytes());
    png.extend(60u32.to_be_bytes());
    png
}

fn with_logo(site: &Site) {
    std::fs::create_dir_all(site.root().join("static/images")).unwrap();
    std::fs::write(site.root().join("static/images/logo.png"), logo_png()).unwrap();
}

#[test]
fn the_logo_and_colours_reach_every_page_through_a_stylesheet() {
    let site = Site::new();
    with_logo(&site);
    site.append(
        "config.toml",
        "[brand]\nlogo = \"images/logo.png\"\ncolour = \"#004D40\"\nlink_colour = \"#0b0c8c\"\n",
    )
    .write(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\nAbout us.\n",
    );
    site.build().unwrap();

    let css = site.read("css/brand.css");
    assert!(css.contains("--brand: #004d40;"), "{css}");
    assert!(css.contains("--link: #0b0c8c;"), "{css}");
    for page in [
        "index.html",
        "about/index.html",
        "search/index.html",
        "404.html",
    ] {
        let html = site.html(page);
        let sheets = attrs(&html, "link[rel=stylesheet]:not([media])", "href");
        assert_eq!(
            sheets.last().map(String::as_str),
            Some("/css/brand.css"),
            "{page}: the colours must come after the theme's own: {sheets:?}"
        );
        assert_eq!(
            attrs(&html, ".site-name img.site-logo", "src"),
            ["/images/logo.png"],
            "{page}"
        );
        // The name is written beside it, so the logo says nothing more.
        assert_eq!(attrs(&html, ".site-logo", "alt"), [""], "{page}");
    }
}

#[test]
fn a_site_without_brand_settings_has_no_brand_stylesheet_or_logo() {
    let site = Site::new();
    site.build().unwrap();
    assert!(!site.public("css/brand.css").exists());
    let html = site.html("index.html");
    assert!(attrs(&html, "link[href$='brand.css']", "href").is_empty());
    assert!(attrs(&html, ".site-logo", "src").is_empty());
}

/// The one error a `[brand]` table holding `setting` stops the build
/// with, which must be placed at the setting's line.
fn refused_brand(setting: &str) -> lamplight::Diagnostic {
    let d = fails_keeping_last_good_site(
        |_| {},
        |site| {
            site.append("config.toml", &format!("[brand]\n{setting}\n"));
        },
    );
    let line = common::CONFIG.lines().count() + 3;
    assert_eq!(place(&d), ("config.toml".into(), line, 1), "{setting}");
    d
}

#[test]
fn a_pale_colour_is_refused_at_its_line_with_a_darker_one_that_passes() {
    let d = refused_brand("colour = \"#00a3e0\"");
    assert!(d.message.contains("too light"), "{}", d.message);
    assert!(d.message.contains("2.8:1"), "{}", d.message);
    let hint = d.hint.unwrap();
    let offered = hint.rsplit('"').nth(1).expect("the hint quotes a colour");
    let offered = Rgb::parse(offered).expect("the hint's colour reads");
    assert!(
        offered.contrast_with_white() >= 4.5,
        "{hint}: the colour offered must pass"
    );
}

#[test]
fn every_colour_mistake_is_reported_in_one_run() {
    let site = Site::new();
    site.append(
        "config.toml",
        "[brand]\ncolour = \"teal\"\nlink_colour = \"#aaa\"\n",
    );
    let errors = site.build().unwrap_err();
    let messages: Vec<&str> = errors.0.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].contains("`teal` is not a colour"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("link_colour `#aaa` is too light"),
        "{messages:?}"
    );
}

#[test]
fn a_logo_that_is_not_there_or_not_an_image_is_refused_at_its_line() {
    let missing = refused_brand("logo = \"images/logo.pgn\"");
    assert!(missing.message.contains("not a file in static/"));
    assert!(missing.hint.unwrap().contains("static/images/logo.png"));

    let not_image = fails_keeping_last_good_site(
        |_| {},
        |site| {
            site.write("static/logo.png", "<html>not a picture</html>");
            site.append("config.toml", "[brand]\nlogo = \"logo.png\"\n");
        },
    );
    assert!(
        not_image.message.contains("is not a PNG"),
        "{}",
        not_image.message
    );
}

/// The error is at the setting that is wrong: not at an example of it
/// commented out above, nor inside `link_colour` written before `colour`.
#[test]
fn a_colour_error_is_at_the_real_setting() {
    let site = Site::new();
    site.append(
        "config.toml",
        "# [brand]\n# colour = \"#12355b\"\n[brand]\nlink_colour = \"#0b0c8c\"\ncolour = \"#00a3e0\"\n",
    );
    let errors = site.build().unwrap_err();
    let line = common::CONFIG.lines().count() + 6;
    assert_eq!(place(&errors.0[0]), ("config.toml".into(), line, 1));
}

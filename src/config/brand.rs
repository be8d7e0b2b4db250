//! `[brand]`: the partnership's logo and colours, for the default theme's
//! header, footer, borders and charts.
//!
//! Colours are checked here rather than trusted: the theme sets white text
//! on the brand colour and the brand colour (and links) on white, so a pale
//! colour would make the header's name and menu unreadable. A colour that
//! fails is refused with the same colour made darker until it passes, so
//! the hint is a colour that works. The stylesheet that applies them is a
//! file of its own (`css/brand.css`) because the Content-Security-Policy
//! allows no inline styles.

use serde::{Deserialize, Serialize};

/// The least contrast WCAG 2.2 asks of body text (SC 1.4.3, AA).
pub const TEXT_CONTRAST: f64 = 4.5;

/// Where the colours go: linked after the theme's own stylesheet.
pub const STYLESHEET: &str = "css/brand.css";

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct BrandConfig {
    /// The partnership's logo, a file in `static/` (`images/logo.png`),
    /// shown in the header beside the site's name. The name is still
    /// written out, so the logo is decoration to a screen reader.
    pub logo: Option<String>,
    /// The header's background, and the colour of rules, borders and bars:
    /// `#12355b`. White text goes on it, so it must be dark.
    pub colour: Option<String>,
    /// Links on white: `#1a4f8b`.
    pub link_colour: Option<String>,
}

/// A colour read from `#rgb` or `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |s: &str| u8::from_str_radix(s, 16).ok();
        match hex.len() {
            3 => {
                let twice = |i: usize| channel(&hex[i..=i].repeat(2));
                Some(Rgb(twice(0)?, twice(1)?, twice(2)?))
            }
            6 => Some(Rgb(
                channel(&hex[0..2])?,
                channel(&hex[2..4])?,
                channel(&hex[4..6])?,
            )),
            _ => None,
        }
    }

    /// Relative luminance, as WCAG defines it.
    fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    /// Contrast ratio against white, from 1 to 21.
    pub fn contrast_with_white(self) -> f64 {
        1.05 / (self.luminance() + 0.05)
    }

    /// The same hue made darker, a step at a time, until white on it has
    /// `ratio`: the colour a hint can offer instead.
    pub fn darkened_to(self, ratio: f64) -> Rgb {
        let mut factor = 1.0;
        loop {
            let scale = |c: u8| (f64::from(c) * factor).floor() as u8;
            let darker = Rgb(scale(self.0), scale(self.1), scale(self.2));
            if darker.contrast_with_white() >= ratio || factor <= 0.0 {
                return darker;
            }
            factor -= 0.01;
        }
    }
}

impl std::fmt::Display for Rgb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// A ratio to one decimal place, rounded down, so that 4.46 is never
/// shown as the 4.5 it fails to reach.
fn shown(ratio: f64) -> String {
    format!("{:.1}", (ratio * 10.0).floor() / 10.0)
}

/// What is wrong with one colour setting, in words for `config.toml`.
pub struct ColourProblem {
    pub key: &'static str,
    pub message: String,
    pub hint: String,
}

impl BrandConfig {
    /// Each colour must be a hex colour white text can sit on (and that
    /// can sit on white) at 4.5:1.
    pub fn problems(&self) -> Vec<ColourProblem> {
        let settings = [("colour", &self.colour), ("link_colour", &self.link_colour)];
        let mut problems = Vec::new();
        for (key, value) in settings {
            let Some(value) = value else { continue };
            match Rgb::parse(value) {
                None => problems.push(ColourProblem {
                    key,
                    message: format!("[brand] {key} `{value}` is not a colour Lamplight can read"),
                    hint: format!(
                        "write it as a hex colour, `#` and six digits 0–9 or letters a–f, such as {key} = \"#12355b\""
                    ),
                }),
                Some(colour) if colour.contrast_with_white() < TEXT_CONTRAST => {
                    let darker = colour.darkened_to(TEXT_CONTRAST);
                    let on_it = if key == "colour" {
                        "white text on it (the header's name and menu)"
                    } else {
                        "it as text on white"
                    };
                    problems.push(ColourProblem {
                        key,
                        message: format!(
                            "[brand] {key} `{value}` is too light: {on_it} has a contrast of {}:1, and readers need at least 4.5:1",
                            shown(colour.contrast_with_white())
                        ),
                        hint: format!(
                            "the same colour darker passes at {}:1: {key} = \"{darker}\"",
                            shown(darker.contrast_with_white())
                        ),
                    });
                }
                Some(_) => {}
            }
        }
        problems
    }

    /// `css/brand.css`, when a colour is set: the theme's own custom
    /// properties given the partnership's values. Only called once
    /// [`BrandConfig::problems`] found none.
    pub fn stylesheet(&self) -> Option<String> {
        if self.colour.is_none() && self.link_colour.is_none() {
            return None;
        }
        let mut css = String::from(
            "/* The partnership's colours, from [brand] in config.toml. Made by Lamplight. */\n:root {\n",
        );
        let colour = |value: &Option<String>| value.as_deref().and_then(Rgb::parse);
        if let Some(brand) = colour(&self.colour) {
            css.push_str(&format!("  --brand: {brand};\n"));
        }
        if let Some(link) = colour(&self.link_colour) {
            css.push_str(&format!("  --link: {link};\n"));
        }
        css.push_str("}\n");
        Some(css)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brand(colour: &str) -> BrandConfig {
        BrandConfig {
            colour: Some(colour.to_string()),
            ..BrandConfig::default()
        }
    }

    #[test]
    fn reads_short_and_long_hex() {
        assert_eq!(Rgb::parse("#12355b"), Some(Rgb(0x12, 0x35, 0x5b)));
        assert_eq!(Rgb::parse("#FFF"), Some(Rgb(255, 255, 255)));
        for wrong in ["12355b", "#12355", "#1235zz", "navy", "#ééé"] {
            assert_eq!(Rgb::parse(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn contrast_is_wcag_s() {
        // Known pairs: black on white 21:1; #767676 is the lightest grey at 4.5:1.
        assert!((Rgb(0, 0, 0).contrast_with_white() - 21.0).abs() < 0.01);
        assert!(Rgb(0x76, 0x76, 0x76).contrast_with_white() >= 4.5);
        assert!(Rgb(0x77, 0x77, 0x77).contrast_with_white() < 4.5);
    }

    #[test]
    fn the_theme_s_own_colours_pass() {
        assert!(brand("#12355b").problems().is_empty());
    }

    #[test]
    fn a_pale_colour_is_refused_with_a_darker_one_that_passes() {
        for pale in ["#ffcc00", "#00a3e0", "#f47c20", "#7fbf7f", "#ffffff"] {
            let problems = brand(pale).problems();
            assert_eq!(problems.len(), 1, "{pale}");
            assert!(problems[0].message.contains("too light"), "{pale}");
            let offered = problems[0]
                .hint
                .rsplit('"')
                .nth(1)
                .expect("the hint quotes a colour");
            assert!(
                brand(offered).problems().is_empty(),
                "{pale}: the hint's {offered} must itself pass"
            );
        }
    }

    #[test]
    fn a_colour_that_is_not_hex_says_how_to_write_one() {
        let problems = brand("navy").problems();
        assert!(problems[0].message.contains("not a colour"));
        assert!(problems[0].hint.contains("#12355b"));
    }

    #[test]
    fn stylesheet_only_when_a_colour_is_set() {
        assert_eq!(BrandConfig::default().stylesheet(), None);
        let css = BrandConfig {
            link_colour: Some("#036".into()),
            ..brand("#12355B")
        }
        .stylesheet()
        .unwrap();
        assert!(css.contains("--brand: #12355b;"));
        assert!(css.contains("--link: #003366;"));
    }
}

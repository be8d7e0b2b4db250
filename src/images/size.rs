//! An image's width, height and format, read from the first bytes of the
//! file without decoding it: for `get_image_metadata`, and for planning a
//! resize (`resize.rs`) without opening an image already resized. Reads
//! PNG, GIF, JPEG, WebP and SVG.

/// Width, height and format (`png`, `gif`, `jpg`, `webp`, `svg`) of an
/// image's bytes; `None` for a format it does not read.
pub fn image_size(bytes: &[u8]) -> Option<(u32, u32, &'static str)> {
    let be16 = |at: usize| Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?) as u32);
    let le16 = |at: usize| Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?) as u32);
    let be32 = |at: usize| Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
    let le24 = |at: usize| {
        let b = bytes.get(at..at + 3)?;
        Some(b[0] as u32 | (b[1] as u32) << 8 | (b[2] as u32) << 16)
    };
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some((be32(16)?, be32(20)?, "png"));
    }
    if bytes.starts_with(b"GIF8") {
        return Some((le16(6)?, le16(8)?, "gif"));
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return match bytes.get(12..16)? {
            b"VP8 " => Some((le16(26)? & 0x3fff, le16(28)? & 0x3fff, "webp")),
            b"VP8L" => {
                let b = bytes.get(21..25)?;
                let bits = u32::from_le_bytes(b.try_into().ok()?);
                Some(((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1, "webp"))
            }
            b"VP8X" => Some((le24(24)? + 1, le24(27)? + 1, "webp")),
            _ => None,
        };
    }
    if bytes.starts_with(&[0xff, 0xd8]) {
        // Segments until a start of frame, which holds the size.
        let mut at = 2;
        while at + 9 < bytes.len() {
            if bytes[at] != 0xff {
                return None;
            }
            let marker = bytes[at + 1];
            let frame = matches!(marker, 0xc0..=0xcf) && !matches!(marker, 0xc4 | 0xc8 | 0xcc);
            if frame {
                return Some((be16(at + 7)?, be16(at + 5)?, "jpg"));
            }
            at += 2 + be16(at + 2)? as usize;
        }
        return None;
    }
    svg_size(std::str::from_utf8(bytes.get(..bytes.len().min(4096))?).ok()?)
}

/// An SVG's `width` and `height`, or else its `viewBox`'s.
fn svg_size(text: &str) -> Option<(u32, u32, &'static str)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attribute = |name: &str| {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(&tag[at..at + tag[at..].find('"')?])
    };
    let number = |value: &str| {
        let digits = value.trim_end_matches(|c: char| c.is_alphabetic());
        digits.parse::<f64>().ok().map(|n| n.round() as u32)
    };
    if let (Some(w), Some(h)) = (attribute("width"), attribute("height"))
        && let (Some(w), Some(h)) = (number(w), number(h))
    {
        return Some((w, h, "svg"));
    }
    let view_box: Vec<u32> = attribute("viewBox")?
        .split([' ', ','])
        .filter(|part| !part.is_empty())
        .filter_map(number)
        .collect();
    match view_box[..] {
        [_, _, w, h] => Some((w, h, "svg")),
        _ => None,
    }
}

/// The MIME type of a format [`image_size`] gives.
pub fn mime(format: &str) -> &'static str {
    match format {
        "png" => "image/png",
        "gif" => "image/gif",
        "jpg" => "image/jpeg",
        "webp" => "image/webp",
        _ => "image/svg+xml",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_of_each_format() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        assert_eq!(image_size(&png), Some((640, 480, "png")));
        let gif = b"GIF89a\x20\x03\x58\x02";
        assert_eq!(image_size(gif), Some((800, 600, "gif")));
        // A JPEG with an APP0 segment, then a baseline frame of 300 × 200.
        let jpeg = [
            0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 200, 1, 44, 3, 0, 0,
        ];
        assert_eq!(image_size(&jpeg), Some((300, 200, "jpg")));
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60"><g/></svg>"#;
        assert_eq!(image_size(svg), Some((120, 60, "svg")));
        let svg = br#"<svg width="24px" height="12.4" xmlns="http://www.w3.org/2000/svg"></svg>"#;
        assert_eq!(image_size(svg), Some((24, 12, "svg")));
        assert_eq!(image_size(b"plain text"), None);
        assert_eq!(image_size(&[0xff, 0xd8, 0xff]), None);
    }

    #[test]
    fn the_bundled_j9_sign_is_read() {
        let sign = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/content/schemes/j9/j9-sign.svg"
        ))
        .unwrap();
        let (width, height, format) = image_size(&sign).expect("the J9 sign's size");
        assert_eq!(format, "svg");
        assert!(width > 0 && height > 0);
    }
}

//! Zola's `resize_image`: an image made smaller by one of Zola's five
//! operations, written once to a cache outside the site folder and
//! published at `/processed_images/<hash>.<ext>`.
//!
//! The name is a hash of the source's bytes and the request, so an edited
//! photo gets a new address (no stale copy in a resident's browser), and a
//! second build, or `serve` after an edit, finds the copy made before and
//! decodes nothing: the size is worked out from the file's first bytes.
//! The cache is never inside the site folder, which Lamplight leaves as the
//! officer wrote it.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Where resized copies are published, below the site's base path.
pub const FOLDER: &str = "processed_images";

/// Zola's operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Exactly `width` by `height`, stretched if need be.
    Scale,
    /// `width` wide, as tall as keeps its shape.
    FitWidth,
    /// `height` tall, as wide as keeps its shape.
    FitHeight,
    /// Within `width` by `height`, keeping its shape; never made larger.
    Fit,
    /// Exactly `width` by `height`, keeping its shape: cut to fit, centred.
    Fill,
}

impl Op {
    pub fn parse(name: &str) -> Result<Op, String> {
        Ok(match name {
            "scale" => Op::Scale,
            "fit_width" => Op::FitWidth,
            "fit_height" => Op::FitHeight,
            "fit" => Op::Fit,
            "fill" => Op::Fill,
            other => {
                return Err(format!(
                    "`op = \"{other}\"` is not one of scale, fit_width, fit_height, fit, fill"
                ));
            }
        })
    }

    fn name(self) -> &'static str {
        match self {
            Op::Scale => "scale",
            Op::FitWidth => "fit_width",
            Op::FitHeight => "fit_height",
            Op::Fit => "fit",
            Op::Fill => "fill",
        }
    }
}

/// What a template asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resize {
    pub op: Op,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// `auto` (the source's, PNG for a GIF), `jpg`, `png` or `webp`.
    pub format: String,
    /// For JPEG, 1 to 100.
    pub quality: u8,
}

/// The resized copy: where it is published and where it is cached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resized {
    /// `processed_images/3f2a….jpg`, below the base path.
    pub published: String,
    pub cached: PathBuf,
    pub width: u32,
    pub height: u32,
    pub orig_width: u32,
    pub orig_height: u32,
}

/// The copy of `bytes` (an image `source` names, for messages) that
/// `resize` asks for, made into the cache if it is not there yet.
pub fn resize(bytes: &[u8], source: &str, resize: &Resize) -> Result<Resized, String> {
    let (orig_width, orig_height, format) = super::image_size(bytes)
        .ok_or_else(|| format!("`{source}` is not a PNG, GIF, JPEG or WebP image"))?;
    if format == "svg" {
        return Err(format!(
            "`{source}` is an SVG, which is drawn at any size: use it as it is"
        ));
    }
    let (width, height) = target(resize, (orig_width, orig_height))?;
    let extension = extension(&resize.format, format)?;
    let mut hasher = Sha256::new();
    hasher.update(bytes);
    let request = format!(
        "{}:{width}x{height}:{extension}:{}",
        resize.op.name(),
        resize.quality
    );
    hasher.update(request.as_bytes());
    let hash: String = hasher.finalize()[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let name = format!("{hash}.{extension}");
    let cached = cache_dir().join(&name);
    if !cached.is_file() {
        make(bytes, resize, (width, height), extension, &cached)
            .map_err(|e| format!("cannot resize `{source}`: {e}"))?;
    }
    Ok(Resized {
        published: format!("{FOLDER}/{name}"),
        cached,
        width,
        height,
        orig_width,
        orig_height,
    })
}

/// The size `resize` makes of an image `orig` in size.
fn target(resize: &Resize, (ow, oh): (u32, u32)) -> Result<(u32, u32), String> {
    let need = |value: Option<u32>, name: &str| {
        value.filter(|v| *v > 0).ok_or_else(|| {
            format!(
                "`op = \"{}\"` needs a `{name}` of 1 or more",
                resize.op.name()
            )
        })
    };
    let keep = |given: u32, of: u32, other: u32| {
        ((other as f64 * given as f64 / of as f64).round() as u32).max(1)
    };
    Ok(match resize.op {
        Op::Scale | Op::Fill => (need(resize.width, "width")?, need(resize.height, "height")?),
        Op::FitWidth => {
            let w = need(resize.width, "width")?;
            (w, keep(w, ow, oh))
        }
        Op::FitHeight => {
            let h = need(resize.height, "height")?;
            (keep(h, oh, ow), h)
        }
        Op::Fit => {
            let (w, h) = (need(resize.width, "width")?, need(resize.height, "height")?);
            if ow <= w && oh <= h {
                (ow, oh)
            } else if ow as u64 * h as u64 > oh as u64 * w as u64 {
                (w, keep(w, ow, oh))
            } else {
                (keep(h, oh, ow), h)
            }
        }
    })
}

/// The file ending of the copy: the format asked for, or the source's.
fn extension(asked: &str, source: &str) -> Result<&'static str, String> {
    Ok(match (asked, source) {
        ("jpg" | "jpeg", _) | ("auto", "jpg") => "jpg",
        ("png", _) | ("auto", "png" | "gif") => "png",
        ("webp", _) | ("auto", "webp") => "webp",
        (other, _) => {
            return Err(format!(
                "`format = \"{other}\"` is not one of auto, jpg, png, webp"
            ));
        }
    })
}

/// Decodes, resizes and encodes, writing through a temporary name so that
/// a build stopped half way leaves no half-written copy to publish.
fn make(
    bytes: &[u8],
    resize: &Resize,
    (width, height): (u32, u32),
    extension: &str,
    cached: &Path,
) -> Result<(), String> {
    use image::imageops::FilterType;
    let image = image::load_from_memory(bytes).map_err(|e| e.to_string())?;
    let filter = FilterType::Lanczos3;
    let resized = match resize.op {
        Op::Fill => image.resize_to_fill(width, height, filter),
        _ if (width, height) == (image.width(), image.height()) => image,
        _ => image.resize_exact(width, height, filter),
    };
    let mut out = Vec::new();
    let written = match extension {
        "jpg" => resized.to_rgb8().write_with_encoder(
            image::codecs::jpeg::JpegEncoder::new_with_quality(
                &mut out,
                resize.quality.clamp(1, 100),
            ),
        ),
        "png" => resized.write_with_encoder(image::codecs::png::PngEncoder::new(&mut out)),
        _ => resized
            .to_rgba8()
            .write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut out)),
    };
    written.map_err(|e| e.to_string())?;
    let dir = cached.parent().expect("the cache file is in a folder");
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    // A name of its own for each write: two pages may ask for the same
    // copy at once, on two threads.
    static WRITES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let write = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temporary =
        cached.with_extension(format!("{extension}.{}-{write}.part", std::process::id()));
    std::fs::write(&temporary, &out).map_err(|e| format!("{}: {e}", temporary.display()))?;
    match std::fs::rename(&temporary, cached) {
        // Another thread made the same copy first (Windows will not
        // rename over a file): its copy is this one.
        Err(_) if cached.is_file() => {
            let _ = std::fs::remove_file(&temporary);
            Ok(())
        }
        done => done.map_err(|e| format!("{}: {e}", cached.display())),
    }
}

/// Where resized copies are kept between builds: the user's cache folder
/// (`$XDG_CACHE_HOME`, or `~/.cache`), else the system's temporary folder;
/// `LAMPLIGHT_CACHE` names another.
pub fn cache_dir() -> PathBuf {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = var("LAMPLIGHT_CACHE")
        .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("lamplight")))
        .or_else(|| var("HOME").map(|d| d.join(".cache/lamplight")))
        .unwrap_or_else(|| std::env::temp_dir().join("lamplight"));
    base.join(FOLDER)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(op: Op, width: Option<u32>, height: Option<u32>) -> Resize {
        Resize {
            op,
            width,
            height,
            format: "auto".into(),
            quality: 75,
        }
    }

    #[test]
    fn each_operation_gives_zola_s_size() {
        let photo = (4000, 3000);
        let size = |op, w, h| target(&asked(op, w, h), photo);
        assert_eq!(size(Op::Scale, Some(100), Some(100)), Ok((100, 100)));
        assert_eq!(size(Op::FitWidth, Some(800), None), Ok((800, 600)));
        assert_eq!(size(Op::FitHeight, None, Some(300)), Ok((400, 300)));
        assert_eq!(size(Op::Fit, Some(800), Some(800)), Ok((800, 600)));
        assert_eq!(size(Op::Fit, Some(1000), Some(300)), Ok((400, 300)));
        // Never made larger.
        assert_eq!(size(Op::Fit, Some(8000), Some(8000)), Ok((4000, 3000)));
        assert_eq!(size(Op::Fill, Some(200), Some(200)), Ok((200, 200)));
        assert!(size(Op::FitWidth, None, Some(10)).is_err());
        assert!(size(Op::Fill, Some(0), Some(10)).is_err());
        assert_eq!(extension("auto", "gif"), Ok("png"));
        assert!(extension("bmp", "png").is_err());
    }
}

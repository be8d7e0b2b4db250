//! Images as templates ask for them: their size (`size.rs`), and smaller
//! copies made with Zola's `resize_image` (`resize.rs`), so that a photo
//! an officer took on a phone (4,000 pixels, several megabytes) reaches a
//! resident's phone at the size it is shown.

pub mod resize;
pub mod size;

pub use resize::{Op, Resize, Resized};
pub use size::{image_size, mime};

//! The negotiation dance as an animated GIF (placeholder).

use crate::error::Result;
use crate::model::label::Lang;
use crate::teaching::demo::Demonstration;
use std::path::Path;

/// Writes the animation.
pub fn write_gif(shown: &Demonstration, lang: Lang, path: &Path) -> Result<()> {
    let _ = (shown, lang, path);
    Ok(())
}

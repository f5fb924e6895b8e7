//! The embedded font. Charts never depend on fonts installed on the machine: DejaVu Sans
//! (from the `dejavu` crate, Bitstream Vera licence) is compiled into negsim and registered
//! with plotters' ab_glyph renderer before anything is drawn. SVG files name the generic
//! `sans-serif` family, so viewers use their own sans-serif font for the same text.
//!
//! The font's licence, which must travel with copies of negsim, is in
//! `licenses/DejaVu-fonts.txt`.

use crate::error::{Error, Result};
use plotters::style::{FontStyle, register_font};
use std::sync::OnceLock;

/// The family name charts draw with (plotters' `FontFamily::SansSerif`).
pub const FAMILY: &str = "sans-serif";

/// Registers the embedded font once per process.
pub fn register() -> Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular()).is_ok()
            && register_font(FAMILY, FontStyle::Bold, dejavu::sans::bold()).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(Error {
            kind: crate::error::ErrorKind::Io,
            ..Error::input("the embedded chart font could not be loaded")
        })
    }
}

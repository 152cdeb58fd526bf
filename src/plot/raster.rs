//! SVG to PNG with resvg and the embedded font.
//!
//! The machine that runs framelens may have no fonts at all, so the font
//! database holds only the font compiled into the binary, and every generic
//! family ("sans-serif", "serif", ...) resolves to it.

use super::font::{FONT_DATA, FONT_FAMILY};
use crate::error::{ChartStep, Error, Result};
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

/// The font database shared by every rasterisation (loading the font once).
fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(FONT_DATA.to_vec());
        db.set_sans_serif_family(FONT_FAMILY);
        db.set_serif_family(FONT_FAMILY);
        db.set_monospace_family(FONT_FAMILY);
        db.set_cursive_family(FONT_FAMILY);
        db.set_fantasy_family(FONT_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// usvg options that resolve every text to the embedded font.
pub(crate) fn options() -> usvg::Options<'static> {
    usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        fontdb: fontdb(),
        ..usvg::Options::default()
    }
}

/// An [`Error::Chart`] of `step` with `message`.
pub(crate) fn chart_error(step: ChartStep, message: impl std::fmt::Display) -> Error {
    Error::Chart {
        step,
        message: message.to_string(),
    }
}

/// Parse an SVG document as resvg sees it (used by `to_png` and by tests).
pub fn parse_svg(svg: &str) -> Result<usvg::Tree> {
    usvg::Tree::from_str(svg, &options()).map_err(|e| chart_error(ChartStep::ParseSvg, e))
}

/// Rasterise `svg` at `scale` times its own size and encode it as PNG.
pub fn to_png(svg: &str, scale: f32) -> Result<Vec<u8>> {
    let tree = parse_svg(svg)?;
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    let size = tree.size();
    let w = (size.width() * scale).ceil().max(1.0) as u32;
    let h = (size.height() * scale).ceil().max(1.0) as u32;
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or_else(|| {
        chart_error(
            ChartStep::Allocate,
            format!("{w}x{h} pixels cannot be allocated"),
        )
    })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| chart_error(ChartStep::EncodePng, e))
}

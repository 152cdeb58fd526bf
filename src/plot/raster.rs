//! SVG to PNG with resvg and the embedded font.
//!
//! The machine that runs framelens may have no fonts at all, so the font
//! database holds only the font compiled into the binary, and every generic
//! family ("sans-serif", "serif", ...) resolves to it.
//!
//! Charts are drawn on white in a handful of colours, so their pixels take
//! few distinct values even with anti-aliasing (50 to 500 in BASIL's
//! charts). [`encode`] writes such a picture as an indexed PNG with an
//! exact palette (lossless, one byte or less per pixel) and any other as
//! RGB without the alpha channel: tiny-skia's own RGBA encoding was 4 to 8
//! times larger and most of a report's size.

use super::font::{FONT_DATA, FONT_FAMILY};
use super::text_layer;
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
///
/// The charts' own SVG has its text drawn from cached glyph masks, layer
/// by layer ([`text_layer`]); any other SVG is left to usvg whole.
pub fn to_png(svg: &str, scale: f32) -> Result<Vec<u8>> {
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    let pixmap = match text_layer::split(svg) {
        Some(layers) if layers.first().is_some_and(|l| l.shapes.is_some()) => {
            let mut pixmap: Option<tiny_skia::Pixmap> = None;
            for layer in &layers {
                if let Some(shapes) = &layer.shapes {
                    let tree = parse_svg(shapes)?;
                    let target = match &mut pixmap {
                        Some(p) => p,
                        None => pixmap.insert(blank(&tree, scale)?),
                    };
                    draw_tree(&tree, scale, target);
                }
                if let Some(target) = &mut pixmap {
                    text_layer::draw(target, &layer.texts, scale);
                }
            }
            pixmap.ok_or_else(|| chart_error(ChartStep::ParseSvg, "no shapes"))?
        }
        _ => {
            let tree = parse_svg(svg)?;
            let mut pixmap = blank(&tree, scale)?;
            draw_tree(&tree, scale, &mut pixmap);
            pixmap
        }
    };
    encode(&pixmap)
}

/// A white pixmap of `tree`'s size at `scale`.
fn blank(tree: &usvg::Tree, scale: f32) -> Result<tiny_skia::Pixmap> {
    let size = tree.size();
    let w = (size.width() * scale).ceil().max(1.0) as u32;
    let h = (size.height() * scale).ceil().max(1.0) as u32;
    let too_big = || {
        chart_error(
            ChartStep::Allocate,
            format!("{w}x{h} pixels cannot be allocated"),
        )
    };
    // Opaque white in one pass (allocating zeroed, then filling, was two).
    let size = tiny_skia::IntSize::from_wh(w, h).ok_or_else(too_big)?;
    let bytes = (w as usize)
        .checked_mul(h as usize)
        .and_then(|n| n.checked_mul(4))
        .filter(|&n| n <= i32::MAX as usize)
        .ok_or_else(too_big)?;
    tiny_skia::Pixmap::from_vec(vec![u8::MAX; bytes], size).ok_or_else(too_big)
}

/// Draw `tree` over `pixmap` at `scale`.
fn draw_tree(tree: &usvg::Tree, scale: f32, pixmap: &mut tiny_skia::Pixmap) {
    resvg::render(
        tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
}

/// Most colours an indexed PNG holds.
const MAX_PALETTE: usize = 256;

/// The zlib level of chart PNGs. Measured on BASIL's charts (indexed, Up
/// filter): level 1 is about 6 times faster than level 6 and 1.5 times
/// larger; fdeflate (tiny-skia's choice) is as fast and larger still.
/// Encoding at level 6 took longer than drawing.
const ZLIB_LEVEL: u8 = 1;

/// Bytes per IDAT chunk (any size up to 2^31 is valid; decoders stream).
const IDAT_BYTES: usize = 1 << 20;

/// Encode a rendered chart as PNG, losslessly and small: indexed with an
/// exact palette when it has at most 256 colours, else RGB. A pixmap with
/// any transparent pixel (never a chart: they are drawn on white) keeps
/// tiny-skia's RGBA encoding.
pub fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>> {
    let err = |e: png::EncodingError| chart_error(ChartStep::EncodePng, e);
    let (w, h) = (pixmap.width(), pixmap.height());
    let colours = palette_of(pixmap.data(), w as usize);
    let transparent = match colours {
        Colours::Transparent => true,
        Colours::Indexed(..) => false,
        Colours::Many => pixmap.pixels().iter().any(|p| p.alpha() != u8::MAX),
    };
    if transparent {
        return pixmap.encode_png().map_err(err);
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    let (rows, row_bytes) = match colours {
        Colours::Indexed(palette, indices) => {
            let bits = match palette.len() {
                0..=2 => 1,
                3..=4 => 2,
                5..=16 => 4,
                _ => 8,
            };
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_depth(match bits {
                1 => png::BitDepth::One,
                2 => png::BitDepth::Two,
                4 => png::BitDepth::Four,
                _ => png::BitDepth::Eight,
            });
            encoder.set_palette(palette.iter().flatten().copied().collect::<Vec<u8>>());
            let row_bytes = (w as usize * bits).div_ceil(8);
            (pack_rows(indices, w as usize, bits), row_bytes)
        }
        _ => {
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            // Opaque, so the premultiplied colour is the colour.
            let rgb = pixmap
                .pixels()
                .iter()
                .flat_map(|p| [p.red(), p.green(), p.blue()])
                .collect();
            (rgb, 3 * w as usize)
        }
    };
    let idat =
        miniz_oxide::deflate::compress_to_vec_zlib(&up_filtered(&rows, row_bytes), ZLIB_LEVEL);
    let mut writer = encoder.write_header().map_err(err)?;
    for chunk in idat.chunks(IDAT_BYTES) {
        writer.write_chunk(png::chunk::IDAT, chunk).map_err(err)?;
    }
    writer.finish().map_err(err)?;
    Ok(out)
}

/// PNG scanlines with the Up filter (each byte minus the byte above it):
/// a chart repeats most rows of the row above, which this turns into runs
/// of zeros, and it costs one subtraction a byte (adaptive filtering cost
/// more than it saved at this zlib level).
fn up_filtered(rows: &[u8], row_bytes: usize) -> Vec<u8> {
    const UP: u8 = 2;
    let mut out = Vec::with_capacity(rows.len() + rows.len() / row_bytes.max(1) + 1);
    let mut above: &[u8] = &[];
    for row in rows.chunks(row_bytes.max(1)) {
        out.push(UP);
        if above.is_empty() {
            out.extend_from_slice(row);
        } else {
            out.extend(row.iter().zip(above).map(|(b, a)| b.wrapping_sub(*a)));
        }
        above = row;
    }
    out
}

/// Slots of the colour table in [`palette_of`]: four times the palette,
/// so that probes stay short.
const SLOTS: usize = 4 * MAX_PALETTE;

/// What [`palette_of`] found.
enum Colours {
    /// Opaque, with these distinct colours (in order of first
    /// appearance) and each pixel's index into them.
    Indexed(Vec<[u8; 3]>, Vec<u8>),
    /// Some pixel is not opaque.
    Transparent,
    /// More than [`MAX_PALETTE`] colours (transparency not checked).
    Many,
}

/// The colours of the RGBA `data`, `width` pixels a row. A row equal to
/// the one above (most of a chart's background and bars) copies its
/// indices; within a row the last colour answers most look-ups.
fn palette_of(data: &[u8], width: usize) -> Colours {
    let mut palette: Vec<[u8; 3]> = Vec::new();
    // Open addressing: (colour as 0x00RRGGBB + 1, index); 0 is empty.
    let mut table = [(0u32, 0u8); SLOTS];
    let width = width.max(1);
    let row_len = 4 * width;
    let mut indices = vec![0u8; data.len() / 4];
    for r in 0..data.len() / row_len {
        let row = &data[r * row_len..(r + 1) * row_len];
        if r > 0 && row == &data[(r - 1) * row_len..r * row_len] {
            indices.copy_within((r - 1) * width..r * width, r * width);
            continue;
        }
        let out = &mut indices[r * width..(r + 1) * width];
        let pixel = |j: usize| {
            let b = &row[4 * j..4 * j + 4];
            [b[0], b[1], b[2], b[3]]
        };
        let mut j = 0;
        while j < width {
            let p = pixel(j);
            let mut end = j + 1;
            // Four pixels a comparison along a run (most of a row).
            let four: [u8; 16] = std::array::from_fn(|k| p[k % 4]);
            while end + 4 <= width && row[4 * end..4 * end + 16] == four {
                end += 4;
            }
            while end < width && pixel(end) == p {
                end += 1;
            }
            if p[3] != u8::MAX {
                return Colours::Transparent;
            }
            let key = (u32::from(p[0]) << 16 | u32::from(p[1]) << 8 | u32::from(p[2])) + 1;
            let mut slot = (key.wrapping_mul(0x9E37_79B1) >> 22) as usize % SLOTS;
            let i = loop {
                match table[slot] {
                    (k, i) if k == key => break i,
                    (0, _) => {
                        let Ok(i) = u8::try_from(palette.len()) else {
                            return Colours::Many;
                        };
                        palette.push([p[0], p[1], p[2]]);
                        table[slot] = (key, i);
                        break i;
                    }
                    _ => slot = (slot + 1) % SLOTS,
                }
            };
            out[j..end].fill(i);
            j = end;
        }
    }
    Colours::Indexed(palette, indices)
}

/// Palette indices (`width` per row) packed `bits` to a byte, each row
/// starting on a byte, high bits first (the PNG layout).
fn pack_rows(indices: Vec<u8>, width: usize, bits: usize) -> Vec<u8> {
    if bits == 8 || width == 0 {
        return indices;
    }
    let per_byte = 8 / bits;
    let row_bytes = width.div_ceil(per_byte);
    let mut out = Vec::with_capacity(row_bytes * (indices.len() / width));
    for row in indices.chunks(width) {
        for group in row.chunks(per_byte) {
            let mut b = 0u8;
            for (k, &i) in group.iter().enumerate() {
                b |= i << (8 - bits * (k + 1));
            }
            out.push(b);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use resvg::tiny_skia::Pixmap;

    /// Decode `png` back to RGBA pixels and its colour type.
    fn decode(png: &[u8]) -> (png::ColorType, png::BitDepth, Vec<u8>) {
        let mut decoder = png::Decoder::new(png);
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let (color, depth) = (reader.info().color_type, reader.info().bit_depth);
        let mut buf = vec![0; reader.output_buffer_size()];
        let frame = reader.next_frame(&mut buf).unwrap();
        buf.truncate(frame.buffer_size());
        let rgba = match frame.color_type {
            png::ColorType::Rgb => buf
                .chunks(3)
                .flat_map(|c| [c[0], c[1], c[2], 255])
                .collect(),
            png::ColorType::Rgba => buf,
            other => panic!("unexpected {other:?}"),
        };
        (color, depth, rgba)
    }

    /// A 7 x 3 pixmap whose pixel i has colour `colour(i)`.
    fn pixmap(colour: impl Fn(usize) -> [u8; 3]) -> tiny_skia::Pixmap {
        let mut p = tiny_skia::Pixmap::new(7, 3).unwrap();
        for (i, px) in p.pixels_mut().iter_mut().enumerate() {
            let [r, g, b] = colour(i);
            *px = tiny_skia::PremultipliedColorU8::from_rgba(r, g, b, 255).unwrap();
        }
        p
    }

    fn same_pixels(p: &tiny_skia::Pixmap, rgba: &[u8]) -> bool {
        p.pixels()
            .iter()
            .flat_map(|c| [c.red(), c.green(), c.blue(), c.alpha()])
            .eq(rgba.iter().copied())
    }

    #[test]
    fn few_colours_give_an_exact_indexed_png_of_the_smallest_depth() {
        for (n, depth) in [
            (2, png::BitDepth::One),
            (3, png::BitDepth::Two),
            (9, png::BitDepth::Four),
            (21, png::BitDepth::Eight),
        ] {
            // Rows of 7 do not fill whole bytes at 1, 2 and 4 bits.
            let p = pixmap(|i| [(i % n) as u8 * 10, 255 - (i % n) as u8, 7]);
            let (color, d, rgba) = decode(&encode(&p).unwrap());
            assert_eq!((color, d), (png::ColorType::Indexed, depth), "{n} colours");
            assert!(
                same_pixels(&p, &rgba),
                "{n} colours decode to the same pixels"
            );
        }
    }

    #[test]
    fn many_colours_give_an_exact_rgb_png() {
        let mut p = tiny_skia::Pixmap::new(40, 20).unwrap();
        for (i, px) in p.pixels_mut().iter_mut().enumerate() {
            let (r, g) = ((i % 256) as u8, (i / 256) as u8);
            *px = tiny_skia::PremultipliedColorU8::from_rgba(r, g, 3, 255).unwrap();
        }
        let (color, _, rgba) = decode(&encode(&p).unwrap());
        assert_eq!(color, png::ColorType::Rgb);
        assert!(same_pixels(&p, &rgba));
    }

    #[test]
    fn a_transparent_pixel_keeps_rgba() {
        let mut p = pixmap(|_| [1, 2, 3]);
        p.pixels_mut()[4] = tiny_skia::PremultipliedColorU8::TRANSPARENT;
        let (color, _, _) = decode(&encode(&p).unwrap());
        assert_eq!(color, png::ColorType::Rgba);
    }

    #[test]
    fn text_from_glyph_masks_looks_like_usvgs() {
        // Sizes, anchors, colours, a rotated label and a shape over text,
        // at scales 1 and 2.
        let svg = r##"<svg font-family="Noto Sans, sans-serif" font-size="11.5" fill="#212121" width="240" height="120" viewBox="0 0 240 120" xmlns="http://www.w3.org/2000/svg">
<rect x="0" y="0" width="240" height="120" fill="#FFFFFF"/>
<text x="16" y="16" dy="0.76em" font-size="18">Which outlet — «quoted» Ärger</text>
<text x="230" y="50" dy="0.5ex" text-anchor="end" fill="#646464">fox-news &amp; co, 0.25</text>
<text x="120" y="80" dy="-0.5ex" text-anchor="middle" font-size="12.5">rate per 1,000 tokens</text>
<text x="12" y="110" dy="0.76em" text-anchor="middle" font-size="12.5" transform="rotate(270, 12, 110)">axis label</text>
<rect x="100" y="60" width="30" height="30" fill="#0072B2"/>
<text x="104" y="75" dy="0.5ex" fill="#FFFFFF">0.9</text>
</svg>"##;
        assert!(text_layer::split(svg).is_some_and(|l| l.len() == 2));
        for scale in [1.0, 2.0] {
            let ours = Pixmap::decode_png(&to_png(svg, scale).unwrap()).unwrap();
            let tree = parse_svg(svg).unwrap();
            let mut reference = blank(&tree, scale).unwrap();
            draw_tree(&tree, scale, &mut reference);
            let (mut big, mut ink_ours, mut ink_ref) = (0usize, 0u64, 0u64);
            for (a, b) in ours.pixels().iter().zip(reference.pixels()) {
                let d = [
                    a.red().abs_diff(b.red()),
                    a.green().abs_diff(b.green()),
                    a.blue().abs_diff(b.blue()),
                ];
                big += usize::from(d.iter().any(|&d| d > 64));
                ink_ours += u64::from(255 - a.red());
                ink_ref += u64::from(255 - b.red());
            }
            let n = ours.pixels().len();
            assert!(
                big * 200 < n,
                "scale {scale}: {big} of {n} pixels differ by more than a quarter"
            );
            let ratio = ink_ours as f64 / ink_ref as f64;
            assert!((ratio - 1.0).abs() < 0.01, "scale {scale}: ink {ratio}");
        }
    }
}

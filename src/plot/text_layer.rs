//! Chart text rasterised from cached glyph masks instead of through usvg.
//!
//! Three quarters of the time spent rasterising BASIL's 909 charts went
//! to their text: usvg shapes every `<text>` with a rustybuzz face it
//! builds anew for each one, turns every glyph into a path, and tiny-skia
//! fills each path with four-times supersampling. A chart's labels use a
//! few dozen glyphs at three or four sizes, so here each string is shaped
//! with one face built once, each glyph is filled once per size, angle
//! and eighth-of-a-pixel position into a coverage mask, and the masks are
//! blended onto the rendered shapes, layer by layer in document order.
//! The shaper, the font, the outlines and the anti-aliasing are the ones
//! usvg uses; what differs is that a glyph sits on the nearest eighth of
//! a pixel (finer than the quarter-pixel positioning of FreeType and
//! Skia). On BASIL's 909 charts no channel differs from usvg's by more
//! than 111 of 255, and about 0.1% of pixels by more than 48 (glyph edges).
//!
//! Only the SVG that `plot::draw` writes is handled here: top-level
//! `<text>` elements with `x`, `y`, `dy`, `text-anchor`, `font-size`,
//! `fill` and `transform="rotate(..)"`. A document with anything else
//! (groups, tspans, styles, other units, right-to-left scripts, a text
//! under a later shape) is left to usvg whole, so any SVG still renders.

use super::font::FONT_DATA;
use resvg::tiny_skia;
use rustybuzz::ttf_parser;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::OnceLock;

/// Where a text sits against its `x`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Anchor {
    Start,
    Middle,
    End,
}

/// One `<text>` element, resolved: baseline origin in SVG pixels.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextItem {
    x: f32,
    y: f32,
    anchor: Anchor,
    size: f32,
    colour: [u8; 3],
    /// `rotate(angle, cx, cy)` in degrees, about that point.
    rotate: Option<(f32, f32, f32)>,
    text: String,
}

/// Shapes and the text drawn over them, in document order: `shapes` is a
/// whole SVG document (the root's attributes, then the shapes), empty
/// when the layer starts with text.
pub(crate) struct Layer {
    pub(crate) shapes: Option<String>,
    pub(crate) texts: Vec<TextItem>,
}

/// The document as layers of shapes and of the text drawn after them (so
/// that a shape drawn over a label still covers it), or `None` when the
/// document holds anything this module does not draw as usvg would.
pub(crate) fn split(svg: &str) -> Option<Vec<Layer>> {
    const UNHANDLED: [&str; 8] = [
        "<g",
        "<tspan",
        "<style",
        "<use",
        "<defs",
        "<textPath",
        "<!",
        "<?",
    ];
    if UNHANDLED.iter().any(|u| svg.contains(u)) || face().is_none() {
        return None;
    }
    let root_start = svg.find("<svg")?;
    let root_end = root_start + svg[root_start..].find('>')?;
    let body_end = svg.rfind("</svg>")?;
    if body_end <= root_end || !svg[body_end + "</svg>".len()..].trim().is_empty() {
        return None;
    }
    let head = &svg[..=root_end];
    let root = attributes(&svg[root_start + 4..root_end])?;
    let mut size = 12.0;
    let mut colour = [0, 0, 0];
    for (name, value) in &root {
        match *name {
            "font-size" => size = length(value)?,
            "fill" => colour = hex_colour(value)?,
            "viewBox" => {
                // Text is placed in user units; they must be pixels.
                let view: Vec<f32> = value
                    .split([' ', ','])
                    .filter(|s| !s.is_empty())
                    .map(|s| s.parse().ok())
                    .collect::<Option<_>>()?;
                let attr = |n: &str| root.iter().find(|(k, _)| *k == n).map(|(_, v)| *v);
                let w = attr("width")?.parse::<f32>().ok()?;
                let h = attr("height")?.parse::<f32>().ok()?;
                if view != [0.0, 0.0, w, h] {
                    return None;
                }
            }
            _ => {}
        }
    }
    let mut layers: Vec<Layer> = Vec::new();
    let add_shapes = |layers: &mut Vec<Layer>, chunk: &str| {
        if chunk.trim().is_empty() {
            return;
        }
        match layers.last_mut() {
            Some(Layer { shapes, texts }) if texts.is_empty() => shapes
                .get_or_insert_with(|| head.to_string())
                .push_str(chunk),
            _ => layers.push(Layer {
                shapes: Some(format!("{head}{chunk}")),
                texts: Vec::new(),
            }),
        }
    };
    let mut rest = &svg[root_end + 1..body_end];
    while let Some(at) = rest.find("<text") {
        add_shapes(&mut layers, &rest[..at]);
        let open_end = at + rest[at..].find('>')?;
        let (item, next) = if rest[..open_end].ends_with('/') {
            (None, open_end + 1)
        } else {
            let close = open_end + rest[open_end..].find("</text>")?;
            let item = text_item(
                &rest[at + 5..open_end],
                &rest[open_end + 1..close],
                size,
                colour,
            )?;
            (item, close + "</text>".len())
        };
        if let Some(item) = item {
            match layers.last_mut() {
                Some(layer) => layer.texts.push(item),
                None => layers.push(Layer {
                    shapes: None,
                    texts: vec![item],
                }),
            }
        }
        rest = &rest[next..];
    }
    add_shapes(&mut layers, rest);
    for layer in &mut layers {
        if let Some(shapes) = &mut layer.shapes {
            shapes.push_str("</svg>");
        }
    }
    Some(layers)
}

/// The text element with attributes `attrs` and escaped content
/// `content`, inheriting `size` and `colour` from the root; `Some(None)`
/// for one that draws nothing.
fn text_item(attrs: &str, content: &str, size: f32, colour: [u8; 3]) -> Option<Option<TextItem>> {
    let (mut x, mut y, mut dy) = (0.0, 0.0, Dy::Px(0.0));
    let mut item = TextItem {
        x: 0.0,
        y: 0.0,
        anchor: Anchor::Start,
        size,
        colour,
        rotate: None,
        text: String::new(),
    };
    for (name, value) in attributes(attrs)? {
        match name {
            "x" => x = value.parse().ok()?,
            "y" => y = value.parse().ok()?,
            "dy" => dy = parse_dy(value)?,
            "font-size" => item.size = length(value)?,
            "fill" => item.colour = hex_colour(value)?,
            "font-family" => {}
            "opacity" if value.parse::<f32>().ok() == Some(1.0) => {}
            "text-anchor" => {
                item.anchor = match value {
                    "start" => Anchor::Start,
                    "middle" => Anchor::Middle,
                    "end" => Anchor::End,
                    _ => return None,
                }
            }
            "transform" => item.rotate = Some(rotation(value)?),
            _ => return None,
        }
    }
    if !(item.size.is_finite() && item.size > 0.0) {
        return None;
    }
    // usvg resolves `ex` as half the font size.
    let dy = match dy {
        Dy::Px(v) => v,
        Dy::Em(v) => v * item.size,
        Dy::Ex(v) => v * item.size / 2.0,
    };
    item.x = x;
    item.y = y + dy;
    item.text = collapse_space(&unescape(content)?);
    if item.text.chars().any(right_to_left) {
        return None;
    }
    Some((!item.text.is_empty()).then_some(item))
}

enum Dy {
    Px(f32),
    Em(f32),
    Ex(f32),
}

fn parse_dy(v: &str) -> Option<Dy> {
    let num = |s: &str| s.parse::<f32>().ok().filter(|n| n.is_finite());
    if let Some(n) = v.strip_suffix("em") {
        Some(Dy::Em(num(n)?))
    } else if let Some(n) = v.strip_suffix("ex") {
        Some(Dy::Ex(num(n)?))
    } else {
        Some(Dy::Px(num(v.strip_suffix("px").unwrap_or(v))?))
    }
}

/// A font size in pixels (`12.5` or `12.5px`).
fn length(v: &str) -> Option<f32> {
    v.strip_suffix("px")
        .unwrap_or(v)
        .parse::<f32>()
        .ok()
        .filter(|n| n.is_finite())
}

/// `#RRGGBB` or `#RGB`.
fn hex_colour(v: &str) -> Option<[u8; 3]> {
    let h = v.strip_prefix('#')?;
    let digit = |i: usize, n: usize| u8::from_str_radix(h.get(i..i + n)?, 16).ok();
    match h.len() {
        6 => Some([digit(0, 2)?, digit(2, 2)?, digit(4, 2)?]),
        3 => Some([digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17]),
        _ => None,
    }
}

/// `rotate(a)` or `rotate(a, cx, cy)`.
fn rotation(v: &str) -> Option<(f32, f32, f32)> {
    let inner = v.trim().strip_prefix("rotate(")?.strip_suffix(')')?;
    let n: Vec<f32> = inner
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().ok().filter(|n: &f32| n.is_finite()))
        .collect::<Option<_>>()?;
    match n[..] {
        [a] => Some((a, 0.0, 0.0)),
        [a, cx, cy] => Some((a, cx, cy)),
        _ => None,
    }
}

/// The `name="value"` pairs of a start tag's inside, or `None` for any
/// other syntax.
fn attributes(s: &str) -> Option<Vec<(&str, &str)>> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        let eq = rest.find('=')?;
        let name = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let end = after[1..].find(quote)? + 1;
        let value = &after[1..end];
        if value.contains('&') {
            return None;
        }
        out.push((name, value));
        rest = after[end + 1..].trim_start();
        if rest == "/" {
            break;
        }
    }
    Some(out)
}

/// XML text with its five named entities and character references
/// resolved; `None` for any other reference or markup.
fn unescape(s: &str) -> Option<String> {
    if s.contains('<') {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = at + rest[at..].find(';')?;
        let name = &rest[at + 1..end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    Some(h) => u32::from_str_radix(h, 16).ok()?,
                    None => name.strip_prefix('#')?.parse().ok()?,
                };
                char::from_u32(code)?
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// SVG's default white-space handling: newlines dropped, tabs as spaces,
/// runs of spaces as one, none at either end.
fn collapse_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' => {}
            '\t' | ' ' => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Characters of the right-to-left scripts, which usvg reorders (bidi)
/// and this module does not.
fn right_to_left(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF
        | 0x200F | 0x202B | 0x202E | 0x2067)
}

/// The embedded font as rustybuzz sees it, parsed once.
fn face() -> Option<&'static rustybuzz::Face<'static>> {
    static FACE: OnceLock<Option<rustybuzz::Face<'static>>> = OnceLock::new();
    FACE.get_or_init(|| rustybuzz::Face::from_slice(FONT_DATA, 0))
        .as_ref()
}

/// Subpixel positions per pixel, on each axis.
const SUBPIXELS: f32 = 8.0;

/// A glyph's coverage at one size, angle and subpixel offset: `data` is
/// `width` x `height`, its top left `left`, `top` pixels from the pen.
struct GlyphMask {
    left: i32,
    top: i32,
    width: usize,
    data: Vec<u8>,
}

/// glyph id, font size in 1/64 px, angle's bits, subpixel x and y.
type MaskKey = (u16, u32, u32, u8, u8);

/// Masks kept per thread; a chart run draws a few thousand.
const MAX_CACHED: usize = 50_000;

thread_local! {
    static MASKS: RefCell<HashMap<MaskKey, Option<Rc<GlyphMask>>>> = RefCell::new(HashMap::new());
}

/// Draws glyph outlines into a tiny-skia path.
struct Outline(tiny_skia::PathBuilder);

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

/// The mask of `glyph` at `px` pixels per em, rotated by `angle` degrees,
/// its origin at (`fx`, `fy`) within the first pixel; `None` for a glyph
/// without ink (a space).
fn render_mask(
    face: &rustybuzz::Face<'static>,
    glyph: u16,
    px: f32,
    angle: f32,
    (fx, fy): (f32, f32),
) -> Option<GlyphMask> {
    let mut outline = Outline(tiny_skia::PathBuilder::new());
    face.outline_glyph(ttf_parser::GlyphId(glyph), &mut outline)?;
    let path = outline.0.finish()?;
    let k = px / face.units_per_em() as f32;
    let ts = tiny_skia::Transform::from_translate(fx, fy)
        .pre_concat(tiny_skia::Transform::from_rotate(angle))
        .pre_scale(k, -k);
    let placed = path.transform(ts)?;
    let b = placed.bounds();
    let (left, top) = (b.left().floor() as i32 - 1, b.top().floor() as i32 - 1);
    let width = (b.right().ceil() as i32 + 1 - left).max(1) as u32;
    let height = (b.bottom().ceil() as i32 + 1 - top).max(1) as u32;
    let mut mask = tiny_skia::Mask::new(width, height)?;
    mask.fill_path(
        &placed,
        tiny_skia::FillRule::Winding,
        true,
        tiny_skia::Transform::from_translate(-left as f32, -top as f32),
    );
    Some(GlyphMask {
        left,
        top,
        width: width as usize,
        data: mask.data().to_vec(),
    })
}

/// The cached mask of one glyph (see [`render_mask`]).
fn mask(
    face: &rustybuzz::Face<'static>,
    glyph: u16,
    px: f32,
    angle: f32,
    sub: (u8, u8),
) -> Option<Rc<GlyphMask>> {
    let key = (
        glyph,
        (px * 64.0).round() as u32,
        angle.to_bits(),
        sub.0,
        sub.1,
    );
    MASKS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(m) = cache.get(&key) {
            return m.clone();
        }
        if cache.len() >= MAX_CACHED {
            cache.clear();
        }
        let offset = (f32::from(sub.0) / SUBPIXELS, f32::from(sub.1) / SUBPIXELS);
        let m = render_mask(face, glyph, key.1 as f32 / 64.0, angle, offset).map(Rc::new);
        cache.insert(key, m.clone());
        m
    })
}

/// Draw `items` onto `pixmap` (rendered at `scale` times the SVG's
/// pixels), in order, as source-over in premultiplied colour ([`split`]
/// made sure the font can be read).
pub(crate) fn draw(pixmap: &mut tiny_skia::Pixmap, items: &[TextItem], scale: f32) {
    let Some(face) = face() else {
        return;
    };
    let (w, h) = (pixmap.width() as i64, pixmap.height() as i64);
    let pixels = pixmap.pixels_mut();
    for item in items {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(&item.text);
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        let shaped = rustybuzz::shape(face, &[], buffer);
        let k = item.size / face.units_per_em() as f32;
        let advance: f32 = shaped
            .glyph_positions()
            .iter()
            .map(|p| p.x_advance as f32)
            .sum::<f32>()
            * k;
        let start = item.x
            - match item.anchor {
                Anchor::Start => 0.0,
                Anchor::Middle => advance / 2.0,
                Anchor::End => advance,
            };
        let (angle, cx, cy) = item.rotate.unwrap_or((0.0, 0.0, 0.0));
        let angle = angle.rem_euclid(360.0);
        let (sin, cos) = angle.to_radians().sin_cos();
        let mut pen = 0.0f32;
        let colour = item.colour.map(u32::from);
        for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
            let gx = start + pen + pos.x_offset as f32 * k;
            let gy = item.y - pos.y_offset as f32 * k;
            pen += pos.x_advance as f32 * k;
            // Rotate about (cx, cy), then to device pixels.
            let (rx, ry) = if angle == 0.0 {
                (gx, gy)
            } else {
                let (dx, dy) = (gx - cx, gy - cy);
                (cx + dx * cos - dy * sin, cy + dx * sin + dy * cos)
            };
            let (dx, dy) = (rx * scale, ry * scale);
            if !(dx.is_finite() && dy.is_finite()) {
                continue;
            }
            // The nearest eighth of a pixel: a whole pixel and a subpixel.
            let snap = |v: f32| {
                let q = (v * SUBPIXELS).round();
                let whole = (q / SUBPIXELS).floor();
                (whole, (q - whole * SUBPIXELS) as u8)
            };
            let ((ix, sx), (iy, sy)) = (snap(dx), snap(dy));
            let Some(m) = mask(
                face,
                info.glyph_id as u16,
                item.size * scale,
                angle,
                (sx, sy),
            ) else {
                continue;
            };
            let (ox, oy) = (ix as i64 + i64::from(m.left), iy as i64 + i64::from(m.top));
            for (row, cov_row) in m.data.chunks(m.width).enumerate() {
                let py = oy + row as i64;
                if py < 0 || py >= h {
                    continue;
                }
                for (col, &a) in cov_row.iter().enumerate() {
                    let px = ox + col as i64;
                    if a == 0 || px < 0 || px >= w {
                        continue;
                    }
                    let i = (py * w + px) as usize;
                    pixels[i] = blend(pixels[i], colour, u32::from(a));
                }
            }
        }
    }
}

/// An opaque `colour` at coverage `a` over `dst`, premultiplied.
fn blend(
    dst: tiny_skia::PremultipliedColorU8,
    colour: [u32; 3],
    a: u32,
) -> tiny_skia::PremultipliedColorU8 {
    let over = |s: u32, d: u8| ((s * a + u32::from(d) * (255 - a) + 127) / 255) as u8;
    let alpha = over(255, dst.alpha());
    let (r, g, b) = (
        over(colour[0], dst.red()).min(alpha),
        over(colour[1], dst.green()).min(alpha),
        over(colour[2], dst.blue()).min(alpha),
    );
    tiny_skia::PremultipliedColorU8::from_rgba(r, g, b, alpha).unwrap_or(dst)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_text_out_with_inherited_size_and_colour() {
        let svg = r##"<svg font-size="11.5" fill="#212121" width="100" height="50" viewBox="0 0 100 50" xmlns="http://www.w3.org/2000/svg">
<rect x="0" y="0" width="100" height="50" fill="#FFFFFF"/>
<text x="10" y="20" dy="0.5ex" text-anchor="end">fox &amp; co&#33;</text>
<text x="5" y="6" dy="0.76em" font-size="18" fill="#646464" transform="rotate(270, 5, 6)">A  b
c</text>
</svg>"##;
        let layers = split(svg).unwrap();
        assert_eq!(layers.len(), 1);
        let shapes = layers[0].shapes.as_deref().unwrap();
        assert!(!shapes.contains("<text"));
        assert!(shapes.contains("<rect") && shapes.ends_with("</svg>"));
        let items = &layers[0].texts;
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].text, "fox & co!");
        assert_eq!(items[0].anchor, Anchor::End);
        assert_eq!((items[0].size, items[0].colour), (11.5, [0x21; 3]));
        assert!((items[0].y - (20.0 + 0.25 * 11.5)).abs() < 1e-4);
        assert_eq!(items[1].text, "A bc");
        assert_eq!(items[1].rotate, Some((270.0, 5.0, 6.0)));
        assert_eq!(items[1].colour, [0x64; 3]);
    }

    #[test]
    fn a_shape_after_text_starts_a_layer_drawn_over_it() {
        let svg = r#"<svg width="10" height="10" xmlns="http://www.w3.org/2000/svg"><text x="1" y="1">a</text><rect x="0" y="0" width="2" height="2"/><text x="1" y="1">b</text></svg>"#;
        let layers = split(svg).unwrap();
        assert_eq!(layers.len(), 2);
        assert!(layers[0].shapes.is_none());
        assert_eq!(layers[0].texts[0].text, "a");
        assert!(layers[1].shapes.as_deref().unwrap().contains("<rect"));
        assert_eq!(layers[1].texts[0].text, "b");
    }

    #[test]
    fn leaves_what_it_cannot_draw_exactly_to_usvg() {
        let head = r#"<svg width="10" height="10" xmlns="http://www.w3.org/2000/svg">"#;
        for body in [
            r#"<g><text x="1" y="1">a</text></g>"#,
            r#"<text x="1" y="1"><tspan>a</tspan></text>"#,
            r#"<text x="1" y="1" letter-spacing="2">a</text>"#,
            r#"<text x="1" y="1" fill="red">a</text>"#,
            r#"<text x="1" y="1">שלום</text>"#,
            r#"<text x="1" y="1">&nbsp;</text>"#,
        ] {
            assert!(split(&format!("{head}{body}</svg>")).is_none(), "{body}");
        }
    }
}

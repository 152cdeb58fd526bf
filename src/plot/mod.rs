//! Charts: every chart is drawn once with plotters' SVG backend and, when a
//! PNG is wanted, that same SVG is rasterised by resvg with a font compiled
//! into the binary. Text therefore looks the same in both formats and needs
//! no font installed on the machine.
//!
//! Each chart function takes a plain, serialisable data struct defined here
//! (so `compare` and `report` fill them without this module knowing their
//! types) and [`ChartOptions`], and returns a [`Rendered`] chart that
//! [`save`] writes. Empty data gives a chart that says "no data" instead of
//! an error, so a report always has every picture.

mod charts;
mod draw;
pub mod font;
mod labels;
pub mod palette;
pub mod raster;
mod text_layer;

pub use charts::actor_labels::{
    actor_labels_matrix, ActorLabelRow, ActorLabelText, ActorLabelsData,
};
pub use charts::aggregates::{outlet_aggregates, AggregateRow, AggregatesData};
pub use charts::attribution::{attribution_verbs, AttributionData, AttributionRow};
pub use charts::keyness::{keyness_bars, KeyTerm, KeynessData, KeynessOutlet};
pub use charts::lexicon::{lexicon_rates, LexiconRateRow, LexiconRatesData};
pub use charts::outlet_map::{outlet_map, OutletMapData, OutletPoint};
pub use charts::quote_coverage::{quote_coverage, QuoteCoverageData, QuoteGroupRow};
pub use charts::similarity::{similarity_heatmap, SimilarityData};
pub use charts::term_scatter::{term_scatter, ScatterTerm, TermScatterData};
pub use charts::word_choice::{word_choice_matrix, WordChoiceCell, WordChoiceData, WordChoiceRow};
pub use charts::RateInterval;
pub use palette::Palette;

use crate::error::{Allowed, Error, Result};
use crate::params::{checked_on_entry, Check};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Which files a chart is written as. PNG by default: every HTML page
/// embeds its charts as SVG anyway, so SVG files would hold each chart a
/// second time (across BASIL's 100 events 15 MB).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Formats {
    #[default]
    Png,
    Svg,
    Both,
}

impl Formats {
    /// True when a PNG is to be produced.
    pub fn png(self) -> bool {
        matches!(self, Formats::Png | Formats::Both)
    }
    /// True when an SVG file is to be written.
    pub fn svg(self) -> bool {
        matches!(self, Formats::Svg | Formats::Both)
    }
}

impl Formats {
    /// The names [`Formats::from_str`](std::str::FromStr::from_str) takes.
    pub const NAMES: &'static [&'static str] = &["png", "svg", "both"];
}

impl std::str::FromStr for Formats {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "png" => Ok(Formats::Png),
            "svg" => Ok(Formats::Svg),
            "both" => Ok(Formats::Both),
            other => Err(Error::NotOneOf {
                name: "format",
                value: other.to_string(),
                choices: Formats::NAMES,
            }),
        }
    }
}

/// Narrowest chart, in pixels: below it titles and axis labels no longer
/// fit beside the plot.
pub const MIN_WIDTH: u32 = 300;
/// Lowest chart, in pixels.
pub const MIN_HEIGHT: u32 = 200;
/// Widest and highest chart, in pixels: a 2x PNG of 8000 x 8000 is already
/// 1 GB of pixels, and no screen or page needs more.
pub const MAX_SIDE: u32 = 8000;
/// The chart widths [`ChartOptions::check`] allows.
pub const WIDTHS: Allowed = Allowed::Between {
    min: MIN_WIDTH as f64,
    max: MAX_SIDE as f64,
    unit: "pixels",
};
/// The chart heights [`ChartOptions::check`] allows.
pub const HEIGHTS: Allowed = Allowed::Between {
    min: MIN_HEIGHT as f64,
    max: MAX_SIDE as f64,
    unit: "pixels",
};
/// The PNG scales allowed: from a quarter to 8 PNG pixels per SVG pixel.
pub const PNG_SCALES: Allowed = Allowed::Between {
    min: 0.25,
    max: 8.0,
    unit: "",
};

/// Default chart width and height in pixels (`--width`, `--height`): one
/// value for the command line and the library, so a library caller draws
/// the charts the command line draws.
pub const DEFAULT_WIDTH: u32 = 1000;
pub const DEFAULT_HEIGHT: u32 = 640;

/// PNG pixels per SVG pixel by default. Charts are laid out for their
/// SVG size (text of 11 pixels and more), which reads at 1x; at 2x the
/// PNGs were half the CPU of `compare` on BASIL's 100 events and most of
/// its output, for pictures that also come as SVG, inline in report.html.
pub const DEFAULT_PNG_SCALE: f32 = 1.0;

/// How charts are drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartOptions {
    /// Width in pixels (SVG user units). Charts never draw narrower.
    pub width: u32,
    /// Height in pixels. Charts with many rows grow taller than this
    /// rather than squeeze their rows.
    pub height: u32,
    /// Which files [`save`] writes; the PNG is only rasterised when needed.
    pub formats: Formats,
    /// Colours (colour-blind safe by default).
    pub palette: Palette,
    /// PNG pixels per SVG pixel ([`DEFAULT_PNG_SCALE`] unless set): 2
    /// gives sharper text on high-density screens and in print, at four
    /// times the pixels to draw, encode and store.
    pub png_scale: f32,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            width: DEFAULT_WIDTH,
            height: DEFAULT_HEIGHT,
            formats: Formats::default(),
            palette: Palette::default(),
            png_scale: DEFAULT_PNG_SCALE,
        }
    }
}

impl Check for ChartOptions {
    /// Tiny or huge sizes are user errors, caught before anything is drawn.
    fn check_ref(&self) -> Result<()> {
        WIDTHS.check("width", self.width)?;
        HEIGHTS.check("height", self.height)?;
        // The f32 is read back through its shortest decimal so that the
        // error shows `0.1`, not the f64 widening `0.10000000149011612`.
        let scale = self
            .png_scale
            .to_string()
            .parse::<f64>()
            .unwrap_or(f64::NAN);
        PNG_SCALES.check("png_scale", scale)
    }
}

checked_on_entry!(ChartOptions);

/// A drawn chart: its SVG text and, when PNG output is wanted, the PNG bytes.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub svg: String,
    pub png: Option<Vec<u8>>,
    /// Final size in SVG pixels (may exceed the requested size).
    pub width: u32,
    pub height: u32,
}

/// Write `rendered` as `dir/stem.svg` and/or `dir/stem.png` (atomically),
/// returning the paths written. Asking for a PNG that was not rasterised
/// rasterises it now.
pub fn save(rendered: &Rendered, dir: &Path, stem: &str, formats: Formats) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut written = Vec::new();
    if formats.svg() {
        let p = dir.join(format!("{stem}.svg"));
        crate::output::write_atomic(&p, rendered.svg.as_bytes())?;
        written.push(p);
    }
    if formats.png() {
        let p = dir.join(format!("{stem}.png"));
        match &rendered.png {
            Some(png) => crate::output::write_atomic(&p, png)?,
            None => {
                crate::output::write_atomic(&p, &raster::to_png(&rendered.svg, DEFAULT_PNG_SCALE)?)?
            }
        }
        written.push(p);
    }
    Ok(written)
}

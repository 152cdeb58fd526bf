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

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Which files a chart is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Formats {
    Png,
    Svg,
    #[default]
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

impl std::str::FromStr for Formats {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "png" => Ok(Formats::Png),
            "svg" => Ok(Formats::Svg),
            "both" => Ok(Formats::Both),
            other => Err(Error::param(
                "--format",
                format!("'{other}' is not one of png, svg, both"),
            )),
        }
    }
}

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
    /// PNG pixels per SVG pixel: 2 gives sharp text on high-density
    /// screens and in print.
    pub png_scale: f32,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            width: 900,
            height: 600,
            formats: Formats::Both,
            palette: Palette::default(),
            png_scale: 2.0,
        }
    }
}

impl ChartOptions {
    /// Check the size before drawing: tiny or huge sizes are user errors.
    pub fn validate(&self) -> Result<()> {
        for (name, v) in [("width", self.width), ("height", self.height)] {
            if !(200..=10_000).contains(&v) {
                return Err(Error::param(
                    format!("chart {name}"),
                    format!("{v} is outside 200..=10000 pixels"),
                ));
            }
        }
        if !(self.png_scale.is_finite() && (0.25..=8.0).contains(&self.png_scale)) {
            return Err(Error::param(
                "png scale",
                format!("{} is outside 0.25..=8", self.png_scale),
            ));
        }
        Ok(())
    }
}

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
            None => crate::output::write_atomic(&p, &raster::to_png(&rendered.svg, 2.0)?)?,
        }
        written.push(p);
    }
    Ok(written)
}

//! Outlet map: outlets placed by the first two principal components of
//! their word use, coloured by k-means cluster, each labelled.

use super::lexicon::with_context;
use crate::error::Result;
use crate::params::{Checked, Valid};
use crate::plot::draw::*;
use crate::plot::font::{text_width, truncate};
use crate::plot::labels::{place, Rect};
use crate::plot::{ChartOptions, Rendered};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use serde::{Deserialize, Serialize};

/// One outlet's position and cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutletPoint {
    pub outlet: String,
    pub x: f64,
    pub y: f64,
    pub cluster: usize,
}

/// Data for [`outlet_map`]. `explained` is the share of variance of the
/// two components (0..1), shown in the axis labels when given.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OutletMapData {
    pub context: String,
    pub points: Vec<OutletPoint>,
    pub explained: Option<(f64, f64)>,
}

const MAX_LABEL: f64 = 160.0;

/// PCA scatter of outlets, labelled without overlaps.
pub fn outlet_map(data: &OutletMapData, opts: &impl Checked<ChartOptions>) -> Result<Rendered> {
    let opts = opts.checked()?;
    let opts: &Valid<ChartOptions> = &opts;
    let title = with_context(
        "Outlet map: outlets that word the story alike sit close together",
        &data.context,
    );
    let pts: Vec<&OutletPoint> = data
        .points
        .iter()
        .filter(|p| p.x.is_finite() && p.y.is_finite())
        .collect();
    if pts.is_empty() {
        return no_data(&title, "no outlet could be placed", opts);
    }
    let range = |vals: Vec<f64>| {
        let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let pad = if hi - lo > 1e-12 {
            (hi - lo) * 0.18
        } else {
            1.0
        };
        (lo - pad, hi + pad)
    };
    let (xlo, xhi) = range(pts.iter().map(|p| p.x).collect());
    let (ylo, yhi) = range(pts.iter().map(|p| p.y).collect());
    let axis_name = |i: usize, share: Option<f64>| match share {
        Some(s) if s.is_finite() => {
            format!("principal component {i} ({:.0}% of variance)", s * 100.0)
        }
        _ => format!("principal component {i}"),
    };
    let x_desc = axis_name(1, data.explained.map(|e| e.0));
    let y_desc = axis_name(2, data.explained.map(|e| e.1));
    let mut clusters: Vec<usize> = pts.iter().map(|p| p.cluster).collect();
    clusters.sort_unstable();
    clusters.dedup();
    let pal = &opts.palette;
    let colour = |c: usize| pal.category(clusters.iter().position(|&k| k == c).unwrap_or(0));
    let (w, h) = (opts.width, opts.height);
    render(w, h, opts, |root| {
        let top = draw_title(
            root,
            &title,
            "PCA of the outlets' TF-IDF profiles; colour: k-means cluster. Axes have no units.",
            w as i32,
        )?;
        let items: Vec<(String, RGBColor)> = clusters
            .iter()
            .map(|&c| (format!("cluster {}", c + 1), colour(c)))
            .collect();
        let lh = legend(root, &items, (MARGIN, top), w as i32 - MARGIN)?;
        let area = root.margin((top + lh + 4) as u32, 0, 0, 0);
        let mut chart = ChartBuilder::on(&area)
            .margin(MARGIN as u32)
            .x_label_area_size(44)
            .y_label_area_size(60)
            .build_cartesian_2d(xlo..xhi, ylo..yhi)
            .map_err(de)?;
        chart
            .configure_mesh()
            .x_desc(x_desc.as_str())
            .y_desc(y_desc.as_str())
            .label_style(font(SMALL_PX).color(&MUTED))
            .axis_desc_style(font(LABEL_PX).color(&INK))
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(FRAME)
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&|v| axis_num(*v))
            .y_label_formatter(&|v| axis_num(*v))
            .draw()
            .map_err(de)?;
        let (xr, yr) = chart.plotting_area().get_pixel_range();
        let anchors: Vec<(f64, f64)> = pts
            .iter()
            .map(|p| {
                let (x, y) = chart.backend_coord(&(p.x, p.y));
                (f64::from(x), f64::from(y))
            })
            .collect();
        let labels: Vec<String> = pts
            .iter()
            .map(|p| truncate(&p.outlet, LABEL_PX, MAX_LABEL))
            .collect();
        let sizes: Vec<(f64, f64)> = labels
            .iter()
            .map(|l| (text_width(l, LABEL_PX) + 2.0, LABEL_PX + 4.0))
            .collect();
        let obstacles: Vec<Rect> = anchors.iter().map(|&a| Rect::around(a, 7.0)).collect();
        let bounds = Rect {
            x0: f64::from(xr.start),
            y0: f64::from(yr.start),
            x1: f64::from(xr.end),
            y1: f64::from(yr.end),
        };
        let placed = place(&anchors, &sizes, &obstacles, bounds, 30);
        for ((p, a), (l, pl)) in pts.iter().zip(&anchors).zip(labels.iter().zip(&placed)) {
            let at = (a.0.round() as i32, a.1.round() as i32);
            if let Some(pl) = pl {
                if pl.leader {
                    let e = pl.rect.nearest(*a);
                    line(
                        root,
                        vec![at, (e.0.round() as i32, e.1.round() as i32)],
                        FRAME,
                        1,
                    )?;
                }
                let cy = ((pl.rect.y0 + pl.rect.y1) / 2.0).round() as i32;
                text(
                    root,
                    l,
                    (pl.rect.x0.round() as i32 + 1, cy),
                    LABEL_PX,
                    INK,
                    HPos::Left,
                    VPos::Center,
                )?;
            }
            dot(root, at, 6, colour(p.cluster))?;
        }
        Ok(())
    })
}

/// Two decimals, without a minus sign on zero.
fn axis_num(v: f64) -> String {
    let s = format!("{v:.2}");
    if s == "-0.00" {
        "0.00".into()
    } else {
        s
    }
}

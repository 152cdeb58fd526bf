//! Ordinal label values: left / lean left / center / lean right / right,
//! liberal / conservative, negative / neutral / positive, or numbers such as
//! a lean score. A grouping whose values lie on one known scale
//! (data/ordinal_scales.txt) or are all numbers is shown in that order in
//! tables, charts and findings; any other grouping alphabetically.

use std::sync::OnceLock;

/// The scales, as written in data/ordinal_scales.txt.
const SCALES: &str = include_str!("../../data/ordinal_scales.txt");

/// One scale: its name and, per step, the normalised words for it.
struct Scale {
    name: String,
    steps: Vec<Vec<String>>,
}

/// Lowercase, with "-", "_" and runs of white space as one space.
fn normalise(value: &str) -> String {
    value
        .to_lowercase()
        .replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn scales() -> &'static [Scale] {
    static PARSED: OnceLock<Vec<Scale>> = OnceLock::new();
    PARSED.get_or_init(|| {
        let mut out: Vec<Scale> = Vec::new();
        for line in SCALES.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                out.push(Scale {
                    name: name.trim().to_string(),
                    steps: Vec::new(),
                });
            } else if let Some(scale) = out.last_mut() {
                scale.steps.push(
                    line.split('|')
                        .map(normalise)
                        .filter(|w| !w.is_empty())
                        .collect(),
                );
            }
        }
        out
    })
}

/// How the values of a grouping are ordered.
#[derive(Debug, Clone, PartialEq)]
pub enum Order {
    /// Along a known scale (its name).
    Scale(String),
    Numeric,
    Alphabetical,
}

impl Order {
    /// As written in the summary: `scale:<name>`, `numeric`, `alphabetical`.
    pub fn name(&self) -> String {
        match self {
            Order::Scale(s) => format!("scale:{s}"),
            Order::Numeric => "numeric".to_string(),
            Order::Alphabetical => "alphabetical".to_string(),
        }
    }
}

/// How `values` are ordered, and each value's rank in that order (ties are
/// listed by the value itself). Alphabetical ranks are all 0.
pub fn detect(values: &[&str]) -> (Order, Vec<f64>) {
    if values.is_empty() {
        return (Order::Alphabetical, Vec::new());
    }
    let numbers: Vec<Option<f64>> = values
        .iter()
        .map(|v| v.trim().parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect();
    if numbers.iter().all(Option::is_some) {
        return (Order::Numeric, numbers.into_iter().flatten().collect());
    }
    let norms: Vec<String> = values.iter().map(|v| normalise(v)).collect();
    for scale in scales() {
        let ranks: Vec<Option<f64>> = norms
            .iter()
            .map(|n| {
                scale
                    .steps
                    .iter()
                    .position(|step| step.contains(n))
                    .map(|p| p as f64)
            })
            .collect();
        if ranks.iter().all(Option::is_some) {
            return (
                Order::Scale(scale.name.clone()),
                ranks.into_iter().flatten().collect(),
            );
        }
    }
    (Order::Alphabetical, vec![0.0; values.len()])
}

/// `values` sorted in their order (see [`detect`]), with the order.
pub fn sorted(values: &[&str]) -> (Order, Vec<usize>) {
    let (order, ranks) = detect(values);
    let mut idx: Vec<usize> = (0..values.len()).collect();
    idx.sort_by(|&a, &b| ranks[a].total_cmp(&ranks[b]).then(values[a].cmp(values[b])));
    (order, idx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order_of(values: &[&str]) -> (String, Vec<String>) {
        let (o, idx) = sorted(values);
        (
            o.name(),
            idx.iter().map(|&i| values[i].to_string()).collect(),
        )
    }

    #[test]
    fn lean_in_any_case_and_spelling() {
        assert_eq!(
            order_of(&["right", "Center", "LEFT"]),
            (
                "scale:political-lean".into(),
                vec!["LEFT".into(), "Center".into(), "right".into()]
            )
        );
        assert_eq!(
            order_of(&["Lean Right", "lean_left", "center", "left", "right"]).1,
            ["left", "lean_left", "center", "Lean Right", "right"]
        );
        // Media Bias/Fact Check's steps, as in Lim et al. 2020.
        assert_eq!(
            order_of(&[
                "right-center",
                "least",
                "left",
                "right-extream",
                "left-center",
                "right"
            ])
            .1,
            [
                "left",
                "left-center",
                "least",
                "right-center",
                "right",
                "right-extream"
            ]
        );
        // BASIL's relative stance mixes both wordings.
        assert_eq!(
            order_of(&["center", "conservative", "left", "liberal", "right"]).1,
            ["left", "liberal", "center", "conservative", "right"]
        );
    }

    #[test]
    fn numbers_sentiment_and_others() {
        assert_eq!(
            order_of(&["10", "2", "-1.5"]),
            (
                "numeric".into(),
                vec!["-1.5".into(), "2".into(), "10".into()]
            )
        );
        assert_eq!(order_of(&["pos", "neg", "neu"]).1, ["neg", "neu", "pos"]);
        assert_eq!(
            order_of(&["train", "test", "valid"]),
            (
                "alphabetical".into(),
                vec!["test".into(), "train".into(), "valid".into()]
            )
        );
        // One value off the scale: not ordinal.
        assert_eq!(order_of(&["left", "right", "other"]).0, "alphabetical");
    }
}

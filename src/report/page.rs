//! A small document model for reports: sections of paragraphs, bullet
//! lists, tables and figures, rendered both as Markdown and as one
//! self-contained HTML page (styles and charts inline, no network).
//!
//! Charts go into the HTML as inline SVG, the very text of the chart's
//! `.svg` file: a browser draws it sharp at any zoom, and it is a tenth
//! of the size of the base64 PNG copy pages carried before (that copy
//! made 100 BASIL events 392 MB of HTML).
//!
//! Building the report once as a [`Page`] keeps the Markdown and HTML
//! versions saying exactly the same thing.

use crate::escape::{json_in_script, markdown_text, markdown_url, xml_text};
use crate::plot::Formats;

/// One block of a report.
#[derive(Debug, Clone)]
pub enum Block {
    Heading(u8, String),
    Paragraph(String),
    Bullets(Vec<String>),
    Table(Table),
    /// A chart: the file the Markdown links to (`keyness.png`), its
    /// caption and its SVG text (inline in HTML).
    Figure {
        file: String,
        caption: String,
        svg: String,
    },
    /// A link list (used by the corpus index).
    Links(Vec<(String, String)>),
    /// Where the explorer script draws one of its views (`search`,
    /// `aligned` …): an empty `<div id="fl-NAME">` in HTML, nothing in
    /// Markdown (which has the tables instead).
    Panel(String),
}

impl Block {
    /// The figure of a chart written as `stem` in `formats`: Markdown links
    /// the PNG when there is one (GitHub and most viewers show it inline),
    /// else the SVG.
    pub fn figure(stem: &str, caption: &str, svg: &str, formats: Formats) -> Block {
        let ext = if formats.png() { "png" } else { "svg" };
        Block::Figure {
            file: format!("{stem}.{ext}"),
            caption: caption.to_string(),
            svg: svg.to_string(),
        }
    }
}

/// A table with a header row.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The file holding the whole table (`quotes.csv`), named on the HTML
    /// table (`data-table`) so the explorer can link it; empty for none.
    pub key: String,
    /// Columns whose cells are terms (a comma-separated list of words):
    /// the explorer makes each word open its occurrences.
    pub term_cols: Vec<usize>,
}

impl Table {
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Self {
        Table {
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
            key: String::new(),
            term_cols: Vec::new(),
        }
    }

    /// The table, named after the file that holds it whole, with `cols`
    /// holding terms.
    pub fn keyed(mut self, key: &str, cols: &[usize]) -> Self {
        self.key = key.to_string();
        self.term_cols = cols.to_vec();
        self
    }

    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }
}

/// A report page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub title: String,
    pub blocks: Vec<Block>,
    /// The explorer's data (a JSON text): when set, the HTML page embeds
    /// it with the explorer's script and styles, which make the page
    /// interactive. Without a script the page still reads in full.
    pub data: Option<String>,
}

impl Page {
    pub fn new(title: impl Into<String>) -> Self {
        Page {
            title: title.into(),
            blocks: Vec::new(),
            data: None,
        }
    }

    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.push(Block::Heading(level, text.into()));
    }

    pub fn paragraph(&mut self, text: impl Into<String>) {
        self.push(Block::Paragraph(text.into()));
    }

    /// Render as GitHub-flavoured Markdown. Every text is plain text (as in
    /// the HTML version), so each goes through [`markdown_text`]: a title
    /// or id can neither start a heading, list or table row nor carry HTML.
    pub fn to_markdown(&self) -> String {
        let md = markdown_text;
        let mut out = format!("# {}\n\n", md(&self.title));
        for block in &self.blocks {
            match block {
                Block::Heading(level, text) => {
                    let hashes = "#".repeat(usize::from((*level).clamp(2, 6)));
                    out.push_str(&format!("{hashes} {}\n\n", md(text)));
                }
                Block::Paragraph(text) => out.push_str(&format!("{}\n\n", md(text))),
                Block::Bullets(items) => {
                    for item in items {
                        out.push_str(&format!("- {}\n", md(item)));
                    }
                    out.push('\n');
                }
                Block::Table(table) => {
                    out.push_str(&markdown_table(table));
                    out.push('\n');
                }
                Block::Figure { file, caption, .. } => {
                    let (caption, file) = (md(caption), markdown_url(file));
                    out.push_str(&format!("![{caption}]({file})\n\n*{caption}*\n\n"));
                }
                Block::Links(links) => {
                    for (text, href) in links {
                        out.push_str(&format!("- [{}]({})\n", md(text), markdown_url(href)));
                    }
                    out.push('\n');
                }
                Block::Panel(_) => {}
            }
        }
        out
    }

    /// Render as one self-contained HTML page.
    pub fn to_html(&self) -> String {
        let mut out = String::with_capacity(64 * 1024);
        out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        out.push_str(&format!("<title>{}</title>\n", xml_text(&self.title)));
        out.push_str(STYLE);
        if self.data.is_some() {
            out.push_str("<style>\n");
            out.push_str(EXPLORER_CSS);
            out.push_str("</style>\n");
        }
        out.push_str("</head>\n<body>\n<main>\n");
        out.push_str(&format!("<h1>{}</h1>\n", xml_text(&self.title)));
        for block in &self.blocks {
            match block {
                Block::Heading(level, text) => {
                    let l = (*level).clamp(2, 6);
                    out.push_str(&format!("<h{l}>{}</h{l}>\n", xml_text(text)));
                }
                Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", xml_text(text))),
                Block::Bullets(items) => {
                    out.push_str("<ul>\n");
                    for item in items {
                        out.push_str(&format!("<li>{}</li>\n", xml_text(item)));
                    }
                    out.push_str("</ul>\n");
                }
                Block::Table(table) => out.push_str(&html_table(table)),
                Block::Figure { file, caption, svg } => {
                    // The chart's name, for the explorer to find its terms.
                    let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
                    out.push_str(&format!(
                        "<div class=\"fl-fig\" data-chart=\"{}\">\n<figure>\n",
                        xml_text(stem)
                    ));
                    out.push_str(&inline_svg(svg, caption));
                    out.push_str(&format!(
                        "<figcaption>{}</figcaption>\n</figure>\n</div>\n",
                        xml_text(caption)
                    ));
                }
                Block::Links(links) => {
                    out.push_str("<ul class=\"links\">\n");
                    for (text, href) in links {
                        out.push_str(&format!(
                            "<li><a href=\"{}\">{}</a></li>\n",
                            xml_text(href),
                            xml_text(text)
                        ));
                    }
                    out.push_str("</ul>\n");
                }
                Block::Panel(name) => out.push_str(&format!(
                    "<div id=\"fl-{}\" class=\"fl-panel\"></div>\n",
                    xml_text(name)
                )),
            }
        }
        out.push_str("</main>\n");
        if let Some(data) = &self.data {
            out.push_str("<script type=\"application/json\" id=\"fl-data\">");
            out.push_str(&json_in_script(data));
            // Named, so the page's one script is told apart from any text.
            out.push_str("</script>\n<script id=\"fl-explorer\">\n");
            out.push_str(EXPLORER_JS);
            out.push_str("</script>\n");
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

const STYLE: &str = "<style>\n\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;color:#1d1d1f;background:#fff;margin:0}\n\
main{max-width:1100px;margin:0 auto;padding:1.5rem 2rem 4rem;line-height:1.5}\n\
h1{font-size:1.8rem;margin-bottom:.3rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}\n\
table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem;display:block;overflow-x:auto}\n\
th,td{border:1px solid #ddd;padding:.3rem .55rem;text-align:left;vertical-align:top}\n\
th{background:#f4f4f6}tr:nth-child(even) td{background:#fafafa}\n\
figure{margin:1.2rem 0}figure svg{display:block;max-width:100%;height:auto;border:1px solid #eee}\n\
figcaption{font-size:.85rem;color:#555}\n\
</style>\n";

/// The explorer's script and styles, inline: the page must open from
/// `file://` with no network.
const EXPLORER_JS: &str = include_str!("../../assets/explorer.js");
const EXPLORER_CSS: &str = include_str!("../../assets/explorer.css");

/// The SVG namespace declaration, which HTML gives every `<svg>` itself.
const SVG_XMLNS: &str = " xmlns=\"http://www.w3.org/2000/svg\"";

/// A chart's SVG as an element of the page: labelled with its caption for
/// screen readers, which name it as one picture. The SVG is already valid
/// XML with every text escaped (see `plot::draw::render`); an XML
/// declaration, which HTML does not allow, and the namespace, which it
/// implies, go.
fn inline_svg(svg: &str, caption: &str) -> String {
    let svg = match svg.find("<svg") {
        Some(start) => &svg[start..],
        None => svg,
    };
    let open_end = svg.find('>').unwrap_or(svg.len());
    let (open, rest) = svg.split_at(open_end);
    let open = open.replacen(SVG_XMLNS, "", 1).replacen(
        "<svg",
        &format!("<svg role=\"img\" aria-label=\"{}\"", xml_text(caption)),
        1,
    );
    let mut out = format!("{open}{}", rest.trim_end());
    out.push('\n');
    out
}

fn markdown_table(table: &Table) -> String {
    if table.header.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let header: Vec<String> = table.header.iter().map(|h| markdown_text(h)).collect();
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    out.push_str(&format!("|{}\n", " --- |".repeat(table.header.len())));
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(|c| markdown_text(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

fn html_table(table: &Table) -> String {
    let mut out = if table.key.is_empty() {
        String::from("<table>\n<thead><tr>")
    } else {
        format!(
            "<table data-table=\"{}\">\n<thead><tr>",
            xml_text(&table.key)
        )
    };
    for h in &table.header {
        out.push_str(&format!("<th>{}</th>", xml_text(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            if table.term_cols.contains(&i) {
                out.push_str(&format!("<td data-terms=\"1\">{}</td>", xml_text(cell)));
            } else {
                out.push_str(&format!("<td>{}</td>", xml_text(cell)));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped_and_self_contained() {
        let mut page = Page::new("A <b> & \"c\"");
        page.paragraph("x < y");
        let mut t = Table::new(["a", "b|c"]);
        t.row(["1", "<2>"]);
        page.push(Block::Table(t));
        page.push(Block::figure(
            "chart",
            "cap <i>",
            "<svg width=\"10\" height=\"10\" xmlns=\"http://www.w3.org/2000/svg\"><text>a &lt; b</text></svg>",
            Formats::Both,
        ));
        page.push(Block::figure("other", "svg only", "<svg/>", Formats::Svg));
        let html = page.to_html();
        assert!(html.contains("A &lt;b&gt; &amp; &quot;c&quot;"));
        assert!(html.contains("<td>&lt;2&gt;</td>"));
        assert!(html.contains(
            "<figure>\n<svg role=\"img\" aria-label=\"cap &lt;i&gt;\" width=\"10\" height=\"10\"><text>a &lt; b</text></svg>\n<figcaption>cap &lt;i&gt;</figcaption>"
        ));
        assert!(!html.contains("<img") && !html.contains("base64"));
        assert!(!html.contains("http://") && !html.contains("https://"));
        let md = page.to_markdown();
        assert!(md.contains("| a | b\\|c |"));
        assert!(md.contains("![cap \\<i\\>](chart.png)"), "{md}");
        assert!(md.contains("![svg only](other.svg)"), "{md}");
    }
}

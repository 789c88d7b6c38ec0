//! A Word document in Word's own styles, through docx-rs: the only module that knows it.
//!
//! The styles are Word's built-in ones (Title, heading 1 and 2 with outline levels, caption,
//! a table style), so that the text pastes into a municipality's own report and its headings
//! join that report's table of contents. Two things docx-rs 0.4 cannot write are added to the
//! package as it is written ([`package`]): the alternative text of each picture
//! (`wp:docPr/@descr`, with unique ids) and the header row that repeats on every page of a
//! table (`w:tblHeader`); and the document's title and language in its properties.

use crate::ReportError;
use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, Paragraph, Pic, Run, RunFonts, Shading, Style, StyleType, Table,
    TableCell, TableLayoutType, TableRow, VAlignType, WidthType,
};
use std::io::{Cursor, Write};

/// A4 in twentieths of a point.
const A4: (u32, u32) = (11_906, 16_838);
/// 2.5 cm margins left and right, 2 cm top and bottom.
const MARGIN_LR: i32 = 1_417;
const MARGIN_TB: i32 = 1_134;
/// The text column: 21 − 2 × 2.5 = 16 cm, in EMU (360 000 per cm) and twips.
const COLUMN_EMU: u32 = 16 * 360_000;
const COLUMN_TWIPS: usize = (A4.0 as i32 - 2 * MARGIN_LR) as usize;
/// Body text 11 pt, in half points.
const BODY_SIZE: usize = 22;
/// Arial: in every Word, and LibreOffice draws it with the metric-compatible Liberation
/// Sans (both have the narrow no-break space of Finnish thousands).
const FONT: &str = "Arial";

/// A document being written.
pub struct Doc {
    docx: Docx,
    /// The alternative text of each picture, in document order.
    alts: Vec<String>,
    lang: String,
    title: String,
}

/// A cell of a table: text, and whether it is a number (right-aligned).
pub struct TableCellText {
    pub text: String,
    pub number: bool,
}

impl TableCellText {
    pub fn text(s: impl Into<String>) -> Self {
        TableCellText { text: s.into(), number: false }
    }
    pub fn number(s: impl Into<String>) -> Self {
        TableCellText { text: s.into(), number: true }
    }
}

fn styles() -> Vec<Style> {
    let fonts = || RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT);
    vec![
        Style::new("Normal", StyleType::Paragraph)
            .name("Normal")
            .fonts(fonts())
            .size(BODY_SIZE)
            .line_spacing(LineSpacing::new().after(120).line(264).line_rule(LineSpacingType::Auto)),
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .size(48)
            .bold()
            .color("1F3864")
            .line_spacing(LineSpacing::new().after(120)),
        Style::new("Subtitle", StyleType::Paragraph)
            .name("Subtitle")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .size(26)
            .color("404040")
            .line_spacing(LineSpacing::new().after(240)),
        Style::new("Heading1", StyleType::Paragraph)
            .name("heading 1")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .outline_lvl(0)
            .size(32)
            .bold()
            .color("1F3864")
            .line_spacing(LineSpacing::new().before(360).after(120)),
        Style::new("Heading2", StyleType::Paragraph)
            .name("heading 2")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .outline_lvl(1)
            .size(26)
            .bold()
            .color("1F3864")
            .line_spacing(LineSpacing::new().before(240).after(80)),
        Style::new("Caption", StyleType::Paragraph)
            .name("caption")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .size(20)
            .italic()
            .color("404040")
            .line_spacing(LineSpacing::new().after(240)),
        Style::new("Note", StyleType::Paragraph).name("Note").based_on("Normal").size(18).color("404040"),
        Style::new("TableText", StyleType::Paragraph)
            .name("Table Text")
            .based_on("Normal")
            .size(18)
            .line_spacing(LineSpacing::new().after(0).line(240).line_rule(LineSpacingType::Auto)),
        Style::new("TableGrid", StyleType::Table).name("Table Grid"),
    ]
}

impl Doc {
    /// A new A4 document in the report language, with the page footer `footer`.
    pub fn new(lang: &str, title: &str, footer: &str, run_date: chrono::NaiveDate) -> Doc {
        let mut docx = Docx::new()
            .page_size(A4.0, A4.1)
            .page_margin(PageMargin::new().top(MARGIN_TB).bottom(MARGIN_TB).left(MARGIN_LR).right(MARGIN_LR).header(567).footer(567))
            .default_fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT))
            .default_size(BODY_SIZE)
            .created_at(&format!("{}T00:00:00Z", run_date.format("%Y-%m-%d")))
            .updated_at(&format!("{}T00:00:00Z", run_date.format("%Y-%m-%d")))
            .footer(Footer::new().add_paragraph(
                Paragraph::new().style("Note").add_run(Run::new().add_text(format!("{footer} · "))).add_page_num(docx_rs::PageNum::new()),
            ));
        for s in styles() {
            docx = docx.add_style(s);
        }
        Doc { docx, alts: Vec::new(), lang: lang.to_string(), title: title.to_string() }
    }

    fn push(&mut self, p: Paragraph) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(p);
    }

    /// A paragraph of the given style.
    pub fn styled(&mut self, style: &str, text: &str) {
        self.push(Paragraph::new().style(style).add_run(Run::new().add_text(text)));
    }
    pub fn title(&mut self, text: &str) {
        self.styled("Title", text);
    }
    pub fn subtitle(&mut self, text: &str) {
        self.styled("Subtitle", text);
    }
    pub fn heading1(&mut self, text: &str) {
        self.push(Paragraph::new().style("Heading1").keep_next(true).add_run(Run::new().add_text(text)));
    }
    pub fn heading2(&mut self, text: &str) {
        self.push(Paragraph::new().style("Heading2").keep_next(true).add_run(Run::new().add_text(text)));
    }
    pub fn paragraph(&mut self, text: &str) {
        self.styled("Normal", text);
    }
    /// The caption above a table, kept on the page of the table.
    pub fn table_caption(&mut self, text: &str) {
        self.push(Paragraph::new().style("Caption").keep_next(true).add_run(Run::new().add_text(text)));
    }
    pub fn note(&mut self, text: &str) {
        self.styled("Note", text);
    }
    /// A picture the width of the text column (or narrower when `width_cm` says), kept on
    /// the page of its caption, with its alternative text.
    pub fn figure(&mut self, png: &[u8], alt: &str, caption: &str, width_cm: Option<f64>) {
        let (w, h) = png_size(png);
        let width = width_cm.map_or(COLUMN_EMU, |cm| ((cm * 360_000.0) as u32).min(COLUMN_EMU));
        let height = if w > 0 { (width as u64 * h as u64 / w as u64) as u32 } else { width / 2 };
        let pic = Pic::new_with_dimensions(png.to_vec(), w, h).size(width, height);
        self.push(Paragraph::new().keep_next(true).keep_lines(true).align(AlignmentType::Center).add_run(Run::new().add_image(pic)));
        self.alts.push(alt.to_string());
        self.styled("Caption", caption);
    }

    /// A table in the Table Grid style whose header row repeats on every page; rows are
    /// never split across pages. `widths` are shares of the text column.
    pub fn table(&mut self, header: &[String], rows: &[Vec<TableCellText>], widths: &[f64]) {
        let twips = column_widths(header, rows, widths);
        let cell = |text: &str, number: bool, bold: bool, width: usize, shade: bool| {
            let mut run = Run::new().add_text(text);
            if bold {
                run = run.bold();
            }
            let p = Paragraph::new().style("TableText").align(if number { AlignmentType::Right } else { AlignmentType::Left }).add_run(run);
            let mut c = TableCell::new().add_paragraph(p).width(width, WidthType::Dxa).vertical_align(VAlignType::Top);
            if shade {
                c = c.shading(Shading::new().fill("D9E2F3"));
            }
            c
        };
        let mut table_rows =
            vec![TableRow::new(header.iter().zip(&twips).enumerate().map(|(i, (h, w))| cell(h, i > 0, true, *w, true)).collect())
                .cant_split()];
        for r in rows {
            table_rows
                .push(TableRow::new(r.iter().zip(&twips).map(|(c, w)| cell(&c.text, c.number, false, *w, false)).collect()).cant_split());
        }
        let t = Table::new(table_rows)
            .style("TableGrid")
            .layout(TableLayoutType::Fixed)
            .set_grid(twips.clone())
            .width(COLUMN_TWIPS, WidthType::Dxa);
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_table(t);
        // Word needs a paragraph between two tables, and after a table before a heading.
        self.push(Paragraph::new().style("Note"));
    }

    /// The finished `.docx` file.
    pub fn finish(self) -> Result<Vec<u8>, ReportError> {
        package(self.docx.build(), &self.alts, &self.title, &self.lang)
    }
}

/// Column widths in twips: each column at least as wide as its longest word (a header is
/// never cut inside a word) and its widest number, the rest of the text column shared by
/// `weights`.
fn column_widths(header: &[String], rows: &[Vec<TableCellText>], weights: &[f64]) -> Vec<usize> {
    // About 95 twips per character of 9 pt Arial (bold headers 8 % wider), plus the cell's
    // margins.
    const CHAR: f64 = 97.0;
    const PAD: f64 = 240.0;
    let n = header.len();
    let mut need = vec![0.0_f64; n];
    for (i, h) in header.iter().enumerate() {
        let longest = h.split([' ', '/']).map(|w| w.chars().count()).max().unwrap_or(0);
        need[i] = longest as f64 * CHAR * 1.08 + PAD;
    }
    for r in rows {
        for (i, c) in r.iter().enumerate().take(n) {
            let len = if c.number { c.text.chars().count() } else { c.text.split(' ').map(|w| w.chars().count()).max().unwrap_or(0) };
            need[i] = need[i].max(len as f64 * CHAR + PAD);
        }
    }
    let total_weight: f64 = weights.iter().take(n).sum::<f64>().max(1e-9);
    let mut w: Vec<f64> = (0..n).map(|i| weights.get(i).copied().unwrap_or(1.0) / total_weight * COLUMN_TWIPS as f64).collect();
    // Widen what is too narrow, taking the width from the columns that have room to spare,
    // in proportion to their room.
    let short: f64 = (0..n).map(|i| (need[i] - w[i]).max(0.0)).sum();
    let spare: f64 = (0..n).map(|i| (w[i] - need[i]).max(0.0)).sum();
    if short > 0.0 && spare > 0.0 {
        let give = short.min(spare);
        for i in 0..n {
            if w[i] < need[i] {
                w[i] += (need[i] - w[i]) / short * give;
            } else {
                w[i] -= (w[i] - need[i]) / spare * give;
            }
        }
    }
    w.into_iter().map(|x| x as usize).collect()
}

/// A PNG's size in logical pixels (its pixels over the charts' scale).
fn png_size(png: &[u8]) -> (u32, u32) {
    if png.len() < 24 {
        return (0, 0);
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]) / crate::charts::PNG_SCALE, be(&png[20..24]) / crate::charts::PNG_SCALE)
}

/// XML text escaped for an attribute.
fn attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;").replace('\n', " ")
}

/// Writes the package docx-rs built (its parts, uncompressed, in `xml`) as the `.docx`
/// file, with what docx-rs cannot write added: the alternative text and unique ids of the
/// pictures, the repeating header row of each table, and the title and language of the
/// document. The parts go in docx-rs's own order; the XML parts are deflated (at the fast
/// level: they are a tenth of the file), the pictures stored as they are (PNG is already
/// compressed); every entry has the same fixed time, so the same document gives the same
/// bytes.
fn package(xml: docx_rs::XMLDocx, alts: &[String], title: &str, lang: &str) -> Result<Vec<u8>, ReportError> {
    let err = |e: &dyn std::fmt::Display| ReportError::Docx(e.to_string());
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).map_err(|e| err(&e));
    let document = text(xml.document)?;
    // docx-rs numbers pictures from a counter shared by every document the process writes,
    // so the numbers depend on which document was written first: number them again, in the
    // order of the document.
    let images = image_ids(&document);
    let renumber = |text: &str| renumber_images(text, &images);
    let document = add_table_headers(&add_alt_texts(&renumber(&document), alts)?);
    let document_rels = renumber(&text(xml.document_rels)?);
    let props = format!(
        "<dc:title>{}</dc:title><dc:language>{}</dc:language><dc:creator>digihyte</dc:creator>",
        attr(title),
        attr(&language_tag(lang))
    );
    let core = text(xml.doc_props.core)?.replace("<dc:creator>unknown</dc:creator>", &props);

    if xml.taskpanes.is_some() || !xml.custom_items.is_empty() || !xml.web_extensions.is_empty() {
        return Err(ReportError::Docx("a document with task panes or custom XML parts, which this writer does not package".into()));
    }
    let media_bytes: usize = xml.media.iter().map(|m| m.1.len()).sum();
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(media_bytes + document.len() / 4 + 16 * 1024)));
    let dir = zip::write::SimpleFileOptions::default();
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).compression_level(Some(1));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let part = |zip: &mut zip::ZipWriter<Cursor<Vec<u8>>>, name: &str, bytes: &[u8], options| -> Result<(), ReportError> {
        zip.start_file(name, options).map_err(|e| err(&e))?;
        zip.write_all(bytes).map_err(|e| err(&e))
    };
    for d in ["word/", "word/_rels", "_rels/", "docProps/"] {
        zip.add_directory(d, dir).map_err(|e| err(&e))?;
    }
    for (name, bytes) in [
        ("[Content_Types].xml", xml.content_type.as_slice()),
        ("_rels/.rels", &xml.rels),
        ("docProps/app.xml", &xml.doc_props.app),
        ("docProps/core.xml", core.as_bytes()),
        ("docProps/custom.xml", &xml.doc_props.custom),
        ("word/_rels/document.xml.rels", document_rels.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", &xml.styles),
        ("word/settings.xml", &xml.settings),
        ("word/fontTable.xml", &xml.font_table),
        ("word/comments.xml", &xml.comments),
        ("word/numbering.xml", &xml.numberings),
        ("word/commentsExtended.xml", &xml.comments_extended),
        ("word/footnotes.xml", &xml.footnotes),
    ] {
        part(&mut zip, name, bytes, deflated)?;
    }
    for (i, h) in xml.headers.iter().enumerate() {
        part(&mut zip, &format!("word/header{}.xml", i + 1), h, deflated)?;
        if let Some(rels) = xml.header_rels.get(i) {
            part(&mut zip, &format!("word/_rels/header{}.xml.rels", i + 1), rels, deflated)?;
        }
    }
    for (i, f) in xml.footers.iter().enumerate() {
        part(&mut zip, &format!("word/footer{}.xml", i + 1), f, deflated)?;
        if let Some(rels) = xml.footer_rels.get(i) {
            part(&mut zip, &format!("word/_rels/footer{}.xml.rels", i + 1), rels, deflated)?;
        }
    }
    if !xml.media.is_empty() {
        zip.add_directory("word/media/", dir).map_err(|e| err(&e))?;
        // In the order of the document, under their new numbers.
        let mut media = xml.media;
        media.sort_by_key(|(id, _)| images.iter().position(|x| x == id).unwrap_or(usize::MAX));
        for (id, png) in &media {
            part(&mut zip, &format!("word/media/{}.png", renumber(id)), png, stored)?;
        }
    }
    Ok(zip.finish().map_err(|e| err(&e))?.into_inner())
}

/// The picture ids (`rIdImage12`) in the order they first appear.
fn image_ids(xml: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find("rIdImage") {
        let tail = &rest[i + "rIdImage".len()..];
        let digits: String = tail.chars().take_while(char::is_ascii_digit).collect();
        let id = format!("rIdImage{digits}");
        if !digits.is_empty() && !ids.contains(&id) {
            ids.push(id);
        }
        rest = &tail[digits.len()..];
    }
    ids
}

/// `text` with each picture id (`rIdImage` and its digits) of `ids` numbered by its place
/// in `ids` (1, 2, …), in one pass: 12 → 1 and 1 → 2 never meet. Other ids stay.
fn renumber_images(text: &str, ids: &[String]) -> String {
    const PREFIX: &str = "rIdImage";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(PREFIX) {
        let digits = rest[i + PREFIX.len()..].bytes().take_while(u8::is_ascii_digit).count();
        let end = i + PREFIX.len() + digits;
        out.push_str(&rest[..i]);
        match ids.iter().position(|id| *id == rest[i..end]) {
            Some(k) if digits > 0 => {
                out.push_str(PREFIX);
                out.push_str(&(k + 1).to_string());
            }
            _ => out.push_str(&rest[i..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn language_tag(lang: &str) -> String {
    match lang {
        "fi" => "fi-FI",
        "sv" => "sv-FI",
        _ => "en-GB",
    }
    .to_string()
}

/// Gives the n-th `wp:docPr` the n-th alternative text and the id n + 1.
fn add_alt_texts(xml: &str, alts: &[String]) -> Result<String, ReportError> {
    const KEY: &str = "<wp:docPr id=\"1\" name=\"Figure\"";
    let found = xml.matches(KEY).count();
    if found != alts.len() {
        return Err(ReportError::Docx(format!("{found} pictures in the document, {} alternative texts", alts.len())));
    }
    let mut out = String::with_capacity(xml.len() + alts.iter().map(|a| a.len() + 40).sum::<usize>());
    let mut rest = xml;
    for (i, alt) in alts.iter().enumerate() {
        let at = rest.find(KEY).unwrap_or(rest.len());
        out.push_str(&rest[..at]);
        out.push_str(&format!("<wp:docPr id=\"{}\" name=\"{} {}\" descr=\"{}\"", i + 1, "Figure", i + 1, attr(alt)));
        rest = &rest[at + KEY.len()..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Marks the first row of every table as its header row (repeated on each page).
fn add_table_headers(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() + 64);
    let mut rest = xml;
    while let Some(t) = rest.find("<w:tbl>") {
        out.push_str(&rest[..t]);
        let after = &rest[t..];
        match after.find("<w:trPr>") {
            Some(p) => {
                let end = p + "<w:trPr>".len();
                out.push_str(&after[..end]);
                out.push_str("<w:tblHeader />");
                rest = &after[end..];
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pictures are numbered in the order of the document, whatever numbers docx-rs
    /// gave them, and no id is taken for a longer one (`rIdImage1` in `rIdImage12`).
    #[test]
    fn pictures_are_numbered_in_document_order() {
        let xml = r#"<a r:embed="rIdImage12"/><a r:embed="rIdImage1"/><a r:embed="rIdImage123"/><a r:embed="rIdImage12"/>rIdImage"#;
        let ids = image_ids(xml);
        assert_eq!(ids, ["rIdImage12", "rIdImage1", "rIdImage123"]);
        assert_eq!(
            renumber_images(xml, &ids),
            r#"<a r:embed="rIdImage1"/><a r:embed="rIdImage2"/><a r:embed="rIdImage3"/><a r:embed="rIdImage1"/>rIdImage"#
        );
        // Ids not in the list are left as they are.
        assert_eq!(renumber_images("rIdImage7 rIdImage12", &ids[..1]), "rIdImage7 rIdImage1");
    }
}

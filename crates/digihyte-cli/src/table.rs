//! Plain aligned text tables for standard output.

/// Renders rows (the first is the header) with columns padded to their widest cell;
/// columns whose `numeric` flag is set are right-aligned. No trailing spaces.
pub fn render(rows: &[Vec<String>], numeric: &[bool]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; cols];
    for r in rows {
        for (c, cell) in r.iter().enumerate() {
            widths[c] = widths[c].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            if c > 0 {
                line.push_str("  ");
            }
            let pad = widths[c] - cell.chars().count();
            if numeric.get(c).copied().unwrap_or(false) {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_align_by_characters_not_bytes() {
        let rows = vec![vec!["a".to_string(), "n".into()], vec!["Pyhäjärvi".into(), "12".into()], vec!["Ii".into(), "3".into()]];
        let t = super::render(&rows, &[false, true]);
        assert_eq!(t, "a           n\nPyhäjärvi  12\nIi          3\n");
    }
}

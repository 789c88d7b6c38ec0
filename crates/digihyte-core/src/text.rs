//! Text normalisation used whenever a word from a spreadsheet is matched.

use unicode_normalization::UnicodeNormalization;

/// NFC, case-folded, inner whitespace collapsed to one space, trimmed.
/// `"  JYVÄSKYLÄ "` (decomposed or not) and `"jyväskylä"` fold to the same string.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfc().flat_map(char::to_lowercase) {
        if c.is_whitespace() || c == '\u{a0}' {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Like [`fold`], then keeps only letters and digits: for matching header names where
/// punctuation and spacing vary (`"Käyntipäivä:"`, `"käynti päivä"`).
pub fn fold_compact(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decomposed_and_composed_fold_equal() {
        let decomposed = "Jyva\u{308}skyla\u{308}";
        assert_eq!(fold(decomposed), fold("JYVÄSKYLÄ"));
        assert_eq!(fold("  Ii \u{a0} kunta "), "ii kunta");
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in "\\PC{0,30}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }
    }
}

//! Unicode folding for reading and matching workbook text: NFKC, with a fast path
//! for the characters nearly every workbook is made of.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// A character that NFC and NFKC leave as it is, whatever is around it, and that is
/// neither white space nor invisible: printable ASCII, kana, the common CJK
/// ideographs and punctuation. A text of these needs no normalization tables, which
/// were a fifth of the check's rules' time (perf, 200 departments).
pub(crate) fn plain(c: char) -> bool {
    matches!(c, '!'..='~' | '\u{3001}'..='\u{3011}' | '\u{3041}'..='\u{3096}'
        | '\u{30A1}'..='\u{30FA}' | '\u{30FC}' | '\u{4E00}'..='\u{9FFF}')
}

/// `s` in NFKC; borrowed when it is already. A plain character neither changes nor
/// changes a neighbour, so the quick check looks only at the others.
pub(crate) fn nfkc(s: &str) -> Cow<'_, str> {
    match is_nfkc_quick(s.chars().filter(|&c| !plain(c))) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ => Cow::Owned(s.nfkc().collect()),
    }
}

/// `s` in NFC; borrowed when it is already (as [`nfkc`]).
pub(crate) fn nfc(s: &str) -> Cow<'_, str> {
    match is_nfc_quick(s.chars().filter(|&c| !plain(c))) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ => Cow::Owned(s.nfc().collect()),
    }
}

/// `s` in NFKC without its white space.
pub(crate) fn nfkc_unspaced(s: &str) -> String {
    nfkc(s).chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::char::canonical_combining_class;

    #[test]
    fn plain_characters_are_left_alone_by_every_normalization() {
        for c in (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| plain(c))
        {
            let one = c.to_string();
            assert_eq!(one.nfkc().collect::<String>(), one, "{c:?}");
            assert_eq!(one.nfc().collect::<String>(), one, "{c:?}");
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert!(
                !c.is_whitespace() && !crate::terminal::is_invisible(c),
                "{c:?}"
            );
            // What composes with a character before it is never plain (a kana before a
            // voicing mark composes: the mark is not plain, so the text takes the tables).
            for d in ['\u{3099}', '\u{309A}', '\u{0301}', '\u{0300}'] {
                if format!("{c}{d}").nfc().count() != 2 {
                    assert!(!plain(d));
                }
            }
        }
    }

    #[test]
    fn nfkc_folds_what_is_not_plain() {
        assert_eq!(nfkc("個別事業 1"), Cow::Borrowed("個別事業 1"));
        assert_eq!(nfkc("１２０件"), "120件");
        assert_eq!(nfkc("か\u{3099}"), "が");
        assert_eq!(nfc("か\u{3099}"), "が");
        assert_eq!(nfc("１２０件"), Cow::Borrowed("１２０件"));
        assert_eq!(nfkc_unspaced("令和 ８年度"), "令和8年度");
    }
}

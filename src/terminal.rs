//! Text from the data shown on a terminal: control characters (an escape sequence in
//! a cell can retitle the terminal or erase the lines that show errors), bidi controls
//! and invisible characters are written as escapes, as JSON does: `\x1B`, `\u{202E}`.

use std::borrow::Cow;

/// True for a character that must not reach a terminal as it is.
pub(crate) fn is_hidden(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// Bidi controls and zero-width characters: they show as nothing, or reorder what
/// follows them.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
            | '\u{00AD}'
    )
}

/// `s` with every [`is_hidden`] character escaped: `\x1B` below U+0080, `\u{202E}`
/// above.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !is_hidden(c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            out.push_str(&format!("\\x{:02X}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn escapes_what_a_terminal_would_obey() {
        assert_eq!(escape("企画部"), "企画部");
        assert_eq!(escape("a\u{1B}]0;x\u{7}b"), "a\\x1B]0;x\\x07b");
        assert_eq!(escape("番\u{200B}号"), "番\\u{200B}号");
        assert_eq!(escape("\u{202E}abc"), "\\u{202E}abc");
    }
}

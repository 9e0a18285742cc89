//! JLReq character classes (W3C "Requirements for Japanese Text Layout", Appendix A),
//! reduced to what line composition asks: may this character start or end a line, how
//! much of its frame is space, is it Japanese or Western.

/// What a character is, for spacing and breaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Opening bracket: half-em of space before the ink (in a full-width frame).
    Open,
    /// Closing bracket: half-em of space after the ink.
    Close,
    /// 、， : half-em after.
    Comma,
    /// 。． : half-em after.
    FullStop,
    /// ・：； : quarter-em on each side.
    Middle,
    /// Kanji, kana and other full-width characters.
    Japanese,
    /// Latin letters (and other Western letters).
    Latin,
    /// Digits 0–9 (half-width).
    Digit,
    /// Anything else (Western punctuation, symbols).
    Other,
}

/// Characters that must not start a line (行頭禁則), per the spec's list.
pub fn no_start(c: char) -> bool {
    matches!(
        c,
        '’' | '”'
            | '）'
            | '〕'
            | '］'
            | '｝'
            | '〉'
            | '》'
            | '」'
            | '』'
            | '】'
            | '｠'
            | '〙'
            | '〗'
            | '»'
            | '〟'
            | ')'
            | ']'
            | '}'
            | '‐'
            | '〜'
            | '゠'
            | '–'
            | '！'
            | '？'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | '!'
            | '?'
            | '・'
            | '：'
            | '；'
            | '。'
            | '．'
            | '、'
            | '，'
            | '.'
            | ','
            | 'ヽ'
            | 'ヾ'
            | 'ゝ'
            | 'ゞ'
            | '々'
            | '〻'
            | 'ー'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ゎ'
            | 'ゕ'
            | 'ゖ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | 'ヮ'
            | 'ヵ'
            | 'ヶ'
            | '\u{31F0}'..='\u{31FF}' | '％' | '%' | '℃' | '‰'
    )
}

/// Characters that must not end a line (行末禁則).
pub fn no_end(c: char) -> bool {
    matches!(
        c,
        '‘' | '“' | '（' | '〔' | '［' | '｛' | '〈' | '《' | '「' | '『' | '【' | '｟' | '〘'
            | '〖' | '«' | '〝' | '(' | '[' | '{'
            // A prefix stays with its number.
            | '￥' | '¥' | '＄' | '$' | '＃' | '#' | '№' | '△' | '▲'
    )
}

/// Spacing class of `c`; `full` says whether the glyph is full-width in the font
/// (only full-width brackets carry removable half-em space).
pub fn class(c: char) -> Class {
    match c {
        '（' | '〔' | '［' | '｛' | '〈' | '《' | '「' | '『' | '【' | '｟' | '〘' | '〖'
        | '〝' | '‘' | '“' => Class::Open,
        '）' | '〕' | '］' | '｝' | '〉' | '》' | '」' | '』' | '】' | '｠' | '〙' | '〗'
        | '〟' | '’' | '”' => Class::Close,
        '、' | '，' => Class::Comma,
        '。' | '．' => Class::FullStop,
        '・' | '：' | '；' => Class::Middle,
        '0'..='9' => Class::Digit,
        'A'..='Z' | 'a'..='z' | '\u{C0}'..='\u{24F}' => Class::Latin,
        _ if is_japanese(c) => Class::Japanese,
        _ => Class::Other,
    }
}

/// Kana, kanji, full-width forms and CJK symbols.
pub fn is_japanese(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x30FF      // CJK symbols, hiragana, katakana
        | 0x31F0..=0x31FF    // katakana extensions
        | 0x3400..=0x4DBF    // CJK ext A
        | 0x4E00..=0x9FFF    // CJK unified
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFF01..=0xFF60    // full-width forms
        | 0xFFE0..=0xFFE6
        | 0x2460..=0x24FF    // circled numbers
        | 0x2E80..=0x2FDF    // radicals
        | 0x20000..=0x3FFFF) // CJK ext B–
}

/// Western characters that take a quarter-em from adjacent Japanese characters.
pub fn is_western(c: char) -> bool {
    matches!(class(c), Class::Latin | Class::Digit)
}

/// Dashes and leaders that are doubled and must stay together.
pub fn is_doubled(c: char) -> bool {
    matches!(c, '―' | '—' | '…' | '‥')
}

/// Does the pair (a, b) belong to one never-split sequence (number, Latin word,
/// doubled dash, prefix + number, number + postfix)?
pub fn glued(a: char, b: char, after_b: Option<char>) -> bool {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let letter = |c: char| c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c);
    if a == b && is_doubled(a) {
        return true;
    }
    if (letter(a) || digit(a)) && (letter(b) || digit(b)) {
        return true;
    }
    // 1,234 and 1.5: a separator between digits.
    if digit(a) && matches!(b, ',' | '.' | '，' | '．') && after_b.is_some_and(digit) {
        return true;
    }
    if matches!(a, ',' | '.' | '，' | '．') && digit(b) {
        return true;
    }
    if matches!(a, '￥' | '¥' | '＄' | '$' | '＃' | '#' | '№' | '△' | '▲') && digit(b) {
        return true;
    }
    if digit(a) && matches!(b, '％' | '%' | '℃' | '‰') {
        return true;
    }
    // Latin words with apostrophes or hyphens: don't break after a hyphen inside a word.
    if letter(a) && matches!(b, '\'' | '’' | '-') || matches!(a, '\'' | '’') && letter(b) {
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(no_start('ー') && no_start('ょ') && no_start('。') && no_start('」'));
        assert!(no_end('「') && no_end('（'));
        assert!(!no_start('あ') && !no_end('あ'));
        assert_eq!(class('。'), Class::FullStop);
        assert_eq!(class('字'), Class::Japanese);
        assert!(glued('1', ',', Some('2')) && glued(',', '2', None));
        assert!(glued('―', '―', None) && glued('I', 'S', None) && glued('0', '％', None));
        assert!(glued('△', '1', None) && no_end('△'));
        assert!(!glued('字', '字', None));
    }
}

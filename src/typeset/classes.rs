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

/// Western characters that take a quarter-em from adjacent Japanese characters. JLReq
/// counts a half-width `%` as part of the Western run (「30% を」 like 「30 を」).
pub fn is_western(c: char) -> bool {
    matches!(class(c), Class::Latin | Class::Digit) || c == '%'
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Counters and units written after a number (JLReq's 後置省略記号 and the counters of
/// municipal text): 214,000件, 3.42平方メートル, 15年度. Longest first, so the whole
/// word stays with the number.
const UNIT_WORDS: &[&str] = &[
    "平方キロメートル",
    "平方メートル",
    "キロメートル",
    "センチメートル",
    "キログラム",
    "ヘクタール",
    "パーセント",
    "ポイント",
    "メートル",
    "リットル",
    "ページ",
    "グラム",
    "百万円",
    "か所",
    "ヶ所",
    "カ所",
    "箇所",
    "か月",
    "ヶ月",
    "カ月",
    "年度",
    "年間",
    "週間",
    "日間",
    "時間",
    "分間",
    "世帯",
    "千円",
    "万円",
    "億円",
    "千人",
    "万人",
    "トン",
];

/// One-character counters and units.
fn is_counter(c: char) -> bool {
    matches!(
        c,
        '件' | '人'
            | '冊'
            | '基'
            | '台'
            | '回'
            | '校'
            | '園'
            | '館'
            | '所'
            | '名'
            | '戸'
            | '枚'
            | '本'
            | '個'
            | '円'
            | '千'
            | '万'
            | '億'
            | '年'
            | '月'
            | '日'
            | '時'
            | '分'
            | '秒'
            | '歳'
            | '倍'
            | '割'
            | '点'
            | '箇'
            | 'ヶ'
            | '局'
            | '課'
            | '棟'
            | '階'
            | '号'
            | '週'
            | '期'
            | '次'
            | '種'
            | '組'
            | '席'
            | '食'
            | '頭'
            | '匹'
            | '羽'
            | '通'
            | '区'
            | '室'
            | '泊'
            | '社'
            | '店'
            | '品'
            | '部'
    )
}

/// Prefixes that stay with the number after them (約3,000人, 第2期, ￥500).
fn is_number_prefix(c: char) -> bool {
    matches!(c, '約' | '第' | '計' | '各' | '￥' | '¥')
}

/// Ties a number to its unit or counter (inside the unit word too) and a prefix to its
/// number: fed the characters in order, says for each whether a line may NOT break
/// before it. Only the characters themselves are looked at; a word space breaks the tie.
#[derive(Debug, Default)]
pub struct NumberTies {
    /// Characters of a unit word still to come.
    left: usize,
}

impl NumberTies {
    /// Whether the break between `chars[k - 1]` and `chars[k]` is forbidden (`k ≥ 1`).
    pub fn tied(&mut self, chars: &[char], k: usize) -> bool {
        if self.left > 0 {
            self.left -= 1;
            return true;
        }
        let (a, b) = (chars[k - 1], chars[k]);
        // Units and counters are all non-ASCII (km and % are glued elsewhere): most
        // characters after a digit (digits, commas) are passed over at once.
        if is_digit(a) && !b.is_ascii() && !is_digit(b) {
            if is_counter(b)
                && !matches!(
                    b,
                    '千' | '万' | '億' | '年' | '日' | '時' | '分' | '箇' | 'ヶ' | '週'
                )
            {
                return true;
            }
            if !matches!(
                b,
                '平' | 'キ'
                    | 'セ'
                    | 'ヘ'
                    | 'パ'
                    | 'ポ'
                    | 'メ'
                    | 'リ'
                    | 'ペ'
                    | 'グ'
                    | '百'
                    | 'か'
                    | 'ヶ'
                    | 'カ'
                    | '箇'
                    | '年'
                    | '週'
                    | '日'
                    | '時'
                    | '分'
                    | '世'
                    | '千'
                    | '万'
                    | '億'
                    | 'ト'
            ) {
                return false;
            }
            let rest = &chars[k..];
            let word = UNIT_WORDS.iter().find(|w| {
                let mut n = 0;
                w.starts_with(b)
                    && w.chars().all(|u| {
                        n += 1;
                        rest.get(n - 1) == Some(&u)
                    })
            });
            if let Some(w) = word {
                self.left = w.chars().count() - 1;
                return true;
            }
            return is_counter(b);
        }
        is_number_prefix(a) && is_digit(b)
    }
}

/// For each character of `chars`, whether a line may NOT break before it
/// ([`NumberTies`] over the whole text).
pub fn number_ties(chars: &[char]) -> Vec<bool> {
    let mut t = NumberTies::default();
    (0..chars.len())
        .map(|k| k > 0 && t.tied(chars, k))
        .collect()
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
        let ties = |t: &str| {
            let cs: Vec<char> = t.chars().collect();
            number_ties(&cs)
                .iter()
                .zip(&cs)
                .map(|(t, c)| if *t { '+' } else { *c })
                .collect::<String>()
        };
        assert_eq!(ties("214,000件の"), "214,000+の");
        assert_eq!(ties("3.42平方メートル"), "3.42++++++");
        assert_eq!(ties("約3千円で第2期"), "約+++で第++");
        assert_eq!(ties("事業の件数"), "事業の件数");
        assert!(is_western('%'));
    }
}

//! Reading typed values out of cell text the way a person would expect: full-width
//! digits, thousands separators, `▲20`, `80%`, 和暦 years and dates.

use unicode_normalization::UnicodeNormalization;

use crate::model::{Date, Deadline, FiscalYear};

/// How a text reads as a number.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberText {
    /// `330,000` → 330000; `80%` → 80 with unit `%`; `120件` → 120 with unit `件`.
    Number {
        value: f64,
        unit: Option<String>,
    },
    /// Written in kanji numerals (十二): not read as a number.
    Kanji,
    NotANumber,
}

/// Units that may follow a number in a cell (`120件`). Anything else after the digits
/// makes the cell a text (e.g. a milestone such as `3回以上開催`).
const UNITS: &[&str] = &[
    "%",
    "件",
    "人",
    "名",
    "回",
    "円",
    "千円",
    "万円",
    "百万円",
    "億円",
    "か所",
    "箇所",
    "ヶ所",
    "カ所",
    "校",
    "園",
    "館",
    "日",
    "時間",
    "分",
    "秒",
    "台",
    "本",
    "冊",
    "枚",
    "世帯",
    "団体",
    "施設",
    "事業",
    "社",
    "戸",
    "棟",
    "室",
    "km",
    "m",
    "㎡",
    "m2",
    "ha",
    "t",
    "kg",
    "g",
    "L",
    "ℓ",
    "トン",
    "ポイント",
    "pt",
    "点",
    "倍",
    "歳",
    "年",
    "か月",
    "ヶ月",
    "月",
    "週",
    "割",
    "人日",
    "人回",
    "件数",
    "MB",
    "GB",
];

const KANJI_DIGITS: &str = "〇零一二三四五六七八九十百千万億兆";

/// Reads a cell's text as a number. `extra_unit` (the row's 単位) is accepted as a
/// suffix too.
///
/// ```
/// use hoshin::check::values::{parse_number, NumberText};
/// assert_eq!(parse_number("３３０，０００", None), NumberText::Number { value: 330000.0, unit: None });
/// assert_eq!(parse_number("▲20", None), NumberText::Number { value: -20.0, unit: None });
/// assert_eq!(parse_number("80%", None), NumberText::Number { value: 80.0, unit: Some("%".into()) });
/// assert_eq!(parse_number("十二", None), NumberText::Kanji);
/// assert_eq!(parse_number("認証取得の申請", None), NumberText::NotANumber);
/// ```
pub fn parse_number(text: &str, extra_unit: Option<&str>) -> NumberText {
    let s: String = text.nfkc().collect();
    let s = s.trim();
    let (neg, body) = if let Some(r) = s.strip_prefix(['▲', '△', '-', '−']) {
        (true, r.trim_start())
    } else {
        (false, s.strip_prefix('+').unwrap_or(s))
    };
    let split = body
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(body.len());
    let (digits, rest) = body.split_at(split);
    let rest = rest.trim();
    let unit_ok = |u: &str| {
        u.is_empty()
            || UNITS.contains(&u)
            || extra_unit.is_some_and(|x| !x.is_empty() && x.nfkc().collect::<String>() == u)
    };
    if !digits.is_empty() && digits.as_bytes()[0].is_ascii_digit() && unit_ok(rest) {
        let plain: String = digits.chars().filter(|&c| c != ',').collect();
        if plain.matches('.').count() <= 1 && !plain.ends_with('.') {
            if let Ok(v) = plain.parse::<f64>() {
                let value = if neg { -v } else { v };
                return NumberText::Number {
                    value,
                    unit: (!rest.is_empty()).then(|| rest.to_string()),
                };
            }
        }
    }
    // 十二, 三千件: kanji numerals, perhaps with a unit.
    let kanji_end = body
        .find(|c: char| !KANJI_DIGITS.contains(c))
        .unwrap_or(body.len());
    if kanji_end > 0 && unit_ok(body[kanji_end..].trim()) {
        return NumberText::Kanji;
    }
    NumberText::NotANumber
}

/// Reads a 期限 text: `平成15年度末`, `平成18年度`, `2004年度`, `2004/3/31`,
/// `平成16年3月31日`, `R6.3.31`.
pub fn parse_deadline(text: &str) -> Option<Deadline> {
    let s: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    if let Some(rest) = s.strip_suffix('末') {
        let year = FiscalYear::parse(rest)?;
        return Some(Deadline::FiscalYear { year, end: true });
    }
    if let Some(date) = parse_date(&s) {
        return Some(Deadline::Date(date));
    }
    FiscalYear::parse(&s).map(|year| Deadline::FiscalYear { year, end: false })
}

/// `2004/3/31`, `2004-03-31`, `2004.3.31`, `2004年3月31日`, `平成16年3月31日`, `H16.3.31`.
pub fn parse_date(s: &str) -> Option<Date> {
    let parts: Vec<&str> = if s.contains('月') {
        let s = s.strip_suffix('日')?;
        let (y, rest) = s.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        vec![y, m, d]
    } else {
        let p: Vec<&str> = s.split(['/', '-', '.']).collect();
        if p.len() != 3 {
            return None;
        }
        p
    };
    // The year part may be 和暦 (平成16, H16) or Western; a calendar year, not a fiscal one.
    let year = if parts[0].chars().all(|c| c.is_ascii_digit()) {
        parts[0]
            .parse::<i32>()
            .ok()
            .filter(|y| (1900..=2200).contains(y))?
    } else {
        FiscalYear::parse(parts[0])?.western()
    };
    Date::new(year, parts[1].parse().ok()?, parts[2].parse().ok()?)
}

/// A 期限 given as a number: a Western fiscal year (1900–2200) or an Excel serial date
/// (calamine does not recognise Japanese date formats, so such dates arrive as numbers).
pub fn deadline_from_number(n: f64) -> Option<Deadline> {
    if n.fract() == 0.0 && (1900.0..=2200.0).contains(&n) {
        Some(Deadline::FiscalYear {
            year: FiscalYear(n as i32),
            end: false,
        })
    } else if n > 2200.0 {
        Date::from_excel_serial(n).map(Deadline::Date)
    } else {
        None
    }
}

/// Printed text: only surrounding white space (incl. U+3000) is trimmed and CR/LF
/// unified to LF; NFKC is not applied (it would turn 「、」 into ASCII).
pub fn clean_text(s: &str) -> String {
    let trimmed = s.trim_matches(|c: char| c.is_whitespace());
    if trimmed.contains('\r') {
        trimmed.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(v: f64, unit: Option<&str>) -> NumberText {
        NumberText::Number {
            value: v,
            unit: unit.map(str::to_string),
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("330,000", None), num(330000.0, None));
        assert_eq!(parse_number("1.5", None), num(1.5, None));
        assert_eq!(parse_number("１２０件", None), num(120.0, Some("件")));
        assert_eq!(parse_number("△5", None), num(-5.0, None));
        assert_eq!(parse_number("８０％", None), num(80.0, Some("%")));
        assert_eq!(parse_number("12 団体", None), num(12.0, Some("団体")));
        assert_eq!(parse_number("3回以上開催", None), NumberText::NotANumber);
        assert_eq!(
            parse_number("3世帯以上", Some("世帯以上")),
            num(3.0, Some("世帯以上"))
        );
        assert_eq!(parse_number("三千件", None), NumberText::Kanji);
        assert_eq!(parse_number("一元化", None), NumberText::NotANumber);
        assert_eq!(parse_number("1.2.3", None), NumberText::NotANumber);
        assert_eq!(parse_number("", None), NumberText::NotANumber);
    }

    #[test]
    fn deadlines() {
        let fy = |y, end| {
            Some(Deadline::FiscalYear {
                year: FiscalYear(y),
                end,
            })
        };
        assert_eq!(parse_deadline("平成15年度末"), fy(2003, true));
        assert_eq!(parse_deadline("平成18年度"), fy(2006, false));
        assert_eq!(parse_deadline("2004年度"), fy(2004, false));
        assert_eq!(parse_deadline("令和元年度末"), fy(2019, true));
        let d = |y, m, dd| Some(Deadline::Date(Date::new(y, m, dd).unwrap()));
        assert_eq!(parse_deadline("2004/3/31"), d(2004, 3, 31));
        assert_eq!(parse_deadline("平成16年3月31日"), d(2004, 3, 31));
        assert_eq!(parse_deadline("H16.3.31"), d(2004, 3, 31));
        assert_eq!(parse_deadline("２００４－０３－３１"), d(2004, 3, 31));
        assert_eq!(parse_deadline("来年"), None);
        assert_eq!(deadline_from_number(2004.0), fy(2004, false));
        assert_eq!(deadline_from_number(38077.0), d(2004, 3, 31));
        assert_eq!(deadline_from_number(15.0), None);
    }

    #[test]
    fn text_is_trimmed_not_normalized() {
        assert_eq!(
            clean_text("\u{3000}「市民」、１２\r\n次\r"),
            "「市民」、１２\n次"
        );
    }
}

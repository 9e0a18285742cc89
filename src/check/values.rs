//! Reading typed values out of cell text the way a person would expect: full-width
//! digits, thousands separators, `▲20`, `80%`, 和暦 years and dates.

use crate::model::{Approx, Date, Deadline, FiscalYear, YearPart};

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
    "千人",
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
    let s = crate::fold::nfkc(text);
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
            || extra_unit.is_some_and(|x| !x.is_empty() && crate::fold::nfkc(x) == u)
    };
    // 33万 = 330000, 1.2億件: 万 and 億 scale the number when they are not part of a
    // unit of their own (万円 stays a unit).
    let (scale, rest) = match rest.strip_prefix('万').or_else(|| rest.strip_prefix('億')) {
        Some(r) if !unit_ok(rest) && unit_ok(r.trim()) => {
            (if rest.starts_with('万') { 1e4 } else { 1e8 }, r.trim())
        }
        _ => (1.0, rest),
    };
    if !digits.is_empty() && digits.as_bytes()[0].is_ascii_digit() && unit_ok(rest) {
        let plain: String = digits.chars().filter(|&c| c != ',').collect();
        if plain.matches('.').count() <= 1 && !plain.ends_with('.') {
            if let Ok(v) = plain.parse::<f64>() {
                let v = (v * scale * 1e6).round() / 1e6;
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

/// Words written before or after a number that make it approximate or a bound.
const BEFORE: &[&str] = &["約", "およそ", "概ね", "おおむね", "ほぼ"];
const AFTER: &[&str] = &[
    "程度",
    "以上",
    "以下",
    "未満",
    "超",
    "前後",
    "強",
    "弱",
    "台",
    "ほど",
    "くらい",
    "ぐらい",
];

/// Splits a qualifier off a number written as text: `約50` → (約, `50`);
/// `100%以上` → (以上, `100%`). `None` when there is none.
pub(crate) fn split_approx(text: &str) -> Option<(Approx, String)> {
    let s = crate::fold::nfkc_unspaced(text);
    let mut approx = Approx::default();
    let mut body = s.as_str();
    if let Some(b) = BEFORE.iter().find(|b| body.starts_with(**b)) {
        approx.before = b;
        body = &body[b.len()..];
    }
    if let Some(a) = AFTER.iter().find(|a| body.ends_with(**a)) {
        approx.after = a;
        body = &body[..body.len() - a.len()];
    }
    (approx != Approx::default() && !body.is_empty()).then(|| (approx, body.to_string()))
}

/// Reads a 期限 text the way departments write it: `平成15年度末`, `平成18年度`,
/// `2004年度`, `令和8年9月末`, `平成15年10月`, `2026年3月末`, `2026/3`, `平成15年度中`,
/// `令和8年度までに`, `令和8年度上半期`, `2004/3/31`, `平成16年3月31日`, `R6.3.31`.
/// Forms without a year (`年度末`, `年度中`, `上半期`) take `year`, the workbook's 年度.
pub(crate) fn parse_deadline(text: &str, year: Option<FiscalYear>) -> Option<Deadline> {
    let s = crate::fold::nfkc_unspaced(text);
    let s = s.strip_suffix('に').unwrap_or(&s);
    let s = s.strip_suffix("まで").map_or((s, false), |r| (r, true));
    let (s, by) = s;
    // The fiscal year a (possibly empty) prefix names; empty means the workbook's.
    let fiscal = |prefix: &str| match prefix {
        "" | "本" | "当" | "今" => year,
        p => FiscalYear::parse(p),
    };
    let parts: [(&str, YearPart); 6] = [
        ("年度中", YearPart::During),
        ("年度内", YearPart::During),
        ("年度上半期", YearPart::FirstHalf),
        ("年度下半期", YearPart::SecondHalf),
        ("上半期", YearPart::FirstHalf),
        ("下半期", YearPart::SecondHalf),
    ];
    if !by {
        for (suffix, part) in parts {
            if let Some(rest) = s.strip_suffix(suffix) {
                return fiscal(rest).map(|year| Deadline::Within { year, part });
            }
        }
    }
    if let Some(rest) = s.strip_suffix("年度末") {
        return fiscal(rest).map(|year| Deadline::FiscalYear { year, end: true });
    }
    if let Some(rest) = s.strip_suffix("年度") {
        let year = fiscal(rest)?;
        return Some(match by {
            true => Deadline::Within {
                year,
                part: YearPart::By,
            },
            false => Deadline::FiscalYear { year, end: false },
        });
    }
    if by {
        return None;
    }
    if let Some(rest) = s.strip_suffix('末') {
        if let Some(Deadline::Month { year, month, .. }) = parse_month(rest) {
            return Some(Deadline::Month {
                year,
                month,
                end: true,
            });
        }
        let year = FiscalYear::parse(rest)?;
        return Some(Deadline::FiscalYear { year, end: true });
    }
    if let Some(date) = parse_date(s) {
        return Some(Deadline::Date(date));
    }
    if let Some(m) = parse_month(s) {
        return Some(m);
    }
    FiscalYear::parse(s).map(|year| Deadline::FiscalYear { year, end: false })
}

/// `平成15年10月`, `2026年3月`, `R8.9`, `2026/3`, `2026-03`: a calendar month.
fn parse_month(s: &str) -> Option<Deadline> {
    let (y, m) = match s.strip_suffix('月') {
        Some(r) => r.split_once('年')?,
        None => s.split_once(['/', '-', '.'])?,
    };
    let month: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
    Some(Deadline::Month {
        year: calendar_year(y)?,
        month,
        end: false,
    })
}

/// A calendar year written in 和暦 (平成16, H16) or Western form.
fn calendar_year(y: &str) -> Option<i32> {
    if y.chars().all(|c| c.is_ascii_digit()) {
        y.parse::<i32>().ok().filter(|y| (1900..=2200).contains(y))
    } else {
        Some(FiscalYear::parse(y)?.western())
    }
}

/// `2004/3/31`, `2004-03-31`, `2004.3.31`, `2004年3月31日`, `平成16年3月31日`, `H16.3.31`.
pub(crate) fn parse_date(s: &str) -> Option<Date> {
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
    Date::new(
        calendar_year(parts[0])?,
        parts[1].parse().ok()?,
        parts[2].parse().ok()?,
    )
}

/// A 期限 given as a number: a Western fiscal year (1900–2200) or an Excel serial date
/// (calamine does not recognise Japanese date formats, so such dates arrive as numbers).
pub(crate) fn deadline_from_number(n: f64) -> Option<Deadline> {
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
pub(crate) fn clean_text(s: &str) -> String {
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
        assert_eq!(parse_number("33万", None), num(330000.0, None));
        assert_eq!(parse_number("1.2億件", None), num(120000000.0, Some("件")));
        assert_eq!(parse_number("33万円", None), num(33.0, Some("万円")));
        assert_eq!(parse_number("3千人", None), num(3.0, Some("千人")));
    }

    #[test]
    fn deadlines() {
        let fy = |y, end| {
            Some(Deadline::FiscalYear {
                year: FiscalYear(y),
                end,
            })
        };
        let pd = |t| parse_deadline(t, Some(FiscalYear(2003)));
        assert_eq!(pd("平成15年度末"), fy(2003, true));
        assert_eq!(pd("平成18年度"), fy(2006, false));
        assert_eq!(pd("2004年度"), fy(2004, false));
        assert_eq!(pd("令和元年度末"), fy(2019, true));
        assert_eq!(pd("年度末"), fy(2003, true));
        assert_eq!(parse_deadline("年度末", None), None);
        let month = |y, m, end| {
            Some(Deadline::Month {
                year: y,
                month: m,
                end,
            })
        };
        assert_eq!(pd("平成15年10月"), month(2003, 10, false));
        assert_eq!(pd("平成16年1月"), month(2004, 1, false));
        assert_eq!(pd("令和8年9月末"), month(2026, 9, true));
        assert_eq!(pd("2026年3月末"), month(2026, 3, true));
        assert_eq!(pd("２０２６／３"), month(2026, 3, false));
        assert_eq!(pd("平成15年13月"), None);
        let within = |y, part| {
            Some(Deadline::Within {
                year: FiscalYear(y),
                part,
            })
        };
        assert_eq!(pd("平成15年度中"), within(2003, YearPart::During));
        assert_eq!(pd("年度中"), within(2003, YearPart::During));
        assert_eq!(pd("令和8年度までに"), within(2026, YearPart::By));
        assert_eq!(pd("令和8年度まで"), within(2026, YearPart::By));
        assert_eq!(pd("上半期"), within(2003, YearPart::FirstHalf));
        assert_eq!(pd("令和8年度下半期"), within(2026, YearPart::SecondHalf));
        assert_eq!(pd("随時"), None);
        let shown = |t| pd(t).unwrap().to_string();
        assert_eq!(shown("平成15年10月"), "平成15年10月");
        assert_eq!(shown("2026年3月末"), "令和8年3月末");
        assert_eq!(shown("年度中"), "平成15年度中");
        assert_eq!(shown("R8年度までに"), "令和8年度まで");
        assert_eq!(shown("２００４/３/３１"), "平成16年3月31日");
        let d = |y, m, dd| Some(Deadline::Date(Date::new(y, m, dd).unwrap()));
        assert_eq!(pd("2004/3/31"), d(2004, 3, 31));
        assert_eq!(pd("平成16年3月31日"), d(2004, 3, 31));
        assert_eq!(pd("H16.3.31"), d(2004, 3, 31));
        assert_eq!(pd("２００４－０３－３１"), d(2004, 3, 31));
        assert_eq!(pd("来年"), None);
        assert_eq!(deadline_from_number(2004.0), fy(2004, false));
        assert_eq!(deadline_from_number(38077.0), d(2004, 3, 31));
        assert_eq!(deadline_from_number(15.0), None);
    }

    #[test]
    fn approximations() {
        let a = |before, after| Approx { before, after };
        assert_eq!(split_approx("約50"), Some((a("約", ""), "50".into())));
        assert_eq!(split_approx("50程度"), Some((a("", "程度"), "50".into())));
        assert_eq!(
            split_approx("１００％以上"),
            Some((a("", "以上"), "100%".into()))
        );
        assert_eq!(split_approx("50"), None);
        assert_eq!(split_approx("以上"), None);
    }

    #[test]
    fn text_is_trimmed_not_normalized() {
        assert_eq!(
            clean_text("\u{3000}「市民」、１２\r\n次\r"),
            "「市民」、１２\n次"
        );
    }
}

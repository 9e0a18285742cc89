//! `[opendata]` in `hoshin.toml`: the 地方公共団体コード every row of the open data
//! carries, and the licence the data package states.
//!
//! ```toml
//! [opendata]
//! municipality_code = "132047"   # 三鷹市: 6 digits, the 6th the check digit
//! license = "CC-BY-4.0"          # the default
//! # license_url = "https://…"    # needed for a licence hoshin does not know
//! # source_url = "https://…"     # where the city publishes it
//! ```
//!
//! A code whose check digit is wrong is a configuration error (exit 2): a mistyped code
//! would label every row of every file with another municipality.

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

/// The settings, checked: a code here has a correct check digit, a licence a URL.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "RawSettings")]
pub struct Settings {
    /// 全国地方公共団体コード, 6 digits; `None` when not configured (the rows carry an
    /// empty code and the build warns).
    pub municipality_code: Option<String>,
    pub license: License,
    /// Where the city publishes the data, stated as the package's source.
    pub source_url: Option<String>,
}

/// The licence of the data package.
#[derive(Debug, Clone, PartialEq)]
pub struct License {
    /// An SPDX identifier (`CC-BY-4.0`) or the name as configured.
    pub name: String,
    pub title: String,
    pub url: String,
}

/// Licences hoshin knows: (SPDX id, title, URL). CC BY 4.0 is what most Japanese
/// municipalities publish open data under; 公共データ利用規約 (PDL 1.0) is the
/// government's own terms, compatible with it.
const KNOWN_LICENSES: [(&str, &str, &str); 5] = [
    (
        "CC-BY-4.0",
        "クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）",
        "https://creativecommons.org/licenses/by/4.0/deed.ja",
    ),
    (
        "CC0-1.0",
        "クリエイティブ・コモンズ CC0 1.0 全世界（パブリック・ドメイン提供）",
        "https://creativecommons.org/publicdomain/zero/1.0/deed.ja",
    ),
    (
        "CC-BY-SA-4.0",
        "クリエイティブ・コモンズ 表示-継承 4.0 国際（CC BY-SA 4.0）",
        "https://creativecommons.org/licenses/by-sa/4.0/deed.ja",
    ),
    (
        "CC-BY-2.1-JP",
        "クリエイティブ・コモンズ 表示 2.1 日本（CC BY 2.1 JP）",
        "https://creativecommons.org/licenses/by/2.1/jp/",
    ),
    (
        "PDL-1.0",
        "公共データ利用規約（第1.0版）",
        "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0",
    ),
];

impl Default for Settings {
    fn default() -> Self {
        Settings {
            municipality_code: None,
            license: known_license("CC-BY-4.0").expect("CC BY 4.0 is known"),
            source_url: None,
        }
    }
}

fn known_license(name: &str) -> Option<License> {
    KNOWN_LICENSES
        .iter()
        .find(|(id, _, _)| id.eq_ignore_ascii_case(name))
        .map(|(id, title, url)| License {
            name: id.to_string(),
            title: title.to_string(),
            url: url.to_string(),
        })
}

/// `[opendata]` as written.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawSettings {
    municipality_code: Option<Code>,
    license: Option<String>,
    license_url: Option<String>,
    source_url: Option<String>,
}

/// The code as a string (`"011002"`) or, carelessly, a TOML integer (`132047`).
#[derive(Deserialize)]
#[serde(untagged)]
enum CodeText {
    Text(String),
    Number(i64),
}

/// A checked code, or none for an empty string. Checked on its own, so that an
/// error names the line of `municipality_code`.
#[derive(Deserialize)]
#[serde(try_from = "CodeText")]
struct Code(Option<String>);

impl TryFrom<CodeText> for Code {
    type Error = String;

    fn try_from(text: CodeText) -> Result<Code, String> {
        match text {
            CodeText::Text(s) if s.trim().is_empty() => Ok(Code(None)),
            CodeText::Text(s) => check_code(&s).map(|c| Code(Some(c))),
            // An integer lost its leading zero (北海道 01…): six digits with zeros.
            CodeText::Number(n) => check_code(&format!("{n:06}")).map(|c| Code(Some(c))),
        }
    }
}

impl TryFrom<RawSettings> for Settings {
    type Error = String;

    fn try_from(raw: RawSettings) -> Result<Settings, String> {
        let municipality_code = raw.municipality_code.and_then(|c| c.0);
        let license = match (raw.license, raw.license_url) {
            (None, None) => Settings::default().license,
            (Some(name), url) => match (known_license(name.trim()), url) {
                (Some(known), None) => known,
                (known, Some(url)) => License {
                    title: known.map_or_else(|| name.trim().to_string(), |k| k.title),
                    name: name.trim().to_string(),
                    url,
                },
                (None, None) => {
                    return Err(format!(
                        "[opendata] license「{name}」は hoshin の知らない利用条件です。{}のどれかを書くか、license_url に条件のページの URL を書いてください",
                        KNOWN_LICENSES.map(|l| l.0).join("、")
                    ))
                }
            },
            (None, Some(_)) => {
                return Err(
                    "[opendata] license_url だけがあります。license に利用条件の名前も書いてください"
                        .into(),
                )
            }
        };
        Ok(Settings {
            municipality_code,
            license,
            source_url: raw.source_url.filter(|s| !s.trim().is_empty()),
        })
    }
}

/// The check digit of a 5-digit 団体コード: the digits weighted 6, 5, 4, 3, 2, summed;
/// 11 minus the remainder mod 11, its last digit (総務省「全国地方公共団体コード」).
///
/// ```
/// use hoshin::config::opendata::check_digit;
/// assert_eq!(check_digit("13204"), Some(7)); // 三鷹市 132047
/// assert_eq!(check_digit("13000"), Some(1)); // 東京都 130001
/// assert_eq!(check_digit("01100"), Some(2)); // 札幌市 011002
/// ```
pub fn check_digit(five: &str) -> Option<u32> {
    if five.len() != 5 || !five.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = five
        .bytes()
        .zip([6, 5, 4, 3, 2])
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some((11 - sum % 11) % 10)
}

/// A configured code, checked: full-width digits and spaces are accepted; the result
/// is 6 ASCII digits whose last is the check digit of the first five.
pub(crate) fn check_code(text: &str) -> Result<String, String> {
    let code: String = text
        .nfkc()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let all_digits = !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit());
    match code.len() {
        6 if all_digits => {
            let want = check_digit(&code[..5]).unwrap_or(0);
            if code[5..] == want.to_string() {
                Ok(code)
            } else {
                Err(format!(
                    "[opendata] municipality_code「{text}」の検査数字（6桁目）が正しくありません。上5桁 {} の検査数字は {want} です（{}{want}）。総務省の全国地方公共団体コードで確かめてください",
                    &code[..5],
                    &code[..5]
                ))
            }
        }
        5 if all_digits => Err(format!(
            "[opendata] municipality_code「{text}」は5桁です。検査数字を付けた6桁の全国地方公共団体コード「{code}{}」を書いてください",
            check_digit(&code).unwrap_or(0)
        )),
        _ => Err(format!(
            "[opendata] municipality_code「{text}」は6桁の数字ではありません。全国地方公共団体コード（例: 三鷹市は \"132047\"）を引用符で囲んで書いてください"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_pass() {
        // Codes from 総務省's list: a city, a prefecture, a designated city, and the
        // remainders 0 (埼玉県: sum 11) and 1 (長崎県 34, 栃木県 45).
        for code in [
            "132047", "130001", "011002", "010006", "141003", "271004", "110001", "420000",
            "090000",
        ] {
            assert_eq!(check_code(code).as_deref(), Ok(code), "{code}");
        }
        assert_eq!(check_code("１３２０４７").as_deref(), Ok("132047"));
    }

    #[test]
    fn wrong_codes_say_why() {
        let e = check_code("132048").unwrap_err();
        assert!(e.contains("検査数字") && e.contains("132047"), "{e}");
        let e = check_code("13204").unwrap_err();
        assert!(e.contains("132047"), "{e}");
        let e = check_code("三鷹市").unwrap_err();
        assert!(e.contains("6桁の数字ではありません"), "{e}");
    }

    #[test]
    fn read_from_hoshin_toml() {
        use crate::config::Config;
        let code = |toml: &str| Config::parse(toml).map(|c| c.opendata.municipality_code);
        assert_eq!(code("").unwrap(), None);
        assert_eq!(code("[opendata]\nmunicipality_code = \"\"").unwrap(), None);
        let quoted = code("[opendata]\nmunicipality_code = \"132047\"").unwrap();
        assert_eq!(quoted.as_deref(), Some("132047"));
        // A TOML integer has lost 札幌市's leading zero.
        let sapporo = code("[opendata]\nmunicipality_code = 11002").unwrap();
        assert_eq!(sapporo.as_deref(), Some("011002"));
        let e = code("city = \"x\"\n[opendata]\nmunicipality_code = \"132040\"").unwrap_err();
        assert!(
            e.0.starts_with("3行目: [opendata] municipality_code「132040」"),
            "{}",
            e.0
        );
        let e = code("[opendata]\nlicence = \"CC0-1.0\"").unwrap_err();
        assert!(e.0.contains("「licence」"), "{}", e.0);
    }

    #[test]
    fn licences() {
        let s = Settings::default();
        assert_eq!(s.license.name, "CC-BY-4.0");
        let raw = RawSettings {
            license: Some("独自規約".into()),
            ..RawSettings::default()
        };
        assert!(Settings::try_from(raw).unwrap_err().contains("license_url"));
        let raw = RawSettings {
            license: Some("独自規約".into()),
            license_url: Some("https://example.jp/terms".into()),
            ..RawSettings::default()
        };
        let s = Settings::try_from(raw).unwrap();
        assert_eq!(s.license.title, "独自規約");
    }
}

//! `[newsletter]`: paper, writing direction and page count.

/// Paper of the printed page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
pub enum Paper {
    /// タブロイド判, 273 × 406 mm, three columns.
    #[default]
    #[serde(rename = "tabloid", alias = "Tabloid", alias = "タブロイド")]
    Tabloid,
    /// 297 × 420 mm, three columns.
    A3,
    /// 210 × 297 mm, two columns, smaller type.
    A4,
}

/// Direction of the printed page's text (`[newsletter] writing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
pub enum Writing {
    /// 横組み: lines left to right, in columns.
    #[default]
    #[serde(rename = "horizontal", alias = "横組み", alias = "横")]
    Horizontal,
    /// 縦組み: lines top to bottom, advancing right to left, in bands (段).
    #[serde(rename = "vertical", alias = "縦組み", alias = "縦")]
    Vertical,
}

/// How many pages the newsletter may take (`[newsletter] pages`).
///
/// `"auto"` (the default) keeps one page when everything fits and otherwise continues
/// the departments' list on as many pages as it needs, with a warning; a number is a
/// limit, and content that needs more is an error that names what to shorten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pages {
    #[default]
    Auto,
    Fixed(u32),
}

impl<'de> serde::Deserialize<'de> for Pages {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(i64),
            S(String),
        }
        let bad =
            || serde::de::Error::custom("pages は 1 以上の数（1、2 …）か \"auto\" にしてください");
        match Raw::deserialize(d)? {
            Raw::N(n) if (1..=1000).contains(&n) => Ok(Pages::Fixed(n as u32)),
            Raw::S(s) if s.trim().eq_ignore_ascii_case("auto") || s.trim() == "自動" => {
                Ok(Pages::Auto)
            }
            _ => Err(bad()),
        }
    }
}

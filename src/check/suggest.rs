//! Near-miss names: a header typed `事業名称` or a sheet named `個別事業(修正)` is most
//! likely the contract's name, and the fix is a rename, not a new column or sheet.

use crate::ingest::normalize_key;

/// Words people add to a name that do not change what it is.
const SUFFIXES: &[&str] = &[
    "(修正)",
    "(修正版)",
    "(改)",
    "(新)",
    "(最新)",
    "(案)",
    "修正版",
    "修正",
    "最新",
    "_修正",
    "-修正",
    "のコピー",
    "(2)",
    "(3)",
    "2",
    "名称",
    "名",
    "欄",
];

/// The one of `wanted` that `written` most likely means, or `None`.
///
/// ```
/// use hoshin::check::suggest::near_miss;
/// assert_eq!(near_miss("事業名称", ["事業名", "担当課"]), Some("事業名"));
/// assert_eq!(near_miss("個別事業(修正)", ["基本情報", "個別事業"]), Some("個別事業"));
/// assert_eq!(near_miss("担当", ["事業名", "担当課"]), Some("担当課"));
/// assert_eq!(near_miss("備考", ["事業名", "担当課"]), None);
/// ```
pub fn near_miss<'a>(written: &str, wanted: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = normalize_key(written);
    let stem = |s: &str| -> String {
        let mut s = s.to_string();
        while let Some(x) = SUFFIXES
            .iter()
            .find(|x| s.len() > x.len() && s.ends_with(**x))
        {
            s.truncate(s.len() - x.len());
        }
        s
    };
    let ws = stem(&w);
    let mut best: Option<(usize, &str)> = None;
    for c in wanted {
        let k = normalize_key(c);
        if k == w {
            return None; // not a near miss: the name itself
        }
        let d = if stem(&k) == ws { 0 } else { distance(&w, &k) };
        let limit = if k.chars().count() <= 3 { 1 } else { 2 };
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

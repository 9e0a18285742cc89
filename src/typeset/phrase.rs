//! Phrase (文節) boundaries for display text, so that headings and titles break between
//! phrases (「市民の声を / 市政に生かします」), never inside a word.
//!
//! The model is BudouX's Japanese model (`budoux-ja.json`, from the `budoux` npm
//! package 0.9.2, © 2021 Google LLC, Apache License 2.0), scored exactly as BudouX's
//! own parser does: each position sums the weights of the 1–3 character windows around
//! it and a phrase starts where the sum is positive. The `budoux` crate was weighed and
//! not taken: its one release (0.1.1) carries BudouX's first model (v0.1.0, KNBC),
//! which upstream has since replaced; the current model is 20 KB of data and the
//! scoring is the dozen lines below.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The feature groups of the model, in BudouX's order: unigrams at offsets −3…+2,
/// bigrams at −2, −1, 0, trigrams at −3, −2, −1, 0 (relative to the boundary).
const GROUPS: [(&str, isize, usize); 13] = [
    ("UW1", -3, 1),
    ("UW2", -2, 1),
    ("UW3", -1, 1),
    ("UW4", 0, 1),
    ("UW5", 1, 1),
    ("UW6", 2, 1),
    ("BW1", -2, 2),
    ("BW2", -1, 2),
    ("BW3", 0, 2),
    ("TW1", -3, 3),
    ("TW2", -2, 3),
    ("TW3", -1, 3),
    ("TW4", 0, 3),
];

struct Model {
    /// Per group: the window's characters packed 21 bits each → weight.
    groups: Vec<HashMap<u64, i32>>,
    base: i32,
}

/// Up to 3 characters in one key (a code point fits 21 bits).
fn pack(cs: impl Iterator<Item = char>) -> u64 {
    cs.fold(0u64, |k, c| (k << 21) | c as u64)
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let raw: HashMap<String, HashMap<String, i32>> =
            serde_json::from_str(include_str!("budoux-ja.json")).expect("the built-in model");
        let groups: Vec<HashMap<u64, i32>> = GROUPS
            .iter()
            .map(|(name, _, _)| {
                raw.get(*name)
                    .map(|g| g.iter().map(|(k, v)| (pack(k.chars()), *v)).collect())
                    .unwrap_or_default()
            })
            .collect();
        let total: i64 = groups
            .iter()
            .flat_map(|g| g.values())
            .map(|&v| v as i64)
            .sum();
        Model {
            groups,
            base: (-total / 2) as i32,
        }
    })
}

/// Character offsets (not bytes) where a phrase starts, ascending, 0 left out.
///
/// ```
/// // 市民の / 声を / 市政に / 生かします
/// let b = hoshin::typeset::phrase::boundaries("市民の声を市政に生かします");
/// assert_eq!(b, vec![3, 5, 8]);
/// ```
pub fn boundaries(text: &str) -> Vec<usize> {
    let chars: Vec<char> = text.chars().collect();
    let m = model();
    let mut out = Vec::new();
    for i in 1..chars.len() {
        let mut score = m.base;
        for ((_, off, len), group) in GROUPS.iter().zip(&m.groups) {
            let start = i as isize + off;
            let end = start + *len as isize;
            // BudouX's substring(): a window cut off at either end is shorter, and a
            // shorter window matches no feature of its group.
            if start < 0 || end > chars.len() as isize {
                continue;
            }
            let key = pack(chars[start as usize..end as usize].iter().copied());
            score += group.get(&key).copied().unwrap_or(0);
        }
        if score > 0 {
            out.push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(t: &str) -> Vec<String> {
        let cs: Vec<char> = t.chars().collect();
        let mut out = Vec::new();
        let mut s = 0;
        for b in boundaries(t).into_iter().chain([cs.len()]) {
            out.push(cs[s..b].iter().collect());
            s = b;
        }
        out
    }

    #[test]
    fn words_stay_whole() {
        let p = phrases("主体的に「目標」を設定");
        assert!(p.iter().any(|x| x.contains("目標")), "{p:?}");
        let p = phrases("ホームページでご覧になれます");
        assert!(p.iter().any(|x| x.contains("ご覧に")), "{p:?}");
        assert!(boundaries("").is_empty() && boundaries("字").is_empty());
    }
}

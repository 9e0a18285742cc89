//! `hoshin verify OUT`: does the output folder hold exactly what its manifest says?
//! An interrupted commit is completed first (under the folder's lock), so a folder
//! left by a killed build verifies once recovered. Handy before uploading `web/`.

use std::path::Path;

use crate::build::sha256_hex;
use crate::outdir::{self, Recovered};

/// What verifying found.
#[derive(Debug, Default)]
pub struct Verified {
    pub recovered: Recovered,
    /// Files the manifest lists.
    pub listed: usize,
    /// One Japanese line per listed file that is missing or differs.
    pub mismatches: Vec<String>,
}

/// Verifies `out` against its `manifest.json`. `Err` when there is no folder or no
/// readable manifest (a usage problem, not a mismatch).
pub fn verify(out: &Path) -> Result<Verified, String> {
    if !out.is_dir() {
        return Err(format!("フォルダ {} がありません", out.display()));
    }
    let manifest_path = out.join(crate::build::MANIFEST);
    let mut done = Verified::default();
    {
        // Only a folder hoshin wrote is locked and recovered.
        if manifest_path.exists() || out.join(outdir::JOURNAL).exists() {
            let lock = outdir::open(out, "hoshin verify", &|holder| {
                eprintln!(
                    "hoshin: 出力フォルダ {} には別の hoshin（{holder}）が書き込み中です。終わるまで待ちます",
                    out.display()
                )
            })
            .map_err(|e| format!("出力フォルダ {} を使えません: {e}", out.display()))?;
            done.recovered = lock.recovered;
        }
    }
    let bytes = std::fs::read(&manifest_path).map_err(|e| {
        format!(
            "{} を読めません（{e}）。hoshin build の出力フォルダを指定してください",
            manifest_path.display()
        )
    })?;
    let manifest: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{} が壊れています（{e}）", manifest_path.display()))?;
    let outputs = manifest["outputs"]
        .as_array()
        .ok_or_else(|| format!("{} に outputs がありません", manifest_path.display()))?;
    done.listed = outputs.len();
    use rayon::prelude::*;
    done.mismatches = outputs
        .par_iter()
        .filter_map(|o| {
            let file = o["file"].as_str().unwrap_or_default();
            let want = o["sha256"].as_str().unwrap_or_default();
            // A listed path must stay inside the folder.
            if file.is_empty()
                || Path::new(file).is_absolute()
                || file.split(['/', '\\']).any(|p| p == "..")
            {
                return Some(format!("{file}: 出力フォルダの外を指しています"));
            }
            match std::fs::read(out.join(file)) {
                Err(e) => Some(format!("{file}: ありません（{e}）")),
                Ok(b) if sha256_hex(&b) != want => {
                    Some(format!("{file}: 内容が manifest.json と違います"))
                }
                Ok(_) => None,
            }
        })
        .collect();
    done.mismatches.sort();
    Ok(done)
}

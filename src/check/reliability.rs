//! Problems of issue 12 (reliability): inputs too large to read.

use super::FileResult;
use crate::diag::{codes, Place, Problem};
use crate::ingest::TooLarge;

impl FileResult {
    /// A workbook refused before it was expanded: the file, the sheet, what was too
    /// big and the setting that raises the limit.
    pub(super) fn too_large(file: &str, t: TooLarge) -> FileResult {
        let place = match &t.sheet {
            Some(sheet) => Place::sheet(file, sheet),
            None => Place::file(file),
        };
        let message = format!(
            "{}。読み込むと約 {} MiB のメモリが要り、上限の {} MiB を超えるため読みません。\
             不要な行・列・書式を削除して保存し直してください（本当に必要な大きさなら \
             hoshin.toml の [check] max_expanded_mib で上限を上げられます）",
            t.what,
            t.bytes.div_ceil(1 << 20),
            t.limit >> 20
        );
        FileResult {
            file: file.to_string(),
            year: None,
            name: None,
            order: None,
            department: None,
            problems: vec![Problem::new(codes::INPUT_TOO_LARGE, place, message)],
        }
    }
}

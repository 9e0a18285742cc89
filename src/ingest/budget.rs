//! Budgets before expansion: what a workbook would cost once read, estimated from the
//! bytes hoshin already has (ODS `content.xml`, the `.xls` record stream, an `.xlsx`
//! sheet as it streams), and refused before calamine or hoshin builds it.
//!
//! A few kilobytes can declare gigabytes: an ODS row repeated a million times, an
//! `.xls` cell at IV65536 (calamine builds a dense grid of every sheet at open), one
//! long shared string referenced thousands of times (each cell gets its own copy).

use std::io::Read;

use quick_xml::events::{BytesStart, Event};

/// Bytes one cell costs once read: calamine's value (32) and formula (24) of a dense
/// grid, and hoshin's own value (32), rounded up.
pub(crate) const CELL_BYTES: u64 = 100;
/// Text is held twice: calamine's copy and hoshin's.
const TEXT_COPIES: u64 = 2;

/// How much one file may cost once read.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Declared uncompressed bytes of a zip-based workbook (`[check] max_uncompressed_mib`).
    pub max_uncompressed: u64,
    /// Estimated memory of the read workbook (`[check] max_expanded_mib`).
    pub max_expanded: u64,
}

pub use crate::config::DEFAULT_MAX_EXPANDED_MIB;

impl Limits {
    pub(crate) fn of(config: &crate::config::Config) -> Limits {
        Limits {
            max_uncompressed: config.check.max_uncompressed_mib << 20,
            max_expanded: config.check.max_expanded_mib << 20,
        }
    }
}

/// What was too big, for the message: the sheet and a Japanese description.
#[derive(Debug, Clone, PartialEq)]
pub struct TooLarge {
    pub sheet: Option<String>,
    pub what: String,
    /// Estimated bytes.
    pub bytes: u64,
    pub limit: u64,
}

/// A running estimate for one file.
#[derive(Debug)]
pub(crate) struct Meter {
    limit: u64,
    spent: u64,
}

impl Meter {
    pub(crate) fn new(limit: u64) -> Meter {
        Meter { limit, spent: 0 }
    }

    /// Adds `bytes`; refuses when the file's total passes the limit.
    pub(crate) fn spend(
        &mut self,
        bytes: u64,
        sheet: Option<&str>,
        what: impl FnOnce() -> String,
    ) -> Result<(), TooLarge> {
        self.spent = self.spent.saturating_add(bytes);
        if self.spent > self.limit {
            return Err(TooLarge {
                sheet: sheet.map(str::to_string),
                what: what(),
                bytes: self.spent,
                limit: self.limit,
            });
        }
        Ok(())
    }

    pub(crate) fn cells(
        &mut self,
        cells: u64,
        sheet: Option<&str>,
        what: impl FnOnce() -> String,
    ) -> Result<(), TooLarge> {
        self.spend(cells.saturating_mul(CELL_BYTES), sheet, what)
    }

    /// Cells of hoshin's own grid (32 bytes each).
    pub(crate) fn grid(
        &mut self,
        cells: u64,
        sheet: Option<&str>,
        what: impl FnOnce() -> String,
    ) -> Result<(), TooLarge> {
        self.spend(cells.saturating_mul(32), sheet, what)
    }

    pub(crate) fn text(
        &mut self,
        bytes: u64,
        sheet: Option<&str>,
        what: impl FnOnce() -> String,
    ) -> Result<(), TooLarge> {
        self.spend(bytes.saturating_mul(TEXT_COPIES), sheet, what)
    }
}

// ---------------------------------------------------------------- ODS

/// calamine's caps on ODS repeats (it expands up to these).
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLS: u64 = 16_384;

/// Streams `content.xml` and adds up what calamine would build of every table (it reads
/// them all at open): the cells each row element stores (a filled cell repeated
/// `number-columns-repeated` times is stored that many times), then the grid from the
/// first to the last filled row and column, each row repeated `number-rows-repeated`
/// times, and the text of every copy. Empty rows and cells cost nothing (calamine
/// keeps them as counts), so LibreOffice's usual trailing million empty rows pass.
pub(crate) fn ods(content: impl Read, limit: u64) -> Result<(), TooLarge> {
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut meter = Meter::new(limit);
    let mut buf = Vec::new();
    let mut t = Table::default();
    // The cell being read: its repeat count and its text bytes so far.
    let mut cell: Option<(u64, u64, bool)> = None;
    loop {
        let (e, empty) = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (e.into_owned(), false),
            Ok(Event::Empty(e)) => (e.into_owned(), true),
            Ok(Event::Text(text)) => {
                if let Some((_, bytes, filled)) = &mut cell {
                    *bytes += text.len() as u64;
                    *filled |= !text.is_empty();
                }
                buf.clear();
                continue;
            }
            Ok(Event::End(e)) => {
                match e.local_name().into_inner() {
                    "table-cell" | "covered-table-cell" => {
                        if let Some(c) = cell.take() {
                            t.cell_end(c);
                        }
                    }
                    "table-row" => t.row_end(),
                    "table" => t.finish(&mut meter)?,
                    _ => {}
                }
                buf.clear();
                continue;
            }
            Ok(Event::Eof) | Err(_) => break, // calamine reports a broken file
            _ => {
                buf.clear();
                continue;
            }
        };
        buf.clear();
        match e.local_name().into_inner() {
            "table" => {
                t = Table {
                    name: attr(&e, "name").unwrap_or_default(),
                    ..Table::default()
                };
                if empty {
                    t.finish(&mut meter)?;
                }
            }
            "table-row" => {
                t.row_start(num(&e, "number-rows-repeated").min(ODS_MAX_ROWS));
                if empty {
                    t.row_end();
                }
            }
            "table-cell" | "covered-table-cell" => {
                let repeat = num(&e, "number-columns-repeated").min(ODS_MAX_COLS);
                let value_text = attr(&e, "string-value").map_or(0, |s| s.len() as u64);
                let filled = attr(&e, "value-type").is_some();
                let c = (repeat, value_text, filled);
                if empty {
                    t.cell_end(c);
                } else {
                    cell = Some(c);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[derive(Default)]
struct Table {
    name: String,
    /// The next row's index.
    row: u64,
    row_repeat: u64,
    /// This row element: the next column, the end of its last filled cell, the start
    /// of its first, its text bytes.
    col: u64,
    row_filled_end: u64,
    row_filled_start: Option<u64>,
    row_text: u64,
    /// Cells stored, rows and columns spanned by filled cells, text of every copy.
    stored: u64,
    first_row: Option<u64>,
    end_row: u64,
    first_col: u64,
    end_col: u64,
    text: u64,
}

impl Table {
    fn row_start(&mut self, repeat: u64) {
        self.row_repeat = repeat;
        self.col = 0;
        self.row_filled_end = 0;
        self.row_filled_start = None;
        self.row_text = 0;
    }

    fn cell_end(&mut self, (repeat, text, filled): (u64, u64, bool)) {
        if filled || text > 0 {
            self.row_filled_start.get_or_insert(self.col);
            self.row_filled_end = (self.col + repeat).min(ODS_MAX_COLS);
            self.row_text = self.row_text.saturating_add(text.saturating_mul(repeat));
        }
        self.col = self.col.saturating_add(repeat);
    }

    fn row_end(&mut self) {
        self.stored = self.stored.saturating_add(self.row_filled_end);
        if let Some(start) = self.row_filled_start {
            if self.first_row.is_none() {
                self.first_row = Some(self.row);
                self.first_col = start;
            }
            self.first_col = self.first_col.min(start);
            self.end_row = (self.row + self.row_repeat).min(ODS_MAX_ROWS);
            self.end_col = self.end_col.max(self.row_filled_end);
            self.text = self
                .text
                .saturating_add(self.row_text.saturating_mul(self.row_repeat));
        }
        self.row = self.row.saturating_add(self.row_repeat);
        self.row_repeat = 1;
    }

    fn finish(&mut self, meter: &mut Meter) -> Result<(), TooLarge> {
        let name = std::mem::take(&mut self.name);
        if let Some(first) = self.first_row {
            let rows = self.end_row.saturating_sub(first);
            let cols = self.end_col.saturating_sub(self.first_col);
            let stored = self.stored;
            meter.cells(
                stored.saturating_add(rows.saturating_mul(cols)),
                Some(&name),
                || format!("行・列の繰り返し指定を展開すると {rows} 行 × {cols} 列になります"),
            )?;
            let text = self.text;
            meter.text(text, Some(&name), || {
                format!(
                    "繰り返し指定を展開すると文字が {} MiB になります",
                    text >> 20
                )
            })?;
        }
        *self = Table::default();
        Ok(())
    }
}

/// The value of the attribute whose local name is `local`.
pub(super) fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().into_inner() == local)
        .map(|a| a.value.to_string())
}

fn num(e: &BytesStart<'_>, local: &str) -> u64 {
    attr(e, local)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

// ---------------------------------------------------------------- XLS

/// Reads the record headers of an `.xls` file's Workbook stream and adds up what
/// calamine builds of every sheet at open: a dense grid from the first to the last
/// cell, the room its DIMENSIONS record asks it to reserve, and each cell's text (a
/// shared string is copied into every cell that refers to it).
pub(crate) fn xls(source: impl Read + std::io::Seek, limit: u64) -> Result<(), TooLarge> {
    let Ok(mut file) = cfb::CompoundFile::open(source) else {
        return Ok(()); // calamine reports a broken file
    };
    let mut stream = Vec::new();
    let read = ["/Workbook", "/Book"].iter().any(|name| {
        stream.clear();
        file.open_stream(name)
            .and_then(|mut s| s.read_to_end(&mut stream))
            .is_ok()
    });
    if !read {
        return Ok(());
    }
    let records = Records(&stream, 0);
    let mut meter = Meter::new(limit);
    let mut sheet_names: Vec<(usize, String)> = Vec::new();
    let mut sst: Vec<u64> = Vec::new();
    let mut sst_data: Option<Vec<&[u8]>> = None;
    let mut depth = 0usize;
    let mut sheet: Option<XlsSheet> = None;
    for (pos, typ, data) in records {
        if let Some(parts) = &mut sst_data {
            if typ == 0x003C {
                parts.push(data);
                continue;
            }
            sst = sst_lengths(parts);
            sst_data = None;
        }
        match typ {
            0x0809 => {
                depth += 1;
                if depth == 1 {
                    let name = sheet_names
                        .iter()
                        .find(|(p, _)| *p == pos)
                        .map(|(_, n)| n.clone());
                    sheet = name.map(|name| XlsSheet::new(name));
                }
            }
            0x000A => {
                if depth == 1 {
                    if let Some(s) = sheet.take() {
                        s.finish(&mut meter)?;
                    }
                }
                depth = depth.saturating_sub(1);
            }
            0x0085 if data.len() >= 8 => {
                let at = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize;
                let cch = data[6] as usize;
                let name = if data[7] & 1 == 1 {
                    let units: Vec<u16> = data[8..]
                        .chunks_exact(2)
                        .take(cch)
                        .map(|c| u16::from_le_bytes([c[0], c[1]]))
                        .collect();
                    String::from_utf16_lossy(&units)
                } else {
                    data[8..].iter().take(cch).map(|&b| b as char).collect()
                };
                sheet_names.push((at, name));
            }
            0x00FC => sst_data = Some(vec![data]),
            _ if depth == 1 => {
                if let Some(s) = &mut sheet {
                    s.record(typ, data, &sst, &mut meter)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// `(offset, type, data)` of each BIFF record: a type and a length, then the data.
struct Records<'a>(&'a [u8], usize);

impl<'a> Iterator for Records<'a> {
    type Item = (usize, u16, &'a [u8]);
    fn next(&mut self) -> Option<Self::Item> {
        let pos = self.1;
        let head = self.0.get(pos..pos + 4)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = u16::from_le_bytes([head[2], head[3]]) as usize;
        let end = (pos + 4 + len).min(self.0.len());
        self.1 = pos + 4 + len;
        Some((pos, typ, &self.0[pos + 4..end]))
    }
}

/// One sheet's extent and text, as its records go by.
struct XlsSheet {
    name: String,
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
    text: u64,
}

impl XlsSheet {
    fn new(name: String) -> XlsSheet {
        XlsSheet {
            name,
            rows: None,
            cols: None,
            text: 0,
        }
    }

    fn cell(&mut self, row: u64, col: u64) {
        let grow = |r: &mut Option<(u64, u64)>, v: u64| {
            *r = Some(r.map_or((v, v), |(a, b)| (a.min(v), b.max(v))));
        };
        grow(&mut self.rows, row);
        grow(&mut self.cols, col);
    }

    fn record(
        &mut self,
        typ: u16,
        d: &[u8],
        sst: &[u64],
        meter: &mut Meter,
    ) -> Result<(), TooLarge> {
        let u16_at = |i: usize| {
            d.get(i..i + 2)
                .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]) as u64)
        };
        match typ {
            // DIMENSIONS: calamine reserves rows × columns cells.
            0x0200 if d.len() >= 12 => {
                let u32_at =
                    |i: usize| u32::from_le_bytes([d[i], d[i + 1], d[i + 2], d[i + 3]]) as u64;
                let rows = u32_at(4).saturating_sub(u32_at(0));
                let cols = u16_at(10).saturating_sub(u16_at(8));
                let name = &self.name;
                meter.cells(rows.saturating_mul(cols), Some(name), || {
                    format!("大きさの宣言（DIMENSIONS）が {rows} 行 × {cols} 列です")
                })?;
            }
            // NUMBER, LABEL, RSTRING, BOOLERR, RK, FORMULA: row and column first.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x0006 => {
                self.cell(u16_at(0), u16_at(2));
                if matches!(typ, 0x0204 | 0x00D6) {
                    self.text = self.text.saturating_add(u16_at(6) * 3);
                }
            }
            // LABELSST: the shared string is copied into the cell.
            0x00FD if d.len() >= 10 => {
                self.cell(u16_at(0), u16_at(2));
                let i = u32::from_le_bytes([d[6], d[7], d[8], d[9]]) as usize;
                self.text = self.text.saturating_add(sst.get(i).copied().unwrap_or(0));
            }
            // MULRK: row, first column, …, last column.
            0x00BD if d.len() >= 6 => {
                self.cell(u16_at(0), u16_at(2));
                self.cell(u16_at(0), u16_at(d.len() - 2));
            }
            _ => {}
        }
        Ok(())
    }

    fn finish(self, meter: &mut Meter) -> Result<(), TooLarge> {
        if let (Some((r0, r1)), Some((c0, c1))) = (self.rows, self.cols) {
            let (rows, cols) = (r1 - r0 + 1, c1 - c0 + 1);
            meter.cells(rows.saturating_mul(cols), Some(&self.name), || {
                format!("使われている範囲が {rows} 行 × {cols} 列です")
            })?;
        }
        let text = self.text;
        meter.text(text, Some(&self.name), || {
            format!(
                "セルの文字が合わせて {} MiB になります（共有文字列はセルごとに複製されます）",
                text >> 20
            )
        })
    }
}

/// The UTF-8 bytes (at most) of each string of the shared string table, read from the
/// SST record and its CONTINUE records (a string's characters may go on in the next
/// record, after a new flags byte).
fn sst_lengths(parts: &[&[u8]]) -> Vec<u64> {
    let mut r = Parts {
        parts,
        part: 0,
        at: 0,
    };
    let mut out = Vec::new();
    let (Some(_total), Some(unique)) = (r.u32(), r.u32()) else {
        return out;
    };
    for _ in 0..unique {
        let (Some(cch), Some(flags)) = (r.u16(), r.u8()) else {
            break;
        };
        let runs = if flags & 8 != 0 {
            r.u16().unwrap_or(0) as usize
        } else {
            0
        };
        let ext = if flags & 4 != 0 {
            r.u32().unwrap_or(0) as usize
        } else {
            0
        };
        let mut wide = flags & 1 != 0;
        let mut left = cch as usize;
        while left > 0 {
            let room = r.left_in_part();
            if room == 0 {
                if !r.next_part() {
                    return out;
                }
                match r.u8() {
                    Some(f) => wide = f & 1 != 0,
                    None => return out,
                }
                continue;
            }
            let n = left.min(if wide { room / 2 } else { room });
            if n == 0 {
                // An odd byte left: skip it and go on in the next record.
                r.skip(room);
                continue;
            }
            r.skip(if wide { n * 2 } else { n });
            left -= n;
        }
        r.skip(runs * 4 + ext);
        out.push(cch as u64 * 3);
    }
    out
}

struct Parts<'a> {
    parts: &'a [&'a [u8]],
    part: usize,
    at: usize,
}

impl Parts<'_> {
    fn left_in_part(&self) -> usize {
        self.parts
            .get(self.part)
            .map_or(0, |p| p.len() - self.at.min(p.len()))
    }
    fn next_part(&mut self) -> bool {
        self.part += 1;
        self.at = 0;
        self.part < self.parts.len()
    }
    fn u8(&mut self) -> Option<u8> {
        while self.left_in_part() == 0 {
            if !self.next_part() {
                return None;
            }
        }
        let b = self.parts[self.part][self.at];
        self.at += 1;
        Some(b)
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.u8()?, self.u8()?]))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes([
            self.u8()?,
            self.u8()?,
            self.u8()?,
            self.u8()?,
        ]))
    }
    fn skip(&mut self, mut n: usize) {
        while n > 0 {
            let room = self.left_in_part();
            if room == 0 && !self.next_part() {
                return;
            }
            let k = n.min(room);
            self.at += k;
            n -= k;
        }
    }
}

// ---------------------------------------------------------------- XLSB

/// Streams the cells and formulas of each `wanted` sheet of an `.xlsb` file (calamine
/// builds a dense grid from the first to the last of them) and adds up that grid and
/// the text copied into it.
pub(crate) fn xlsb(
    source: impl Read + std::io::Seek,
    wanted: fn(&str) -> bool,
    limit: u64,
) -> Result<(), TooLarge> {
    use calamine::{DataRef, Reader};
    let Ok(mut book) = calamine::Xlsb::new(source) else {
        return Ok(()); // calamine reports a broken file
    };
    let mut meter = Meter::new(limit);
    for name in book.sheet_names().into_iter().filter(|n| wanted(n)) {
        let mut extent = Extent::default();
        let mut text = 0u64;
        if let Ok(mut cells) = book.worksheet_cells_reader(&name) {
            while let Ok(Some(cell)) = cells.next_cell() {
                extent.add(cell.get_position());
                let len = match cell.get_value() {
                    DataRef::String(s) => s.len(),
                    DataRef::SharedString(s) => s.len(),
                    _ => 0,
                };
                text = text.saturating_add(len as u64);
            }
        }
        let mut formulas = Extent::default();
        if let Ok(mut cells) = book.worksheet_cells_reader(&name) {
            while let Ok(Some(cell)) = cells.next_formula() {
                if !cell.get_value().is_empty() {
                    formulas.add(cell.get_position());
                    text = text.saturating_add(cell.get_value().len() as u64);
                }
            }
        }
        for e in [extent, formulas] {
            let (rows, cols) = e.size();
            meter.cells(rows.saturating_mul(cols), Some(&name), || {
                format!("使われている範囲が {rows} 行 × {cols} 列です")
            })?;
        }
        meter.text(text, Some(&name), || {
            format!(
                "セルの文字が合わせて {} MiB になります（共有文字列はセルごとに複製されます）",
                text >> 20
            )
        })?;
    }
    Ok(())
}

/// The rows and columns from the first to the last cell seen.
#[derive(Default)]
struct Extent(Option<((u32, u32), (u32, u32))>);

impl Extent {
    fn add(&mut self, (r, c): (u32, u32)) {
        self.0 = Some(match self.0 {
            None => ((r, c), (r, c)),
            Some(((r0, c0), (r1, c1))) => ((r0.min(r), c0.min(c)), (r1.max(r), c1.max(c))),
        });
    }
    fn size(&self) -> (u64, u64) {
        self.0.map_or((0, 0), |((r0, c0), (r1, c1))| {
            ((r1 - r0) as u64 + 1, (c1 - c0) as u64 + 1)
        })
    }
}

// ---------------------------------------------------------------- the parallel reader

/// What every file being read at once may cost together: files are read on every
/// core, each up to its own budget, so at most this many bytes' worth of files are
/// open at once (8 files at the default budget; a 2-core machine never waits).
pub(crate) const TOTAL_BYTES: u64 = 1 << 30;

static OPEN: std::sync::Mutex<u64> = std::sync::Mutex::new(0);
static FREED: std::sync::Condvar = std::sync::Condvar::new();

/// A place among the files read at once, given back when dropped.
pub(crate) struct Permit(u64);

/// Waits until a file of budget `limit` may be read beside the others. A thread holds
/// one permit at a time, so waiting cannot deadlock; a budget larger than
/// [`TOTAL_BYTES`] waits until it is read alone.
pub(crate) fn permit(limit: u64) -> Permit {
    let want = limit.min(TOTAL_BYTES);
    let mut open = OPEN.lock().unwrap_or_else(|e| e.into_inner());
    while *open > 0 && *open + want > TOTAL_BYTES {
        open = FREED.wait(open).unwrap_or_else(|e| e.into_inner());
    }
    *open += want;
    Permit(want)
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut open = OPEN.lock().unwrap_or_else(|e| e.into_inner());
        *open -= self.0;
        FREED.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permits_bound_the_files_read_at_once() {
        let a = permit(TOTAL_BYTES / 2);
        let b = permit(TOTAL_BYTES / 2);
        let waited = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let w = waited.clone();
        let t = std::thread::spawn(move || {
            let _c = permit(TOTAL_BYTES / 2);
            w.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(!waited.load(std::sync::atomic::Ordering::SeqCst));
        drop(a);
        t.join().unwrap();
        assert!(waited.load(std::sync::atomic::Ordering::SeqCst));
        drop(b);
    }

    #[test]
    fn ods_counts_filled_repeats_not_empty_ones() {
        let head = r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>"#;
        let tail = "</office:spreadsheet></office:body></office:document-content>";
        let empty = format!(
            r#"{head}<table:table table:name="a"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>{tail}"#
        );
        assert!(ods(empty.as_bytes(), 1 << 20).is_ok());
        let filled = format!(
            r#"{head}<table:table table:name="a"><table:table-row table:number-rows-repeated="200"><table:table-cell table:number-columns-repeated="100" office:value-type="float" office:value="1"/></table:table-row></table:table>{tail}"#
        );
        // 200 × 100 cells of ~100 bytes: 2 MB.
        assert!(ods(filled.as_bytes(), 4 << 20).is_ok());
        let e = ods(filled.as_bytes(), 1 << 20).unwrap_err();
        assert_eq!(e.sheet.as_deref(), Some("a"));
        assert!(e.what.contains("200 行 × 100 列"), "{}", e.what);
    }
}

//! Typesetting throughput on the stress document of the typeset tests, repeated 40
//! times (about 240 A4 pages): layout and PDF writing, separately.
//!
//! Run: `cargo bench --bench typeset_throughput`.

#[path = "../tests/common/stress.rs"]
mod stress;

use hoshin::fonts::FontSet;
use hoshin::pdf::{PdfMeta, PdfWriter};
use hoshin::typeset::*;
use std::time::Instant;

fn main() {
    let fonts = FontSet::default();
    let mut doc = Document::new();
    for _ in 0..40 {
        doc.blocks.extend(stress::stress().doc.blocks);
    }
    let t0 = Instant::now();
    let ts = Typesetter::new(&fonts, Style::default(), vec![PageTemplate::a4()]);
    let t1 = Instant::now();
    let layout = ts.layout(&doc);
    let t2 = Instant::now();
    let w = PdfWriter::new(&fonts).unwrap();
    let t3 = Instant::now();
    let meta = PdfMeta {
        title: "throughput".into(),
        time: 1_735_689_600,
        ..Default::default()
    };
    let bytes = w.write(&layout, &meta).unwrap();
    let t4 = Instant::now();
    let pages = layout.pages.len() as f64;
    let total = (t2 - t1 + (t4 - t3)).as_secs_f64();
    println!(
        "{} pages, {} bytes: metrics {:?}, layout {:?}, font parse {:?}, PDF {:?}; {:.0} pages/s (layout + PDF)",
        layout.pages.len(),
        bytes.len(),
        t1 - t0,
        t2 - t1,
        t3 - t2,
        t4 - t3,
        pages / total
    );
}

//! `hoshin check` against a bare calamine read of the same files.
//!
//! Writes `hoshin sample` data (200 departments × 20 projects by default) to a
//! temporary folder, then times, in the same process and with the same rayon pool:
//! - bare: open every workbook with calamine and read every sheet's range, nothing else;
//! - check: `hoshin::check::check_dir` (read, zip guard, merges, styles, every rule,
//!   font coverage, rules across files).
//!
//! Run: `cargo bench --bench check_vs_calamine [-- DEPARTMENTS PROJECTS RUNS]`.

use std::path::{Path, PathBuf};

// The allocator hoshin's binary uses (src/main.rs), so that both sides are timed as
// the clerk's `hoshin check` runs; the bare read gets it too.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::Instant;

use calamine::{open_workbook_auto, Reader};
use rayon::prelude::*;

fn bare_read(files: &[PathBuf]) -> usize {
    files
        .par_iter()
        .map(|f| {
            let mut wb = open_workbook_auto(f).expect("open");
            let names = wb.sheet_names();
            names
                .iter()
                .map(|n| {
                    wb.worksheet_range(n)
                        .map(|r| r.get_size().0 * r.get_size().1)
                        .unwrap_or(0)
                })
                .sum::<usize>()
        })
        .sum()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let departments: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(200);
    let projects: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let runs: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(7);

    let dir = tempfile::tempdir().unwrap();
    let drafts = hoshin::sample::generate(departments, projects, 1, 2026);
    let files = hoshin::template::write_all(
        dir.path(),
        &drafts,
        &hoshin::template::TemplateOptions::new(2026),
    )
    .unwrap();
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();

    let config = hoshin::config::Config::default();
    let coverage = hoshin::fonts::FontSet::default().coverage();
    let check = |d: &Path| hoshin::check::check_dir(d, &config, &coverage).unwrap();
    // `ONLY=bare` or `ONLY=check`: one run of one side, for instruction counts
    // (valgrind --tool=callgrind), which the machine's load does not disturb.
    match std::env::var("ONLY").as_deref() {
        Ok("bare") => return println!("{} cells", bare_read(&files)),
        Ok("check") => return println!("{} departments", check(dir.path()).departments.len()),
        Ok("setup") => return,
        _ => {}
    }
    // Warm the page cache and check the data is clean.
    let cells = bare_read(&files);
    let outcome = check(dir.path());
    assert_eq!(
        outcome.departments.len(),
        departments,
        "{:?}",
        outcome.problems.first()
    );

    let (mut bare, mut ours) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(bare_read(&files));
        bare.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        std::hint::black_box(check(dir.path()));
        ours.push(t.elapsed().as_secs_f64());
    }
    let (b, c) = (median(bare), median(ours));
    println!(
        "{departments} departments × {projects} projects: {} files, {:.1} MB, {cells} cells, {} threads, median of {runs}",
        files.len(),
        bytes as f64 / 1e6,
        rayon::current_num_threads()
    );
    println!("bare calamine read: {:.3} s", b);
    println!("hoshin check:       {:.3} s", c);
    println!("ratio check / bare: {:.2}", c / b);
    let mut ing = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(hoshin::ingest::read_all(&files, 1 << 30));
        ing.push(t.elapsed().as_secs_f64());
    }
    println!("ingest only:        {:.3} s", median(ing));
}

//! The workbook writers on publications the samples do not cover: a department
//! without budget or staff lines, one project with one indicator, a single
//! department, `&` in the title, and no 達成率 at all.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use hoshin::check::check_dir;
use hoshin::config::Config;
use hoshin::fonts::FontSet;
use hoshin::model::Publication;
use hoshin::render::{department_book, summary};

fn samples() -> Publication {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let (config, _) = Config::load(None, Some(&dir)).unwrap();
    let outcome = check_dir(&dir, &config, &FontSet::default().coverage()).unwrap();
    outcome.publication(&config).unwrap()
}

fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes)).unwrap()
}

#[test]
fn sparse_departments_still_make_workbooks() {
    let mut p = samples();
    p.title = "運営方針 & 目標".into();
    p.departments[0].budget.clear();
    p.departments[1].staff.clear();
    let d = &mut p.departments[2];
    d.projects.truncate(1);
    d.projects[0].indicators.truncate(1);
    d.projects[0].indicators[0].actual = None;
    d.mission.clear();
    d.policies.clear();
    let bytes = summary::summary_bytes(&p, 1_049_155_200).unwrap();
    let mut wb = open(bytes);
    let r = wb.worksheet_range("部別一覧").unwrap();
    assert_eq!(r.get_value((1, 3)), Some(&Data::Float(0.0)));
    assert_eq!(r.get_value((2, 2)), Some(&Data::Float(0.0)));
    assert_eq!(r.get_value((3, 4)), Some(&Data::Float(1.0)));
    for i in 0..p.departments.len() {
        let bytes =
            department_book::department_bytes(&p, i, &summary::CityTotals::of(&p), 0).unwrap();
        let mut wb = open(bytes);
        let r = wb.worksheet_range("事業と指標").unwrap();
        assert_eq!(r.height(), p.departments[i].indicator_count() + 1);
    }
}

#[test]
fn one_department_without_rates_or_staff() {
    let mut p = samples();
    p.departments.truncate(1);
    let d = &mut p.departments[0];
    d.staff.clear();
    d.budget.clear();
    for pr in &mut d.projects {
        for i in &mut pr.indicators {
            i.actual = None;
            i.status = None;
        }
    }
    let mut wb = open(summary::summary_bytes(&p, 0).unwrap());
    let r = wb.worksheet_range("部別一覧").unwrap();
    // No 平均達成率 anywhere, and the total row still adds up.
    assert!(matches!(r.get_value((1, 12)), None | Some(Data::Empty)));
    assert!(matches!(r.get_value((2, 12)), None | Some(Data::Empty)));
    assert_eq!(r.get_value((2, 0)), Some(&Data::String("合計".into())));
    let status_none = p.departments[0].indicator_count() as f64;
    assert_eq!(r.get_value((2, 11)), Some(&Data::Float(status_none)));
    let sb = wb.worksheet_range("職員・予算").unwrap();
    assert_eq!(sb.get_value((1, 0)), Some(&Data::String("部名".into())));
    let bytes = department_book::department_bytes(&p, 0, &summary::CityTotals::of(&p), 0).unwrap();
    assert!(bytes.starts_with(b"PK"));
    let next = department_book::next_year_bytes(&p.departments[0], p.year, 0).unwrap();
    assert!(next.starts_with(b"PK"));
}

//! Synthetic department drafts for benchmarks and tests.
//!
//! The content reads like a real city's 「各部の運営方針と目標」: sentences are
//! assembled from phrase lists, so text lengths vary the way real ones do. Only common
//! characters are used (JIS level 1/2 kanji, kana, 「」（）、。・ー, ASCII digits), so
//! every text can be drawn by the bundled fonts, and every draft keeps the contract's
//! rules (unique numbers and 課名, every 担当課 a 課 of the department, at least one
//! indicator per project, a headline of at most 40 characters).
//!
//! Output is deterministic for a seed, and department `i` does not depend on how many
//! departments follow it.

use std::collections::HashSet;

use rand::rngs::SmallRng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};

use crate::draft::{
    BudgetDraft, Draft, DraftValue, IndicatorDraft, ProjectDraft, SectionDraft, StaffDraft,
};
use crate::model::{Direction, FiscalYear, Status};

/// The longest 使命・目標（要約） the contract accepts without a warning.
const HEADLINE_MAX: usize = 40;

/// `departments` drafts for fiscal year `year`, each with `projects` projects of 1–3
/// indicators, deterministic for `seed`.
///
/// ```
/// let drafts = hoshin::sample::generate(3, 5, 42, 2026);
/// assert_eq!(drafts.len(), 3);
/// assert_eq!(drafts[0].name, "企画部");
/// assert_eq!(drafts[0].year, "令和8年度");
/// assert!(drafts.iter().all(|d| d.projects.len() == 5));
/// assert_eq!(drafts, hoshin::sample::generate(3, 5, 42, 2026));
/// ```
pub fn generate(departments: usize, projects: usize, seed: u64, year: i32) -> Vec<Draft> {
    department_names(departments)
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            // One stream per department: department i is the same for any N > i.
            let stream = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let mut rng = SmallRng::seed_from_u64(seed ^ stream);
            department(&mut rng, i, name, projects, year)
        })
        .collect()
}

/// Well-known department names, in the order a city lists them.
const DEPARTMENTS: &[(&str, &[&str])] = &[
    (
        "企画部",
        &[
            "企画経営課",
            "財政課",
            "広報課",
            "情報推進課",
            "秘書課",
            "地域づくり推進課",
        ],
    ),
    (
        "総務部",
        &[
            "総務課",
            "職員課",
            "契約管理課",
            "税務課",
            "納税課",
            "法務課",
        ],
    ),
    (
        "市民部",
        &[
            "市民課",
            "保険課",
            "年金課",
            "市民協働課",
            "国際交流課",
            "消費生活課",
        ],
    ),
    (
        "健康福祉部",
        &[
            "地域福祉課",
            "高齢者支援課",
            "障がい者支援課",
            "健康推進課",
            "生活福祉課",
            "介護保険課",
        ],
    ),
    (
        "子ども政策部",
        &[
            "子育て支援課",
            "保育課",
            "児童青少年課",
            "子ども家庭相談課",
            "子ども発達支援課",
        ],
    ),
    (
        "生活環境部",
        &[
            "環境政策課",
            "ごみ対策課",
            "生活経済課",
            "緑と公園課",
            "環境保全課",
        ],
    ),
    (
        "都市整備部",
        &[
            "都市計画課",
            "道路管理課",
            "交通対策課",
            "下水道課",
            "住宅課",
            "建築指導課",
        ],
    ),
    (
        "教育部",
        &[
            "教育総務課",
            "学務課",
            "指導課",
            "生涯学習課",
            "図書館",
            "スポーツ推進課",
        ],
    ),
    (
        "防災安全部",
        &["防災課", "安全安心課", "危機管理課", "消防団支援課"],
    ),
    (
        "産業振興部",
        &["産業振興課", "観光課", "農業振興課", "商工課", "雇用支援課"],
    ),
    (
        "文化部",
        &["文化振興課", "文化施設課", "市史編さん課", "芸術交流課"],
    ),
];

/// 課 names for departments beyond the well-known ones.
const SECTION_POOL: &[&str] = &[
    "企画調整課",
    "管理課",
    "事業推進課",
    "計画課",
    "調査課",
    "地域連携課",
    "支援課",
    "相談課",
    "施設管理課",
    "情報管理課",
    "整備課",
    "普及啓発課",
    "事業課",
    "運営課",
    "推進課",
];

const THEMES: &[&str] = &[
    "地域",
    "環境",
    "観光",
    "国際",
    "情報",
    "健康",
    "交通",
    "緑化",
    "協働",
    "住宅",
    "学習",
    "福祉",
    "安全",
    "広報",
    "財政",
    "行政改革",
    "市民活動",
    "まちづくり",
    "公共施設",
    "子育て",
];
const THEME_SUFFIXES: &[&str] = &["推進部", "政策部", "振興部", "対策部", "経営部"];

/// `n` unique department names: the well-known ones, then 〇〇推進部 variants, then
/// 第N部.
fn department_names(n: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    let well_known = DEPARTMENTS.iter().map(|(name, _)| name.to_string());
    let variants = THEME_SUFFIXES
        .iter()
        .flat_map(|s| THEMES.iter().map(move |t| format!("{t}{s}")));
    let numbered = (1..).map(|i| format!("第{i}部"));
    well_known
        .chain(variants)
        .chain(numbered)
        .filter(|name| seen.insert(name.clone()))
        .take(n)
        .collect()
}

fn department(rng: &mut SmallRng, index: usize, name: String, projects: usize, year: i32) -> Draft {
    let sections = sections(rng, index);
    let head = format!("{} {}", pick(rng, SURNAMES), pick(rng, GIVEN_NAMES));
    let contact = format!("{} 内線{}", sections[0].name, rng.random_range(2000..3000));
    let section_names: Vec<String> = sections.iter().map(|s| s.name.clone()).collect();
    Draft {
        year: FiscalYear(year).wareki(),
        headline: headline(rng),
        order: Some(index as u32 + 1),
        head,
        contact,
        mission: sentences(rng, MISSIONS, 2, 4),
        staff: staff(rng),
        budget: budget(rng),
        policies: sentences(rng, POLICIES, 2, 5),
        projects: (1..=projects)
            .map(|no| project(rng, no as u32, &section_names, year))
            .collect(),
        sections,
        name,
    }
}

fn pick<'a>(rng: &mut SmallRng, list: &[&'a str]) -> &'a str {
    list.choose(rng).copied().unwrap_or_default()
}

/// 3–6 sections with unique names and a role each.
fn sections(rng: &mut SmallRng, index: usize) -> Vec<SectionDraft> {
    let pool: &[&str] = match DEPARTMENTS.get(index) {
        Some((_, own)) => own,
        None => SECTION_POOL,
    };
    let n = rng.random_range(3..=6).min(pool.len());
    // Keep the city's own order of the chosen sections.
    let mut chosen = rand::seq::index::sample(rng, pool.len(), n).into_vec();
    chosen.sort_unstable();
    chosen
        .into_iter()
        .map(|i| pool[i])
        .map(|name| SectionDraft {
            name: name.to_string(),
            role: format!(
                "{}に関する{}を担当します。{}",
                pick(rng, TOPICS),
                pick(rng, ROLE_WORKS),
                pick(rng, ROLE_TAILS)
            ),
        })
        .collect()
}

fn headline(rng: &mut SmallRng) -> String {
    let mut parts: Vec<&str> = HEADLINES.to_vec();
    parts.shuffle(rng);
    let mut out = parts[0].to_string();
    for p in &parts[1..] {
        if rng.random_bool(0.5) && out.chars().count() + 1 + p.chars().count() <= HEADLINE_MAX {
            out.push('、');
            out.push_str(p);
        }
    }
    out
}

/// `min..=max` distinct sentences from `list`.
fn sentences(rng: &mut SmallRng, list: &[&str], min: usize, max: usize) -> Vec<String> {
    let n = rng.random_range(min..=max).min(list.len());
    list.choose_multiple(rng, n)
        .map(|s| s.to_string())
        .collect()
}

fn staff(rng: &mut SmallRng) -> Vec<StaffDraft> {
    let mut rows = vec![StaffDraft {
        category: "正規職員".into(),
        count: rng.random_range(12..=120),
    }];
    for (category, max, p) in [
        ("再任用職員", 8, 0.8),
        ("嘱託員", 25, 0.7),
        ("臨時職員", 10, 0.3),
    ] {
        if rng.random_bool(p) {
            rows.push(StaffDraft {
                category: category.into(),
                count: rng.random_range(0..=max),
            });
        }
    }
    rows
}

fn budget(rng: &mut SmallRng) -> Vec<BudgetDraft> {
    let mut rows = vec![BudgetDraft {
        account: "一般会計".into(),
        amount: f64::from(rng.random_range(50_000..=8_000_000)),
    }];
    if rng.random_bool(0.3) {
        rows.push(BudgetDraft {
            account: pick(rng, SPECIAL_ACCOUNTS).into(),
            amount: f64::from(rng.random_range(100_000..=3_000_000)),
        });
    }
    rows
}

fn project(rng: &mut SmallRng, no: u32, sections: &[String], year: i32) -> ProjectDraft {
    let topic = pick(rng, TOPICS);
    let name = format!("{topic}{}", pick(rng, PROJECT_SUFFIXES));
    let indicators: Vec<IndicatorDraft> = (0..rng.random_range(1..=3))
        .map(|_| indicator(rng, topic, year))
        .collect();
    let indicator_text = if rng.random_bool(0.4) {
        indicator_sentence(&indicators[0])
    } else {
        String::new()
    };
    ProjectDraft {
        no,
        name,
        section: sections.choose(rng).cloned().unwrap_or_default(),
        description: description(rng, topic),
        indicator_text,
        indicators,
    }
}

/// 60–200 characters, sometimes two paragraphs.
fn description(rng: &mut SmallRng, topic: &str) -> String {
    let target = rng.random_range(60..=200);
    let mut pool: Vec<String> = DESCRIPTIONS
        .iter()
        .map(|s| s.replace("{}", topic))
        .collect();
    pool.shuffle(rng);
    let mut parts: Vec<String> = Vec::new();
    let mut len = 0;
    for s in pool {
        let n = s.chars().count();
        if len + n > 200 {
            continue;
        }
        len += n;
        parts.push(s);
        if len >= target {
            break;
        }
    }
    let split = if parts.len() >= 3 && rng.random_bool(0.3) {
        parts.len() / 2
    } else {
        usize::MAX
    };
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i == split {
            out.push('\n');
        }
        out.push_str(p);
    }
    out
}

fn indicator(rng: &mut SmallRng, topic: &str, year: i32) -> IndicatorDraft {
    let deadline = match rng.random_range(0..10) {
        0..=5 => format!("{}末", FiscalYear(year).wareki()),
        6..=7 => FiscalYear(year + rng.random_range(1..=3)).wareki(),
        8 => format!("{}末", FiscalYear(year + 2).wareki()),
        _ => String::new(),
    };
    let reported = rng.random_bool(0.3);
    let mut ind = match rng.random_range(0..10) {
        // A count that should rise.
        0..=3 => {
            let (suffix, unit) = *COUNTS.choose(rng).unwrap_or(&("件数", "件"));
            let base = round_nice(rng.random_range(100.0..60_000.0));
            let target = round_nice(base * rng.random_range(1.05..1.5));
            IndicatorDraft {
                name: format!("{topic}の{suffix}"),
                baseline: rng.random_bool(0.8).then_some(DraftValue::Number(base)),
                target: DraftValue::Number(target),
                unit: unit.into(),
                direction: if rng.random_bool(0.3) {
                    Direction::Up.label().into()
                } else {
                    String::new()
                },
                ..IndicatorDraft::default()
            }
        }
        // A rate in %, sometimes typed as 「80%」.
        4..=5 => {
            let base = f64::from(rng.random_range(30..=80));
            let target = (base + f64::from(rng.random_range(5..=15))).min(100.0);
            let (target, unit) = if rng.random_bool(0.4) {
                (DraftValue::Text(format!("{target}%")), String::new())
            } else {
                (DraftValue::Number(target), "%".to_string())
            };
            IndicatorDraft {
                name: format!("{topic}の{}", pick(rng, RATES)),
                baseline: Some(DraftValue::Number(base)),
                target,
                unit,
                ..IndicatorDraft::default()
            }
        }
        // Lower is better.
        6..=7 => {
            let (name, unit, lo, hi) = *DECREASES.choose(rng).unwrap_or(&DECREASES[0]);
            let base = round_nice(rng.random_range(lo..hi));
            let target = round_nice(base * rng.random_range(0.6..0.95));
            IndicatorDraft {
                name: name.into(),
                baseline: Some(DraftValue::Number(base)),
                target: DraftValue::Number(target),
                unit: unit.into(),
                direction: Direction::Down.label().into(),
                ..IndicatorDraft::default()
            }
        }
        // A milestone.
        _ => {
            let (target, done) = *MILESTONES.choose(rng).unwrap_or(&MILESTONES[0]);
            IndicatorDraft {
                name: format!("{topic}の{}", pick(rng, MILESTONE_NAMES)),
                baseline: rng
                    .random_bool(0.5)
                    .then(|| DraftValue::Text("検討中".into())),
                target: DraftValue::Text(target.into()),
                actual: reported.then(|| DraftValue::Text(done.into())),
                status: if reported {
                    Status::Achieved.label().into()
                } else {
                    String::new()
                },
                ..IndicatorDraft::default()
            }
        }
    };
    ind.deadline = deadline;
    if reported && ind.actual.is_none() {
        if let DraftValue::Number(target) = ind.target {
            let ratio = rng.random_range(0.8..1.15);
            let lower = ind.direction == Direction::Down.label();
            let actual = round_nice(if lower {
                target / ratio
            } else {
                target * ratio
            });
            let achieved = if lower {
                target / actual
            } else {
                actual / target
            };
            ind.actual = Some(DraftValue::Number(actual));
            ind.status = match achieved {
                a if a >= 1.0 => Status::Achieved,
                a if a >= 0.9 => Status::MostlyAchieved,
                _ => Status::NotAchieved,
            }
            .label()
            .into();
        } else if rng.random_bool(0.5) {
            ind.status = Status::NotStarted.label().into();
        }
    }
    ind
}

/// Rounds to 2–3 significant digits, as targets usually are.
fn round_nice(x: f64) -> f64 {
    let step = match x {
        x if x >= 10_000.0 => 1000.0,
        x if x >= 1000.0 => 100.0,
        x if x >= 100.0 => 10.0,
        _ => 1.0,
    };
    ((x / step).round() * step).max(1.0)
}

/// 「令和8年度末にホームページの利用件数330,000件を目指します。」
fn indicator_sentence(ind: &IndicatorDraft) -> String {
    let target = match &ind.target {
        DraftValue::Number(n) => format!("{}{}", with_commas(*n), ind.unit),
        DraftValue::Text(t) => t.clone(),
    };
    let when = if ind.deadline.is_empty() {
        String::new()
    } else {
        format!("{}に", ind.deadline)
    };
    match (&ind.target, ind.direction.as_str()) {
        (DraftValue::Text(_), _) if !target.ends_with('%') => {
            format!("{when}{target}を目指します。")
        }
        (_, "低下") => format!("{when}{}を{target}まで減らします。", ind.name),
        _ => format!("{when}{}{target}を目指します。", ind.name),
    }
}

fn with_commas(n: f64) -> String {
    let digits = format!("{}", n.round() as i64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

// ---------------------------------------------------------------------------------
// Phrase lists. Common characters only.

const SURNAMES: &[&str] = &[
    "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田",
    "山口", "松本", "井上", "木村", "林", "清水", "山崎", "森", "池田", "橋本", "石川", "前田",
];

const GIVEN_NAMES: &[&str] = &[
    "太郎", "一郎", "健一", "直樹", "誠", "浩", "隆", "学", "洋子", "和子", "美穂", "裕子", "明美",
    "恵子", "正人", "高志", "真理", "由美",
];

const HEADLINES: &[&str] = &[
    "効率的な市政運営と健全な財政運営",
    "地域情報化の推進",
    "市民との協働によるまちづくり",
    "安全で安心して暮らせるまちの実現",
    "子どもが健やかに育つ環境づくり",
    "高齢者が生き生きと暮らせる地域社会",
    "環境にやさしい循環型社会の形成",
    "魅力ある都市空間の整備",
    "生涯にわたる学びの支援",
    "地域産業の活性化",
    "質の高い市民サービスの提供",
    "災害に強いまちづくり",
];

const MISSIONS: &[&str] = &[
    "効率的な市政運営と健全な財政運営を目指した自治体経営の確立を図ります。",
    "市民の声を市政に生かし、市民満足度の高いサービスを提供します。",
    "情報通信技術を活用し、便利で分かりやすい行政サービスを実現します。",
    "地域の多様な主体と協働し、住みよいまちづくりを進めます。",
    "安全で安心して暮らせる地域社会の実現に向けて取り組みます。",
    "すべての市民が健康で生き生きと暮らせるよう支援します。",
    "次の世代に誇れる良好な環境を守り、育てます。",
    "職員一人ひとりの能力を高め、組織の力を最大限に発揮します。",
    "限られた経営資源を有効に活用し、成果を重視した行政運営を行います。",
];

const POLICIES: &[&str] = &[
    "市民満足度の向上を目指し、窓口サービスを改善します。",
    "事業の選択と集中を進め、限られた予算を有効に活用します。",
    "市民参加の機会を広げ、計画づくりの段階から市民の意見を取り入れます。",
    "関係機関との連携を強め、相談体制を充実します。",
    "電子申請の対象を広げ、手続きの負担を減らします。",
    "公共施設の計画的な維持管理により、長く安全に使えるようにします。",
    "事業の成果を指標で確かめ、次の年度の改善に生かします。",
    "職員の研修を充実し、専門性の高い人材を育てます。",
    "災害時の体制を見直し、日ごろの備えを強めます。",
    "地域の団体や事業者と協力し、新たな取り組みを進めます。",
];

const TOPICS: &[&str] = &[
    "ホームページ",
    "窓口サービス",
    "地域防災",
    "ごみ減量",
    "子育て相談",
    "健康づくり",
    "図書館サービス",
    "公園の整備",
    "道路の安全",
    "公共施設の管理",
    "電子申請",
    "市民参加",
    "観光案内",
    "商店街の活性化",
    "高齢者の見守り",
    "学校給食",
    "国際交流",
    "環境学習",
    "自転車駐車場",
    "生涯学習",
    "スポーツ振興",
    "文化芸術",
    "住宅の耐震化",
    "緑の保全",
    "地域福祉",
    "就労支援",
    "広報紙",
    "行政評価",
    "税の収納",
    "下水道の整備",
];

const PROJECT_SUFFIXES: &[&str] = &[
    "推進事業",
    "整備事業",
    "充実事業",
    "改善事業",
    "支援事業",
    "強化事業",
    "事業",
    "計画策定事業",
];

const ROLE_WORKS: &[&str] = &[
    "企画と調整",
    "事務",
    "相談と支援",
    "計画の策定と進行管理",
    "施設の管理と運営",
    "普及と啓発",
    "調査と研究",
    "連絡調整",
];

const ROLE_TAILS: &[&str] = &[
    "",
    "市民に分かりやすい情報提供に努めます。",
    "関係機関と連携して事業を進めます。",
    "部内の各課と協力して課題の解決に当たります。",
];

/// Sentences of 事業内容; `{}` is the project's topic.
const DESCRIPTIONS: &[&str] = &[
    "{}については、市民の関心が年々高まっています。",
    "これまでの取り組みにより、{}の輪は着実に広がっています。",
    "{}の現状と課題を整理し、今後の方向性を明らかにします。",
    "関係機関と連携して、{}の一層の充実を図ります。",
    "市民の意見を取り入れながら、新たな仕組みづくりを進めます。",
    "事業の成果を指標で確かめ、必要な見直しを行います。",
    "地域の団体や事業者と協力し、効果的な取り組みを進めます。",
    "前年度に行った調査の結果をもとに、具体的な計画を作ります。",
    "利用しやすい環境を整え、市民サービスの向上を目指します。",
    "職員の研修を行い、対応の質を高めます。",
    "情報通信技術を活用して、手続きの負担を減らします。",
    "広報紙やホームページで分かりやすく周知します。",
    "前年度の実績を検証し、さらなる改善を図ります。",
    "国や東京都の制度を活用し、財源の確保に努めます。",
];

/// (name suffix, unit) of counts that should rise.
const COUNTS: &[(&str, &str)] = &[
    ("利用件数", "件"),
    ("アクセス件数", "件"),
    ("参加者数", "人"),
    ("相談件数", "件"),
    ("登録者数", "人"),
    ("開催回数", "回"),
];

const RATES: &[&str] = &["満足度", "実施率", "利用率", "達成率"];

/// (name, unit, low, high) of figures that should fall.
const DECREASES: &[(&str, &str, f64, f64)] = &[
    ("待機児童数", "人", 20.0, 300.0),
    ("ごみの排出量", "トン", 20_000.0, 60_000.0),
    ("窓口の平均待ち時間", "分", 10.0, 60.0),
    ("交通事故の件数", "件", 200.0, 1200.0),
    ("申請の処理日数", "日", 5.0, 40.0),
    ("苦情の件数", "件", 50.0, 500.0),
];

/// (target, what 実績値 says once done).
const MILESTONES: &[(&str, &str)] = &[
    ("計画の策定", "策定済み"),
    ("新システムの本稼働", "本稼働"),
    ("認証取得の申請", "申請済み"),
    ("条例の制定", "制定済み"),
    ("実施方法の決定", "決定済み"),
];

const MILESTONE_NAMES: &[&str] = &[
    "計画づくり",
    "仕組みの見直し",
    "新たな制度の検討",
    "体制の整備",
];

const SPECIAL_ACCOUNTS: &[&str] = &[
    "国民健康保険事業特別会計",
    "介護保険事業特別会計",
    "下水道事業特別会計",
    "後期高齢者医療特別会計",
    "駐車場事業特別会計",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema;

    fn all_text(d: &Draft) -> Vec<String> {
        let mut t = vec![
            d.year.clone(),
            d.name.clone(),
            d.headline.clone(),
            d.head.clone(),
            d.contact.clone(),
        ];
        t.extend(d.mission.iter().cloned());
        t.extend(d.policies.iter().cloned());
        for s in &d.sections {
            t.push(s.name.clone());
            t.push(s.role.clone());
        }
        t.extend(d.staff.iter().map(|s| s.category.clone()));
        t.extend(d.budget.iter().map(|b| b.account.clone()));
        for p in &d.projects {
            t.extend([
                p.name.clone(),
                p.section.clone(),
                p.description.clone(),
                p.indicator_text.clone(),
            ]);
            for i in &p.indicators {
                for v in [&i.baseline, &Some(i.target.clone()), &i.actual]
                    .into_iter()
                    .flatten()
                {
                    if let DraftValue::Text(s) = v {
                        t.push(s.clone());
                    }
                }
                t.extend([
                    i.name.clone(),
                    i.unit.clone(),
                    i.direction.clone(),
                    i.deadline.clone(),
                    i.status.clone(),
                ]);
            }
        }
        t
    }

    /// Kana, CJK ideographs (the lists are checked by eye for JIS level 1/2),
    /// 「」（）、。・ー, ASCII digits, % and a space.
    fn common(c: char) -> bool {
        matches!(c, '\u{3041}'..='\u{3093}' | '\u{30A1}'..='\u{30F3}' | '\u{4E00}'..='\u{9FFF}')
            || "「」（）、。・ー々% \n".contains(c)
            || c.is_ascii_digit()
            || c == ','
    }

    #[test]
    fn follows_the_contract() {
        for d in generate(30, 12, 9, 2026) {
            assert!(d.headline.chars().count() <= HEADLINE_MAX, "{}", d.headline);
            assert!((3..=6).contains(&d.sections.len()));
            let names: HashSet<&str> = d.sections.iter().map(|s| s.name.as_str()).collect();
            assert_eq!(names.len(), d.sections.len());
            assert!(d.staff.iter().map(|s| s.count).sum::<u32>() > 0);
            assert!(!d.mission.is_empty() && !d.policies.is_empty() && !d.budget.is_empty());
            assert_eq!(d.projects.len(), 12);
            for (i, p) in d.projects.iter().enumerate() {
                assert_eq!(p.no as usize, i + 1);
                assert!(names.contains(p.section.as_str()));
                assert!((1..=3).contains(&p.indicators.len()));
                let n = p.description.chars().filter(|c| *c != '\n').count();
                assert!((60..=200).contains(&n), "{n}: {}", p.description);
                for ind in &p.indicators {
                    assert!(
                        ind.direction.is_empty()
                            || schema::DIRECTIONS.contains(&ind.direction.as_str())
                    );
                    assert!(
                        ind.status.is_empty() || schema::STATUSES.contains(&ind.status.as_str())
                    );
                }
            }
            for t in all_text(&d) {
                assert!(t.chars().all(common), "{t}");
            }
        }
    }

    #[test]
    fn varied() {
        let drafts = generate(20, 20, 1, 2026);
        let inds: Vec<&IndicatorDraft> = drafts
            .iter()
            .flat_map(|d| &d.projects)
            .flat_map(|p| &p.indicators)
            .collect();
        assert!(inds.iter().any(|i| i.direction == "低下"));
        assert!(inds.iter().any(|i| matches!(i.target, DraftValue::Text(_))));
        assert!(inds.iter().any(|i| i.unit == "%"));
        assert!(inds.iter().any(|i| i.actual.is_some()));
        assert!(inds.iter().any(|i| !i.status.is_empty()));
        let descs = drafts
            .iter()
            .flat_map(|d| &d.projects)
            .map(|p| &p.description);
        assert!(descs.clone().any(|d| d.contains('\n')));
        assert!(descs.clone().any(|d| d.chars().count() < 100));
        assert!(descs.clone().any(|d| d.chars().count() > 150));
    }

    #[test]
    fn unique_names_for_many_departments() {
        let names = department_names(500);
        assert_eq!(names.iter().collect::<HashSet<_>>().len(), 500);
        assert_eq!(names[0], "企画部");
        assert!(names.iter().any(|n| n.ends_with("推進部")));
        assert!(names.iter().any(|n| n.starts_with('第')));
    }

    #[test]
    fn deterministic_and_prefix_stable() {
        assert_eq!(generate(5, 4, 7, 2026), generate(5, 4, 7, 2026));
        assert_ne!(generate(5, 4, 7, 2026), generate(5, 4, 8, 2026));
        assert_eq!(generate(3, 4, 7, 2026)[..], generate(5, 4, 7, 2026)[..3]);
    }
}

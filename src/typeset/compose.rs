//! Japanese line composition: glyphs with the space between them, break opportunities
//! (UAX #14 tightened by JLReq kinsoku and never-split rules, numbers tied to their
//! units), line-by-line breaking that shrinks before it pushes a character over, total
//! fit (Knuth–Plass style) where that would leave a runt, phrase-aware balanced display
//! text, and justification to the exact measure.
//!
//! All widths are in points. Advances come from [`super::metrics`] in the same integer
//! thousandths of an em the PDF states, so a justified line ends where the viewer
//! draws it.

use super::classes::{self, Class};
use super::doc::{Align, FontKind, Span};
use super::metrics::Metrics;

/// One glyph of a paragraph.
#[derive(Debug, Clone)]
pub struct Glyph {
    pub ch: char,
    pub gid: u16,
    pub font: FontKind,
    /// Advance in points.
    pub adv: f32,
    pub class: Class,
    /// Index of the span the glyph came from (for links).
    pub span: u32,
    /// A word space stood before this glyph in the text.
    pub space_before: bool,
}

/// The space between glyph `i-1` and glyph `i`, beyond their advances.
#[derive(Debug, Clone, Copy, Default)]
struct Glue {
    /// Natural extra space (negative where punctuation is set close).
    natural: f32,
    /// Shrinkable amounts, in the order JLReq shrinks them.
    shrink: [f32; 4],
    /// Word space or Japanese–Latin gap: widened first.
    stretch_gap: bool,
    /// Space may be added here when spreading a line.
    stretch_char: bool,
    /// Space may be added here when nothing else in the line can take it
    /// (a line like "は、" before an unbreakable run): not inside a word or number.
    stretch_last: bool,
    /// A line may break here.
    breakable: bool,
}

/// A composed line: glyphs `start..end` of the paragraph at `xs` (relative to the
/// line's left edge, in points).
#[derive(Debug, Clone)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub xs: Vec<f32>,
    /// Where the line's ink ends (its right edge), relative to its left edge.
    pub width: f32,
    /// Last line of a paragraph or before a forced break.
    pub last: bool,
}

/// A paragraph broken into lines.
#[derive(Debug, Clone, Default)]
pub struct Composed {
    pub glyphs: Vec<Glyph>,
    pub lines: Vec<Line>,
}

/// Measure of each line: `(left offset, width)` for line `n` (0 = first).
pub trait Measure {
    fn line(&self, n: usize) -> (f32, f32);
}

impl<F: Fn(usize) -> (f32, f32)> Measure for F {
    fn line(&self, n: usize) -> (f32, f32) {
        self(n)
    }
}

/// Sets `spans` at `size` points into lines of the given measure.
///
/// ```
/// use hoshin::fonts::FontSet;
/// use hoshin::typeset::{compose, Align, Metrics, Span};
/// let m = Metrics::new(&FontSet::default());
/// let c = compose(&[Span::text("「日本語」の組版。")], 10.0, Align::Justify, &m, &|_| (0.0, 40.0));
/// assert!(c.lines.len() > 1);
/// ```
pub fn compose(
    spans: &[Span],
    size: f32,
    align: Align,
    metrics: &Metrics,
    measure: &dyn Measure,
) -> Composed {
    compose_with(spans, size, align, false, metrics, measure)
}

/// [`compose`], optionally letting 。 and 、 hang past the measure (ぶら下げ) where
/// they would otherwise have to start the next line.
pub fn compose_with(
    spans: &[Span],
    size: f32,
    align: Align,
    hanging: bool,
    metrics: &Metrics,
    measure: &dyn Measure,
) -> Composed {
    let mut out = Composed::default();
    for_each_segment(spans, |seg| {
        compose_segment(seg, size, align, hanging, None, metrics, measure, &mut out);
    });
    out
}

/// Display text (headings, titles, headlines): lines break only between phrases
/// (文節, found by [`super::phrase`]) where every phrase fits the measure, and the lines
/// are balanced — set to the least measure that needs no more lines than the full one.
/// A phrase wider than the measure falls back to [`compose`]'s breaks.
///
/// ```
/// use hoshin::fonts::FontSet;
/// use hoshin::typeset::{compose_display, Align, Metrics, Span};
/// let m = Metrics::new(&FontSet::default());
/// let c = compose_display(&[Span::text("市民の声を市政に生かします")], 10.0, Align::Left, &m, &|_| (0.0, 100.0));
/// let lines: Vec<String> = c.lines.iter().map(|l| c.glyphs[l.start..l.end].iter().map(|g| g.ch).collect()).collect();
/// // Balanced over two lines of at most 8 characters, broken between phrases.
/// assert_eq!(lines, ["市民の声を市政に", "生かします"]);
/// ```
pub fn compose_display(
    spans: &[Span],
    size: f32,
    align: Align,
    metrics: &Metrics,
    measure: &dyn Measure,
) -> Composed {
    let mut out = Composed::default();
    for_each_segment(spans, |seg| {
        let text: String = seg.iter().map(|s| s.0).collect();
        let phrases = super::phrase::boundaries(&text);
        let set = |m: &dyn Measure, out: &mut Composed| {
            compose_segment(seg, size, align, false, Some(&phrases), metrics, m, out)
        };
        let mut full = out.clone();
        if set(measure, &mut full) {
            // A phrase wider than the measure: break as running text does.
            compose_segment(seg, size, align, false, None, metrics, measure, &mut out);
            return;
        }
        let count = full.lines.len();
        // One line, or text too long to be display text: nothing to balance.
        if count - out.lines.len() <= 1 || count - out.lines.len() > 4 {
            out = full;
            return;
        }
        // Balance: the least share of the measure that still sets as few lines.
        let (mut lo, mut hi) = (0.3f32, 1.0f32);
        for _ in 0..8 {
            let mid = (lo + hi) / 2.0;
            let m = |n: usize| {
                let (x, w) = measure.line(n);
                (x, w * mid)
            };
            let mut trial = out.clone();
            if !set(&m, &mut trial) && trial.lines.len() <= count {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let m = |n: usize| {
            let (x, w) = measure.line(n);
            (x, w * hi)
        };
        set(&m, &mut out);
    });
    out
}

/// The least and the greatest width `spans` can be set in at `size`: the widest piece
/// no line may break inside (a number with its unit, a Latin word), and the widest
/// forced line set on one line. For automatic table columns.
pub fn extents(spans: &[Span], size: f32, metrics: &Metrics) -> (f32, f32) {
    let (mut least, mut most) = (0f32, 0f32);
    for_each_segment(spans, |seg| {
        let (glyphs, glue) = prepare(seg, size, None, metrics);
        let (mut piece, mut line) = (0f32, 0f32);
        for (g, gl) in glyphs.iter().zip(&glue) {
            if gl.breakable {
                least = least.max(piece);
                piece = 0.0;
            } else {
                piece += gl.natural;
            }
            piece += g.adv;
            line += g.adv + gl.natural;
        }
        least = least.max(piece);
        most = most.max(line);
    });
    (least, most.max(least))
}

/// Calls `f` with each piece of the text between forced breaks (`\n`), each character
/// with its font and span; one buffer for all.
fn for_each_segment(spans: &[Span], mut f: impl FnMut(&[(char, FontKind, u32)])) {
    let chars: usize = spans.iter().map(|s| s.text.len()).sum();
    let mut seg = Vec::with_capacity(chars);
    for (si, sp) in spans.iter().enumerate() {
        for c in sp.text.chars() {
            if c == '\n' {
                f(&seg);
                seg.clear();
            } else if invisible(c) {
                // Carriage returns, joiners, soft hyphens, byte-order marks: no glyph.
                continue;
            } else {
                seg.push((if c == '\t' { ' ' } else { c }, sp.font, si as u32));
            }
        }
    }
    f(&seg);
}

/// The glyphs of a segment and the glue before each, with its break opportunities;
/// with `phrases` (char offsets of phrase starts) a line breaks only there.
fn prepare(
    seg: &[(char, FontKind, u32)],
    size: f32,
    phrases: Option<&[usize]>,
    metrics: &Metrics,
) -> (Vec<Glyph>, Vec<Glue>) {
    let em = size;
    let text: String = seg.iter().map(|s| s.0).collect();
    // Byte offsets where UAX #14 allows a break, ascending: read with a cursor.
    let mut uax = unicode_linebreak::linebreaks(&text)
        .map(|(pos, _)| pos)
        .peekable();

    // Glyphs, and for each the glue before it. Spaces become glue.
    let mut glyphs: Vec<Glyph> = Vec::new();
    let mut glue: Vec<Glue> = Vec::new();
    let mut space_before = false;
    let mut byte = 0usize;
    let chars: Vec<char> = seg.iter().map(|s| s.0).collect();
    // Numbers tied to their units and prefixes (214,000件, 約3千円).
    let mut ties = classes::NumberTies::default();
    let mut phrase = phrases.map(|p| p.iter().copied().peekable());
    for (k, &(c, font, span)) in seg.iter().enumerate() {
        let at = byte;
        byte += c.len_utf8();
        if c == ' ' || c == '\u{A0}' {
            space_before = true;
            continue;
        }
        if c == '\u{200B}' {
            // A zero-width space only offers a break (UAX #14 puts one after it).
            continue;
        }
        let (gid, adv) = metrics
            .get(font)
            .glyph(c)
            .or_else(|| metrics.get(other(font)).glyph(c))
            .unwrap_or((0, 1000));
        let g = Glyph {
            ch: c,
            gid,
            font,
            adv: adv as f32 * size / 1000.0,
            class: classes::class(c),
            span,
            space_before,
        };
        let mut gl = Glue::default();
        if let Some(prev) = glyphs.last() {
            let next = chars.get(k + 1).copied();
            gl = glue_between(prev, &g, next, space_before, em);
            // UAX #14 glues ―― and …… to Latin neighbours (AI/IN classes); JLReq
            // lets a line break before and after them.
            let dash_edge =
                prev.ch != c && (classes::is_doubled(c) || classes::is_doubled(prev.ch));
            while uax.next_if(|&p| p < at).is_some() {}
            let uax_break = uax.peek() == Some(&at);
            gl.breakable = uax_break || space_before || dash_edge;
            gl.breakable &= !classes::no_start(c) && !classes::no_end(prev.ch);
            // A word space separates words: "Open Data" may break there.
            gl.breakable &= space_before || !classes::glued(prev.ch, c, next);
            gl.breakable &= !ties.tied(&chars, k);
            if let Some(p) = phrase.as_mut() {
                while p.next_if(|&q| q < k).is_some() {}
                gl.breakable &= p.peek() == Some(&k);
            }
        }
        space_before = false;
        glyphs.push(g);
        glue.push(gl);
    }
    (glyphs, glue)
}

#[allow(clippy::too_many_arguments)]
#[allow(clippy::needless_range_loop)] // e indexes glue and the prefix sums alike
fn compose_segment(
    seg: &[(char, FontKind, u32)],
    size: f32,
    align: Align,
    hanging: bool,
    phrases: Option<&[usize]>,
    metrics: &Metrics,
    measure: &dyn Measure,
    out: &mut Composed,
) -> bool {
    let em = size;
    let base = out.glyphs.len();
    let (glyphs, glue) = prepare(seg, size, phrases, metrics);
    let n = glyphs.len();
    if n == 0 {
        // An empty segment still takes a line (a blank line from "\n\n").
        let (_, _) = measure.line(out.lines.len());
        out.lines.push(Line {
            start: base,
            end: base,
            xs: vec![],
            width: 0.0,
            last: true,
        });
        return false;
    }

    // Prefix sums: advances, natural glue and each shrink level.
    let mut adv_sum = vec![0f32; n + 1];
    let mut nat = vec![0f32; n + 1];
    let mut shr = vec![0f32; n + 1];
    for i in 0..n {
        adv_sum[i + 1] = adv_sum[i] + glyphs[i].adv;
        nat[i + 1] = nat[i] + glue[i].natural;
        shr[i + 1] = shr[i] + glue[i].shrink.iter().sum::<f32>();
    }
    // Interior glue of [s, e) is glue[s+1..e].
    let natural = |s: usize, e: usize| adv_sum[e] - adv_sum[s] + nat[e] - nat[s + 1];
    let shrinkable = |s: usize, e: usize| shr[e] - shr[s + 1];
    let end_half = |e: usize| trailing_half(&glyphs[e - 1], em);

    let first = out.lines.len();
    // Set when a line had to break where no break is allowed.
    let mut forced = false;

    let mut s = 0;
    while s < n {
        let lineno = out.lines.len();
        let (_, width) = measure.line(lineno);
        // Furthest break that fits once everything shrinkable is shrunk.
        let mut best = None;
        let mut hang = false;
        for e in s + 1..=n {
            // 。 or 、 that would start the next line may hang past this one; a later
            // break that fits without hanging wins.
            let may_hang =
                hanging && e < n && hangs(&glyphs[e], em) && (e + 1 == n || glue[e + 1].breakable);
            if may_hang && natural(s, e) - shrinkable(s, e) <= width + 0.001 {
                best = Some(e);
                hang = true;
            }
            if e < n && !glue[e].breakable {
                continue;
            }
            let nw = natural(s, e);
            let min = nw - shrinkable(s, e) - end_half(e);
            if min <= width + 0.001 {
                best = Some(e);
                hang = false;
            } else if nw - shrinkable(s, e) > width + em {
                break;
            }
        }
        forced |= best.is_none();
        let e = best.unwrap_or_else(|| {
            // Nothing fits by the rules (one unbreakable run wider than the measure):
            // break anywhere it fits, at least one glyph.
            let mut e = s + 1;
            while e < n && natural(s, e + 1) - shrinkable(s, e + 1) <= width {
                e += 1;
            }
            e
        });
        let end = if hang { e + 1 } else { e };
        let last = end == n;
        let mut line = set_line(&glyphs, &glue, s, e, width, em, align, last, hang);
        if hang {
            // The hanging glyph follows the line's last glyph (set close after 」).
            let k = line.xs.len() - 1;
            line.xs
                .push(line.xs[k] + glyphs[e - 1].adv + glue[e].natural);
        }
        out.lines.push(Line {
            start: base + s,
            end: base + end,
            ..line
        });
        s = end;
    }
    // Justified text whose last line is a runt: breaks chosen over the whole
    // paragraph (total fit) so that shrinking or spreading the lines above avoids it.
    // Only then: the line-by-line rule already sets every other paragraph tightest,
    // and total fit over every paragraph cost 20 % of layout time (stress bench).
    // Hanging punctuation keeps the line-by-line rule.
    let set = &out.lines[first..];
    let runt = set.len() > 1 && set.last().is_some_and(|l| l.end - l.start < RUNT);
    if align == Align::Justify && !hanging && runt {
        let stretchy: Vec<u32> = std::iter::once(0)
            .chain(glue.iter().scan(0u32, |acc, g| {
                *acc += (g.stretch_char || g.stretch_gap) as u32;
                Some(*acc)
            }))
            .collect();
        // Line ends in reading order: adv_sum + nat never decreases (a negative glue
        // follows a full-width glyph), so the first end worth trying is found by halving.
        let reach: Vec<f32> = (0..=n).map(|e| adv_sum[e] + nat[e]).collect();
        let first_end = |s: usize, least: f32| {
            let from = adv_sum[s] + nat[(s + 1).min(n)];
            reach.partition_point(|&x| x - from < least)
        };
        let fit = Fit {
            n,
            first_end: &first_end,
            em,
            first_line: first,
            breakable: &|e| glue[e].breakable,
            // A justified line ends with its ink at the measure (set_line removes the
            // half-em after a closing bracket, 、 or 。 at its end); the last line may
            // give it up to fit.
            natural: &|s, e| natural(s, e) - if e < n { end_half(e) } else { 0.0 },
            shrinkable: &|s, e| shrinkable(s, e) + if e < n { 0.0 } else { end_half(e) },
            stretchy: &|s, e| stretchy[e] - stretchy[s + 1],
        };
        if let Some(ends) = fit.breaks(measure) {
            out.lines.truncate(first);
            let mut s = 0;
            for e in ends {
                let (_, width) = measure.line(out.lines.len());
                let line = set_line(&glyphs, &glue, s, e, width, em, align, e == n, false);
                out.lines.push(Line {
                    start: base + s,
                    end: base + e,
                    ..line
                });
                s = e;
            }
        }
    }
    out.glyphs.extend(glyphs);
    forced
}

/// What total-fit breaking needs of a paragraph segment: `n` glyphs, where a line may
/// end, and the widths of a line of glyphs `s..e`.
struct Fit<'a> {
    n: usize,
    em: f32,
    /// Number of the segment's first line (the measure may differ by line).
    first_line: usize,
    breakable: &'a dyn Fn(usize) -> bool,
    /// The first line end from `s` whose natural width is at least the given one.
    first_end: &'a dyn Fn(usize, f32) -> usize,
    natural: &'a dyn Fn(usize, usize) -> f32,
    /// Everything JLReq lets the line give up, its end's half-em included.
    shrinkable: &'a dyn Fn(usize, usize) -> f32,
    /// Gaps that may be widened.
    stretchy: &'a dyn Fn(usize, usize) -> u32,
}

/// Costs of total-fit breaking, in squared ems. Shrinking (what JLReq does first) is
/// cheap, spreading dearer, a last line of 1–2 characters dearest.
const SHRINK_COST: f32 = 1.0;
const STRETCH_COST: f32 = 10.0;
const LINE_COST: f32 = 2.0;
const RUNT_COST: f32 = 1000.0;
/// A runt: a last line of fewer characters than this (punctuation included).
const RUNT: usize = 3;
/// Lines looser than this many ems are not tried (the greedy rule takes over if no
/// other way through the paragraph exists).
const MAX_LOOSE_EM: f32 = 3.0;

impl Fit<'_> {
    /// The ends of the lines (the last is `n`) of least total cost, or `None` when
    /// the paragraph has no way through within [`MAX_LOOSE_EM`].
    #[allow(clippy::needless_range_loop)] // e indexes best and the closures alike
    fn breaks(&self, measure: &dyn Measure) -> Option<Vec<usize>> {
        let n = self.n;
        // best[i]: (cost, previous break, lines so far) of the best way to break at i.
        let mut best: Vec<(f32, usize, usize)> = vec![(f32::INFINITY, 0, 0); n + 1];
        best[0] = (0.0, 0, 0);
        for s in 0..n {
            let (cost, _, lines) = best[s];
            if !cost.is_finite() {
                continue;
            }
            let (_, width) = measure.line(self.first_line + lines);
            let em = self.em;
            // Lines looser than MAX_LOOSE_EM are not tried; the last line always is.
            let from = (self.first_end)(s, width - MAX_LOOSE_EM * em).clamp(s + 1, n);
            for e in from..=n {
                if e < n && !(self.breakable)(e) {
                    continue;
                }
                let nw = (self.natural)(s, e);
                let shrink = (self.shrinkable)(s, e);
                if nw - shrink > width + 0.001 {
                    if nw - shrink > width + em {
                        break;
                    }
                    continue;
                }
                let line_cost = if e == n {
                    // The last line is not justified; a runt is what costs.
                    if s > 0 && e - s < RUNT {
                        RUNT_COST
                    } else {
                        0.0
                    }
                } else if nw > width {
                    SHRINK_COST * ((nw - width) / em).powi(2)
                } else {
                    let loose = (width - nw) / em;
                    if loose > MAX_LOOSE_EM {
                        continue;
                    }
                    // A line with no gap to widen (one long word) is spread as a last resort.
                    let k = if (self.stretchy)(s, e) == 0 {
                        100.0
                    } else {
                        1.0
                    };
                    k * STRETCH_COST * loose.powi(2)
                };
                let total = cost + line_cost + LINE_COST;
                if total < best[e].0 {
                    best[e] = (total, s, lines + 1);
                }
            }
        }
        if !best[n].0.is_finite() {
            return None;
        }
        let mut ends = Vec::with_capacity(best[n].2);
        let mut e = n;
        while e > 0 {
            ends.push(e);
            e = best[e].1;
        }
        ends.reverse();
        Some(ends)
    }
}

/// May hang past the measure: a full-width 。 or 、.
fn hangs(g: &Glyph, em: f32) -> bool {
    matches!(g.class, Class::Comma | Class::FullStop) && (g.adv - em).abs() < 0.01
}

/// Characters that take no place and no glyph.
fn invisible(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
        )
}

fn other(f: FontKind) -> FontKind {
    match f {
        FontKind::Body => FontKind::Heading,
        FontKind::Heading => FontKind::Body,
    }
}

/// Half-em of space after the ink of a full-width closing bracket, comma or full stop.
fn trailing_half(g: &Glyph, em: f32) -> f32 {
    let full = (g.adv - em).abs() < 0.01;
    if full && matches!(g.class, Class::Close | Class::Comma | Class::FullStop) {
        em / 2.0
    } else {
        0.0
    }
}

/// Half-em of space before the ink of a full-width opening bracket.
fn leading_half(g: &Glyph, em: f32) -> f32 {
    let full = (g.adv - em).abs() < 0.01;
    if full && g.class == Class::Open {
        em / 2.0
    } else {
        0.0
    }
}

fn glue_between(a: &Glyph, b: &Glyph, after_b: Option<char>, space: bool, em: f32) -> Glue {
    let mut g = Glue::default();
    let glued = classes::glued(a.ch, b.ch, after_b);
    if space {
        // A word space: a third of an em, down to a quarter.
        g.natural += em / 3.0;
        g.shrink[0] += em / 3.0 - em / 4.0;
        g.stretch_gap = true;
    }
    // Level 2: the quarter-em either side of a middle dot.
    let quarter = |x: &Glyph| (x.class == Class::Middle && (x.adv - em).abs() < 0.01) as u8 as f32;
    g.shrink[1] += (quarter(a) + quarter(b)) * em / 4.0;
    // Level 3: the half-em of brackets and commas; where two meet, set close.
    let trail = trailing_half(a, em);
    let lead = leading_half(b, em);
    let b_closing = trailing_half(b, em) > 0.0;
    if trail > 0.0 && lead > 0.0 {
        // 」「 、「: one half-em stays (the pair 1.5 em, JLReq's default); a line that
        // needs it may take a quarter of it, never more, so the two never touch.
        g.natural -= em / 2.0;
        g.shrink[2] += em / 4.0;
    } else if trail > 0.0 && b_closing {
        // 。」 」」: the first half-em goes.
        g.natural -= trail;
    } else if a.class == Class::Open && lead > 0.0 && leading_half(a, em) > 0.0 {
        // 「「: the second half-em goes.
        g.natural -= lead;
    } else {
        g.shrink[2] += trail + lead;
    }
    // Level 4: Japanese–Western quarter-em, down to an eighth.
    let jl = (a.class == Class::Japanese && classes::is_western(b.ch))
        || (classes::is_western(a.ch) && b.class == Class::Japanese);
    if jl && !glued && !space {
        g.natural += em / 4.0;
        g.shrink[3] += em / 8.0;
        g.stretch_gap = true;
    }
    // Spreading: never inside a number or word, after an opening bracket, or before
    // closing punctuation.
    let japanese = |x: &Glyph| !matches!(x.class, Class::Latin | Class::Digit | Class::Other);
    // A Japanese–Latin gap is widened as a gap, not again as a character space.
    let jl_gap = jl && !glued && !space;
    g.stretch_char = !glued
        && !space
        && !jl_gap
        && a.class != Class::Open
        && !matches!(b.class, Class::Close | Class::Comma | Class::FullStop)
        && (japanese(a) || japanese(b))
        && !(classes::is_doubled(a.ch) && a.ch == b.ch);
    g.stretch_last =
        !glued && a.class != Class::Open && !(classes::is_doubled(a.ch) && a.ch == b.ch);
    g
}

#[allow(clippy::too_many_arguments)]
fn set_line(
    glyphs: &[Glyph],
    glue: &[Glue],
    s: usize,
    e: usize,
    width: f32,
    em: f32,
    align: Align,
    last: bool,
    hang_next: bool,
) -> Line {
    let inner = &glue[s + 1..e];
    let mut extra: Vec<f32> = inner.iter().map(|g| g.natural).collect();
    let advs: f32 = glyphs[s..e].iter().map(|g| g.adv).sum();
    let nat: f32 = advs + extra.iter().sum::<f32>();
    let mut end_cut = 0.0;
    let mut over = nat - width;
    let half = trailing_half(&glyphs[e - 1], em);
    if align == Align::Justify && !last && !hang_next && half > 0.0 {
        // A justified line's ink meets the measure: the half-em after a closing
        // bracket, 、 or 。 at its end is removed whole (JLReq allows it kept or
        // removed; one rule for every line, so that all of a paragraph's lines end at
        // the same edge however many of them end in punctuation).
        end_cut = half;
        over -= half;
    }
    if over > 0.001 {
        let total: f32 = inner.iter().map(|g| g.shrink.iter().sum::<f32>()).sum();
        if end_cut == 0.0 && over > total + 0.001 && half > 0.0 {
            // Only removing the line-end half-em makes it fit: remove it whole.
            end_cut = half;
            over -= half;
        }
        for level in 0..4 {
            if over <= 0.0 {
                break;
            }
            let avail: f32 = inner.iter().map(|g| g.shrink[level]).sum();
            if avail <= 0.0 {
                continue;
            }
            let f = (over / avail).min(1.0);
            for (x, g) in extra.iter_mut().zip(inner) {
                *x -= g.shrink[level] * f;
            }
            over -= avail * f;
        }
    }
    // Negative `over` now is room to fill (or the room before end_cut made it short).
    let mut room = -over;
    let justify = align == Align::Justify && !last;
    if justify && room > 0.001 {
        // Widen word spaces and Japanese–Latin gaps first, up to a quarter-em each…
        let gaps = inner.iter().filter(|g| g.stretch_gap).count();
        let chars = inner.iter().filter(|g| g.stretch_char).count();
        if gaps > 0 {
            let cap = if chars > 0 { em / 4.0 } else { f32::INFINITY };
            let each = (room / gaps as f32).min(cap);
            for (x, g) in extra.iter_mut().zip(inner) {
                if g.stretch_gap {
                    *x += each;
                }
            }
            room -= each * gaps as f32;
        }
        // …then spread the rest evenly between characters.
        if chars > 0 && room > 0.0 {
            let each = room / chars as f32;
            for (x, g) in extra.iter_mut().zip(inner) {
                if g.stretch_char {
                    *x += each;
                }
            }
            room = 0.0;
        }
        // Last resort: any gap that is not inside a word, number or doubled dash.
        let last_resort = inner.iter().filter(|g| g.stretch_last).count();
        if gaps == 0 && chars == 0 && last_resort > 0 && room > 0.0 {
            let each = room / last_resort as f32;
            for (x, g) in extra.iter_mut().zip(inner) {
                if g.stretch_last {
                    *x += each;
                }
            }
            room = 0.0;
        }
    }
    let mut xs = Vec::with_capacity(e - s);
    let mut x = 0.0;
    for (k, g) in glyphs[s..e].iter().enumerate() {
        if k > 0 {
            x += extra[k - 1];
        }
        xs.push(x);
        x += g.adv;
    }
    let ink = x - end_cut;
    let shift = match align {
        Align::Center if room > 0.0 => room / 2.0,
        Align::Right if room > 0.0 => room,
        Align::Justify if last => 0.0,
        _ => 0.0,
    };
    if shift != 0.0 {
        for x in xs.iter_mut() {
            *x += shift;
        }
    }
    Line {
        start: s,
        end: e,
        xs,
        width: ink + shift,
        last,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontSet;

    fn lines(text: &str, width: f32) -> Vec<String> {
        let m = Metrics::new(&FontSet::default());
        let c = compose(&[Span::text(text)], 10.0, Align::Justify, &m, &|_| {
            (0.0, width)
        });
        c.lines
            .iter()
            .map(|l| c.glyphs[l.start..l.end].iter().map(|g| g.ch).collect())
            .collect()
    }

    #[test]
    fn kinsoku_and_never_split() {
        // 10 em per line.
        let ls = lines(
            "あいうえおかきくけこ。さしすせそたちつてとなにぬねの",
            100.0,
        );
        assert!(ls.iter().all(|l| !l.starts_with('。')), "{ls:?}");
        let ls = lines("あいうえおかきくけ「こ」さしすせそ", 100.0);
        assert!(ls.iter().all(|l| !l.ends_with('「')), "{ls:?}");
        let ls = lines("あいうえおかきく1,234,567円です", 100.0);
        assert!(ls.iter().any(|l| l.contains("1,234,567")), "{ls:?}");
    }

    /// Many texts at many measures: every line obeys kinsoku, keeps never-split
    /// sequences whole, fits, and (if not last) fills the measure.
    #[test]
    fn invariants_over_many_measures() {
        let m = Metrics::new(&FontSet::default());
        let pieces = [
            "本市は、",
            "「安心・安全」を",
            "ISMS",
            "の認証を",
            "2024年度に",
            "1,234,567千円（80％）で、",
            "――とりわけ――",
            "高めます……",
            "ショッピングセンター",
            "ちょっと",
            "人々の声。」",
            "「「括弧」」、",
            "PDF形式で",
            "3.5倍に",
            "ファイルサーバー",
            "を見直し、",
            "20℃以下。",
            "Open Data",
            "（別表）。",
        ];
        let mut x: u64 = 42;
        for case in 0..300 {
            let mut t = String::new();
            for _ in 0..(5 + case % 20) {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push_str(pieces[(x >> 33) as usize % pieces.len()]);
            }
            let size = 10.5;
            let width = size * (8 + case % 30) as f32 + (case % 7) as f32 * 0.37;
            let hanging = case % 2 == 1;
            let c = compose_with(
                &[Span::text(t.clone())],
                size,
                Align::Justify,
                hanging,
                &m,
                &|_| (0.0, width),
            );
            let text: Vec<char> = c.glyphs.iter().map(|g| g.ch).collect();
            for (n, l) in c.lines.iter().enumerate() {
                let s: String = text[l.start..l.end].iter().collect();
                assert!(
                    l.width <= width + 0.01,
                    "case {case}: line {n} too wide ({} > {width}): {s}",
                    l.width
                );
                if l.last {
                    continue;
                }
                let (a, b) = (text[l.end - 1], text[l.end]);
                assert!(
                    !classes::no_start(b),
                    "case {case}: next line starts with {b}: {s}"
                );
                assert!(!classes::no_end(a), "case {case}: line ends with {a}: {s}");
                let spaced = c.glyphs[l.end].space_before;
                assert!(
                    spaced || !classes::glued(a, b, text.get(l.end + 1).copied()),
                    "case {case}: split {a}|{b}: {s}"
                );
                // A line of one word has nowhere to put space (never inside a word).
                let one_word = (l.start + 1..l.end).all(|k| {
                    !c.glyphs[k].space_before
                        && classes::glued(text[k - 1], text[k], text.get(k + 1).copied())
                });
                if !(one_word || (l.width - width).abs() < 0.01) {
                    for l in &c.lines {
                        eprintln!(
                            "{:?} {}",
                            l.width,
                            text[l.start..l.end].iter().collect::<String>()
                        );
                    }
                }
                assert!(
                    one_word || (l.width - width).abs() < 0.01,
                    "case {case}: line {n} not justified ({} of {width}): {s}",
                    l.width
                );
            }
        }
    }

    #[test]
    fn hanging_punctuation_only_when_asked_and_needed() {
        let m = Metrics::new(&FontSet::default());
        // Ten kanji fill a 100 pt line exactly; the 。 would have to start line 2.
        let t = "一二三四五六七八九十。あいう";
        let hung = compose_with(&[Span::text(t)], 10.0, Align::Justify, true, &m, &|_| {
            (0.0, 100.0)
        });
        let first: String = hung.glyphs[hung.lines[0].start..hung.lines[0].end]
            .iter()
            .map(|g| g.ch)
            .collect();
        assert_eq!(first, "一二三四五六七八九十。");
        assert!(
            (hung.lines[0].xs[10] - 100.0).abs() < 0.01,
            "the 。 hangs at the margin"
        );
        assert!((hung.lines[0].width - 100.0).abs() < 0.01);
        let plain = compose(&[Span::text(t)], 10.0, Align::Justify, &m, &|_| {
            (0.0, 100.0)
        });
        let first: String = plain.glyphs[plain.lines[0].start..plain.lines[0].end]
            .iter()
            .map(|g| g.ch)
            .collect();
        assert_eq!(
            first, "一二三四五六七八九",
            "without hanging a character is pushed over"
        );
        // Room enough: nothing hangs.
        let roomy = compose_with(&[Span::text(t)], 10.0, Align::Justify, true, &m, &|_| {
            (0.0, 140.0)
        });
        assert!(roomy.lines[0].xs.iter().all(|x| *x < 140.0));
    }

    #[test]
    fn invisible_characters_take_no_glyph() {
        let m = Metrics::new(&FontSet::default());
        let c = compose(
            &[Span::text("本市\r\u{FEFF}の\u{200B}方針\u{AD}です")],
            10.0,
            Align::Left,
            &m,
            &|_| (0.0, 500.0),
        );
        let text: String = c.glyphs.iter().map(|g| g.ch).collect();
        assert_eq!(text, "本市の方針です");
        assert!(c.glyphs.iter().all(|g| g.gid != 0));
    }

    #[test]
    fn justified_lines_fill_the_measure() {
        let m = Metrics::new(&FontSet::default());
        let t = "本市は、ISMSの認証を2024年に取得し、情報セキュリティの水準を80％以上に高めることを目標とします。";
        let c = compose(&[Span::text(t)], 10.5, Align::Justify, &m, &|_| {
            (0.0, 150.0)
        });
        for l in &c.lines[..c.lines.len() - 1] {
            let g = &c.glyphs[l.end - 1];
            let right = l.xs.last().unwrap() + g.adv;
            assert!((l.width - 150.0).abs() < 0.01, "{} {}", l.width, right);
        }
    }
}

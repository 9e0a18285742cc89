//! Japanese typesetting: a document tree and page templates in, positioned pages out.
//!
//! This layer knows nothing of departments or spreadsheets. A caller builds a
//! [`Document`] of [`Block`]s, lays it out with a [`Typesetter`] (as often as it likes,
//! e.g. once to learn the anchors' page numbers for a table of contents and once more
//! with the contents filled in), and hands the [`Layout`] to [`crate::pdf`].
//!
//! Line composition follows the JLReq rules in `shared/reference/japanese-layout.md`:
//! kinsoku, never-split sequences, quarter-em between Japanese and Western text,
//! half-em compression of adjacent punctuation, and justification to the exact measure
//! (shrink first, then push a character over; optional hanging 。、).
//!
//! Page layout: templates (A4, A5, tabloid or any size; margins, facing pages, columns,
//! running head, folio format), headings kept with what follows ([`Block::Keep`] for
//! notes and captions), at least two lines of a paragraph either side of a break,
//! tables with header rows repeated on every page, cells spanning columns and rows,
//! rows split only when taller than a page. Output: [`Layout`] — pages of glyph runs,
//! rules, fills and links, with anchors' page numbers and the outline;
//! [`Typesetter::layout_until_stable`] runs the passes a table of contents needs.
//!
//! Pages not made of one flow (a newsletter of boxes and bands) are built of
//! [`Frame`]s: blocks set into a [`Region`] (a width, columns, a height they may not
//! exceed, balanced or not), giving positioned items and their height, placed inside
//! other frames at an offset; [`boxes`] puts whole boxes into balanced columns, rows
//! and pages, and [`vertical`] stands set lines up into 縦組み.
//! The whole pipeline down to a PDF is shown in [`crate::pdf`].
//!
//! ```
//! use hoshin::fonts::FontSet;
//! use hoshin::typeset::*;
//! let ts = Typesetter::new(&FontSet::default(), Style::default(), vec![PageTemplate::a4()]);
//! let mut doc = Document::new();
//! doc.push(Block::RunningHead("令和7年度 運営方針".into()))
//!     .push(Block::heading_anchored(1, "総務部", "somu"))
//!     .push(Block::para("総務部は、市政の基盤を支えます。"))
//!     .push(Block::bullets(["職員の育成", "情報セキュリティ（ISMS）の強化"]));
//! let layout = ts.layout(&doc);
//! assert_eq!(layout.pages.len(), 1);
//! assert_eq!(layout.page_of("somu"), Some(1));
//! ```

pub mod boxes;
pub mod classes;
pub mod compose;
pub mod doc;
pub mod layout;
pub mod metrics;
pub mod page;
pub mod phrase;
pub mod structure;
pub mod template;
pub mod vertical;

pub use compose::{compose, compose_display, compose_with, extents, Composed, Line, Measure};
pub use doc::*;
pub use layout::{Flowed, Frame, Overflow, Region, Typesetter};
pub use metrics::{FontMetrics, Metrics};
pub use page::*;
pub use template::{mm, to_mm, PageTemplate, Style};

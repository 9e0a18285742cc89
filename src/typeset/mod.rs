//! Japanese typesetting: a document tree and page templates in, positioned pages out.
//!
//! This layer knows nothing of departments or spreadsheets. A caller builds a
//! [`Document`] of [`Block`]s, lays it out with a [`Typesetter`] (as often as it likes,
//! e.g. once to learn the anchors' page numbers for a table of contents and once more
//! with the contents filled in), and hands the [`Layout`] to [`crate::pdf`].
//!
//! Line composition follows the JLReq rules in `shared/reference/japanese-layout.md`:
//! kinsoku, never-split sequences, quarter-em between Japanese and Western text,
//! half-em compression of adjacent punctuation, and justification to the exact measure.
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

pub mod classes;
pub mod compose;
pub mod doc;
pub mod layout;
pub mod metrics;
pub mod page;
pub mod template;

pub use compose::{compose, compose_with, Composed, Line, Measure};
pub use doc::*;
pub use layout::Typesetter;
pub use metrics::{FontMetrics, Metrics};
pub use page::*;
pub use template::{mm, PageTemplate, Style};

//! `[booklet]`: paper and binding.

/// Paper size of the booklet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
pub enum Paper {
    #[default]
    A4,
    A5,
}

/// How the printed booklet is bound: what its page count must be a multiple of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Binding {
    /// 中綴じ: folded sheets of 4 pages (the default).
    #[default]
    Saddle,
    /// 無線綴じ: an even number of pages.
    Perfect,
    /// No padding (screen only).
    None,
}

impl Binding {
    /// Pages a count must be a multiple of.
    pub(crate) fn multiple(self) -> usize {
        match self {
            Binding::Saddle => 4,
            Binding::Perfect => 2,
            Binding::None => 1,
        }
    }
}

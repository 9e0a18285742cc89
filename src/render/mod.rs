//! Renderers: the checked model → publications. They know nothing of calamine.

pub mod booklet;
pub mod newsletter;
pub mod wording;

//! Renderers: the checked model → publications. They know nothing of calamine.

pub mod booklet;
pub mod department_book;
pub mod newsletter;
pub mod opendata;
pub mod summary;
pub mod web;
pub mod wording;

//! What the things on the pages are: a structure tree of roles (document, sections,
//! headings, paragraphs, lists, tables, contents, links), for a tagged PDF.
//!
//! The tree is an arena: node 0 is the document, every other node names its parent,
//! and a parent always comes before its children, so the children of a node in the
//! order they were made are in reading order. Glyph runs and link areas name the node
//! they belong to ([`crate::typeset::GlyphRun::node`]); running heads, folios and the
//! repeated header rows of a continued table are [`ARTIFACT`]s, and rules and fills
//! are decoration whatever they belong to.

use super::page::{Item, Page};

/// Index of a node in a [`Structure`]. 0 is the document (and, in an item, "not yet
/// assigned").
pub type NodeId = u32;

/// The node of decoration that is not part of the text (running heads, folios, the
/// repeated header of a continued table).
pub const ARTIFACT: NodeId = u32::MAX;

/// What a node is: the standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Document,
    Sect,
    Div,
    /// A heading of the document's level (1 and more); the PDF writer closes up
    /// levels that skip one (H1 then H3 is written H1 then H2).
    H(u8),
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    THead,
    TBody,
    TR,
    /// A header cell; it heads its column.
    TH,
    TD,
    TOC,
    TOCI,
    Link,
    Figure,
}

impl Role {
    /// The PDF structure type.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Sect => "Sect",
            Role::Div => "Div",
            Role::H(n) => ["H1", "H2", "H3", "H4", "H5", "H6"][n.clamp(1, 6) as usize - 1],
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::THead => "THead",
            Role::TBody => "TBody",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::TOC => "TOC",
            Role::TOCI => "TOCI",
            Role::Link => "Link",
            Role::Figure => "Figure",
        }
    }
}

/// One node of the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct StructNode {
    pub role: Role,
    pub parent: NodeId,
    /// Alternative text of a figure; the description of a link (where it leads).
    pub alt: Option<String>,
    /// Columns and rows a table cell covers.
    pub span: (u16, u16),
}

/// The structure tree of a layout. Node 0 is the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    pub nodes: Vec<StructNode>,
}

impl Default for Structure {
    fn default() -> Self {
        Structure {
            nodes: vec![StructNode {
                role: Role::Document,
                parent: 0,
                alt: None,
                span: (1, 1),
            }],
        }
    }
}

impl Structure {
    /// A new node of `role` as the last child of `parent`.
    pub fn push(&mut self, role: Role, parent: NodeId) -> NodeId {
        self.nodes.push(StructNode {
            role,
            parent,
            alt: None,
            span: (1, 1),
        });
        (self.nodes.len() - 1) as NodeId
    }

    /// Whether only the document is there (nothing was tagged).
    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }

    /// Moves `other`'s nodes under `under` (its document's children become
    /// `under`'s last children) and renumbers the nodes `items` name to match.
    pub fn graft<'a>(
        &mut self,
        other: Structure,
        under: NodeId,
        items: impl IntoIterator<Item = &'a mut Item>,
    ) {
        let map = self.adopt(other, under);
        for it in items {
            match it {
                Item::Text(r) => r.node = map(r.node),
                Item::Link { node, .. } => *node = map(*node),
                _ => {}
            }
        }
    }

    /// Moves `other`'s nodes under `under` as [`Self::graft`] does, and returns how
    /// its node numbers map to this tree's (for things that are not [`Item`]s).
    pub fn adopt(&mut self, other: Structure, under: NodeId) -> impl Fn(NodeId) -> NodeId {
        let off = self.nodes.len() as NodeId - 1;
        let map = move |n: NodeId| match n {
            0 => under,
            ARTIFACT => ARTIFACT,
            n => n + off,
        };
        self.nodes
            .extend(other.nodes.into_iter().skip(1).map(|mut n| {
                n.parent = map(n.parent);
                n
            }));
        map
    }

    /// [`Self::graft`] of a whole layout's pages.
    pub fn graft_pages(&mut self, other: Structure, under: NodeId, pages: &mut [Page]) {
        self.graft(
            other,
            under,
            pages.iter_mut().flat_map(|p| p.items.iter_mut()),
        );
    }
}

impl Structure {
    /// Makes the node of the first text run of `items` a `role` (a paragraph set on
    /// its own that is a heading).
    pub fn retag(&mut self, items: &[Item], role: Role) {
        let first = items.iter().find_map(|it| match it {
            Item::Text(r) if r.node != 0 && r.node != ARTIFACT => Some(r.node),
            _ => None,
        });
        if let Some(n) = first.and_then(|n| self.nodes.get_mut(n as usize)) {
            n.role = role;
        }
    }
}

/// Gives the text runs and link areas of `items` that have no node yet the node `n`.
pub fn stamp<'a>(items: impl IntoIterator<Item = &'a mut Item>, n: NodeId) {
    for it in items {
        match it {
            Item::Text(r) if r.node == 0 => r.node = n,
            Item::Link { node, .. } if *node == 0 => *node = n,
            _ => {}
        }
    }
}

/// The same items, every text run and link area an artifact.
pub fn as_artifact(mut it: Item) -> Item {
    match &mut it {
        Item::Text(r) => r.node = ARTIFACT,
        Item::Link { node, .. } => *node = ARTIFACT,
        _ => {}
    }
    it
}

/// Where the flow is in the tree: the open sections (by heading level) and the open
/// table of contents.
#[derive(Debug, Default)]
pub(crate) struct Tagger {
    sects: Vec<(u8, NodeId)>,
    toc: Option<NodeId>,
}

/// Headings up to this level open a section (Sect) that holds what follows them;
/// deeper ones (a booklet's project titles) do not: 4,000 sections fewer in a booklet
/// of 200 departments.
const SECTION_LEVELS: u8 = 3;

impl Tagger {
    fn container(&self) -> NodeId {
        self.sects.last().map_or(0, |s| s.1)
    }

    /// A block of `role` in the current section.
    pub(crate) fn block(&mut self, s: &mut Structure, role: Role) -> NodeId {
        self.toc = None;
        s.push(role, self.container())
    }

    /// A heading of `level`: closes the sections of its level and deeper, opens its
    /// own, and returns the heading's node.
    pub(crate) fn heading(&mut self, s: &mut Structure, level: u8) -> NodeId {
        self.toc = None;
        let level = level.max(1);
        while self.sects.last().is_some_and(|t| t.0 >= level) {
            self.sects.pop();
        }
        if level <= SECTION_LEVELS {
            let sect = s.push(Role::Sect, self.container());
            self.sects.push((level, sect));
        }
        s.push(Role::H(level), self.container())
    }

    /// An entry of the table of contents (consecutive entries make one TOC): returns
    /// the Link node of its text and link area.
    pub(crate) fn toc_entry(&mut self, s: &mut Structure, alt: String) -> NodeId {
        let toc = match self.toc {
            Some(t) => t,
            None => {
                let t = s.push(Role::TOC, self.container());
                self.toc = Some(t);
                t
            }
        };
        let item = s.push(Role::TOCI, toc);
        let link = s.push(Role::Link, item);
        s.nodes[link as usize].alt = Some(alt);
        link
    }

    /// A list: L, and for each item LI with its label (Lbl) and body (LBody).
    pub(crate) fn list(&mut self, s: &mut Structure, items: usize) -> Vec<(NodeId, NodeId)> {
        let l = self.block(s, Role::L);
        (0..items)
            .map(|_| {
                let li = s.push(Role::LI, l);
                (s.push(Role::Lbl, li), s.push(Role::LBody, li))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_nest_sections_and_grafts_renumber() {
        let mut s = Structure::default();
        let mut t = Tagger::default();
        let h1 = t.heading(&mut s, 1);
        let p = t.block(&mut s, Role::P);
        let h2 = t.heading(&mut s, 2);
        let h1b = t.heading(&mut s, 1);
        // Sect(H1, P, Sect(H2)), Sect(H1)
        let parent = |n: NodeId| s.nodes[n as usize].parent;
        assert_eq!(parent(h1), parent(p));
        assert_eq!(parent(parent(h2)), parent(h1));
        assert_eq!(parent(parent(h1b)), 0);
        let mut whole = Structure::default();
        whole.push(Role::P, 0);
        let mut items = [Item::Link {
            x: 0.0,
            y: 0.0,
            w: 1.0,
            h: 1.0,
            target: crate::typeset::Link::Uri("u".into()),
            node: p,
        }];
        whole.graft(s, 0, items.iter_mut());
        let Item::Link { node, .. } = items[0] else {
            unreachable!()
        };
        assert_eq!(node, p + 1);
        assert_eq!(whole.nodes[node as usize].role, Role::P);
    }
}

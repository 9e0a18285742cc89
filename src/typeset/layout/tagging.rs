//! The structure nodes of a table, and its header placed once as text and then as
//! decoration (a child module of `layout`, so that layout's own file only calls it).

use super::table::CellBox;
use super::{Flow, Piece};
use crate::typeset::structure::{as_artifact, stamp, Role};

impl Flow<'_> {
    /// Table, THead / TBody (when the table has both), TR, TH / TD for `rows`, each
    /// cell's lines given its cell's node.
    pub(super) fn tag_table(&mut self, header_rows: usize, rows: &mut [Vec<CellBox>]) {
        let s = &mut self.out.structure;
        let table = self.tags.block(s, Role::Table);
        let both = header_rows > 0 && rows.len() > header_rows;
        let (mut head, mut body) = (None, None);
        for (ri, row) in rows.iter_mut().enumerate() {
            let header = ri < header_rows;
            let group = match (both, header) {
                (false, _) => table,
                (true, true) => *head.get_or_insert_with(|| s.push(Role::THead, table)),
                (true, false) => *body.get_or_insert_with(|| s.push(Role::TBody, table)),
            };
            let tr = s.push(Role::TR, group);
            for c in row.iter_mut() {
                let n = s.push(if header { Role::TH } else { Role::TD }, tr);
                s.nodes[n as usize].span = ((c.c1 - c.c0) as u16, c.down.max(1) as u16);
                stamp(c.lines.iter_mut().flat_map(|l| l.items.iter_mut()), n);
            }
        }
    }

    /// Places a table's header rows: the first time as the header cells, after that
    /// (the header repeated where the table continues) as an artifact.
    pub(super) fn place_header(&mut self, h: &mut (Piece, bool)) {
        if h.1 {
            let art = Piece {
                h: h.0.h,
                items: h.0.items.iter().cloned().map(as_artifact).collect(),
            };
            self.place(&art);
        } else {
            self.place(&h.0);
            h.1 = true;
        }
    }
}

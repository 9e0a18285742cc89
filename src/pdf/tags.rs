//! The structure tree of a tagged PDF (ISO 32000-1, 14.7–14.8; PDF/UA-1): one
//! structure element per node of the layout's [`Structure`] that has content, the
//! marked content of the pages (their MCIDs) and the link annotations (OBJR) under
//! the elements they belong to, and the /ParentTree that leads back from content to
//! element.
//!
//! Elements are numbered in reading order (pre-order), so that an element and its
//! children are near each other in the file and compress well in object streams.

use std::io::Write;

use lopdf::{Object, ObjectId};
use rayon::prelude::*;

use super::save::{self, Extra};
use crate::typeset::{Layout, NodeId, Role, StructNode};

/// The structure tree of `layout`: the StructTreeRoot's number, the tree's objects
/// serialized, and, for [`save::save`]'s predicted object streams, objects in cells
/// with their width: the leaf elements as records of [`save::RECORD`] bytes, table
/// rows as records of [`save::ROW_RECORD`] bytes, the parent tree in cells of
/// [`save::CELL`] bytes (numbers taken from `doc`, whose link annotations get their
/// /StructParent and /Contents).
///
/// `mcids[p]` is the node of each MCID of page `p` (in MCID order); `annots` the link
/// annotations (object and node of its text), whose /StructParent keys follow the
/// pages' and whose /Contents becomes the description of their Link element where
/// the layout gives one.
pub(super) fn write_tree(
    doc: &mut lopdf::Document,
    layout: &Layout,
    page_ids: &[ObjectId],
    mcids: &[Vec<NodeId>],
    annots: &[(ObjectId, NodeId)],
) -> (ObjectId, Extra, Vec<(Extra, usize)>) {
    let mut nodes: Vec<StructNode> = layout.structure.nodes.clone();
    let valid = |n: NodeId, len: usize| if (n as usize) < len { n } else { 0 };
    let len = nodes.len();
    // Marked content and annotations of each node.
    let mut mcr: Vec<Vec<(u32, u32)>> = vec![Vec::new(); len];
    for (p, m) in mcids.iter().enumerate() {
        for (k, &n) in m.iter().enumerate() {
            mcr[valid(n, len) as usize].push((p as u32, k as u32));
        }
    }
    let mut objr: Vec<Vec<usize>> = vec![Vec::new(); len];
    // The Link element of each annotation: its node when that is a Link, else a
    // Link made for it at the end of its node (a link inside a paragraph).
    let mut annot_elem = Vec::with_capacity(annots.len());
    for (k, &(_, n)) in annots.iter().enumerate() {
        let n = valid(n, nodes.len());
        let link = if nodes[n as usize].role == Role::Link {
            n
        } else {
            nodes.push(StructNode {
                role: Role::Link,
                parent: n,
                alt: None,
                span: (1, 1),
            });
            mcr.push(Vec::new());
            objr.push(Vec::new());
            (nodes.len() - 1) as NodeId
        };
        objr[link as usize].push(k);
        annot_elem.push(link);
    }
    let len = nodes.len();
    // Children in order; a parent always comes before its children.
    let mut kids: Vec<Vec<u32>> = vec![Vec::new(); len];
    for i in 1..len {
        let p = nodes[i].parent as usize;
        kids[if p < i { p } else { 0 }].push(i as u32);
    }
    // Elements with nothing in them are left out.
    let mut keep: Vec<bool> = (0..len)
        .map(|i| !mcr[i].is_empty() || !objr[i].is_empty())
        .collect();
    for i in (1..len).rev() {
        if keep[i] {
            let p = nodes[i].parent as usize;
            keep[if p < i { p } else { 0 }] = true;
        }
    }
    keep[0] = true;

    // Object numbers in reading order; heading levels closed up (none skipped: a
    // level-3 heading right under an H1 is written H2, and so are its siblings).
    let root_id = doc.new_object_id();
    let mut ids: Vec<ObjectId> = vec![(0, 0); len];
    let mut parent_id: Vec<ObjectId> = vec![root_id; len];
    let mut order = Vec::with_capacity(len);
    let mut stack = vec![0u32];
    // (document level, written level) of the headings the next one may be under.
    let mut heads: Vec<(u8, u8)> = Vec::new();
    // Leaf elements (one MCID, nothing else in them, no attributes but a TH's class)
    // are written as fixed records (see below), numbered after the others so that
    // their numbers follow each other.
    let is_leaf: Vec<bool> = (0..len)
        .map(|n| {
            mcr[n].len() == 1
                && objr[n].is_empty()
                && !kids[n].iter().any(|&c| keep[c as usize])
                && nodes[n].span == (1, 1)
                && matches!(
                    nodes[n].role,
                    Role::P | Role::H(_) | Role::Lbl | Role::LBody | Role::TD | Role::TH
                )
        })
        .collect();
    // Table rows of up to ROW_KIDS cells likewise, numbered between the others and
    // the leaves.
    let is_row: Vec<bool> = (0..len)
        .map(|n| {
            nodes[n].role == Role::TR
                && mcr[n].is_empty()
                && objr[n].is_empty()
                && kids[n].iter().filter(|&&c| keep[c as usize]).count() <= ROW_KIDS
        })
        .collect();
    let mut leaves = Vec::new();
    let mut rows = Vec::new();
    // The parent of each element, numbered when all are.
    let mut parent_node: Vec<usize> = vec![usize::MAX; len];
    while let Some(n) = stack.pop() {
        let n = n as usize;
        if is_leaf[n] {
            leaves.push(n);
        } else if is_row[n] {
            rows.push(n);
        } else {
            ids[n] = doc.new_object_id();
            order.push(n);
        }
        if let Role::H(l) = nodes[n].role {
            while heads.last().is_some_and(|h| h.0 >= l) {
                heads.pop();
            }
            let w = (heads.last().map_or(0, |h| h.1) + 1).min(6);
            nodes[n].role = Role::H(w);
            heads.push((l, w));
        }
        for &c in kids[n].iter().rev() {
            if keep[c as usize] {
                parent_node[c as usize] = n;
                stack.push(c);
            }
        }
    }
    for &n in rows.iter().chain(&leaves) {
        ids[n] = doc.new_object_id();
    }
    for (n, &p) in parent_node.iter().enumerate() {
        if p != usize::MAX {
            parent_id[n] = ids[p];
        }
    }
    let mut extra: Extra = Vec::with_capacity(order.len() + 2);
    let r = |b: &mut Vec<u8>, id: ObjectId| save::reference(b, id.0, 0);
    // Leaf elements (one MCID, no attributes but a TH's class) as fixed records.
    // Serialized on all cores: (which list, bytes) per element, in order.
    let all: Vec<usize> = order.iter().chain(&rows).chain(&leaves).copied().collect();
    let serialized: Vec<(u8, Vec<u8>)> = all
        .par_iter()
        .map(|&n| {
            let node = &nodes[n];
            let kept = kids[n].iter().filter(|&&c| keep[c as usize]).count();
            let name = node.role.name();
            if let (true, [(p, m)]) = (is_leaf[n], mcr[n].as_slice()) {
                let (pid, pg) = (parent_id[n].0, page_ids[*p as usize].0);
                if name.len() <= 5 && pid < 1_000_000_000 && pg < 100_000_000 && *m < 100_000_000 {
                    let mut b = Vec::with_capacity(save::RECORD);
                    let class = if node.role == Role::TH { "/C/TH" } else { "" };
                    b.extend_from_slice(b"<</S/");
                    save::left(&mut b, name.as_bytes(), 5);
                    b.extend_from_slice(b"/P");
                    save::reference(&mut b, pid, 9);
                    b.extend_from_slice(b"/Pg");
                    save::reference(&mut b, pg, 8);
                    b.extend_from_slice(b"/K");
                    save::padded(&mut b, *m as u64, 8);
                    save::left(&mut b, class.as_bytes(), 5);
                    b.resize(save::RECORD - 2, b' ');
                    b.extend_from_slice(b">>");
                    return (LEAF, b);
                }
            }
            if is_row[n] && parent_id[n].0 < 1_000_000_000 {
                let mut b = Vec::with_capacity(save::ROW_RECORD);
                b.extend_from_slice(b"<</S/TR/P");
                save::reference(&mut b, parent_id[n].0, 9);
                b.extend_from_slice(b"/K[");
                for &c in kids[n].iter().filter(|&&c| keep[c as usize]) {
                    save::reference(&mut b, ids[c as usize].0, 9);
                }
                b.push(b']');
                if b.len() <= save::ROW_RECORD - 2 {
                    b.resize(save::ROW_RECORD - 2, b' ');
                    b.extend_from_slice(b">>");
                    return (ROW, b);
                }
            }
            let mut b = Vec::with_capacity(64);
            b.extend_from_slice(b"<</S");
            save::name(&mut b, node.role.name().as_bytes());
            b.extend_from_slice(b"/P ");
            r(&mut b, parent_id[n]);
            let nk = mcr[n].len() + objr[n].len() + kept;
            let first = mcr[n].first().map(|m| m.0);
            if let Some(first) = first {
                b.extend_from_slice(b"/Pg ");
                r(&mut b, page_ids[first as usize]);
            }
            if nk > 0 {
                b.extend_from_slice(if nk > 1 { b"/K[" } else { b"/K " });
                let mut sep = false;
                let mut next = |b: &mut Vec<u8>| {
                    if std::mem::replace(&mut sep, true) {
                        b.push(b' ');
                    }
                };
                for &(p, m) in &mcr[n] {
                    next(&mut b);
                    if Some(p) == first {
                        save::padded(&mut b, m as u64, 0);
                    } else {
                        b.extend_from_slice(b"<</Type/MCR/Pg ");
                        r(&mut b, page_ids[p as usize]);
                        b.extend_from_slice(b"/MCID ");
                        save::padded(&mut b, m as u64, 0);
                        b.extend_from_slice(b">>");
                    }
                }
                for &a in &objr[n] {
                    next(&mut b);
                    b.extend_from_slice(b"<</Type/OBJR/Obj ");
                    r(&mut b, annots[a].0);
                    b.extend_from_slice(b">>");
                }
                for &c in kids[n].iter().filter(|&&c| keep[c as usize]) {
                    next(&mut b);
                    r(&mut b, ids[c as usize]);
                }
                if nk > 1 {
                    b.push(b']');
                }
            }
            let (cols, rows) = node.span;
            if node.role == Role::TH {
                // The header cells' scope, by attribute class (see /ClassMap).
                b.extend_from_slice(b"/C/TH");
            }
            if cols > 1 || rows > 1 {
                b.extend_from_slice(b"/A<</O/Table");
                if cols > 1 {
                    let _ = write!(b, "/ColSpan {cols}");
                }
                if rows > 1 {
                    let _ = write!(b, "/RowSpan {rows}");
                }
                b.extend_from_slice(b">>");
            }
            if node.role == Role::Figure {
                b.extend_from_slice(b"/Alt");
                save::object(&mut b, &super::utf16(node.alt.as_deref().unwrap_or("")));
            }
            b.extend_from_slice(b">>");
            (OTHER, b)
        })
        .collect();
    let mut records: Extra = Vec::with_capacity(leaves.len());
    let mut row_records: Extra = Vec::with_capacity(rows.len());
    for (&n, (kind, b)) in all.iter().zip(serialized) {
        match kind {
            LEAF => records.push((ids[n].0, b)),
            ROW => row_records.push((ids[n].0, b)),
            _ => extra.push((ids[n].0, b)),
        }
    }

    // The parent tree: pages 0..n by their MCIDs, then the annotations; written in
    // cells of [`save::CELL`] bytes, numbers right-aligned, for the predictor of its
    // object stream (a reference is mostly the one before it plus one or two).
    let pt_id = doc.new_object_id();
    let mut b = Vec::with_capacity(save::CELL * (8 + mcids.len() + order.len()));
    let cell = |b: &mut Vec<u8>| {
        let n = b.len().next_multiple_of(save::CELL);
        b.resize(n, b' ');
    };
    let refs = |b: &mut Vec<u8>, id: ObjectId| {
        save::reference(b, id.0, 11);
        cell(b);
    };
    b.extend_from_slice(b"<</Nums[");
    cell(&mut b);
    for (p, m) in mcids.iter().enumerate() {
        b.push(if p == 0 { b' ' } else { b']' });
        save::padded(&mut b, p as u64, 10);
        b.extend_from_slice(b" [");
        cell(&mut b);
        for &n in m {
            refs(&mut b, ids[valid(n, len) as usize]);
        }
    }
    if !mcids.is_empty() {
        b.push(b']');
        cell(&mut b);
    }
    for (k, (&(id, _), &link)) in annots.iter().zip(&annot_elem).enumerate() {
        let key = (mcids.len() + k) as i64;
        save::padded(&mut b, key as u64, 15);
        cell(&mut b);
        refs(&mut b, ids[link as usize]);
        if let Ok(a) = doc.get_dictionary_mut(id) {
            a.set("StructParent", Object::Integer(key));
            if let Some(alt) = &nodes[link as usize].alt {
                a.set("Contents", super::utf16(alt));
            }
        }
    }
    b.extend_from_slice(b"]>>");
    cell(&mut b);
    let parent_tree = vec![(pt_id.0, b)];
    let mut b = Vec::new();
    b.extend_from_slice(b"<</Type/StructTreeRoot/K ");
    r(&mut b, ids[0]);
    b.extend_from_slice(b"/ParentTree ");
    r(&mut b, pt_id);
    let _ = write!(b, "/ParentTreeNextKey {}", mcids.len() + annots.len());
    b.extend_from_slice(b"/ClassMap<</TH<</O/Table/Scope/Column>>>>>>");
    extra.push((root_id.0, b));
    (
        root_id,
        extra,
        vec![
            (records, save::RECORD),
            (row_records, save::ROW_RECORD),
            (parent_tree, save::CELL),
        ],
    )
}

/// Which list an element's bytes go to.
const OTHER: u8 = 0;
const LEAF: u8 = 1;
const ROW: u8 = 2;

/// Cells a table row may have to be written as a record of [`save::ROW_RECORD`] bytes.
const ROW_KIDS: usize = 7;

//! The structure tree of a tagged PDF (ISO 32000-1, 14.7–14.8; PDF/UA-1): one
//! structure element per node of the layout's [`Structure`] that has content, the
//! marked content of the pages (their MCIDs) and the link annotations (OBJR) under
//! the elements they belong to, and the /ParentTree that leads back from content to
//! element.
//!
//! Elements are numbered in reading order (pre-order), so that an element and its
//! children are near each other in the file and compress well in object streams.

use lopdf::{Dictionary, Object, ObjectId};

use crate::typeset::{Layout, NodeId, Role, StructNode};

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// Writes the structure tree of `layout` into `doc` and returns the StructTreeRoot.
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
) -> ObjectId {
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

    // Object numbers in reading order; heading levels closed up (none skipped).
    let root_id = doc.new_object_id();
    let mut ids: Vec<ObjectId> = vec![(0, 0); len];
    let mut parent_id: Vec<ObjectId> = vec![root_id; len];
    let mut order = Vec::with_capacity(len);
    let mut stack = vec![0u32];
    let mut last_h = 0u8;
    while let Some(n) = stack.pop() {
        let n = n as usize;
        ids[n] = doc.new_object_id();
        order.push(n);
        if let Role::H(l) = nodes[n].role {
            let l = l.clamp(1, 6).min(last_h + 1);
            nodes[n].role = Role::H(l);
            last_h = l;
        }
        for &c in kids[n].iter().rev() {
            if keep[c as usize] {
                parent_id[c as usize] = ids[n];
                stack.push(c);
            }
        }
    }
    for &n in &order {
        let node = &nodes[n];
        let mut d = Dictionary::new();
        d.set("S", name(node.role.name()));
        d.set("P", Object::Reference(parent_id[n]));
        let mut k: Vec<Object> = Vec::new();
        if let Some(&(first, _)) = mcr[n].first() {
            let pg = page_ids[first as usize];
            d.set("Pg", Object::Reference(pg));
            for &(p, m) in &mcr[n] {
                if p == first {
                    k.push(Object::Integer(m as i64));
                } else {
                    let mut r = Dictionary::new();
                    r.set("Type", name("MCR"));
                    r.set("Pg", Object::Reference(page_ids[p as usize]));
                    r.set("MCID", Object::Integer(m as i64));
                    k.push(Object::Dictionary(r));
                }
            }
        }
        for &a in &objr[n] {
            let mut r = Dictionary::new();
            r.set("Type", name("OBJR"));
            r.set("Obj", Object::Reference(annots[a].0));
            k.push(Object::Dictionary(r));
        }
        k.extend(
            kids[n]
                .iter()
                .filter(|&&c| keep[c as usize])
                .map(|&c| Object::Reference(ids[c as usize])),
        );
        match k.len() {
            0 => {}
            1 => d.set("K", k.pop().unwrap()),
            _ => d.set("K", Object::Array(k)),
        }
        let (cols, rows) = node.span;
        if node.role == Role::TH || cols > 1 || rows > 1 {
            let mut a = Dictionary::new();
            a.set("O", name("Table"));
            if node.role == Role::TH {
                a.set("Scope", name("Column"));
            }
            if cols > 1 {
                a.set("ColSpan", Object::Integer(cols as i64));
            }
            if rows > 1 {
                a.set("RowSpan", Object::Integer(rows as i64));
            }
            d.set("A", Object::Dictionary(a));
        }
        if node.role == Role::Figure {
            d.set("Alt", super::utf16(node.alt.as_deref().unwrap_or("")));
        }
        doc.objects.insert(ids[n], Object::Dictionary(d));
    }

    // The parent tree: pages 0..n by their MCIDs, then the annotations.
    let mut nums = Vec::with_capacity(2 * (mcids.len() + annots.len()));
    for (p, m) in mcids.iter().enumerate() {
        nums.push(Object::Integer(p as i64));
        nums.push(Object::Array(
            m.iter()
                .map(|&n| Object::Reference(ids[valid(n, len) as usize]))
                .collect(),
        ));
    }
    for (k, (&(id, _), &link)) in annots.iter().zip(&annot_elem).enumerate() {
        let key = (mcids.len() + k) as i64;
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(ids[link as usize]));
        if let Ok(a) = doc.get_dictionary_mut(id) {
            a.set("StructParent", Object::Integer(key));
            if let Some(alt) = &nodes[link as usize].alt {
                a.set("Contents", super::utf16(alt));
            }
        }
    }
    let mut pt = Dictionary::new();
    pt.set("Nums", Object::Array(nums));
    let pt_id = doc.add_object(pt);
    let mut root = Dictionary::new();
    root.set("Type", name("StructTreeRoot"));
    root.set("K", Object::Reference(ids[0]));
    root.set("ParentTree", Object::Reference(pt_id));
    root.set(
        "ParentTreeNextKey",
        Object::Integer((mcids.len() + annots.len()) as i64),
    );
    doc.objects.insert(root_id, Object::Dictionary(root));
    root_id
}

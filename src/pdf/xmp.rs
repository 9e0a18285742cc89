//! PDF/A-2 and PDF/UA-1 identification: the XMP metadata (matching the Info
//! dictionary) and the sRGB output intent.
//!
//! The ICC profile is `icc/sRGB.icc`, from Debian's icc-profiles-free 2.0.1 (zlib licence,
//! Kai-Uwe Behrmann, Marti Maria and others): 6,922 bytes, ICC v2 display profile.

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::PdfMeta;

/// sRGB IEC 61966-2.1 (icc-profiles-free, zlib licence).
const SRGB_ICC: &[u8] = include_bytes!("../../icc/sRGB.icc");

/// `2003-04-01T00:00:00Z` for a Unix time: the XMP form of [`super::pdf_date`].
fn xmp_date(t: i64) -> String {
    let d = super::pdf_date(t);
    format!(
        "{}-{}-{}T{}:{}:{}Z",
        &d[2..6],
        &d[6..8],
        &d[8..10],
        &d[10..12],
        &d[12..14],
        &d[14..16]
    )
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The XMP packet: the Info dictionary's title, author, subject, tool and dates,
/// `pdfaid` part 2 with `conformance`, `pdfuaid` part 1 and the extension schema that
/// PDF/A asks for `pdfuaid` (not one of XMP's predefined schemas).
pub fn xmp(meta: &PdfMeta, producer: &str, conformance: &str) -> String {
    let date = xmp_date(meta.time);
    let mut s = String::with_capacity(4096);
    s.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    s.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    s.push_str(concat!(
        "<rdf:Description rdf:about=\"\"",
        " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"",
        " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"",
        " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"",
        " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"",
        " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"",
        " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"",
        " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"",
        " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n",
        "<dc:format>application/pdf</dc:format>\n",
    ));
    s.push_str(&format!(
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        esc(&meta.title)
    ));
    if !meta.author.is_empty() {
        s.push_str(&format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            esc(&meta.author)
        ));
    }
    if !meta.subject.is_empty() {
        s.push_str(&format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            esc(&meta.subject)
        ));
    }
    s.push_str(&format!(
        "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
        esc(&meta.lang)
    ));
    s.push_str(&format!(
        "<xmp:CreatorTool>hoshin</xmp:CreatorTool>\n<xmp:CreateDate>{date}</xmp:CreateDate>\n<xmp:ModifyDate>{date}</xmp:ModifyDate>\n<xmp:MetadataDate>{date}</xmp:MetadataDate>\n<pdf:Producer>{}</pdf:Producer>\n",
        esc(producer)
    ));
    s.push_str(&format!(
        "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>{conformance}</pdfaid:conformance>\n<pdfuaid:part>1</pdfuaid:part>\n"
    ));
    s.push_str(concat!(
        "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n",
        "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n",
        "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n",
        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n",
        "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n",
        "<pdfaProperty:name>part</pdfaProperty:name>\n",
        "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n",
        "<pdfaProperty:category>internal</pdfaProperty:category>\n",
        "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>\n",
        "</rdf:li></rdf:Seq></pdfaSchema:property>\n",
        "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n",
        "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>",
    ));
    s
}

/// Adds the XMP metadata stream (uncompressed, as archives read it) and the sRGB
/// output intent to the catalog `catalog_id`.
pub(super) fn identify(
    doc: &mut lopdf::Document,
    catalog_id: ObjectId,
    meta: &PdfMeta,
    producer: &str,
) {
    let mut md = Dictionary::new();
    md.set("Type", Object::Name(b"Metadata".to_vec()));
    md.set("Subtype", Object::Name(b"XML".to_vec()));
    let mut s = Stream::new(md, xmp(meta, producer, "A").into_bytes());
    s.allows_compression = false;
    let md_id = doc.add_object(s);

    let mut icc = Dictionary::new();
    icc.set("N", Object::Integer(3));
    let icc_id = doc.add_object(Stream::new(icc, SRGB_ICC.to_vec()));
    let text = |s: &str| Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    let mut oi = Dictionary::new();
    oi.set("Type", Object::Name(b"OutputIntent".to_vec()));
    oi.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
    oi.set("OutputConditionIdentifier", text("sRGB IEC61966-2.1"));
    oi.set("Info", text("sRGB IEC61966-2.1"));
    oi.set("RegistryName", text("http://www.color.org"));
    oi.set("DestOutputProfile", Object::Reference(icc_id));

    let catalog = doc.get_dictionary_mut(catalog_id).expect("catalog dict");
    catalog.set("Metadata", Object::Reference(md_id));
    catalog.set("OutputIntents", Object::Array(vec![Object::Dictionary(oi)]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xmp_dates_and_escapes() {
        assert_eq!(xmp_date(1_700_000_000), "2023-11-14T22:13:20Z");
        let m = PdfMeta {
            title: "A & <B>".into(),
            ..PdfMeta::default()
        };
        let x = xmp(&m, "p", "A");
        assert!(x.contains(">A &amp; &lt;B&gt;</rdf:li>"));
        assert!(x.contains("<pdfuaid:part>1</pdfuaid:part>"));
    }
}

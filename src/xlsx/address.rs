//! A1 addresses.

/// `(6, 2)` → `C7` (0-based row and column).
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letter(col), row + 1)
}

/// Column letters of a 0-based column index: `2` → `C`, `26` → `AA`.
pub fn column_letter(col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_notation() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 2), "C7");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(0, 701), "ZZ1");
        assert_eq!(a1(0, 702), "AAA1");
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(11), "L");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(702), "AAA");
    }
}

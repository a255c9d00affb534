//! One row of a backup's SQL dump as one line: each value as an SQL literal, written straight
//! into the line (no temporary copy of personal data left behind), in a buffer sized for a
//! document's chunk so it is never reallocated.

use rusqlite::types::ValueRef;

/// A value as an SQL literal on one line: text with a line break (or any control character)
/// goes as hex, so every row is exactly one line of the dump.
pub(crate) fn push_value(line: &mut String, value: ValueRef<'_>) {
    match value {
        ValueRef::Null => line.push_str("NULL"),
        ValueRef::Integer(i) => line.push_str(&i.to_string()),
        ValueRef::Real(f) if f.is_finite() => line.push_str(&format!("{f:?}")),
        ValueRef::Real(f) => line.push_str(if f > 0.0 { "9e999" } else { "-9e999" }),
        ValueRef::Text(t) => {
            let plain = std::str::from_utf8(t)
                .ok()
                .filter(|s| !s.chars().any(char::is_control));
            // Written straight into the line: no temporary copy of the value is left behind.
            match plain {
                Some(s) => {
                    line.push('\'');
                    for c in s.chars() {
                        if c == '\'' {
                            line.push('\'');
                        }
                        line.push(c);
                    }
                    line.push('\'');
                }
                None => {
                    line.push_str("CAST(X'");
                    push_hex(line, t);
                    line.push_str("' AS TEXT)");
                }
            }
        }
        ValueRef::Blob(b) => {
            line.push_str("X'");
            push_hex(line, b);
            line.push('\'');
        }
    }
}

fn push_hex(line: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        line.push(char::from(DIGITS[usize::from(b >> 4)]));
        line.push(char::from(DIGITS[usize::from(b & 15)]));
    }
}

/// A dump line's room: a document's chunk as hex and the rest of its row.
pub(crate) const LINE_CAPACITY: usize = 2 * crate::records::CHUNK_BYTES + 64 * 1024;

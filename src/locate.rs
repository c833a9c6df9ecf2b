//! Where a diagnostic's location (`/States/Charge/Next`, `/States/C/Choices[0]/Next`) is in the
//! definition's text, in UTF-16 code units as browser editors count. JSON is scanned exactly; for YAML
//! the keys are found in order, which is right for the usual block style.

/// The span `(from, to)` of the value at `location` in `text`, or of the nearest enclosing one found.
pub fn span(text: &str, location: &str) -> Option<(usize, usize)> {
    let path = segments(location);
    let bytes = if text.trim_start().starts_with(['{', '[']) {
        json_span(text, &path)
    } else {
        yaml_span(text, &path)
    }?;
    Some((utf16(text, bytes.0), utf16(text, bytes.1)))
}

#[derive(Debug, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// `/States/C/Choices[0]/Next` → `States`, `C`, `Choices`, 0, `Next`.
fn segments(location: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    for part in location.split('/').filter(|p| !p.is_empty()) {
        let mut rest = part;
        let key_end = rest.find('[').unwrap_or(rest.len());
        out.push(Seg::Key(rest[..key_end].replace("~1", "/").replace("~0", "~")));
        rest = &rest[key_end..];
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(close) = inner.find(']') else { break };
            if let Ok(i) = inner[..close].parse() {
                out.push(Seg::Index(i));
            }
            rest = &inner[close + 1..];
        }
    }
    out.retain(|s| !matches!(s, Seg::Key(k) if k.is_empty()));
    out
}

fn utf16(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |t| t.encode_utf16().count())
}

struct Scanner<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while self.pos < self.b.len() && self.b[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn string(&mut self) -> Option<String> {
        let start = self.pos + 1;
        let mut i = start;
        while i < self.b.len() {
            match self.b[i] {
                b'\\' => i += 2,
                b'"' => {
                    self.pos = i + 1;
                    let raw = std::str::from_utf8(&self.b[start - 1..=i]).ok()?;
                    return serde_json::from_str(raw).ok();
                }
                _ => i += 1,
            }
        }
        None
    }

    /// Skips one value; returns its byte span.
    fn skip(&mut self, depth: usize) -> Option<(usize, usize)> {
        self.ws();
        let start = self.pos;
        match *self.b.get(self.pos)? {
            b'"' => {
                self.string()?;
            }
            open @ (b'{' | b'[') => {
                if depth > 256 {
                    return None;
                }
                let close = if open == b'{' { b'}' } else { b']' };
                self.pos += 1;
                loop {
                    self.ws();
                    match *self.b.get(self.pos)? {
                        c if c == close => {
                            self.pos += 1;
                            break;
                        }
                        b',' | b':' => self.pos += 1,
                        _ => {
                            self.skip(depth + 1)?;
                        }
                    }
                }
            }
            _ => {
                while self.pos < self.b.len() && !matches!(self.b[self.pos], b',' | b'}' | b']') {
                    self.pos += 1;
                }
            }
        }
        let mut end = self.pos;
        while end > start && self.b[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        Some((start, end))
    }
}

fn json_span(text: &str, path: &[Seg]) -> Option<(usize, usize)> {
    let mut s = Scanner { b: text.as_bytes(), pos: 0 };
    let mut found = None;
    for seg in path {
        s.ws();
        let here = s.pos;
        let target = match (seg, s.b.get(s.pos)?) {
            (Seg::Key(k), b'{') => {
                s.pos += 1;
                let mut hit = None;
                loop {
                    s.ws();
                    match *s.b.get(s.pos)? {
                        b'}' => break,
                        b',' => s.pos += 1,
                        b'"' => {
                            let key = s.string()?;
                            s.ws();
                            s.pos += 1; // ':'
                            s.ws();
                            if &key == k {
                                hit = Some(s.pos);
                                break;
                            }
                            s.skip(0)?;
                        }
                        _ => return found,
                    }
                }
                hit
            }
            (Seg::Index(i), b'[') => {
                s.pos += 1;
                let mut n = 0;
                let mut hit = None;
                loop {
                    s.ws();
                    match *s.b.get(s.pos)? {
                        b']' => break,
                        b',' => s.pos += 1,
                        _ if n == *i => {
                            hit = Some(s.pos);
                            break;
                        }
                        _ => {
                            s.skip(0)?;
                            n += 1;
                        }
                    }
                }
                hit
            }
            _ => None,
        };
        match target {
            Some(p) => s.pos = p,
            None => {
                s.pos = here;
                return found.or_else(|| s.skip(0));
            }
        }
        let mut probe = Scanner { b: s.b, pos: s.pos };
        found = probe.skip(0);
    }
    found.or(Some((0, 0)))
}

fn yaml_span(text: &str, path: &[Seg]) -> Option<(usize, usize)> {
    let mut from = 0;
    let mut found = None;
    for seg in path {
        let Seg::Key(k) = seg else { continue };
        let needle = format!("{k}:");
        let at = text.get(from..)?.find(&needle).map(|i| i + from)?;
        let line_end = text[at..].find('\n').map_or(text.len(), |i| i + at);
        found = Some((at, line_end));
        from = at + needle.len();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_locations_map_to_the_value() {
        let text =
            "{\n  \"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"Nowhere\"}}\n}";
        let (from, to) = span(text, "/States/A/Next").unwrap();
        assert_eq!(&text[from..to], "\"Nowhere\"");
        let (from, to) = span(text, "/StartAt").unwrap();
        assert_eq!(&text[from..to], "\"A\"");
    }

    #[test]
    fn array_indices_and_utf16_offsets() {
        let text = r#"{"é": 1, "States": {"C": {"Choices": [{"Next": "X"}, {"Next": "Y"}]}}}"#;
        let (from, to) = span(text, "/States/C/Choices[1]/Next").unwrap();
        // "é" is one UTF-16 unit but two bytes: offsets are one less than byte offsets.
        let units: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16(&units[from..to]).unwrap(), "\"Y\"");
    }

    #[test]
    fn a_missing_key_falls_back_to_its_parent() {
        let text = r#"{"States": {"A": {"Type": "Pass"}}}"#;
        let (from, to) = span(text, "/States/A/Next").unwrap();
        assert_eq!(&text[from..to], r#"{"Type": "Pass"}"#);
    }

    #[test]
    fn yaml_keys_are_found_in_order() {
        let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: Nowhere\n";
        let (from, to) = span(text, "/States/A/Next").unwrap();
        assert_eq!(&text[from..to], "Next: Nowhere");
    }
}

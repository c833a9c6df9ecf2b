//! Where a diagnostic's location (`/States/Charge/Next`, `/States/C/Choices[0]/Next`) is in the
//! definition's text, in UTF-16 code units as browser editors count. JSON is scanned exactly; for YAML
//! the keys are found in order, which is right for the usual block style.

/// The span `(from, to)` of the value at `location` in `text`, or of the nearest enclosing one found.
pub fn span(text: &str, location: &str) -> Option<(usize, usize)> {
    let path = segments(location);
    let bytes =
        if is_json(text) { json_span(text, &path).map(|(span, _)| span) } else { yaml_span(text, &path) }?;
    Some((utf16(text, bytes.0), utf16(text, bytes.1)))
}

/// The span of one character of the JSON string at `location`: the one at UTF-16 index `offset` of the
/// string's content, or its last when `offset` is past the end. Escapes are walked, so `\n` or `\u00e9` in
/// the text is one character of content. `None` unless `location` names a JSON string exactly.
pub fn char_span(text: &str, location: &str, offset: usize) -> Option<(usize, usize)> {
    let ((start, end), exact) = json_span(text, &segments(location)).filter(|_| is_json(text))?;
    let literal = text.get(start..end).filter(|l| exact && l.len() >= 2 && l.starts_with('"'))?;
    let close = literal.len() - 1;
    let (mut units, mut at, mut last) = (0, 1, None);
    while at < close {
        let c = literal.get(at..)?.chars().next()?;
        // Each escape is one UTF-16 unit of content: `\uD83D\uDE00` is two escapes for two units.
        let (bytes, width) = match (c, literal.as_bytes().get(at + 1)) {
            ('\\', Some(b'u')) => (6, 1),
            ('\\', _) => (2, 1),
            _ => (c.len_utf8(), c.len_utf16()),
        };
        let piece = (start + at, start + (at + bytes).min(close));
        if units + width > offset {
            return Some((utf16(text, piece.0), utf16(text, piece.1)));
        }
        (units, at, last) = (units + width, at + bytes, Some(piece));
    }
    last.map(|(from, to)| (utf16(text, from), utf16(text, to)))
}

fn is_json(text: &str) -> bool {
    text.trim_start().starts_with(['{', '['])
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

/// The byte span of the value at `path`, and whether it is that value rather than the nearest enclosing one.
fn json_span(text: &str, path: &[Seg]) -> Option<((usize, usize), bool)> {
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
                        _ => return found.map(|f| (f, false)),
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
                return found.or_else(|| s.skip(0)).map(|f| (f, false));
            }
        }
        let mut probe = Scanner { b: s.b, pos: s.pos };
        found = probe.skip(0);
    }
    Some(found.map_or(((0, 0), false), |f| (f, true)))
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

    /// The text between two UTF-16 offsets.
    fn units(text: &str, (from, to): (usize, usize)) -> String {
        let units: Vec<u16> = text.encode_utf16().collect();
        String::from_utf16(&units[from..to]).unwrap()
    }

    #[test]
    fn char_span_counts_the_string_content() {
        let text = r#"{"é": 1, "Output": "{% a[1,2) %}"}"#;
        assert_eq!(char_span(text, "/Output", 6).map(|s| units(text, s)).as_deref(), Some(","));
        assert_eq!(char_span(text, "/Output", 99).map(|s| units(text, s)).as_deref(), Some("}"));
        let text = "{\"a\": \"😀x\"}";
        assert_eq!(char_span(text, "/a", 1).map(|s| units(text, s)).as_deref(), Some("😀"));
        assert_eq!(char_span(text, "/a", 2).map(|s| units(text, s)).as_deref(), Some("x"));
    }

    #[test]
    fn char_span_takes_each_escape_as_one_character() {
        // Content `{% "é" & a[1,2) %}`: `\"` is index 3, `\u00e9` index 4, the comma index 12.
        let text = r#"{"Output": "{% \"\u00e9\" & a[1,2) %}"}"#;
        let at = |offset| char_span(text, "/Output", offset).map(|s| units(text, s));
        assert_eq!(at(3).as_deref(), Some(r#"\""#));
        assert_eq!(at(4).as_deref(), Some(r"\u00e9"));
        assert_eq!(at(12).as_deref(), Some(","));
        // A surrogate pair written as escapes is two units of content, one per escape.
        let text = r#"{"a": "\uD83D\uDE00!"}"#;
        assert_eq!(char_span(text, "/a", 1).map(|s| units(text, s)).as_deref(), Some(r"\uDE00"));
        assert_eq!(char_span(text, "/a", 2).map(|s| units(text, s)).as_deref(), Some("!"));
    }

    #[test]
    fn char_span_needs_exactly_a_json_string() {
        let text = r#"{"a": {"b": 1}, "c": ""}"#;
        assert_eq!(char_span(text, "/a/b", 0), None);
        assert_eq!(char_span(text, "/a/x", 0), None);
        assert_eq!(char_span(text, "/c", 0), None);
        assert_eq!(char_span("a: \"{% 1 + %}\"\n", "/a", 3), None);
    }

    #[test]
    fn yaml_keys_are_found_in_order() {
        let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: Nowhere\n";
        let (from, to) = span(text, "/States/A/Next").unwrap();
        assert_eq!(&text[from..to], "Next: Nowhere");
    }
}

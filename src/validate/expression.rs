//! JSONata strings in a definition (asl-reference §3.1–3.2): `{% %}` delimiters, an expression that parses,
//! and `$states.result` / `$states.errorOutput` read only where a state offers them.

use super::Checker;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::code::{INVALID_JSONATA_EXPRESSION, UNSUPPORTED_JSONATA_EXPRESSION};
use crate::jsonata::Expr;
use serde_json::Value;

/// What `$states` holds, besides `input` and `context`, where an expression sits (§3.2).
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub(super) enum Reads {
    #[default]
    Input,
    /// The top-level `Output` and `Assign` of a Task, Map or Parallel state.
    Result,
    /// A Catcher's `Output` and `Assign`.
    ErrorOutput,
}

/// The members of `$states` that only some fields offer, with the `Reads` that offers each.
const RESERVED: [(&str, Reads); 2] = [("result", Reads::Result), ("errorOutput", Reads::ErrorOutput)];

const OPEN: &str = "{%";

impl Checker {
    /// Every `{% %}` string inside a JSONata-capable value, located at its own key path.
    pub(super) fn scan(&mut self, v: &Value, loc: &str, reads: Reads) {
        match v {
            Value::String(s) => self.jsonata(s, loc, reads),
            Value::Object(map) => {
                map.iter().for_each(|(k, x)| self.deeper(loc, |c| c.scan(x, &format!("{loc}/{k}"), reads)))
            }
            Value::Array(items) => items
                .iter()
                .enumerate()
                .for_each(|(i, x)| self.deeper(loc, |c| c.scan(x, &format!("{loc}[{i}]"), reads))),
            _ => {}
        }
    }

    /// A string opening with `{%` must close with `%}` and hold an expression that parses. AWS reports the
    /// parser's message without its `S0xxx` code, at the string's location (floci #2745, measured).
    pub(super) fn jsonata(&mut self, s: &str, loc: &str, reads: Reads) {
        let Some(rest) = s.strip_prefix(OPEN) else { return };
        let Some(body) = rest.strip_suffix("%}") else {
            return self.err(INVALID_JSONATA_EXPRESSION, "A JSONata expression must end with '%}'", loc);
        };
        if body.trim().is_empty() {
            return self.err(INVALID_JSONATA_EXPRESSION, "Unexpected end of expression", loc);
        }
        let expr = match Expr::compile(body) {
            Ok(expr) => expr,
            Err(e) => {
                let offset = e.position.map(|p| OPEN.len() + token_end(body, p));
                let d = Diagnostic::error(INVALID_JSONATA_EXPRESSION, e.message, loc).with_offset(offset);
                return self.diags.push(d);
            }
        };
        if let Some(name) = expr.top_level_reference() {
            // AWS's wording (floci #2745, measured for a field name).
            let message = format!("Reference to '{name}' at the top level is not supported.");
            self.err(UNSUPPORTED_JSONATA_EXPRESSION, message, loc);
        }
        for (member, offered_by) in RESERVED {
            if reads != offered_by && reads_member(body, member) {
                // AWS's wording for errorOutput (floci #2786, measured); the result one follows it.
                let message = format!("Field '$states.{member}' does not exist.");
                self.err(UNSUPPORTED_JSONATA_EXPRESSION, message, loc);
            }
        }
    }
}

/// The UTF-16 index in `body` of the last non-blank character before `position`: the parser's positions
/// point just past the token it stopped at, or past trailing blanks at the end of the expression.
fn token_end(body: &str, position: usize) -> usize {
    let (mut at, mut last) = (0, 0);
    for c in body.chars() {
        if at >= position {
            break;
        }
        if !c.is_whitespace() {
            last = at;
        }
        at += c.len_utf16();
    }
    last
}

/// Whether `expr` reads `$states.<member>`: a textual check that skips string literals, quoted names and
/// comments, so `'$states.result'` in a string is not a read.
fn reads_member(expr: &str, member: &str) -> bool {
    let code = code_only(expr);
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    code.match_indices("$states").any(|(i, m)| {
        let rest = &code[i + m.len()..];
        let after = rest.trim_start().strip_prefix('.').map(str::trim_start);
        !rest.starts_with(ident)
            && after.and_then(|a| a.strip_prefix(member)).is_some_and(|a| !a.starts_with(ident))
    })
}

/// `expr` with the insides of string literals, backquoted names and `/* */` comments blanked out.
fn code_only(expr: &str) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut chars = expr.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' | '`' => {
                out.push(' ');
                let mut escaped = false;
                for d in chars.by_ref() {
                    if d == c && !escaped {
                        break;
                    }
                    escaped = c != '`' && d == '\\' && !escaped;
                }
            }
            '/' if chars.as_str().starts_with('*') => {
                out.push(' ');
                let rest = &chars.as_str()[1..];
                chars = rest[rest.find("*/").map_or(rest.len(), |i| i + 2)..].chars();
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_end_steps_back_over_blanks_in_utf16() {
        assert_eq!(token_end("a[1,2)", 4), 3);
        assert_eq!(token_end(" 1 + ", 5), 3);
        assert_eq!(token_end("😀 + ", 5), 3);
        assert_eq!(token_end("", 0), 0);
    }

    #[test]
    fn member_reads_skip_literals_and_comments() {
        assert!(reads_member("$states.result.a", "result"));
        assert!(reads_member("$f($states . result)", "result"));
        assert!(!reads_member("$states.results", "result"));
        assert!(!reads_member("$statesx.result", "result"));
        assert!(!reads_member("'$states.result' & \"$states.result\"", "result"));
        assert!(!reads_member("/* $states.result */ 1", "result"));
        assert!(!reads_member("'it\\'s $states.result'", "result"));
        assert!(reads_member("'a\\\\' & $states.result", "result"));
        assert!(!reads_member("`$states.result`", "result"));
        assert!(!reads_member("/* never closed $states.result", "result"));
        assert!(!reads_member("/*/ $states.result */", "result"));
    }
}

//! Choice rules in JSONPath mode: data tests, `And`/`Or`/`Not` (asl-reference §6.1).

use crate::error::StatesError;
use crate::path::{Env, Path};
use crate::timestamp;
use serde_json::Value;
use std::cmp::Ordering;

#[derive(Debug)]
pub enum Rule {
    And(Vec<Rule>),
    Or(Vec<Rule>),
    Not(Box<Rule>),
    Test { variable: Path, op: Op, operand: Operand },
}

#[derive(Debug)]
pub enum Operand {
    Value(Value),
    /// The `...Path` variants compare with another node of the input.
    Path(Path),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Family {
    String,
    Numeric,
    Boolean,
    Timestamp,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Compare(Family, Ordering, bool),
    StringMatches,
    IsNull,
    IsPresent,
    IsNumeric,
    IsString,
    IsBoolean,
    IsTimestamp,
}

const FAMILIES: [(&str, Family); 4] = [
    ("String", Family::String),
    ("Numeric", Family::Numeric),
    ("Boolean", Family::Boolean),
    ("Timestamp", Family::Timestamp),
];

/// `(suffix, ordering, or_equal)`: `LessThanEquals` is "Less or Equal".
const RELATIONS: [(&str, Ordering, bool); 5] = [
    ("Equals", Ordering::Equal, false),
    ("LessThan", Ordering::Less, false),
    ("GreaterThan", Ordering::Greater, false),
    ("LessThanEquals", Ordering::Less, true),
    ("GreaterThanEquals", Ordering::Greater, true),
];

/// Parses an operator name such as `NumericLessThanEqualsPath` into the operator and whether it is a `...Path` form.
pub fn operator(name: &str) -> Option<(Op, bool)> {
    let (base, is_path) = match name.strip_suffix("Path") {
        Some(b) if b != "Is" => (b, true),
        _ => (name, false),
    };
    let simple = match base {
        "StringMatches" => Some(Op::StringMatches),
        "IsNull" => Some(Op::IsNull),
        "IsPresent" => Some(Op::IsPresent),
        "IsNumeric" => Some(Op::IsNumeric),
        "IsString" => Some(Op::IsString),
        "IsBoolean" => Some(Op::IsBoolean),
        "IsTimestamp" => Some(Op::IsTimestamp),
        _ => None,
    };
    if let Some(op) = simple {
        return if is_path { None } else { Some((op, false)) };
    }
    for (prefix, family) in FAMILIES {
        if let Some(rel) = base.strip_prefix(prefix) {
            if family == Family::Boolean && rel != "Equals" {
                return None;
            }
            let (_, ord, eq) = RELATIONS.iter().find(|(r, _, _)| *r == rel)?;
            return Some((Op::Compare(family, *ord, *eq), is_path));
        }
    }
    None
}

impl Rule {
    pub fn compile(v: &Value) -> Result<Rule, String> {
        Self::compile_at(v, 0)
    }

    fn compile_at(v: &Value, depth: usize) -> Result<Rule, String> {
        if depth > 64 {
            return Err("choice rule nested too deeply".into());
        }
        let obj = v.as_object().ok_or("a choice rule must be an object")?;
        let list = |key: &str| -> Result<Vec<Rule>, String> {
            obj.get(key)
                .and_then(Value::as_array)
                .ok_or_else(|| format!("'{key}' must be an array"))?
                .iter()
                .map(|r| Self::compile_at(r, depth + 1))
                .collect()
        };
        if obj.contains_key("And") {
            return Ok(Rule::And(list("And")?));
        }
        if obj.contains_key("Or") {
            return Ok(Rule::Or(list("Or")?));
        }
        if let Some(n) = obj.get("Not") {
            return Ok(Rule::Not(Box::new(Self::compile_at(n, depth + 1)?)));
        }
        let variable = obj.get("Variable").and_then(Value::as_str).ok_or("a data test needs 'Variable'")?;
        let variable = Path::parse(variable)?;
        for (key, operand) in obj {
            if let Some((op, is_path)) = operator(key) {
                let operand = if is_path {
                    Operand::Path(Path::parse_reference(
                        operand.as_str().ok_or("a ...Path operand must be a string")?,
                    )?)
                } else {
                    Operand::Value(operand.clone())
                };
                return Ok(Rule::Test { variable, op, operand });
            }
        }
        Err("a data test needs a comparison operator".into())
    }

    pub fn eval(&self, env: &Env) -> Result<bool, StatesError> {
        match self {
            Rule::And(rules) => {
                for r in rules {
                    if !r.eval(env)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Rule::Or(rules) => {
                for r in rules {
                    if r.eval(env)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Rule::Not(r) => Ok(!r.eval(env)?),
            Rule::Test { variable, op, operand } => {
                let value = variable.select(env);
                if *op == Op::IsPresent {
                    return Ok(value.is_ok() == (operand_value(operand, env)? == Value::Bool(true)));
                }
                let value = value.map_err(|_| invalid_path(variable))?;
                let operand = operand_value(operand, env)?;
                Ok(test(&value, *op, &operand))
            }
        }
    }
}

fn invalid_path(path: &Path) -> StatesError {
    StatesError::runtime(format!(
        "Invalid path '{path}': The choice state's condition path references an invalid value."
    ))
}

fn operand_value(operand: &Operand, env: &Env) -> Result<Value, StatesError> {
    match operand {
        Operand::Value(v) => Ok(v.clone()),
        Operand::Path(p) => p.select(env).map_err(|_| invalid_path(p)),
    }
}

/// Applies one operator. Type mismatches are simply false, as on AWS.
pub fn test(value: &Value, op: Op, operand: &Value) -> bool {
    let expect = operand.as_bool();
    let is = |b: bool| expect == Some(b);
    match op {
        Op::IsNull => is(value.is_null()),
        Op::IsPresent => is(true),
        Op::IsNumeric => is(value.is_number()),
        Op::IsString => is(value.is_string()),
        Op::IsBoolean => is(value.is_boolean()),
        Op::IsTimestamp => is(value.as_str().and_then(timestamp::parse).is_some()),
        Op::StringMatches => match (value, operand) {
            (Value::String(s), Value::String(p)) => string_matches(s, p),
            _ => false,
        },
        Op::Compare(family, ord, or_equal) => {
            let actual = match (family, value, operand) {
                (Family::String, Value::String(a), Value::String(b)) => Some(java_compare(a, b)),
                (Family::Numeric, Value::Number(a), Value::Number(b)) => {
                    a.as_f64().zip(b.as_f64()).and_then(|(a, b)| a.partial_cmp(&b))
                }
                (Family::Boolean, Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
                (Family::Timestamp, Value::String(a), Value::String(b)) => {
                    timestamp::parse(a).zip(timestamp::parse(b)).map(|(a, b)| a.cmp(&b))
                }
                _ => None,
            };
            actual.is_some_and(|a| a == ord || (or_equal && a == Ordering::Equal))
        }
    }
}

/// Java's `String.compareTo`: by UTF-16 code units.
fn java_compare(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash.
pub fn string_matches(s: &str, pattern: &str) -> bool {
    // Pattern tokens: Some(c) literal, None for a wildcard.
    let mut tokens = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e) => tokens.push(Some(e)),
                None => tokens.push(Some('\\')),
            },
            '*' => tokens.push(None),
            c => tokens.push(Some(c)),
        }
    }
    let text: Vec<char> = s.chars().collect();
    // Greedy matching with backtracking to the last star: linear in practice, O(n*m) at worst.
    let (mut t, mut p) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match tokens.get(p) {
            Some(None) => {
                star = Some((p, t));
                p += 1;
            }
            Some(Some(c)) if *c == text[t] => {
                t += 1;
                p += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    tokens[p..].iter().all(Option::is_none)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn eval(rule: Value, input: Value) -> Result<bool, StatesError> {
        Rule::compile(&rule).unwrap().eval(&Env::of(&input))
    }

    #[test]
    fn operators_parse_with_path_variants() {
        assert_eq!(
            operator("NumericLessThanEqualsPath"),
            Some((Op::Compare(Family::Numeric, Ordering::Less, true), true))
        );
        assert_eq!(operator("IsPresent"), Some((Op::IsPresent, false)));
        assert_eq!(operator("StringMatchesPath"), None);
        assert_eq!(operator("BooleanLessThan"), None);
        assert_eq!(operator("Variable"), None);
    }

    #[test]
    fn type_mismatch_is_false_not_an_error() {
        assert_eq!(eval(json!({"Variable": "$.v", "NumericEquals": 1}), json!({"v": "1"})), Ok(false));
        assert_eq!(eval(json!({"Variable": "$.v", "BooleanEquals": true}), json!({"v": null})), Ok(false));
    }

    #[test]
    fn missing_variable_fails_except_is_present() {
        assert!(eval(json!({"Variable": "$.x", "IsNull": true}), json!({})).unwrap_err().is_runtime());
        assert_eq!(eval(json!({"Variable": "$.x", "IsPresent": false}), json!({})), Ok(true));
        assert_eq!(eval(json!({"Variable": "$.x", "IsPresent": true}), json!({"x": null})), Ok(true));
    }

    #[test]
    fn boolean_combinators_short_circuit() {
        let rule = json!({"And": [{"Variable": "$.x", "IsPresent": true}, {"Variable": "$.x", "NumericGreaterThan": 1}]});
        assert_eq!(eval(rule.clone(), json!({})), Ok(false));
        assert_eq!(eval(rule, json!({"x": 2})), Ok(true));
        assert_eq!(eval(json!({"Not": {"Variable": "$", "StringEquals": "a"}}), json!("b")), Ok(true));
    }

    #[test]
    fn path_operands_read_the_input() {
        let rule = json!({"Variable": "$.a", "NumericLessThanPath": "$.b"});
        assert_eq!(eval(rule, json!({"a": 1, "b": 2.5})), Ok(true));
    }

    #[test]
    fn string_matches_wildcards_and_escapes() {
        assert!(string_matches("log-2024.txt", "log-*.txt"));
        assert!(string_matches("", "*"));
        assert!(string_matches("a*b", "a\\*b"));
        assert!(!string_matches("axb", "a\\*b"));
        assert!(string_matches("a\\b", "a\\\\b"));
        assert!(!string_matches("abc", "ab"));
        assert!(string_matches("aXbXc", "*b*c"));
    }

    #[test]
    fn strings_compare_by_utf16_units() {
        // U+FF21 sorts after U+1F600 in UTF-16 (surrogates are 0xD8xx) but before it by code point.
        assert_eq!(java_compare("\u{FF21}", "\u{1F600}"), Ordering::Greater);
    }
}

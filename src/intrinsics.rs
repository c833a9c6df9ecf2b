//! Intrinsic functions (`States.Format(...)` and the other 17) in JSONPath payload templates, `ErrorPath` and
//! `CausePath` (asl-reference §5, §2.3): parsed once into a [`Call`], evaluated against an [`Env`].
//!
//! AWS runs these on plain Java objects, and its quirks follow from that: values are rendered with Java's
//! `toString` (`{a=1, b=[x, y]}`), `ArrayContains` compares those renderings, `ArrayUnique` and `JsonMerge`
//! come out in `HashSet`/`HashMap` order, numbers become `int` by truncation (but `MathAdd` uses
//! `Math.round`), and a failing function fails the state with `States.Runtime` and the cause
//! `Invalid arguments in States.X` — wrong arity included, which AWS only notices at run time.

use crate::error::StatesError;
use crate::path::{Env, Path};
use crate::rng::Rng;
use base64::Engine;
use serde_json::{Map, Number, Value};
use sha2::Digest;
use std::collections::HashMap;

const MAX_NESTING: usize = 10;
/// Input cap of `Base64Encode`, `Base64Decode` and `Hash`, in Java `char`s (UTF-16 units).
const MAX_CODEC_INPUT: usize = 10_000;
const MAX_RANGE_ITEMS: i64 = 1000;

/// The 18 functions, without their `States.` prefix.
const FUNCTIONS: &str = "Format StringToJson JsonToString Array ArrayPartition ArrayContains ArrayRange ArrayGetItem \
    ArrayLength ArrayUnique Base64Encode Base64Decode Hash JsonMerge MathRandom MathAdd StringSplit UUID";

#[derive(Clone, Debug, PartialEq)]
enum Arg {
    /// A number, `true`, `false` or `null`.
    Value(Value),
    /// A quoted literal, unescaped and as written: `States.Format` must tell `\{` from a placeholder.
    Text {
        value: String,
        raw: String,
    },
    Path(Path),
    Call(Call),
}

/// A compiled intrinsic function call.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// One of [`FUNCTIONS`], e.g. `Format`.
    name: &'static str,
    args: Vec<Arg>,
}

/// True when a `.$` value is an intrinsic call rather than a path.
pub fn looks_like_call(text: &str) -> bool {
    !text.starts_with('$')
}

impl Call {
    /// Parses e.g. `States.Format('it\'s {}', $.x, States.Array(1,2))`. Argument counts and types are not
    /// checked here: AWS accepts such definitions and fails when the call runs.
    pub fn parse(text: &str) -> Result<Call, String> {
        let mut p = Parser { text, pos: 0 };
        p.skip_ws();
        let call = p.call(1)?;
        p.skip_ws();
        if p.pos < text.len() {
            return p.err("unexpected text after the call");
        }
        Ok(call)
    }

    /// Evaluates the call. A path argument that selects nothing fails with `States.Runtime`.
    pub fn eval(&self, env: &Env, rng: &mut Rng) -> Result<Value, StatesError> {
        self.eval_in(env, rng, None)
    }

    /// [`Call::eval`] for the template field `field` (e.g. `"value.$"`, `"ErrorPath"`), which AWS names when a
    /// path argument selects nothing.
    pub fn eval_in_field(&self, env: &Env, rng: &mut Rng, field: &str) -> Result<Value, StatesError> {
        self.eval_in(env, rng, Some(field))
    }

    /// True for the functions AWS allows in Fail `ErrorPath`/`CausePath`.
    pub fn returns_string(&self) -> bool {
        let functions =
            ["Format", "JsonToString", "ArrayGetItem", "Base64Encode", "Base64Decode", "Hash", "UUID"];
        functions.contains(&self.name)
    }

    fn eval_in(&self, env: &Env, rng: &mut Rng, field: Option<&str>) -> Result<Value, StatesError> {
        let mut args = Vec::with_capacity(self.args.len());
        for arg in &self.args {
            args.push(match arg {
                Arg::Value(v) => v.clone(),
                Arg::Text { value, .. } => Value::String(value.clone()),
                Arg::Path(path) => path.select(env).map_err(|_| path_not_found(path, env, field))?,
                Arg::Call(call) => call.eval_in(env, rng, field)?,
            });
        }
        let template = match self.args.first() {
            Some(Arg::Text { raw, .. }) => Some(raw.as_str()),
            _ => None,
        };
        apply(self.name, args, template, rng)
            .ok_or_else(|| StatesError::runtime(format!("Invalid arguments in States.{}", self.name)))
    }
}

/// AWS's wording for an unmatched payload-template path (asl-reference §2.5), which it also uses for intrinsic
/// arguments; the input is the state's effective input, as the executor's other causes print it.
fn path_not_found(path: &Path, env: &Env, field: Option<&str>) -> StatesError {
    let input = serde_json::to_string(env.input).unwrap_or_default();
    StatesError::runtime(match field {
        Some(field) => {
            format!(
                "The JSONPath '{path}' specified for the field '{field}' could not be found in the input '{input}'"
            )
        }
        None => format!("The JSONPath '{path}' could not be found in the input '{input}'"),
    })
}

// ---------- parser ----------

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    fn err<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("Invalid intrinsic function call '{}': {what} at position {}", self.text, self.pos))
    }

    fn call(&mut self, depth: usize) -> Result<Call, String> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_') {
            self.pos += 1;
        }
        let name = &self.text[start..self.pos];
        let known = name.strip_prefix("States.").and_then(|n| FUNCTIONS.split_whitespace().find(|f| *f == n));
        let Some(name) = known else {
            self.pos = start;
            return self.err(&format!("unknown function '{name}'"));
        };
        if depth > MAX_NESTING {
            return self.err("intrinsic functions can be nested at most 10 deep");
        }
        if self.bump() != Some('(') {
            return self.err("expected '('");
        }
        let mut args = Vec::new();
        self.skip_ws();
        if self.peek() == Some(')') {
            self.pos += 1;
            return Ok(Call { name, args });
        }
        loop {
            self.skip_ws();
            args.push(self.arg(depth)?);
            self.skip_ws();
            match self.bump() {
                Some(',') => {}
                Some(')') => return Ok(Call { name, args }),
                _ => return self.err("expected ',' or ')'"),
            }
        }
    }

    fn arg(&mut self, depth: usize) -> Result<Arg, String> {
        match self.peek() {
            Some('\'') => self.text_literal(),
            Some('$') => self.path(),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
            Some(c) if c.is_ascii_alphabetic() => {
                let rest = &self.text[self.pos..];
                for (word, value) in
                    [("true", Value::Bool(true)), ("false", Value::Bool(false)), ("null", Value::Null)]
                {
                    let is_word = |after: &str| {
                        !after.starts_with(|c: char| c.is_ascii_alphanumeric() || "._(".contains(c))
                    };
                    if rest.strip_prefix(word).is_some_and(is_word) {
                        self.pos += word.len();
                        return Ok(Arg::Value(value));
                    }
                }
                Ok(Arg::Call(self.call(depth + 1)?))
            }
            _ => self.err("expected an argument"),
        }
    }

    fn text_literal(&mut self) -> Result<Arg, String> {
        self.pos += 1;
        let start = self.pos;
        let mut value = String::new();
        loop {
            match self.bump() {
                None => return self.err("unterminated string"),
                Some('\'') => break,
                Some('\\') => match self.bump() {
                    Some(c @ ('\'' | '{' | '}' | '\\')) => value.push(c),
                    _ => return self.err(r"invalid escape (only \' \{ \} \\ are allowed)"),
                },
                Some(c) => value.push(c),
            }
        }
        Ok(Arg::Text { value, raw: self.text[start..self.pos - 1].to_string() })
    }

    /// A path runs to the next `,` or `)` outside brackets, parentheses (`.length()`, filters) and quotes.
    fn path(&mut self) -> Result<Arg, String> {
        let start = self.pos;
        let (mut brackets, mut parens, mut quote) = (0usize, 0usize, None);
        while let Some(c) = self.peek() {
            match (quote, c) {
                (Some(_), '\\') => {
                    self.pos += 1;
                }
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') if brackets > 0 => quote = Some(c),
                (None, '[') => brackets += 1,
                (None, ']') => brackets = brackets.saturating_sub(1),
                (None, '(') => parens += 1,
                (None, ')') if parens > 0 => parens -= 1,
                (None, ')') => break,
                (None, c) if brackets == 0 && parens == 0 && (c == ',' || c.is_whitespace()) => break,
                _ => {}
            }
            self.bump();
        }
        Path::parse(&self.text[start..self.pos])
            .map(Arg::Path)
            .map_err(|e| format!("Invalid intrinsic function call '{}': {e}", self.text))
    }

    fn number(&mut self) -> Result<Arg, String> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit() || "+-.eE".contains(c)) {
            self.pos += 1;
        }
        match serde_json::from_str::<Value>(&self.text[start..self.pos]) {
            Ok(number @ Value::Number(_)) => Ok(Arg::Value(number)),
            _ => {
                self.pos = start;
                self.err("invalid number")
            }
        }
    }
}

// ---------- functions ----------

/// Runs one function on its evaluated arguments; `None` means AWS's "Invalid arguments". `template` is the
/// first argument as written when it was a quoted literal.
fn apply(name: &str, args: Vec<Value>, template: Option<&str>, rng: &mut Rng) -> Option<Value> {
    use Value::{Array as A, Object as O, String as S};
    if name == "Array" {
        return Some(A(args));
    }
    let value = match (name, args.as_slice()) {
        ("Format", [S(fmt), values @ ..]) => {
            S(format(template.map_or((fmt.as_str(), false), |raw| (raw, true)), values)?)
        }
        ("StringToJson", [S(s)]) => string_to_json(s)?,
        ("JsonToString", [v]) => S(json_text(v)),
        ("ArrayPartition", [A(items), size]) => {
            let size = usize::try_from(to_int(size)?).ok().filter(|n| *n > 0)?;
            items.chunks(size).map(|c| A(c.to_vec())).collect()
        }
        ("ArrayContains", [A(items), target]) => {
            let target = java_text(target);
            Value::Bool(items.iter().any(|item| java_text(item) == target))
        }
        ("ArrayRange", [first, last, step]) => array_range(to_int(first)?, to_int(last)?, to_int(step)?)?,
        ("ArrayGetItem", [A(items), index]) => {
            let index = usize::try_from(to_int(index)?).ok()?;
            // Observed on AWS: an empty array answers null for any index; a short one is an error.
            items.get(index).or(items.is_empty().then_some(&Value::Null))?.clone()
        }
        ("ArrayLength", [A(items)]) => items.len().into(),
        ("ArrayUnique", [A(items)]) => A(java_hash_set(items)),
        ("Base64Encode", [S(s)]) if java_len(s) <= MAX_CODEC_INPUT => {
            S(base64::engine::general_purpose::STANDARD.encode(s))
        }
        ("Base64Decode", [S(s)]) if java_len(s) <= MAX_CODEC_INPUT => {
            S(String::from_utf8_lossy(&base64_lenient(s)).into_owned())
        }
        ("Hash", [data, S(algorithm)]) => S(hash(&java_text(data), algorithm)?),
        ("JsonMerge", [O(first), O(second), deep]) if *deep != Value::Bool(true) => O(merge(first, second)),
        ("MathRandom", [start, end, seed @ ..]) if seed.len() <= 1 => {
            let (start, end) = (to_int(start)?, to_int(end)?);
            // Java's `end - start` overflows to a negative bound, which `Random.nextInt` rejects.
            let bound = end.checked_sub(start).filter(|b| *b > 0)?;
            let offset = match seed.first() {
                Some(seed) => java_next_int(to_long(seed)?, bound),
                None => (rng.next_f64() * f64::from(bound)) as i32,
            };
            (start + offset).into()
        }
        ("MathAdd", [a, b]) => java_round(a)?.checked_add(java_round(b)?)?.into(),
        ("StringSplit", [S(s), S(delimiters)]) => {
            // Java's StringTokenizer: every character is a delimiter and empty tokens are dropped.
            s.split(|c| delimiters.contains(c)).filter(|t| !t.is_empty()).map(Value::from).collect()
        }
        ("UUID", []) => S(rng.uuid()),
        _ => return None,
    };
    Some(value)
}

/// Fills `{}` placeholders. Escapes count only in a template written as a literal; a stray brace is an error.
fn format((template, escapes): (&str, bool), values: &[Value]) -> Option<String> {
    let mut out = String::new();
    let mut values = values.iter();
    let mut chars = template.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if escapes => out.push(chars.next()?),
            '{' if chars.next()? == '}' => write_value(values.next()?, false, &mut out),
            '{' | '}' => return None,
            c => out.push(c),
        }
    }
    values.next().is_none().then_some(out)
}

/// Blank text is `null`; otherwise strict JSON. Jackson reads `-0` as the integer 0 (serde: -0.0).
pub(crate) fn string_to_json(s: &str) -> Option<Value> {
    match s.trim() {
        "" => Some(Value::Null),
        "-0" => Some(0.into()),
        _ => serde_json::from_str(s).ok(),
    }
}

pub(crate) fn array_range(first: i32, last: i32, step: i32) -> Option<Value> {
    let (first, last, step) = (i64::from(first), i64::from(last), i64::from(step));
    if step == 0 {
        return None;
    }
    let span = if step > 0 { last - first } else { first - last };
    let count = if span < 0 { 0 } else { span / step.abs() + 1 };
    (count <= MAX_RANGE_ITEMS).then(|| (0..count).map(|i| Value::from(first + i * step)).collect())
}

pub(crate) fn hash(data: &str, algorithm: &str) -> Option<String> {
    let bytes = data.as_bytes();
    if java_len(data) > MAX_CODEC_INPUT {
        return None;
    }
    let digest = match algorithm {
        "MD5" => md5::Md5::digest(bytes).to_vec(),
        "SHA-1" => sha1::Sha1::digest(bytes).to_vec(),
        "SHA-256" => sha2::Sha256::digest(bytes).to_vec(),
        "SHA-384" => sha2::Sha384::digest(bytes).to_vec(),
        "SHA-512" => sha2::Sha512::digest(bytes).to_vec(),
        _ => return None,
    };
    Some(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// Lenient decoding as observed on AWS: characters outside the alphabet are skipped, `=` ends the data, and a
/// partial final group keeps its whole bytes.
fn base64_lenient(s: &str) -> Vec<u8> {
    let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Shallow merge, keys of `second` winning, in the order of Java's `new HashMap<>(first).putAll(second)`
/// (observed: AWS's merged objects come out in hash order, not insertion order).
fn merge(first: &Map<String, Value>, second: &Map<String, Value>) -> Map<String, Value> {
    let mut merged = first.clone();
    merged.extend(second.iter().map(|(k, v)| (k.clone(), v.clone())));
    let initial = |n: usize| if n == 0 { 0 } else { table_size_for((n as f32 / 0.75 + 1.0) as usize) };
    let mut table = if first.is_empty() { initial(second.len()) } else { initial(first.len()) }.max(1);
    while !second.is_empty() && second.len() * 4 > table * 3 || merged.len() * 4 > table * 3 {
        table *= 2;
    }
    let entries = merged.into_iter().map(|(k, v)| (java_string_hash(&k), (k, v))).collect();
    hash_order(entries, table).into_iter().collect()
}

/// Distinct elements in the iteration order of Java's `new HashSet<>(list)`.
fn java_hash_set(items: &[Value]) -> Vec<Value> {
    let mut seen: HashMap<i32, Vec<&Value>> = HashMap::new();
    let mut distinct = Vec::new();
    for item in items {
        let hash = java_hash(item);
        let same_hash = seen.entry(hash).or_default();
        if !same_hash.contains(&item) {
            same_hash.push(item);
            distinct.push((hash, item.clone()));
        }
    }
    hash_order(distinct, table_size_for(((items.len() as f32 / 0.75) as usize + 1).max(16)))
}

/// Java `HashMap` iteration: by bucket (spread hash modulo the table size), insertion order within a bucket.
fn hash_order<T>(entries: Vec<(i32, T)>, table: usize) -> Vec<T> {
    let mask = table.max(1) as u32 - 1;
    let mut entries: Vec<(u32, T)> =
        entries.into_iter().map(|(h, t)| (((h as u32) ^ ((h as u32) >> 16)) & mask, t)).collect();
    entries.sort_by_key(|(bucket, _)| *bucket);
    entries.into_iter().map(|(_, t)| t).collect()
}

fn table_size_for(capacity: usize) -> usize {
    capacity.clamp(1, 1 << 30).next_power_of_two()
}

/// `hashCode()` of the Java object AWS holds for `v` (Integer, Long, BigInteger, Double, String, List, Map).
fn java_hash(v: &Value) -> i32 {
    match v {
        Value::Null => 0,
        Value::Bool(true) => 1231,
        Value::Bool(false) => 1237,
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i32::try_from(i).unwrap_or(((i as u64) ^ ((i as u64) >> 32)) as i32),
            (None, Some(u), _) => 31i32.wrapping_mul((u >> 32) as i32).wrapping_add(u as i32),
            (_, _, f) => {
                let bits = f.unwrap_or(0.0).to_bits();
                (bits ^ (bits >> 32)) as i32
            }
        },
        Value::String(s) => java_string_hash(s),
        Value::Array(items) => items.iter().fold(1i32, |h, e| h.wrapping_mul(31).wrapping_add(java_hash(e))),
        Value::Object(map) => {
            map.iter().fold(0i32, |h, (k, v)| h.wrapping_add(java_string_hash(k) ^ java_hash(v)))
        }
    }
}

fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16().fold(0i32, |h, unit| h.wrapping_mul(31).wrapping_add(i32::from(unit)))
}

/// `new java.util.Random(seed).nextInt(bound)`, which reproduces the seeded value observed on AWS
/// (`MathRandom(-5, 5, 42)` → -5).
fn java_next_int(seed: i64, bound: i32) -> i32 {
    const MULTIPLIER: i64 = 0x5_DEEC_E66D;
    const MASK: i64 = (1 << 48) - 1;
    let mut state = (seed ^ MULTIPLIER) & MASK;
    let mut next31 = || {
        state = state.wrapping_mul(MULTIPLIER).wrapping_add(0xB) & MASK;
        (state >> 17) as i32
    };
    if bound & bound.wrapping_neg() == bound {
        return ((i64::from(bound) * i64::from(next31())) >> 31) as i32;
    }
    loop {
        let bits = next31();
        let value = bits % bound;
        if bits.wrapping_sub(value).wrapping_add(bound - 1) >= 0 {
            return value;
        }
    }
}

/// Java `intValue()` of a number: fractions truncated; out of `int` range is invalid.
fn to_int(v: &Value) -> Option<i32> {
    i32::try_from(to_long(v)?).ok()
}

/// Java `longValue()`: fractions truncated, saturating like Java's `(long)` cast.
fn to_long(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_f64().map(|f| f as i64))
}

/// Java `Math.round` (halves toward +∞, exact for 0.49999999999999994) into the `int` range `MathAdd` works in.
fn java_round(v: &Value) -> Option<i32> {
    let x = v.as_f64()?;
    let floor = x.floor();
    let rounded = if x - floor >= 0.5 { floor + 1.0 } else { floor };
    (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&rounded).then_some(rounded as i32)
}

fn java_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Java's `String.valueOf` of the value: strings bare, maps `{k=v, k2=v2}`, lists `[a, b]`.
fn java_text(v: &Value) -> String {
    let mut out = String::new();
    write_value(v, false, &mut out);
    out
}

/// Compact JSON as Jackson writes it (doubles in Java notation: `1.0E7`).
fn json_text(v: &Value) -> String {
    let mut out = String::new();
    write_value(v, true, &mut out);
    out
}

fn write_value(v: &Value, json: bool, out: &mut String) {
    let separator = if json { "," } else { ", " };
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(n, out),
        Value::String(s) if json => write_json_string(s, out),
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(separator);
                }
                write_value(item, json, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(separator);
                }
                if json {
                    write_json_string(key, out);
                    out.push(':');
                } else {
                    out.push_str(key);
                    out.push('=');
                }
                write_value(item, json, out);
            }
            out.push('}');
        }
    }
}

fn write_json_string(s: &str, out: &mut String) {
    out.push_str(&serde_json::to_string(s).unwrap_or_default());
}

/// Integers as written; doubles as Java's `Double.toString`: plain between 10⁻³ and 10⁷, else `d.dddE±n`.
fn write_number(n: &Number, out: &mut String) {
    let Some(x) = n.as_f64().filter(|_| n.is_f64()) else {
        out.push_str(&n.to_string());
        return;
    };
    let plain = x == 0.0 || (1e-3..1e7).contains(&x.abs());
    let text = if plain { x.to_string() } else { format!("{x:e}") };
    let (mantissa, exponent) = text.split_once('e').map_or((text.as_str(), None), |(m, e)| (m, Some(e)));
    out.push_str(mantissa);
    if !mantissa.contains('.') {
        out.push_str(".0");
    }
    if let Some(exponent) = exponent {
        out.push('E');
        out.push_str(exponent);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(text: &str, input: Value) -> Result<Value, String> {
        let call = Call::parse(text)?;
        call.eval(&Env::of(&input), &mut Rng::new(7)).map_err(|e| e.to_string())
    }

    fn ok(text: &str, input: Value) -> Value {
        run(text, input).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    /// A Pass state's `Parameters` (only `.$` keys in this corpus), then its `ResultPath` and `OutputPath`.
    fn pass_state(state: &Value, env: &Env, rng: &mut Rng) -> Result<Value, StatesError> {
        let mut result = Map::new();
        for (key, value) in state["Parameters"].as_object().into_iter().flatten() {
            let call = Call::parse(value.as_str().unwrap_or_default()).map_err(StatesError::runtime)?;
            result.insert(key.trim_end_matches(".$").to_string(), call.eval_in_field(env, rng, key)?);
        }
        let mut output = Value::Object(result);
        if let Some(path) = state["ResultPath"].as_str() {
            let mut doc = env.input.clone();
            assert!(Path::parse_reference(path).unwrap().set(&mut doc, output));
            output = doc;
        }
        if let Some(path) = state["OutputPath"].as_str() {
            output = Path::parse(path).unwrap().select_in(&output, env).unwrap();
        }
        Ok(output)
    }

    /// Recorded values the recorder replaced (random numbers, UUIDs) match any value of the right kind.
    fn matches(expected: &Value, actual: &Value) -> bool {
        match (expected, actual) {
            (Value::String(s), a) if s == "RandomNumberGenerated" => a.is_i64(),
            (Value::String(s), Value::String(a)) if s == "generated-uuid" => a.len() == 36,
            (Value::Array(e), Value::Array(a)) => {
                e.len() == a.len() && e.iter().zip(a).all(|(e, a)| matches(e, a))
            }
            (Value::Object(e), Value::Object(a)) => {
                e.len() == a.len() && e.iter().all(|(k, e)| a.get(k).is_some_and(|a| matches(e, a)))
            }
            _ => expected == actual,
        }
    }

    #[test]
    fn aws_recorded_intrinsic_cases_pass() {
        let file =
            concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/aws-recorded/intrinsic_functions.jsonl");
        let text = std::fs::read_to_string(file).expect("corpus file");
        let (mut total, mut failures) = (0, Vec::new());
        for line in text.lines() {
            let case: Value = serde_json::from_str(line).unwrap();
            let definition = &case["definition"];
            let state = &definition["States"][definition["StartAt"].as_str().unwrap()];
            if definition["QueryLanguage"] == "JSONata" || state["QueryLanguage"] == "JSONata" {
                continue;
            }
            total += 1;
            let input = case["input"].clone();
            // The recorder's placeholders stand in for the execution and state machine names.
            let context = json!({
                "Execution": {"Input": input, "Name": "<ExecArnPart_0idx>"},
                "StateMachine": {
                    "Id": "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>",
                    "Name": "<ArnPart_0idx>"
                }
            });
            let env = Env { input: &input, context: &|| context.clone(), variable: &|_| None };
            let expected = &case["expected"];
            let passed = match pass_state(state, &env, &mut Rng::new(1)) {
                Ok(output) => expected["status"] == "SUCCEEDED" && matches(&expected["output"], &output),
                Err(e) => expected["error"] == json!(e.error) && expected["cause"] == json!(e.cause),
            };
            if !passed {
                failures.push(case["id"].as_str().unwrap_or_default().to_string());
            }
        }
        eprintln!("intrinsic_functions.jsonl: {} of {total} JSONPath cases pass", total - failures.len());
        assert!(total > 100 && failures.is_empty(), "failing: {failures:?}");
    }

    /// Expected result standing for "fails with `Invalid arguments in States.X`".
    fn bad() -> Value {
        json!("<invalid arguments>")
    }

    fn check(cases: &[(&str, Value, Value)]) {
        for (text, input, expected) in cases {
            match run(text, input.clone()) {
                Err(e) if *expected == bad() => {
                    assert!(e.contains("Invalid arguments in States."), "{text}: {e}")
                }
                actual => assert_eq!(actual.as_ref(), Ok(expected), "{text}"),
            }
        }
    }

    #[test]
    fn parse_accepts_the_documented_grammar() {
        let arn = json!({"ImageRecipe": {"Arn": "arn:aws:imagebuilder:r:1:image-recipe/my.recipe/1.0.0"}});
        check(&[
            (
                "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit(\
                 $.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(\
                 States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))",
                arn,
                json!("1.0"),
            ),
            (
                "States.Array( $.a , -1.5e1, true, null, 'x' )",
                json!({"a": 1}),
                json!([1, -15.0, true, null, "x"]),
            ),
            (
                "States.Array($['a,b'], $.c[0,1], $.c.length(), $.c[?(@ > 1)])",
                json!({"a,b": 1, "c": [1, 2]}),
                json!([1, [1, 2], 2, [2]]),
            ),
            ("States.Array($$, $)", json!(3), json!([{}, 3])),
            (r"States.StringSplit('a\'b\{c\}d\\e', '\\\'')", json!({}), json!(["a", "b{c}d", "e"])),
        ]);
        assert!(Call::parse(&("States.Array(".repeat(10) + &")".repeat(10))).is_ok());
    }

    #[test]
    fn parse_rejects_what_aws_rejects_at_definition_time() {
        for bad in [
            "States.Nope()",
            r#"States.Format('\"x\"')"#, // \" is no intrinsic escape: a recorded InvalidDefinition
            r"States.Format('a\nb')",
            r"States.Format('dangling\')",
            "States.Array(1,)",
            "States.Array(1) trailing",
            "States.Array(",
            "States.Array(.5)",
            "States.Array(1.)",
            "States.Array([1,2])",
            "States.Array($.a[)",
            "States.Array(1e999)",
            &("States.Array(".repeat(11) + &")".repeat(11)),
        ] {
            assert!(Call::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn unmatched_path_argument_is_a_runtime_error_worded_like_payload_paths() {
        let call = Call::parse("States.Format('{}', $.missing)").unwrap();
        let input = json!({"a": 1.5});
        let err = call.eval_in_field(&Env::of(&input), &mut Rng::new(1), "value.$").unwrap_err();
        assert_eq!(err.error.as_deref(), Some("States.Runtime"));
        let cause = "The JSONPath '$.missing' specified for the field 'value.$' could not be found in the input '{\"a\":1.5}'";
        assert_eq!(err.cause.as_deref(), Some(cause));
        let cause = "States.Runtime: The JSONPath '$.missing' could not be found in the input '{}'";
        assert_eq!(run("States.Hash($.missing, 'MD5')", json!({})), Err(cause.into()));
        assert_eq!(
            run("States.UUID(1)", json!({})),
            Err("States.Runtime: Invalid arguments in States.UUID".into())
        );
    }

    #[test]
    fn format_renders_like_java_to_string_and_checks_braces_at_run_time() {
        let input = json!({"o": {"a": [1, "x", null], "b": {"c": true}}, "f": 1e7, "g": 0.0001, "h": 2.0});
        check(&[
            (
                "States.Format('{} {} {} {}', $.o, $.f, $.g, $.h)",
                input,
                json!("{a=[1, x, null], b={c=true}} 1.0E7 1.0E-4 2.0"),
            ),
            (r"States.Format('\{{}\} it\'s \\', 1)", json!({}), json!(r"{1} it's \")),
            ("States.Format($, 1)", json!(r"\{}"), json!(r"\1")), // no escapes in a template read from a path
            ("States.Format('none')", json!({}), json!("none")),
            ("States.Format('{} {}', 1)", json!({}), bad()),
            ("States.Format('{}', 1, 2)", json!({}), bad()),
            ("States.Format('Hello {', 1)", json!({}), bad()),
            ("States.Format('Hello {{}}', 1)", json!({}), bad()),
            ("States.Format('}')", json!({}), bad()),
            ("States.Format($)", json!(1), bad()),
            ("States.Format()", json!({}), bad()),
        ]);
    }

    #[test]
    fn json_text_conversions() {
        check(&[
            ("States.JsonToString($)", json!({"a": [1, 1.5e20, "q\""]}), json!(r#"{"a":[1,1.5E20,"q\""]}"#)),
            ("States.StringToJson(' ')", json!({}), Value::Null),
            ("States.StringToJson('-0')", json!({}), json!(0)),
            ("States.StringToJson(' [1] ')", json!({}), json!([1])),
            ("States.StringToJson('undefined')", json!({}), bad()),
            ("States.StringToJson($)", json!(1), bad()),
        ]);
    }

    #[test]
    fn array_functions_truncate_numbers_like_java_int_value() {
        check(&[
            ("States.ArrayPartition($, 2.6)", json!([1, 2, 3, 4, 5]), json!([[1, 2], [3, 4], [5]])),
            ("States.ArrayPartition($, 0.6)", json!([1]), bad()),
            ("States.ArrayPartition('x', 2)", json!([1]), bad()),
            ("States.ArrayRange(1.6, 1.4, 1)", json!({}), json!([1])),
            ("States.ArrayRange(5.4, -0.6, -2.4)", json!({}), json!([5, 3, 1])),
            ("States.ArrayRange(5, 1, 1)", json!({}), json!([])),
            ("States.ArrayRange(1, 1001, 1)", json!({}), bad()),
            ("States.ArrayRange(1, 10, 0.49)", json!({}), bad()),
            ("States.ArrayRange(-2147483648, 2147483647, 1)", json!({}), bad()),
            ("States.ArrayGetItem($, 1.2)", json!([10, 20, 30]), json!(20)),
            ("States.ArrayGetItem($, 999)", json!([]), Value::Null),
            ("States.ArrayGetItem($, 3)", json!([10, 20, 30]), bad()),
            ("States.ArrayGetItem($, -1)", json!([10]), bad()),
            ("States.ArrayLength($)", json!({"k": 1}), bad()),
            ("States.ArrayContains($.a)", json!({"a": [1]}), bad()),
        ]);
        assert_eq!(ok("States.ArrayRange(1000, 1, -1)", json!({})).as_array().map(Vec::len), Some(1000));
    }

    #[test]
    fn array_contains_compares_java_renderings() {
        check(&[
            ("States.ArrayContains($, 'true')", json!([true]), json!(true)),
            ("States.ArrayContains($, 9007199254740991)", json!(["9007199254740991"]), json!(true)),
            (
                "States.ArrayContains($.a, $.v)",
                json!({"a": [{"a": 1, "b": 2}], "v": {"b": 2, "a": 1}}),
                json!(false),
            ),
            ("States.ArrayContains($, false)", json!([0, 1, -1.5]), json!(false)),
            ("States.ArrayContains($, States.Array(1, 2))", json!([[1, 2]]), json!(true)),
        ]);
    }

    #[test]
    fn array_unique_and_json_merge_come_out_in_java_hash_order() {
        let merge = "States.JsonMerge($.a, $.b, false)";
        check(&[
            ("States.ArrayUnique($)", json!([true, false, true, false]), json!([false, true])),
            ("States.ArrayUnique($)", json!([[1, 2], [1, 2], [2, 1]]), json!([[2, 1], [1, 2]])),
            ("States.ArrayUnique($)", json!([null, null, 1, null]), json!([null, 1])),
            ("States.ArrayUnique($)", json!([{"a": 1, "b": 2}, {"b": 2, "a": 1}]), json!([{"a": 1, "b": 2}])),
            ("States.JsonMerge($.a, $.b, 'false')", json!({"a": {}, "b": {"x": 1}}), json!({"x": 1})),
            ("States.JsonMerge($.a, $.b, true)", json!({"a": {}, "b": {}}), bad()),
            (merge, json!({"a": [], "b": {}}), bad()),
        ]);
        let merged = ok(merge, json!({"a": {"constant_in_literal": 1}, "b": {"constant_input_field": 2}}));
        assert_eq!(json_text(&merged), r#"{"constant_input_field":2,"constant_in_literal":1}"#);
    }

    #[test]
    fn math_add_rounds_halves_up_and_stays_in_int32() {
        check(&[
            ("States.MathAdd(0.49999999999999994, -2.5)", json!({}), json!(-2)),
            ("States.MathAdd(2147483646, 1)", json!({}), json!(2147483647)),
            ("States.MathAdd(2147483647, 1)", json!({}), bad()),
            ("States.MathAdd(3000000000, -1)", json!({}), bad()),
            ("States.MathAdd('1', 1)", json!({}), bad()),
        ]);
    }

    #[test]
    fn math_random_is_start_inclusive_end_exclusive_and_seeded_like_java_random() {
        check(&[
            ("States.MathRandom(-5, 5, 42)", json!({}), json!(-5)), // observed on AWS
            ("States.MathRandom(1, 1)", json!({}), bad()),
            ("States.MathRandom(10, 5)", json!({}), bad()),
            ("States.MathRandom(1, 10, null)", json!({}), bad()),
            ("States.MathRandom(1, 10, 5, 99)", json!({}), bad()),
            ("States.MathRandom(-2147483648, 2147483647)", json!({}), bad()),
        ]);
        assert_eq!(java_next_int(1, 16), 11); // power-of-two bound path
        let (call, mut rng) = (Call::parse("States.MathRandom(1.6, 5.4)").unwrap(), Rng::new(3));
        let draws: Vec<i64> =
            (0..50).filter_map(|_| call.eval(&Env::of(&Value::Null), &mut rng).ok()?.as_i64()).collect();
        assert!(draws.len() == 50 && draws.iter().all(|n| (1..5).contains(n)) && draws.contains(&1));
    }

    #[test]
    fn codecs_and_hash_cap_input_and_decode_leniently() {
        let long = |n: usize| json!("a".repeat(n));
        check(&[
            ("States.Base64Encode($)", long(10_001), bad()),
            ("States.Base64Decode($)", long(10_001), bad()),
            ("States.Hash($, 'SHA-256')", long(10_001), bad()),
            ("States.Base64Encode(123)", json!({}), bad()),
            ("States.Hash('x', 'sha-256')", json!({}), bad()),
            ("States.Base64Encode('🚀')", json!({}), json!("8J+agA==")),
            ("States.Base64Decode(' YWJjZA== ')", json!({}), json!("abcd")),
            ("States.Base64Decode('ab==cd')", json!({}), json!("i")),
            ("States.Base64Decode('/w==')", json!({}), json!("\u{FFFD}")),
            ("States.Hash(123, 'MD5')", json!({}), json!("202cb962ac59075b964b07152d234b70")),
        ]);
        assert!(run("States.Base64Encode($)", long(10_000)).is_ok());
    }

    #[test]
    fn string_split_uses_each_delimiter_character_and_drops_empty_tokens() {
        check(&[
            ("States.StringSplit(',a,,b,', ',')", json!({}), json!(["a", "b"])),
            ("States.StringSplit('1a2b3ab4', 'ab')", json!({}), json!(["1", "2", "3", "4"])),
            ("States.StringSplit('abc', '')", json!({}), json!(["abc"])),
            ("States.StringSplit('', ',')", json!({}), json!([])),
            ("States.StringSplit($, ',')", json!(false), bad()),
        ]);
    }

    #[test]
    fn string_returning_calls_and_call_detection() {
        assert!(Call::parse("States.UUID()").unwrap().returns_string());
        assert!(Call::parse("States.ArrayGetItem($.a, 0)").unwrap().returns_string());
        assert!(!Call::parse("States.MathAdd(1, 2)").unwrap().returns_string());
        assert!(
            looks_like_call("States.UUID()") && !looks_like_call("$.a") && !looks_like_call("$$.Execution")
        );
        assert_eq!(ok("States.UUID()", json!({})).as_str().map(str::len), Some(36));
    }

    #[test]
    fn odd_inputs_never_panic() {
        let deep = (0..100).fold(json!(1), |v, _| json!([v]));
        let input = json!([deep, 18446744073709551615u64, -9223372036854775808i64, 1e300]);
        for text in [
            "States.Array(\u{3000}1\u{a0})",
            "States.Format('é{}ü', $)",
            "States.ArrayUnique($)",
            "States.ArrayPartition($, 2147483647)",
            "States.JsonToString($)",
            "States.Hash($, 'SHA-1')",
            "States.MathAdd(1e300, -1e300)",
            "States.ArrayRange(-2147483648, 2147483647, 2147483647)",
        ] {
            let _ = run(text, input.clone());
        }
        assert_eq!(java_hash(&json!(18446744073709551615u64)), -32); // BigInteger.hashCode
    }
}

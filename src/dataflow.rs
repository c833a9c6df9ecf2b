//! JSONPath data flow of one state: InputPath → Parameters → (work) → ResultSelector → ResultPath →
//! OutputPath, and the 256 KiB payload limit (asl-reference §2.2, §2.5, §13).

use crate::error::{self, StatesError};
use crate::model::{PathField, ResultPath};
use crate::path::{Env, Path};
use crate::rng::Rng;
use crate::template::Template;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::io::Write;

/// 256 KiB: the largest input, output or result AWS carries.
pub const MAX_PAYLOAD_BYTES: usize = 262_144;

/// `InputPath` / `OutputPath`: `$` keeps the value, `null` gives `{}`, a path selects.
pub fn select(field: &PathField, value: &Value, env: &Env) -> Result<Value, StatesError> {
    match field {
        PathField::Whole => Ok(value.clone()),
        PathField::Empty => Ok(Value::Object(Map::new())),
        PathField::Path(p) => select_path(p, &env.with_input(value)),
    }
}

/// Like [`select`], borrowing when the field is `$` (the common case).
pub fn select_cow<'a>(field: &PathField, value: &'a Value, env: &Env) -> Result<Cow<'a, Value>, StatesError> {
    match field {
        PathField::Whole => Ok(Cow::Borrowed(value)),
        _ => select(field, value, env).map(Cow::Owned),
    }
}

/// Selects with a path where a miss is `States.Runtime` worded `Invalid path '<p>' : <why>`.
pub fn select_path(path: &Path, env: &Env) -> Result<Value, StatesError> {
    path.select(env).map_err(|e| StatesError::runtime(format!("Invalid path '{path}' : {e}")))
}

/// `Parameters` (or any payload template) over the effective input; no template keeps it as is.
pub fn parameters(
    template: Option<&Template>,
    input: Value,
    env: &Env,
    rng: &mut Rng,
) -> Result<Value, StatesError> {
    match template {
        None => Ok(input),
        Some(t) => t.eval(&env.with_input(&input), rng),
    }
}

/// Puts `result` into `raw_input` as `ResultPath` says.
pub fn merge_result(rp: &ResultPath, raw_input: &Value, result: Value) -> Result<Value, StatesError> {
    match rp {
        ResultPath::Whole => Ok(result),
        ResultPath::Discard => Ok(raw_input.clone()),
        ResultPath::Path(p) => {
            let mut out = raw_input.clone();
            match p.set(&mut out, result) {
                true => Ok(out),
                false => Err(StatesError::new(
                    error::RESULT_PATH_MATCH_FAILURE,
                    format!(
                        "Unable to apply ResultPath \"{p}\" to input \"{}\"",
                        crate::history::text(raw_input)
                    ),
                )),
            }
        }
    }
}

/// Size of a value as compact JSON text, without building the text.
pub fn json_size(v: &Value) -> usize {
    struct Counter(usize);
    impl Write for Counter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut c = Counter(0);
    let _ = serde_json::to_writer(&mut c, v);
    c.0
}

/// How deeply nested a value may be. AWS sets no such limit, but a state that nests its input in every
/// loop iteration could otherwise build values deep enough to overflow the stack (1 MiB in wasm).
pub const MAX_DEPTH: usize = 1000;

/// Nesting depth of a value, counted without recursion.
pub fn depth(v: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(v, 1)];
    while let Some((v, d)) = stack.pop() {
        deepest = deepest.max(d);
        match v {
            Value::Array(a) => stack.extend(a.iter().map(|c| (c, d + 1))),
            Value::Object(o) => stack.extend(o.values().map(|c| (c, d + 1))),
            _ => {}
        }
    }
    deepest
}

/// `States.DataLimitExceeded` when a state's output is over 256 KiB (or nested beyond [`MAX_DEPTH`]).
pub fn check_size(who: &str, v: &Value) -> Result<(), StatesError> {
    check_text(who, v, json_size(v))
}

/// [`check_size`] for a value whose JSON text length is already known.
pub fn check_text(who: &str, v: &Value, text_len: usize) -> Result<(), StatesError> {
    // Every level of nesting costs at least one byte of text, so short texts need no depth walk.
    if text_len > MAX_PAYLOAD_BYTES || (text_len > MAX_DEPTH && depth(v) > MAX_DEPTH) {
        return Err(StatesError::new(
            error::DATA_LIMIT_EXCEEDED,
            format!(
                "The state/task '{who}' returned a result with a size exceeding the maximum number of bytes service limit."
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn result_path_merges_into_raw_input() {
        let rp = ResultPath::Path(Path::parse_reference("$.a.b").unwrap());
        assert_eq!(merge_result(&rp, &json!({"x": 1}), json!(2)), Ok(json!({"x": 1, "a": {"b": 2}})));
        assert_eq!(merge_result(&ResultPath::Discard, &json!({"x": 1}), json!(2)), Ok(json!({"x": 1})));
        let err = merge_result(&rp, &json!("foo"), json!(2)).unwrap_err();
        assert_eq!(err.error.as_deref(), Some("States.ResultPathMatchFailure"));
    }

    #[test]
    fn input_path_miss_is_worded_like_aws() {
        let p = PathField::Path(Path::parse("$.NoSuchInputPath").unwrap());
        let v = json!({});
        let err = select(&p, &v, &Env::of(&v)).unwrap_err();
        assert_eq!(
            err.cause.as_deref(),
            Some("Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']")
        );
        assert_eq!(select(&PathField::Empty, &v, &Env::of(&v)), Ok(json!({})));
    }

    #[test]
    fn size_limit_is_256_kib_of_json_text() {
        let big = Value::String("x".repeat(MAX_PAYLOAD_BYTES));
        assert!(check_size("S", &big).is_err());
        assert!(check_size("S", &Value::String("x".repeat(MAX_PAYLOAD_BYTES - 2))).is_ok());
        let deep = (0..MAX_DEPTH).fold(json!(1), |acc, _| json!([acc]));
        assert_eq!(depth(&deep), MAX_DEPTH + 1);
        assert!(check_size("S", &deep).is_err());
    }
}

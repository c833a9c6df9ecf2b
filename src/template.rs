//! Payload templates (`Parameters`, `ResultSelector`, `ItemSelector`, JSONPath `Assign`): `.$` keys
//! hold paths or intrinsic calls, compiled once (asl-reference §2.3).

use crate::error::StatesError;
use crate::intrinsics::{self, Call};
use crate::path::{Env, Path};
use crate::rng::Rng;
use serde_json::{Map, Value};

#[derive(Clone, Debug, PartialEq)]
pub enum Template {
    /// A subtree without any `.$` key: copied as is.
    Literal(Value),
    Object(Vec<(String, Template)>),
    Array(Vec<Template>),
    /// `"key.$": "$.path"`; `field` keeps the key as written for error messages.
    Path {
        field: String,
        path: Path,
    },
    Call {
        field: String,
        call: Call,
    },
}

const MAX_DEPTH: usize = 256;

impl Template {
    /// Compiles a template. Err = message for a definition diagnostic.
    pub fn compile(value: &Value) -> Result<Template, String> {
        compile(value, 0)
    }

    pub fn eval(&self, env: &Env, rng: &mut Rng) -> Result<Value, StatesError> {
        Ok(match self {
            Template::Literal(v) => v.clone(),
            Template::Object(fields) => {
                let mut out = Map::with_capacity(fields.len());
                for (k, t) in fields {
                    out.insert(k.clone(), t.eval(env, rng)?);
                }
                Value::Object(out)
            }
            Template::Array(items) => {
                Value::Array(items.iter().map(|t| t.eval(env, rng)).collect::<Result<_, _>>()?)
            }
            Template::Path { field, path } => path.select(env).map_err(|_| {
                StatesError::runtime(format!(
                    "The JSONPath '{path}' specified for the field '{field}' could not be found in the input '{}'",
                    env.input
                ))
            })?,
            Template::Call { field, call } => call.eval_in_field(env, rng, field)?,
        })
    }
}

fn compile(value: &Value, depth: usize) -> Result<Template, String> {
    if depth > MAX_DEPTH {
        return Err("payload template is nested too deeply".into());
    }
    match value {
        Value::Object(map) => {
            if !has_dynamic_key(value) {
                return Ok(Template::Literal(value.clone()));
            }
            let mut fields = Vec::with_capacity(map.len());
            for (key, v) in map {
                match key.strip_suffix(".$") {
                    Some(name) => {
                        let Value::String(text) = v else {
                            return Err(format!("The value for the field '{key}' must be a STRING"));
                        };
                        fields.push((name.to_string(), dynamic(key, text)?));
                    }
                    None => fields.push((key.clone(), compile(v, depth + 1)?)),
                }
            }
            Ok(Template::Object(fields))
        }
        Value::Array(items) if has_dynamic_key(value) => {
            Ok(Template::Array(items.iter().map(|v| compile(v, depth + 1)).collect::<Result<_, _>>()?))
        }
        _ => Ok(Template::Literal(value.clone())),
    }
}

/// Compiles the string value of a `.$` key: a path, or an intrinsic call.
pub fn dynamic(field: &str, text: &str) -> Result<Template, String> {
    let invalid = || {
        format!(
            "The value for the field '{field}' must be a valid JSONPath or a valid intrinsic function call"
        )
    };
    if intrinsics::looks_like_call(text) {
        let call = Call::parse(text).map_err(|_| invalid())?;
        Ok(Template::Call { field: field.to_string(), call })
    } else {
        let path = Path::parse(text).map_err(|_| invalid())?;
        Ok(Template::Path { field: field.to_string(), path })
    }
}

fn has_dynamic_key(value: &Value) -> bool {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                if m.keys().any(|k| k.ends_with(".$")) {
                    return true;
                }
                stack.extend(m.values());
            }
            Value::Array(a) => stack.extend(a.iter()),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(t: Value, input: Value) -> Result<Value, StatesError> {
        Template::compile(&t).unwrap().eval(&Env::of(&input), &mut Rng::new(0))
    }

    #[test]
    fn dollar_keys_are_evaluated_at_any_depth_and_others_copied() {
        assert_eq!(
            run(
                json!({"a.$": "$.x", "b": {"c.$": "$.y", "d": "$.x"}, "e": [{"f.$": "$"}]}),
                json!({"x": 1, "y": 2})
            ),
            Ok(json!({"a": 1, "b": {"c": 2, "d": "$.x"}, "e": [{"f": {"x": 1, "y": 2}}]}))
        );
    }

    #[test]
    fn missing_path_is_a_runtime_error_worded_like_aws() {
        let err = run(json!({"value.$": "$.no_such_jsonpath"}), json!({"a": 1})).unwrap_err();
        assert_eq!(err.error.as_deref(), Some("States.Runtime"));
        assert_eq!(
            err.cause.as_deref(),
            Some(
                "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{\"a\":1}'"
            )
        );
    }
}

//! Scripted mock responses (docs/mocks.md): `Return` values, `Throw` fields and `When` guards whose
//! strings may be JSONata `{% %}` expressions. They are compiled when the mocks are read, so a malformed
//! expression is a load error, and evaluated when the Task is called, over `$states.input` (the request),
//! `$states.context`, `$states.call` and the workflow variables.

use super::{MockResponse, cause_text, kind, optional_string};
use crate::error::StatesError;
use crate::history;
use crate::jsonata::{Env, Expr, Template, expression_body};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How deep a response is searched for the expression that does not parse: as deep as a template compiles.
const MAX_DEPTH: usize = 256;

/// The answer to one call of a Task state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// A corpus record (`output`, `error`/`cause`): recorded data, taken as is even if a string looks
    /// like an expression.
    Recorded(MockResponse),
    /// `Return`/`Throw` objects: one response, or candidates tried in order.
    Scripted(Script),
}

/// `Return`/`Throw` responses as written, which is what a snapshot keeps, and as compiled.
#[derive(Clone, Debug)]
pub struct Script {
    written: Written,
    candidates: Vec<Candidate>,
    /// Does any string hold an expression? Only then does answering draw from the execution's seed.
    evaluates: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Written {
    response: Value,
    /// Read from a MockConfigFile, whose `Throw` needs both `Error` and `Cause`.
    config_file: bool,
}

#[derive(Clone, Debug)]
struct Candidate {
    when: Option<Template>,
    then: Then,
}

#[derive(Clone, Debug)]
enum Then {
    Return(Template),
    /// An absent `Error` or `Cause` is a literal null.
    Throw {
        error: Template,
        cause: Template,
    },
}

impl Answer {
    /// Does answering evaluate expressions?
    pub fn evaluates(&self) -> bool {
        matches!(self, Answer::Scripted(script) if script.evaluates)
    }

    /// The response to the call `env` describes; None when no candidate's `When` is true. Err: why a
    /// scripted response failed, as a cause.
    pub fn respond(&self, env: &Env) -> Result<Option<MockResponse>, String> {
        match self {
            Answer::Recorded(response) => Ok(Some(response.clone())),
            Answer::Scripted(script) => script.respond(env),
        }
    }
}

impl Script {
    /// A response object, or a non-empty array of candidate responses. The error completes
    /// "mocks: <place>: ".
    pub(super) fn compile(response: &Value, config_file: bool) -> Result<Script, String> {
        let candidates = match response {
            Value::Array(list) if list.is_empty() => {
                return Err("an empty list of candidate responses".to_string());
            }
            Value::Array(list) => list
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    candidate(c, config_file).map_err(|problem| format!("candidate {i}: {problem}"))
                })
                .collect::<Result<Vec<_>, _>>()?,
            single => vec![candidate(single, config_file)?],
        };
        if let Some(i) = candidates.iter().position(|c| c.when.is_none())
            && i + 1 < candidates.len()
        {
            return Err(format!("candidate {} can never answer: candidate {i} has no \"When\"", i + 1));
        }
        let literal = Template::is_literal;
        let evaluates = candidates.iter().any(|c| match &c.then {
            _ if c.when.is_some() => true,
            Then::Return(output) => !literal(output),
            Then::Throw { error, cause } => !literal(error) || !literal(cause),
        });
        Ok(Script { written: Written { response: response.clone(), config_file }, candidates, evaluates })
    }

    fn respond(&self, env: &Env) -> Result<Option<MockResponse>, String> {
        let listed = self.written.response.is_array();
        for (i, candidate) in self.candidates.iter().enumerate() {
            let failed = |e: StatesError| {
                let why = e.cause.unwrap_or_default();
                if listed { format!("candidate {i}: {why}") } else { why }
            };
            if let Some(when) = &candidate.when
                && when.eval_as("When", "boolean", env, Value::is_boolean).map_err(failed)? != true
            {
                continue;
            }
            return candidate.then.respond(env).map(Some).map_err(failed);
        }
        Ok(None)
    }
}

impl Then {
    fn respond(&self, env: &Env) -> Result<MockResponse, StatesError> {
        match self {
            Then::Return(output) => {
                Ok(MockResponse::Return { output: output.eval("Return", env)?, submitted: None })
            }
            Then::Throw { error, cause } => {
                let error = error.eval_as("Throw/Error", "string", env, |v| v.is_string() || v.is_null())?;
                let is_cause = |v: &Value| matches!(v, Value::String(_) | Value::Object(_) | Value::Null);
                let cause = match cause.eval_as("Throw/Cause", "string", env, is_cause)? {
                    Value::String(text) => Some(text),
                    Value::Null => None,
                    // A JSON-object cause is its compact text, as in the list format's literal causes.
                    object => Some(history::text(&object)),
                };
                Ok(MockResponse::Throw { error: error.as_str().map(str::to_string), cause })
            }
        }
    }
}

/// `{"Return": ...}` or `{"Throw": {"Error": ..., "Cause": ...}}`, either with an optional `"When"`. The
/// MockConfigFile (`config_file`) requires both `Error` and `Cause` as strings, as AWS documents; the list
/// format lets either be absent or null (AWS records task failures without them) and takes a JSON-object
/// cause as its compact text.
fn candidate(entry: &Value, config_file: bool) -> Result<Candidate, String> {
    let Value::Object(fields) = entry else {
        return Err(format!("expected an object with \"Return\" or \"Throw\", found {}", kind(entry)));
    };
    if let Some(other) = fields.keys().find(|key| !["Return", "Throw", "When"].contains(&key.as_str())) {
        return Err(format!(
            "unexpected field {other:?}: a response has \"Return\" or \"Throw\", and may have \"When\""
        ));
    }
    let when = match fields.get("When") {
        None => None,
        Some(when @ Value::String(text)) if expression_body(text).is_some() => Some(compile(when, "When")?),
        Some(other) => {
            return Err(format!("\"When\" must be a \"{{% ... %}}\" expression, found {}", kind(other)));
        }
    };
    let then = match (fields.get("Return"), fields.get("Throw")) {
        (Some(output), None) => Then::Return(compile(output, "Return")?),
        (None, Some(Value::Object(throw))) => {
            if let Some(other) = throw.keys().find(|key| *key != "Error" && *key != "Cause") {
                return Err(format!(
                    "\"Throw\" has an unknown field {other:?} (expected \"Error\" and \"Cause\")"
                ));
            }
            if config_file
                && !(throw.get("Error").is_some_and(Value::is_string)
                    && throw.get("Cause").is_some_and(Value::is_string))
            {
                return Err("\"Throw\" needs string fields \"Error\" and \"Cause\"".to_string());
            }
            // Literal values are checked now; what an expression gives, when it is evaluated.
            optional_string(throw.get("Error"), "\"Error\"")?;
            cause_text(throw.get("Cause"), "\"Cause\"")?;
            let field =
                |name: &str| compile(throw.get(name).unwrap_or(&Value::Null), &format!("Throw/{name}"));
            Then::Throw { error: field("Error")?, cause: field("Cause")? }
        }
        (None, Some(other)) => {
            return Err(format!(
                "\"Throw\" must be an object with \"Error\" and \"Cause\", found {}",
                kind(other)
            ));
        }
        (Some(_), Some(_)) => return Err("has both \"Return\" and \"Throw\"".to_string()),
        (None, None) => return Err("needs a \"Return\" or a \"Throw\" field".to_string()),
    };
    Ok(Candidate { when, then })
}

/// A field's template; the error names the expression that does not parse and where it sits.
fn compile(value: &Value, field: &str) -> Result<Template, String> {
    Template::compile(value)
        .map_err(|why| unparsable(value, field, 0).unwrap_or_else(|| format!("{field}: {why}")))
}

/// `Return/items[0]/name: the JSONata expression '1 +' does not parse: S0207: ...` for the first such
/// expression in `value`, which sits at `at`.
fn unparsable(value: &Value, at: &str, depth: usize) -> Option<String> {
    match value {
        _ if depth > MAX_DEPTH => None,
        Value::String(text) => {
            let body = expression_body(text)?;
            let error = Expr::compile(body).err()?;
            Some(format!("{at}: the JSONata expression '{body}' does not parse: {error}"))
        }
        Value::Object(fields) => {
            fields.iter().find_map(|(key, v)| unparsable(v, &format!("{at}/{key}"), depth + 1))
        }
        Value::Array(items) => {
            items.iter().enumerate().find_map(|(i, v)| unparsable(v, &format!("{at}[{i}]"), depth + 1))
        }
        _ => None,
    }
}

/// Two scripts are equal when they were written alike: the compiled form follows from that.
impl PartialEq for Script {
    fn eq(&self, other: &Script) -> bool {
        self.written == other.written
    }
}

/// A snapshot keeps the responses as written and compiles them again when it is restored.
impl Serialize for Script {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.written.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Script {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Script, D::Error> {
        let written = Written::deserialize(deserializer)?;
        Script::compile(&written.response, written.config_file)
            .map_err(|problem| serde::de::Error::custom(format!("mocks: {problem}")))
    }
}

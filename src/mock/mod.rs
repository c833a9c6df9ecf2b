//! Mocked Task responses (asl-reference §8): the core never calls a service, so every Task invocation is
//! answered here, from AWS Step Functions Local's MockConfigFile (developer guide, sfn-local-mock-cfg-file)
//! or from the per-state lists of the recorded corpus (corpus README, "Mocks"). `Return`/`Throw` responses
//! may be scripted with JSONata (`script`, docs/mocks.md).

mod script;

pub use script::{Answer, Script};
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Highest invocation number a mock may name. Ranges are stored, never expanded, so this only catches
/// typos such as "0-4000000000"; it is the Distributed Map item ceiling (asl-reference §13).
const MAX_INVOCATION: u32 = 100_000_000;

/// Names listed at most in an error, to keep it on one readable line.
const MAX_LISTED_NAMES: usize = 10;

/// A task's answer, as recorded or once a script is evaluated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum MockResponse {
    /// The task succeeds with this raw result; `submitted` is the service response logged in TaskSubmitted for .waitForTaskToken/.sync tasks, when given.
    Return { output: Value, submitted: Option<Value> },
    /// The task fails with this error/cause (either may be absent).
    Throw { error: Option<String>, cause: Option<String> },
}

/// State name -> responses by invocation number.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Mocks {
    states: BTreeMap<String, Vec<Span>>,
}

/// One response for the invocations `first..=last`; a state's spans are sorted and do not overlap.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Span {
    first: u32,
    last: u32,
    response: Answer,
}

impl Mocks {
    /// Accepts three formats: a MockConfigFile (`StateMachines` + `MockedResponses`), or an object of state
    /// name -> list of responses (entry i answers call i) whose entries are either corpus records
    /// (`output` / `error`+`cause`) or `Return` / `Throw` objects. Where a `Return`/`Throw` object may
    /// stand, so may a list of them with `When` conditions (candidates). Their `{% %}` expressions are
    /// compiled here.
    ///
    /// `test_case` picks a test case of a MockConfigFile; `state_machine` picks the state machine in it. When
    /// either is None and there is exactly one candidate, it is used. Both are ignored by the list format,
    /// which describes a single run.
    pub fn from_value(
        doc: &Value,
        state_machine: Option<&str>,
        test_case: Option<&str>,
    ) -> Result<Mocks, String> {
        let Value::Object(top) = doc else {
            return Err(format!("mocks: expected an object, found {}", kind(doc)));
        };
        let is_config_file = ["StateMachines", "MockedResponses"]
            .iter()
            .any(|key| top.get(*key).is_some_and(|v| !v.is_array()));
        if is_config_file { from_config_file(top, state_machine, test_case) } else { from_state_lists(top) }
    }

    /// Same, from JSON or YAML text.
    pub fn parse(text: &str, state_machine: Option<&str>, test_case: Option<&str>) -> Result<Mocks, String> {
        let doc = match serde_json::from_str::<Value>(text) {
            Ok(doc) => doc,
            Err(json_error) => match serde_yaml::from_str::<Value>(text) {
                Ok(doc) => doc,
                // Report against the syntax the text was evidently meant to be in.
                Err(yaml_error) if !text.trim_start().starts_with(['{', '[']) => {
                    return Err(one_line(&format!("mocks: not valid YAML: {yaml_error}")));
                }
                Err(_) => return Err(one_line(&format!("mocks: not valid JSON: {json_error}"))),
            },
        };
        Mocks::from_value(&doc, state_machine, test_case)
    }

    /// The answer to the `call`-th invocation (0-based) of the Task state named `state`; None when none is
    /// left.
    pub fn response(&self, state: &str, call: u32) -> Option<&Answer> {
        let spans = self.states.get(state)?;
        let span = spans.get(spans.partition_point(|span| span.last < call))?;
        (span.first <= call).then_some(&span.response)
    }

    pub fn is_empty(&self) -> bool {
        self.states.values().all(Vec::is_empty)
    }
}

/// Format (a), Step Functions Local's MockConfigFile. Every mocked response in the file is checked, not only
/// those of the chosen test case, so a malformed file is reported whichever case runs.
fn from_config_file(
    top: &Map<String, Value>,
    state_machine: Option<&str>,
    test_case: Option<&str>,
) -> Result<Mocks, String> {
    let machines = object_field(top, "StateMachines", "mocks: MockConfigFile")?;
    let responses = object_field(top, "MockedResponses", "mocks: MockConfigFile")?;
    let mut parsed = BTreeMap::new();
    for (name, response) in responses {
        parsed.insert(name.as_str(), mocked_response(name, response)?);
    }

    let (machine_name, machine) = choose("state machine", "StateMachines", machines, state_machine)?;
    let machine_place = format!("StateMachines.{}", show(machine_name));
    let cases = match machine {
        Value::Object(machine) => object_field(machine, "TestCases", &format!("mocks: {machine_place}"))?,
        other => return Err(format!("mocks: {machine_place}: expected an object, found {}", kind(other))),
    };
    let cases_place = format!("{machine_place}.TestCases");
    let (case_name, case) = choose("test case", &cases_place, cases, test_case)?;
    let case_place = format!("{cases_place}.{}", show(case_name));
    let Value::Object(case) = case else {
        return Err(format!("mocks: {case_place}: expected an object of state name -> mocked response name"));
    };

    let mut states = BTreeMap::new();
    for (state, response_name) in case {
        let place = format!("{case_place}.{}", show(state));
        let Value::String(response_name) = response_name else {
            let found = kind(response_name);
            return Err(format!("mocks: {place}: expected the name of a mocked response, found {found}"));
        };
        let spans = parsed.get(response_name.as_str()).ok_or_else(|| {
            format!("mocks: {place}: mocked response {response_name:?} is not in MockedResponses")
        })?;
        states.insert(state.clone(), spans.clone());
    }
    Ok(Mocks { states })
}

/// One entry of `MockedResponses`: invocation keys ("0", "1-2") -> `Return`/`Throw`. AWS requires a
/// response for every invocation, so the keys must cover 0, 1, 2, ... up to the last one without gap or
/// overlap; a call past the last key has no response (the execution fails).
fn mocked_response(name: &str, value: &Value) -> Result<Vec<Span>, String> {
    let place = format!("MockedResponses.{}", show(name));
    let Value::Object(keys) = value else {
        return Err(format!(
            "mocks: {place}: expected an object keyed by invocation numbers, found {}",
            kind(value)
        ));
    };
    if keys.is_empty() {
        return Err(format!("mocks: {place}: no invocation keys (expected \"0\", \"1-2\", ...)"));
    }
    let mut spans = Vec::with_capacity(keys.len());
    for (key, entry) in keys {
        let (first, last) =
            invocation_range(key).map_err(|problem| format!("mocks: {place}: key {key:?} {problem}"))?;
        let script =
            Script::compile(entry, true).map_err(|problem| format!("mocks: {place}.{key}: {problem}"))?;
        spans.push(Span { first, last, response: Answer::Scripted(script) });
    }
    spans.sort_by_key(|span| span.first);
    let mut next = 0;
    for span in &spans {
        if span.first < next {
            return Err(format!("mocks: {place}: invocation {} has more than one response", span.first));
        }
        if span.first > next {
            let rule = "the keys must cover every invocation from 0";
            return Err(format!("mocks: {place}: no response for invocation {next} ({rule})"));
        }
        next = span.last + 1;
    }
    Ok(spans)
}

/// "3" -> (3, 3), "1-2" -> (1, 2); the error completes "key \"...\" ".
fn invocation_range(key: &str) -> Result<(u32, u32), String> {
    let (first, last) = key.split_once('-').unwrap_or((key, key));
    let (first, last) = (invocation_number(first)?, invocation_number(last)?);
    if first > last {
        return Err("is a range that ends before it starts".to_string());
    }
    Ok((first, last))
}

fn invocation_number(text: &str) -> Result<u32, String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("is not an invocation number or range".to_string());
    }
    // An all-digit text that does not fit a u64 is just as far beyond the limit.
    match text.parse::<u64>() {
        Ok(number) if number <= u64::from(MAX_INVOCATION) => Ok(number as u32),
        _ => Err(format!("names an invocation above {MAX_INVOCATION}")),
    }
}

/// Formats (b) and (c): state name -> list of responses, entry i answering call i.
fn from_state_lists(top: &Map<String, Value>) -> Result<Mocks, String> {
    let mut states = BTreeMap::new();
    for (state, list) in top {
        let Value::Array(entries) = list else {
            let found = kind(list);
            return Err(format!(
                "mocks: {}: expected a list of responses (one per invocation), found {found}",
                show(state)
            ));
        };
        let mut spans = Vec::with_capacity(entries.len());
        for (index, entry) in entries.iter().enumerate() {
            let call = u32::try_from(index)
                .ok()
                .filter(|call| *call <= MAX_INVOCATION)
                .ok_or_else(|| format!("mocks: {}: more than {MAX_INVOCATION} responses", show(state)))?;
            let response =
                list_entry(entry).map_err(|problem| format!("mocks: {}[{index}]: {problem}", show(state)))?;
            spans.push(Span { first: call, last: call, response });
        }
        states.insert(state.clone(), spans);
    }
    Ok(Mocks { states })
}

/// A corpus record (`output` and `submitted_output`, or `error`/`cause`; `event`, `request`, `resource`, ...
/// are ignored), a `Return`/`Throw` object or a list of candidate `Return`/`Throw` objects.
fn list_entry(entry: &Value) -> Result<Answer, String> {
    let fields = match entry {
        Value::Array(_) => return Script::compile(entry, false).map(Answer::Scripted),
        Value::Object(fields) => fields,
        other => return Err(format!("expected an object or a list of candidates, found {}", kind(other))),
    };
    if ["Return", "Throw", "When"].iter().any(|key| fields.contains_key(*key)) {
        return Script::compile(entry, false).map(Answer::Scripted);
    }
    let failed = fields.contains_key("error") || fields.contains_key("cause");
    match (fields.get("output"), failed) {
        (Some(output), false) => Ok(Answer::Recorded(MockResponse::Return {
            output: output.clone(),
            submitted: fields.get("submitted_output").cloned(),
        })),
        (None, true) => Ok(Answer::Recorded(MockResponse::Throw {
            error: optional_string(fields.get("error"), "\"error\"")?,
            cause: cause_text(fields.get("cause"), "\"cause\"")?,
        })),
        (Some(_), true) => Err("has both \"output\" and \"error\"/\"cause\"".to_string()),
        (None, false) => Err("needs \"output\", \"error\"/\"cause\", \"Return\" or \"Throw\"".to_string()),
    }
}

fn optional_string(value: Option<&Value>, field: &str) -> Result<Option<String>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(other) => Err(format!("{field} must be a string, found {}", kind(other))),
    }
}

/// The corpus keeps a cause whose text was a JSON object as that object (e.g. a Lambda error payload); the
/// task's cause is its text again, written compactly (AWS's exact spacing is not recorded).
fn cause_text(value: Option<&Value>, field: &str) -> Result<Option<String>, String> {
    match value {
        Some(object @ Value::Object(_)) => serde_json::to_string(object)
            .map(Some)
            .map_err(|error| format!("{field} cannot be written as JSON text: {error}")),
        Some(other @ (Value::Bool(_) | Value::Number(_) | Value::Array(_))) => {
            Err(format!("{field} must be a string, an object or null, found {}", kind(other)))
        }
        other => optional_string(other, field),
    }
}

/// The field `name` of `object`, which must be an object; `place` prefixes the error.
fn object_field<'a>(
    object: &'a Map<String, Value>,
    name: &str,
    place: &str,
) -> Result<&'a Map<String, Value>, String> {
    match object.get(name) {
        Some(Value::Object(field)) => Ok(field),
        Some(other) => Err(format!("{place}: {name:?} must be an object, found {}", kind(other))),
        None => Err(format!("{place}: no {name:?} object")),
    }
}

/// The entry named `wanted` of `candidates`, or the only one when none is named.
fn choose<'a>(
    what: &str,
    place: &str,
    candidates: &'a Map<String, Value>,
    wanted: Option<&str>,
) -> Result<(&'a str, &'a Value), String> {
    let available = || {
        let mut names: Vec<String> =
            candidates.keys().take(MAX_LISTED_NAMES).map(|name| format!("{name:?}")).collect();
        if candidates.len() > MAX_LISTED_NAMES {
            names.push(format!("and {} more", candidates.len() - MAX_LISTED_NAMES));
        }
        names.join(", ")
    };
    match wanted {
        Some(name) => candidates
            .get_key_value(name)
            .map(|(key, value)| (key.as_str(), value))
            .ok_or_else(|| format!("mocks: {what} {name:?} is not in {place} (available: {})", available())),
        None if candidates.len() > 1 => {
            Err(format!("mocks: {place} has several, choose a {what}: {}", available()))
        }
        None => match candidates.iter().next() {
            Some((key, value)) => Ok((key.as_str(), value)),
            None => Err(format!("mocks: {place} is empty: no {what} to run")),
        },
    }
}

/// A user-given name as it appears in a message: as is, or escaped when it would break the line or quoting.
fn show(name: &str) -> String {
    if name.chars().any(|c| c.is_control() || c == '"') { format!("{name:?}") } else { name.to_string() }
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests;

//! Mocked Task responses (asl-reference §8): the core never calls a service, so every Task invocation is
//! answered here, from AWS Step Functions Local's MockConfigFile (developer guide, sfn-local-mock-cfg-file)
//! or from the per-state lists of the recorded corpus (corpus README, "Mocks").

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Highest invocation number a mock may name. Ranges are stored, never expanded, so this only catches
/// typos such as "0-4000000000"; it is the Distributed Map item ceiling (asl-reference §13).
const MAX_INVOCATION: u32 = 100_000_000;

/// Names listed at most in an error, to keep it on one readable line.
const MAX_LISTED_NAMES: usize = 10;

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
    response: MockResponse,
}

impl Mocks {
    /// Accepts three formats: a MockConfigFile (`StateMachines` + `MockedResponses`), or an object of state
    /// name -> list of responses (entry i answers call i) whose entries are either corpus records
    /// (`output` / `error`+`cause`) or `Return` / `Throw` objects.
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

    /// The response for the `call`-th invocation (0-based) of the Task state named `state`; None when none is left.
    pub fn response(&self, state: &str, call: u32) -> Option<&MockResponse> {
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
        let response =
            return_or_throw(entry, true).map_err(|problem| format!("mocks: {place}.{key}: {problem}"))?;
        spans.push(Span { first, last, response });
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

/// `{"Return": <result>}` or `{"Throw": {"Error": ..., "Cause": ...}}`. The MockConfigFile (`config_file`)
/// requires both `Error` and `Cause` as strings, as AWS documents; the list format lets either be absent or
/// null (AWS records task failures without them) and takes a JSON-object cause as its compact text.
fn return_or_throw(entry: &Value, config_file: bool) -> Result<MockResponse, String> {
    let Value::Object(fields) = entry else {
        return Err(format!("expected an object with \"Return\" or \"Throw\", found {}", kind(entry)));
    };
    if let Some(other) = fields.keys().find(|key| *key != "Return" && *key != "Throw") {
        return Err(format!(
            "unexpected field {other:?}: a response has a single field, \"Return\" or \"Throw\""
        ));
    }
    match (fields.get("Return"), fields.get("Throw")) {
        (Some(output), None) => Ok(MockResponse::Return { output: output.clone(), submitted: None }),
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
            Ok(MockResponse::Throw {
                error: optional_string(throw.get("Error"), "\"Error\"")?,
                cause: cause_text(throw.get("Cause"), "\"Cause\"")?,
            })
        }
        (None, Some(other)) => {
            Err(format!("\"Throw\" must be an object with \"Error\" and \"Cause\", found {}", kind(other)))
        }
        (Some(_), Some(_)) => Err("has both \"Return\" and \"Throw\"".to_string()),
        (None, None) => Err("needs a \"Return\" or a \"Throw\" field".to_string()),
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
/// are ignored) or a `Return`/`Throw` object.
fn list_entry(entry: &Value) -> Result<MockResponse, String> {
    let Value::Object(fields) = entry else {
        return Err(format!("expected an object, found {}", kind(entry)));
    };
    if fields.contains_key("Return") || fields.contains_key("Throw") {
        return return_or_throw(entry, false);
    }
    let failed = fields.contains_key("error") || fields.contains_key("cause");
    match (fields.get("output"), failed) {
        (Some(output), false) => Ok(MockResponse::Return {
            output: output.clone(),
            submitted: fields.get("submitted_output").cloned(),
        }),
        (None, true) => Ok(MockResponse::Throw {
            error: optional_string(fields.get("error"), "\"error\"")?,
            cause: cause_text(fields.get("cause"), "\"cause\"")?,
        }),
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
mod tests {
    use super::*;
    use serde_json::json;

    /// The example MockConfigFile of the AWS developer guide (sfn-local-mock-cfg-file), one test case added.
    fn aws_example() -> Value {
        json!({
          "StateMachines": {
            "LambdaSQSIntegration": {
              "TestCases": {
                "HappyPath": {"LambdaState": "MockedLambdaSuccess", "SQSState": "MockedSQSSuccess"},
                "RetryPath": {"LambdaState": "MockedLambdaRetry", "SQSState": "MockedSQSSuccess"},
                "HybridPath": {"LambdaState": "MockedLambdaSuccess"}
              }
            }
          },
          "MockedResponses": {
            "MockedLambdaSuccess": {
              "0": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}}
            },
            "LambdaMockedResourceNotReady": {
              "0": {"Throw": {"Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready."}}
            },
            "MockedSQSSuccess": {
              "0": {"Return": {"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51",
                               "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}}
            },
            "MockedLambdaRetry": {
              "0": {"Throw": {"Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready."}},
              "1-2": {"Throw": {"Error": "Lambda.TimeoutException", "Cause": "Lambda timed out."}},
              "3": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}}
            }
          }
        })
    }

    fn throw(error: &str, cause: &str) -> MockResponse {
        MockResponse::Throw { error: Some(error.to_string()), cause: Some(cause.to_string()) }
    }

    fn ret(output: Value) -> MockResponse {
        MockResponse::Return { output, submitted: None }
    }

    fn config_error(doc: &Value) -> String {
        Mocks::from_value(doc, None, None).expect_err("the document should be rejected")
    }

    /// The AWS example with `MockedLambdaRetry` replaced by `responses`, run as RetryPath.
    fn retry_path_with(responses: Value) -> Result<Mocks, String> {
        let mut doc = aws_example();
        doc["MockedResponses"]["MockedLambdaRetry"] = responses;
        Mocks::from_value(&doc, None, Some("RetryPath"))
    }

    #[test]
    fn config_file_answers_each_invocation_by_number_and_range() {
        let mocks =
            Mocks::from_value(&aws_example(), Some("LambdaSQSIntegration"), Some("RetryPath")).unwrap();
        let not_ready = throw("Lambda.ResourceNotReadyException", "Lambda resource is not ready.");
        let timed_out = throw("Lambda.TimeoutException", "Lambda timed out.");
        assert_eq!(mocks.response("LambdaState", 0), Some(&not_ready));
        assert_eq!(mocks.response("LambdaState", 1), Some(&timed_out));
        assert_eq!(mocks.response("LambdaState", 2), Some(&timed_out));
        let success =
            ret(json!({"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}));
        assert_eq!(mocks.response("LambdaState", 3), Some(&success));
        assert!(matches!(mocks.response("SQSState", 0), Some(MockResponse::Return { .. })));
        assert!(!mocks.is_empty());
    }

    #[test]
    fn a_call_past_the_last_key_or_of_an_unmocked_state_has_no_response() {
        let mocks = Mocks::from_value(&aws_example(), None, Some("HybridPath")).unwrap();
        assert!(mocks.response("LambdaState", 0).is_some());
        assert_eq!(mocks.response("LambdaState", 1), None);
        assert_eq!(mocks.response("LambdaState", u32::MAX), None);
        assert_eq!(mocks.response("SQSState", 0), None);
    }

    #[test]
    fn the_only_state_machine_and_test_case_are_used_when_not_named() {
        let doc = json!({
            "StateMachines": {"Only": {"TestCases": {"Case": {"Task": "R"}}}},
            "MockedResponses": {"R": {"0": {"Return": "done"}}}
        });
        let mocks = Mocks::from_value(&doc, None, None).unwrap();
        assert_eq!(mocks.response("Task", 0), Some(&ret(json!("done"))));
    }

    #[test]
    fn several_test_cases_and_none_named_is_an_error_listing_them() {
        assert_eq!(
            config_error(&aws_example()),
            r#"mocks: StateMachines.LambdaSQSIntegration.TestCases has several, choose a test case: "HappyPath", "RetryPath", "HybridPath""#
        );
    }

    #[test]
    fn unknown_names_are_errors_naming_them() {
        let doc = aws_example();
        assert_eq!(
            Mocks::from_value(&doc, None, Some("SadPath")).unwrap_err(),
            r#"mocks: test case "SadPath" is not in StateMachines.LambdaSQSIntegration.TestCases (available: "HappyPath", "RetryPath", "HybridPath")"#
        );
        assert_eq!(
            Mocks::from_value(&doc, Some("Other"), Some("HappyPath")).unwrap_err(),
            r#"mocks: state machine "Other" is not in StateMachines (available: "LambdaSQSIntegration")"#
        );
        let mut doc = doc;
        doc["StateMachines"]["LambdaSQSIntegration"]["TestCases"]["HappyPath"]["SQSState"] = json!("Missing");
        assert_eq!(
            Mocks::from_value(&doc, None, Some("HappyPath")).unwrap_err(),
            r#"mocks: StateMachines.LambdaSQSIntegration.TestCases.HappyPath.SQSState: mocked response "Missing" is not in MockedResponses"#
        );
    }

    #[test]
    fn invocation_keys_must_be_numbers_or_ranges() {
        for (key, problem) in [
            ("x", r#"key "x" is not an invocation number or range"#),
            ("-1", r#"key "-1" is not an invocation number or range"#),
            ("0-", r#"key "0-" is not an invocation number or range"#),
            ("0-1-2", r#"key "0-1-2" is not an invocation number or range"#),
            (" 0", r#"key " 0" is not an invocation number or range"#),
            ("1.5", r#"key "1.5" is not an invocation number or range"#),
            ("٣", r#"key "٣" is not an invocation number or range"#),
            ("2-1", r#"key "2-1" is a range that ends before it starts"#),
            ("0-4000000000", r#"key "0-4000000000" names an invocation above 100000000"#),
            (
                "99999999999999999999999",
                r#"key "99999999999999999999999" names an invocation above 100000000"#,
            ),
        ] {
            let error = retry_path_with(json!({ key: {"Return": 1} })).unwrap_err();
            assert_eq!(error, format!("mocks: MockedResponses.MockedLambdaRetry: {problem}"));
        }
    }

    #[test]
    fn large_ranges_are_stored_not_expanded() {
        let mocks =
            retry_path_with(json!({"0-99999999": {"Return": 1}, "100000000": {"Return": 2}})).unwrap();
        assert_eq!(mocks.response("LambdaState", 99_999_999), Some(&ret(json!(1))));
        assert_eq!(mocks.response("LambdaState", 100_000_000), Some(&ret(json!(2))));
        assert_eq!(mocks.response("LambdaState", 100_000_001), None);
        assert!(serde_json::to_string(&mocks).unwrap().len() < 1000);
    }

    #[test]
    fn keys_must_cover_every_invocation_from_zero_once() {
        let place = "mocks: MockedResponses.MockedLambdaRetry";
        let gap = retry_path_with(json!({"0": {"Return": 1}, "2": {"Return": 2}})).unwrap_err();
        assert_eq!(
            gap,
            format!("{place}: no response for invocation 1 (the keys must cover every invocation from 0)")
        );
        let late_start = retry_path_with(json!({"1-3": {"Return": 1}})).unwrap_err();
        assert_eq!(
            late_start,
            format!("{place}: no response for invocation 0 (the keys must cover every invocation from 0)")
        );
        let overlap = retry_path_with(json!({"0-2": {"Return": 1}, "2": {"Return": 2}})).unwrap_err();
        assert_eq!(overlap, format!("{place}: invocation 2 has more than one response"));
        let empty = retry_path_with(json!({})).unwrap_err();
        assert_eq!(empty, format!(r#"{place}: no invocation keys (expected "0", "1-2", ...)"#));
        // Keys may come in any order.
        let shuffled = retry_path_with(json!({"2": {"Return": 3}, "0-1": {"Return": 1}})).unwrap();
        assert_eq!(shuffled.response("LambdaState", 2), Some(&ret(json!(3))));
    }

    #[test]
    fn a_config_file_response_is_exactly_one_return_or_throw_with_error_and_cause() {
        let place = r#"mocks: MockedResponses.MockedLambdaRetry.0"#;
        for (response, problem) in [
            (json!({"Return": 1, "Throw": {"Error": "E", "Cause": "C"}}), r#"has both "Return" and "Throw""#),
            (json!({}), r#"needs a "Return" or a "Throw" field"#),
            (
                json!({"Return": 1, "Comment": "x"}),
                r#"unexpected field "Comment": a response has a single field, "Return" or "Throw""#,
            ),
            (json!({"Throw": {"Error": "E"}}), r#""Throw" needs string fields "Error" and "Cause""#),
            (
                json!({"Throw": {"Error": "E", "Cause": null}}),
                r#""Throw" needs string fields "Error" and "Cause""#,
            ),
            (
                json!({"Throw": {"Error": "E", "Cause": "C", "error": "e"}}),
                r#""Throw" has an unknown field "error" (expected "Error" and "Cause")"#,
            ),
            (json!({"Throw": "E"}), r#""Throw" must be an object with "Error" and "Cause", found a string"#),
            (json!([1]), r#"expected an object with "Return" or "Throw", found an array"#),
        ] {
            let error = retry_path_with(json!({ "0": response })).unwrap_err();
            assert_eq!(error, format!("{place}: {problem}"));
        }
    }

    #[test]
    fn a_malformed_mocked_response_is_reported_even_when_the_test_case_does_not_use_it() {
        let mut doc = aws_example();
        doc["MockedResponses"]["LambdaMockedResourceNotReady"] = json!({"0": {"Throw": {"Error": "E"}}});
        let error = Mocks::from_value(&doc, None, Some("HappyPath")).unwrap_err();
        assert!(error.starts_with("mocks: MockedResponses.LambdaMockedResourceNotReady.0: "), "{error}");
    }

    #[test]
    fn config_file_structure_errors_say_where() {
        let responses = json!({"R": {"0": {"Return": 1}}});
        for (doc, message) in [
            (json!({"MockedResponses": responses}), r#"mocks: MockConfigFile: no "StateMachines" object"#),
            (json!({"StateMachines": {}}), r#"mocks: MockConfigFile: no "MockedResponses" object"#),
            (
                json!({"StateMachines": 3, "MockedResponses": responses}),
                r#"mocks: MockConfigFile: "StateMachines" must be an object, found a number"#,
            ),
            (
                json!({"StateMachines": {}, "MockedResponses": responses}),
                "mocks: StateMachines is empty: no state machine to run",
            ),
            (
                json!({"StateMachines": {"M": []}, "MockedResponses": responses}),
                "mocks: StateMachines.M: expected an object, found an array",
            ),
            (
                json!({"StateMachines": {"M": {}}, "MockedResponses": responses}),
                r#"mocks: StateMachines.M: no "TestCases" object"#,
            ),
            (
                json!({"StateMachines": {"M": {"TestCases": {"C": ["R"]}}}, "MockedResponses": responses}),
                "mocks: StateMachines.M.TestCases.C: expected an object of state name -> mocked response name",
            ),
            (
                json!({"StateMachines": {"M": {"TestCases": {"C": {"T": 0}}}}, "MockedResponses": responses}),
                "mocks: StateMachines.M.TestCases.C.T: expected the name of a mocked response, found a number",
            ),
            (
                json!({"StateMachines": {"M": {"TestCases": {"C": {"T": "R"}}}}, "MockedResponses": {"R": [1]}}),
                "mocks: MockedResponses.R: expected an object keyed by invocation numbers, found an array",
            ),
        ] {
            assert_eq!(config_error(&doc), message);
        }
    }

    #[test]
    fn long_name_lists_are_cut_and_odd_names_escaped() {
        let cases: Map<String, Value> = (0..12).map(|i| (format!("C{i}"), json!({}))).collect();
        let doc = json!({"StateMachines": {"M\n2": {"TestCases": cases}}, "MockedResponses": {}});
        let error = config_error(&doc);
        assert!(!error.contains('\n'), "{error}");
        assert!(error.starts_with(r#"mocks: StateMachines."M\n2".TestCases has several"#), "{error}");
        assert!(error.ends_with(r#""C9", and 2 more"#), "{error}");
    }

    #[test]
    fn corpus_mocks_are_read_as_recorded() {
        // `mocks` of scenarios/test_lambda_empty_retry and local_mocking/test_events_put_events (scenarios.jsonl,
        // local_mocking.jsonl), verbatim.
        let doc: Value = serde_json::from_str(r#"{
            "LambdaTask": [{"error": "Exception", "cause": {"errorMessage": "Some exception was raised.", "errorType": "Exception", "requestId": "<uuid:1>", "stackTrace": ["  File \"/var/task/handler.py\", line 2, in handler\n    raise Exception(\"Some exception was raised.\")\n"]}, "event": "LambdaFunctionFailed", "request": {}, "resource": "arn:<partition>:lambda:<region>:111111111111:function:<lambda_function_name>"}],
            "PutEvents": [{"output": {"Entries": [{"EventId": "<uuid:1>"}], "FailedEntryCount": 0}, "event": "TaskSucceeded", "request": {"Entries": [{"Detail": "{\"Message\": \"string-literal\"}", "DetailType": "detail-type", "Source": "some.source"}]}, "resource": "putEvents", "resourceType": "events"}]
        }"#).unwrap();
        let mocks = Mocks::from_value(&doc, Some("ignored"), Some("ignored")).unwrap();
        let cause = r#"{"errorMessage":"Some exception was raised.","errorType":"Exception","requestId":"<uuid:1>","stackTrace":["  File \"/var/task/handler.py\", line 2, in handler\n    raise Exception(\"Some exception was raised.\")\n"]}"#;
        assert_eq!(mocks.response("LambdaTask", 0), Some(&throw("Exception", cause)));
        assert_eq!(mocks.response("LambdaTask", 1), None);
        let output = json!({"Entries": [{"EventId": "<uuid:1>"}], "FailedEntryCount": 0});
        assert_eq!(mocks.response("PutEvents", 0), Some(&ret(output)));
    }

    #[test]
    fn corpus_entries_keep_submitted_output_and_allow_missing_error_fields() {
        // Shapes of callback/test_sqs_wait_for_task_token (submitted_output), of
        // callback/test_sqs_failure_in_wait_for_task_tok_no_error_field (error null) and of
        // error_handling/test_invoke_timeout (no cause).
        let doc = json!({
            "SendMessageWithWait": [
                {"output": "string-literal", "event": "TaskSucceeded", "resourceType": "sqs",
                 "submitted_output": {"MD5OfMessageBody": "<m-d5-of-message-body:1>", "MessageId": "<uuid:1>"}},
                {"error": null, "event": "TaskFailed", "resource": "sendMessage.waitForTaskToken"},
                {"error": "States.Timeout", "event": "TaskTimedOut"}
            ]
        });
        let mocks = Mocks::from_value(&doc, None, None).unwrap();
        let submitted = json!({"MD5OfMessageBody": "<m-d5-of-message-body:1>", "MessageId": "<uuid:1>"});
        let first = MockResponse::Return { output: json!("string-literal"), submitted: Some(submitted) };
        assert_eq!(mocks.response("SendMessageWithWait", 0), Some(&first));
        let second = MockResponse::Throw { error: None, cause: None };
        assert_eq!(mocks.response("SendMessageWithWait", 1), Some(&second));
        let third = MockResponse::Throw { error: Some("States.Timeout".to_string()), cause: None };
        assert_eq!(mocks.response("SendMessageWithWait", 2), Some(&third));
    }

    #[test]
    fn list_form_accepts_return_and_throw_entries() {
        let doc = json!({
            "Lambda": [
                {"Throw": {"Error": "Lambda.TooManyRequestsException"}},
                {"Throw": {"Error": "Exception", "Cause": {"errorMessage": "boom"}}},
                {"Return": {"Payload": 1}},
                {"output": null}
            ]
        });
        let mocks = Mocks::from_value(&doc, None, None).unwrap();
        let throttled =
            MockResponse::Throw { error: Some("Lambda.TooManyRequestsException".to_string()), cause: None };
        assert_eq!(mocks.response("Lambda", 0), Some(&throttled));
        assert_eq!(mocks.response("Lambda", 1), Some(&throw("Exception", r#"{"errorMessage":"boom"}"#)));
        assert_eq!(mocks.response("Lambda", 2), Some(&ret(json!({"Payload": 1}))));
        assert_eq!(mocks.response("Lambda", 3), Some(&ret(Value::Null)));
        assert_eq!(mocks.response("Lambda", 4), None);
    }

    #[test]
    fn list_form_errors_say_which_state_and_entry() {
        for (doc, message) in [
            (json!([]), "mocks: expected an object, found an array"),
            (
                json!({"S": {"output": 1}}),
                "mocks: S: expected a list of responses (one per invocation), found an object",
            ),
            (json!({"S": [{"output": 1}, 5]}), "mocks: S[1]: expected an object, found a number"),
            (
                json!({"S": [{"output": 1, "error": "E"}]}),
                r#"mocks: S[0]: has both "output" and "error"/"cause""#,
            ),
            (
                json!({"S": [{"event": "TaskSucceeded"}]}),
                r#"mocks: S[0]: needs "output", "error"/"cause", "Return" or "Throw""#,
            ),
            (json!({"S": [{"error": 3}]}), r#"mocks: S[0]: "error" must be a string, found a number"#),
            (
                json!({"S": [{"error": "E", "cause": [1]}]}),
                r#"mocks: S[0]: "cause" must be a string, an object or null, found an array"#,
            ),
            (
                json!({"S": [{"Return": 1, "event": "x"}]}),
                r#"mocks: S[0]: unexpected field "event": a response has a single field, "Return" or "Throw""#,
            ),
            (
                json!({"S": [{"Throw": {"Error": false}}]}),
                r#"mocks: S[0]: "Error" must be a string, found a boolean"#,
            ),
        ] {
            assert_eq!(Mocks::from_value(&doc, None, None).unwrap_err(), message);
        }
    }

    #[test]
    fn a_state_named_like_a_config_file_field_still_reads_as_a_list() {
        let mocks = Mocks::from_value(&json!({"MockedResponses": [{"output": 1}]}), None, None).unwrap();
        assert_eq!(mocks.response("MockedResponses", 0), Some(&ret(json!(1))));
    }

    #[test]
    fn parse_reads_json_and_yaml_text() {
        let yaml = "StateMachines:\n  M:\n    TestCases:\n      C:\n        Task: R\nMockedResponses:\n  R:\n    0:\n      Return: {ok: true}\n    1-2:\n      Throw: {Error: E, Cause: C}\n";
        let mocks = Mocks::parse(yaml, None, None).unwrap();
        assert_eq!(mocks.response("Task", 0), Some(&ret(json!({"ok": true}))));
        assert_eq!(mocks.response("Task", 2), Some(&throw("E", "C")));
        let json_text = serde_json::to_string(&aws_example()).unwrap();
        assert_eq!(
            Mocks::parse(&json_text, None, Some("RetryPath")),
            Mocks::from_value(&aws_example(), None, Some("RetryPath"))
        );
        let list = Mocks::parse("Task:\n  - output: 1\n  - error: E\n    cause: C\n", None, None).unwrap();
        assert_eq!(list.response("Task", 1), Some(&throw("E", "C")));
    }

    #[test]
    fn malformed_text_is_a_one_line_error() {
        let json_error = Mocks::parse("{\"Task\": [\n{\"output\": 1}\n", None, None).unwrap_err();
        assert!(json_error.starts_with("mocks: not valid JSON: "), "{json_error}");
        let yaml_error = Mocks::parse("Task:\n  - output: [1\n  - x: : :\n", None, None).unwrap_err();
        assert!(yaml_error.starts_with("mocks: not valid YAML: "), "{yaml_error}");
        for error in [json_error, yaml_error] {
            assert!(!error.contains('\n'), "{error}");
        }
        assert_eq!(Mocks::parse("", None, None).unwrap_err(), "mocks: expected an object, found null");
        assert!(Mocks::parse("a: *unknown", None, None).is_err());
    }

    #[test]
    fn empty_documents_give_no_mocks() {
        assert!(Mocks::parse("{}", None, None).unwrap().is_empty());
        assert!(Mocks::from_value(&json!({"Task": []}), None, None).unwrap().is_empty());
        assert!(Mocks::default().is_empty());
        let doc = json!({"StateMachines": {"M": {"TestCases": {"C": {}}}}, "MockedResponses": {}});
        assert!(Mocks::from_value(&doc, None, None).unwrap().is_empty());
    }

    #[test]
    fn mocks_survive_a_json_snapshot() {
        let mocks = Mocks::from_value(&aws_example(), None, Some("RetryPath")).unwrap();
        let snapshot = serde_json::to_value(&mocks).unwrap();
        assert_eq!(serde_json::from_value::<Mocks>(snapshot).unwrap(), mocks);
    }
}

//! A playground session: what the browser hands over (definition, input and mock texts, settings) turned
//! into engine calls, with answers shaped for the page. Plain Rust, tested natively; `wasm` only converts.

use crate::diagnostic::{Diagnostic, Severity};
use crate::exec::{Execution, Options, Progress};
use crate::graph::Graph;
use crate::mock::Mocks;
use crate::{graph, locate, timestamp, validate};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Settings chosen in the page.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SessionOptions {
    pub seed: Option<u64>,
    pub start_time: Option<String>,
    pub mocks: Option<String>,
    pub test_case: Option<String>,
    pub state_machine: Option<String>,
    pub express: Option<bool>,
    /// Record every state's data stages for the inspector (default on; off for benchmarks).
    pub inspect: Option<bool>,
}

/// A diagnostic with where it is in the text, in UTF-16 code units.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Located {
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
    pub from: usize,
    pub to: usize,
}

/// Reads a definition and checks it; a parse error is itself a diagnostic. A diagnostic with an offset
/// into its string (a JSONata parse error) is narrowed to that character when the text allows.
pub fn validate_text(definition: &str) -> Vec<Located> {
    let diags = match validate::parse_text(definition) {
        Ok(def) => validate::validate(&def, &validate::Options::default()),
        Err(d) => vec![d],
    };
    diags
        .into_iter()
        .map(|d| {
            let point = d.offset.and_then(|o| locate::char_span(definition, &d.location, o));
            let (from, to) = point.or_else(|| locate::span(definition, &d.location)).unwrap_or((0, 0));
            Located { diagnostic: d, from, to }
        })
        .collect()
}

pub fn graph_text(definition: &str) -> Result<Graph, String> {
    let def = validate::parse_text(definition).map_err(|d| d.to_string())?;
    graph::graph(&def)
}

/// Starts an execution with inspection on. Err: one line saying what is wrong.
pub fn start(definition: &str, input: &str, options: &SessionOptions) -> Result<Execution, String> {
    let def = validate::parse_text(definition).map_err(|d| d.to_string())?;
    let express = options.express.unwrap_or(false);
    let diags = validate::validate(&def, &validate::Options { express });
    if let Some(d) = diags.iter().find(|d| d.severity == Severity::Error) {
        return Err(format!("the definition is not valid: {d}"));
    }
    let input: Value = if input.trim().is_empty() {
        Value::Object(Default::default())
    } else {
        serde_json::from_str(input).map_err(|e| format!("the input is not JSON: {e}"))?
    };
    let inspect = options.inspect.unwrap_or(true);
    let mut o = Options { express, inspect, seed: options.seed.unwrap_or(0), ..Options::default() };
    if let Some(t) = options.start_time.as_deref().filter(|t| !t.is_empty()) {
        o.start_time_ms =
            timestamp::parse_millis(t).ok_or_else(|| format!("the start time is not RFC 3339: {t}"))?;
    }
    if let Some(m) = options.mocks.as_deref().filter(|m| !m.trim().is_empty()) {
        let nonempty = |s: &Option<String>| s.clone().filter(|s| !s.is_empty());
        o.mocks = Mocks::parse(
            m,
            nonempty(&options.state_machine).as_deref(),
            nonempty(&options.test_case).as_deref(),
        )?;
    }
    Execution::start(&def, input, o)
}

/// `DONE`, `BLOCKED` or `BUDGET` after at most `budget` steps.
pub fn run(exec: &mut Execution, budget: usize, unanswered: bool) -> &'static str {
    match exec.run_for(budget, unanswered) {
        Some(Progress::Done) => "DONE",
        Some(Progress::Blocked) => "BLOCKED",
        None => "BUDGET",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diagnostics_point_into_the_text() {
        let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}"#;
        let diags = validate_text(text);
        let d = diags.iter().find(|d| d.diagnostic.code == "MISSING_TRANSITION_TARGET").unwrap();
        assert_eq!(&text[d.from..d.to], "\"Nowhere\"");
        assert_eq!(validate_text("not json")[0].diagnostic.code, "INVALID_JSON_DESCRIPTION");
    }

    #[test]
    fn jsonata_parse_errors_point_at_the_failing_character() {
        let text = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass",
            "Output": {"é": "{% \"\u00e9\" & a[1,2) %}"}, "End": true}}}"#;
        let d = &validate_text(text)[0];
        assert_eq!(
            (d.diagnostic.code.as_str(), d.diagnostic.offset),
            ("INVALID_JSONATA_EXPRESSION", Some(12))
        );
        let units: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16(&units[d.from..d.to]).unwrap(), ",");
        // YAML strings are not walked: the whole line is marked.
        let yaml = "QueryLanguage: JSONata\nStartAt: A\nStates:\n  A:\n    Type: Pass\n    Output: '{% 1 + %}'\n    End: true\n";
        let d = &validate_text(yaml)[0];
        assert_eq!(&yaml[d.from..d.to], "Output: '{% 1 + %}'");
    }

    #[test]
    fn a_session_runs_in_slices_and_inspects_each_stage() {
        let def = r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "InputPath": "$.order", "Parameters": {"id.$": "$.id"}, "ResultSelector": {"ok.$": "$.Payload"},
            "ResultPath": "$.charge", "End": true}}}"#;
        let options = SessionOptions {
            mocks: Some(r#"{"T": [{"Return": {"Payload": true}}]}"#.into()),
            ..Default::default()
        };
        let mut exec = start(def, r#"{"order": {"id": 7}}"#, &options).unwrap();
        assert_eq!(run(&mut exec, 2, false), "BUDGET");
        assert_eq!(run(&mut exec, 100, false), "DONE");
        let i = exec.inspection("T", 100).unwrap();
        assert_eq!(i["afterInputPath"], json!({"id": 7}));
        assert_eq!(i["afterParameters"], json!({"id": 7}));
        assert_eq!(i["result"], json!({"Payload": true}));
        assert_eq!(i["afterResultSelector"], json!({"ok": true}));
        assert_eq!(i["afterResultPath"], json!({"order": {"id": 7}, "charge": {"ok": true}}));
        assert_eq!(i["output"], i["afterResultPath"]);
        assert_eq!(serde_json::to_value(exec.state_statuses(2)).unwrap(), json!({"T": "IN_PROGRESS"}));
        assert_eq!(serde_json::to_value(exec.state_statuses(100)).unwrap(), json!({"T": "SUCCEEDED"}));
    }

    #[test]
    fn statuses_tell_caught_failed_and_cancelled_apart() {
        let def = r#"{"StartAt": "P", "States": {
            "P": {"Type": "Parallel", "Branches": [
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "End": true}}},
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom"}}}],
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}], "End": true},
            "H": {"Type": "Pass", "End": true}}}"#;
        let mut exec = start(def, "{}", &SessionOptions::default()).unwrap();
        run(&mut exec, 1000, false);
        let s = serde_json::to_value(exec.state_statuses(1000)).unwrap();
        assert_eq!(s, json!({"F": "FAILED", "H": "SUCCEEDED", "P": "CAUGHT", "W": "CANCELLED"}));
    }

    #[test]
    fn bad_texts_are_one_line_errors() {
        let def = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#;
        let error = |input: &str, o: &SessionOptions| start(def, input, o).err().unwrap_or_default();
        assert!(error("{", &SessionOptions::default()).starts_with("the input is not JSON"));
        assert!(start("nope", "{}", &SessionOptions::default()).is_err());
        let bad_mocks = SessionOptions { mocks: Some("{\"A\": 5}".into()), ..Default::default() };
        assert!(error("{}", &bad_mocks).starts_with("mocks:"), "{}", error("{}", &bad_mocks));
    }
}

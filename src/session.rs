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
        assert_eq!(i["queryLanguage"], "JSONPath");
        assert_eq!(i.get("jsonata"), None);
        assert_eq!(serde_json::to_value(exec.state_statuses(2)).unwrap(), json!({"T": "IN_PROGRESS"}));
        assert_eq!(serde_json::to_value(exec.state_statuses(100)).unwrap(), json!({"T": "SUCCEEDED"}));
    }

    #[test]
    fn a_jsonata_visit_shows_each_field_value_and_the_variables() {
        let def = r#"{"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
            "Init": {"Type": "Pass", "Assign": {"limit": 100, "currency": "EUR"}, "Next": "Charge"},
            "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Arguments": {"amount": "{% $states.input.total %}", "currency": "{% $currency %}"},
              "TimeoutSeconds": "{% 30 %}",
              "Assign": {"chargeId": "{% $states.result.id %}"},
              "Output": {"charged": "{% $states.result.id %}",
                "total": "{% $states.input.total %}"},
              "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput.Error %}",
                "Next": "Done"}],
              "Next": "Big?"},
            "Big?": {"Type": "Choice", "Choices": [
                {"Condition": "{% $states.input.total > $limit %}", "Next": "Done"},
                {"Condition": "{% $exists($chargeId) %}", "Output": {"id": "{% $chargeId %}"},
                  "Next": "Done"}],
              "Default": "Done"},
            "Done": {"Type": "Succeed"}}}"#;
        let mocks = r#"{"Charge": [{"Return": {"id": "ch_1"}}]}"#;
        let options = SessionOptions { mocks: Some(mocks.into()), ..Default::default() };
        let mut exec = start(def, r#"{"total": 42}"#, &options).unwrap();
        assert_eq!(run(&mut exec, 1000, false), "DONE");
        assert_eq!(exec.status().as_str(), "SUCCEEDED", "{:?}", exec.error());

        let init = exec.inspection("Init", 1000).unwrap();
        assert_eq!(init["queryLanguage"], "JSONata");
        assert_eq!(init.get("variables"), None, "nothing is in scope yet");
        assert_eq!(init["jsonata"], json!({"Assign": {"limit": 100, "currency": "EUR"}}));
        assert_eq!(init["assigned"], json!({"limit": 100, "currency": "EUR"}));

        let charge = exec.inspection("Charge", 1000).unwrap();
        assert_eq!(charge["variables"], json!({"limit": 100, "currency": "EUR"}));
        assert_eq!(
            charge["jsonata"],
            json!({
                "Arguments": {"amount": 42, "currency": "EUR"},
                "TimeoutSeconds": 30,
                "Assign": {"chargeId": "ch_1"},
                "Output": {"charged": "ch_1", "total": 42}
            })
        );
        assert_eq!(charge["assigned"], json!({"chargeId": "ch_1"}));

        // Every Condition tried, in order, and the matched rule's Output under its own location.
        let choice = exec.inspection("Big?", 1000).unwrap();
        assert_eq!(choice["variables"], json!({"limit": 100, "currency": "EUR", "chargeId": "ch_1"}));
        assert_eq!(
            choice["jsonata"],
            json!({
                "Choices[0]/Condition": false,
                "Choices[1]/Condition": true,
                "Choices[1]/Output": {"id": "ch_1"}
            })
        );
        assert_eq!(choice.get("assigned"), None);

        // A caught failure: the catcher's Output, not the state's.
        let declined = r#"{"Charge": [{"Throw": {"Error": "Card.Declined"}}]}"#;
        let options = SessionOptions { mocks: Some(declined.into()), ..Default::default() };
        let mut exec = start(def, r#"{"total": 42}"#, &options).unwrap();
        assert_eq!(run(&mut exec, 1000, false), "DONE");
        assert_eq!(exec.status().as_str(), "SUCCEEDED", "{:?}", exec.error());
        let charge = exec.inspection("Charge", 1000).unwrap();
        assert_eq!(charge["error"], "Card.Declined");
        let fields: Vec<&str> = charge["jsonata"].as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(fields, ["TimeoutSeconds", "Arguments", "Catch[0]/Output"], "in the order evaluated");
        assert_eq!(charge["jsonata"]["Catch[0]/Output"], "Card.Declined");
        assert_eq!(charge.get("assigned"), None);
    }

    #[test]
    fn map_iterations_see_outer_variables_and_item_selectors_are_kept_for_the_first_items() {
        let def = r#"{"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
            "Init": {"Type": "Pass", "Assign": {"factor": 3}, "Next": "Each"},
            "Each": {"Type": "Map", "Items": "{% [1, 2, 3, 4, 5, 6, 7] %}",
              "ItemSelector": {"v": "{% $states.context.Map.Item.Value * $factor %}"},
              "ItemProcessor": {"StartAt": "Keep", "States": {
                "Keep": {"Type": "Pass", "Assign": {"last": "{% $states.input.v %}"}, "Next": "Show"},
                "Show": {"Type": "Pass", "End": true}}},
              "End": true}}}"#;
        let mut exec = start(def, "{}", &SessionOptions::default()).unwrap();
        assert_eq!(run(&mut exec, 10_000, false), "DONE");
        let map = exec.inspection("Each", 10_000).unwrap();
        let fields = map["jsonata"].as_object().unwrap();
        assert_eq!(
            map["result"],
            json!([{"v": 3}, {"v": 6}, {"v": 9}, {"v": 12}, {"v": 15}, {"v": 18}, {"v": 21}])
        );
        assert_eq!(fields["Items"], json!([1, 2, 3, 4, 5, 6, 7]));
        assert_eq!(fields["ItemSelector[0]"], json!({"v": 3}));
        assert_eq!(fields["ItemSelector[4]"], json!({"v": 15}));
        assert_eq!(fields.len(), 1 + 5, "Items and the first 5 items' ItemSelector: {fields:?}");
        // The latest iteration's Show sees its own `last` and the execution's `factor`.
        let show = exec.inspection("Show", 10_000).unwrap();
        assert_eq!(show["variables"], json!({"factor": 3, "last": 21}));
    }

    #[test]
    fn the_variables_kept_per_visit_are_bounded() {
        let names: serde_json::Map<String, Value> =
            (0..150).map(|i| (format!("v{i:03}"), json!(i))).collect();
        let def = json!({"StartAt": "Init", "States": {
            "Init": {"Type": "Pass", "Assign": names, "Next": "Next"},
            "Next": {"Type": "Pass", "End": true}}});
        let mut exec = start(&def.to_string(), "{}", &SessionOptions::default()).unwrap();
        run(&mut exec, 1000, false);
        let next = exec.inspection("Next", 1000).unwrap();
        assert_eq!(next["variables"].as_object().unwrap().len(), 100);
        assert_eq!(next["variables"]["v099"], 99);
        assert_eq!(next["variablesOmitted"], 50);
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

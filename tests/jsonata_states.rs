//! States in `QueryLanguage: JSONata` (asl-reference §3): each field's evaluation, `$states`, variables,
//! and `States.QueryEvaluationError` with its causes, locations and `EvaluationFailed` events.

use asl_sandbox::exec::{Execution, Options, Status};
use common::events;
use serde_json::{Value, json};

mod common;

const TASK: &str = "arn:aws:states:::lambda:invoke";

fn run_with(def: Value, input: Value, mocks: Value, seed: u64) -> Execution {
    let mut e = common::start(&def, input, mocks, seed);
    e.run_unanswered();
    e
}

fn run(def: Value, input: Value, mocks: Value) -> Execution {
    run_with(def, input, mocks, 0)
}

fn jsonata(states: Value) -> Value {
    json!({"QueryLanguage": "JSONata", "StartAt": states.as_object().unwrap().keys().next().unwrap(), "States": states})
}

fn details(e: &Execution, event_type: &str) -> Value {
    let events = e.history().to_aws_json();
    let ev = events.iter().find(|ev| ev["type"] == event_type).unwrap();
    ev.as_object().unwrap().iter().find(|(k, _)| k.ends_with("EventDetails")).unwrap().1.clone()
}

fn failure(e: &Execution) -> (String, String) {
    let err = e.error().unwrap();
    (err.error.clone().unwrap_or_default(), err.cause.clone().unwrap_or_default())
}

#[test]
fn a_task_sends_its_arguments_and_outputs_from_its_result() {
    let def = jsonata(json!({
        "T": {"Type": "Task", "Resource": TASK,
              "Arguments": {"FunctionName": "f", "Payload": {"n": "{% $states.input.n * 2 %}"}},
              "TimeoutSeconds": "{% $states.input.n + 8 %}",
              "Assign": {"seen": "{% $states.result.Payload %}"},
              "Output": {"doubled": "{% $states.result.Payload %}", "was": "{% $states.input.n %}"},
              "Next": "After"},
        "After": {"Type": "Pass", "Output": "{% $seen %}", "End": true}}));
    let e = run(def, json!({"n": 21}), json!({"T": [{"Return": {"Payload": 42}}]}));
    assert_eq!(e.status(), Status::Succeeded, "{:?}", e.error());
    assert_eq!(e.output(), Some(&json!(42)));
    let scheduled = details(&e, "TaskScheduled");
    assert_eq!(scheduled["parameters"], json!(r#"{"FunctionName":"f","Payload":{"n":42}}"#));
    assert_eq!(scheduled["timeoutInSeconds"], json!(29));
    assert_eq!(details(&e, "TaskStateExited")["output"], json!(r#"{"doubled":42,"was":21}"#));
}

#[test]
fn a_catcher_outputs_the_error_output_unless_it_says_otherwise() {
    let state = |catcher: Value| {
        jsonata(json!({
            "T": {"Type": "Task", "Resource": TASK, "Arguments": {},
                  "Catch": [catcher], "End": true},
            "H": {"Type": "Pass", "End": true}}))
    };
    let boom = json!({"T": [{"Throw": {"Error": "Boom", "Cause": "bad"}}]});
    let e = run(state(json!({"ErrorEquals": ["States.ALL"], "Next": "H"})), json!({"a": 1}), boom.clone());
    assert_eq!(e.output(), Some(&json!({"Error": "Boom", "Cause": "bad"})));
    let custom = json!({"ErrorEquals": ["States.ALL"], "Next": "H",
        "Output": {"in": "{% $states.input.a %}", "why": "{% $states.errorOutput.Cause %}"}});
    let e = run(state(custom), json!({"a": 1}), boom.clone());
    assert_eq!(e.output(), Some(&json!({"in": 1, "why": "bad"})));
    let broken = json!({"ErrorEquals": ["States.ALL"], "Next": "H", "Output": {"x": "{% $nope %}"}});
    let (error, cause) = failure(&run(state(broken), json!({}), boom));
    assert_eq!(error, "States.QueryEvaluationError");
    assert!(
        cause.ends_with("specified for the field 'Catch[0]/Output/x' returned nothing (undefined)."),
        "{cause}"
    );
}

#[test]
fn a_condition_that_is_not_boolean_fails_the_choice_with_an_evaluation_failed_event() {
    let def = jsonata(json!({
        "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n %}", "Next": "Z"}], "Default": "Z"},
        "Z": {"Type": "Succeed"}}));
    let e = run(def, json!({"n": 3}), json!({}));
    assert_eq!(
        failure(&e),
        (
            "States.QueryEvaluationError".to_string(),
            "An error occurred while executing the state 'C' (entered at the event id #2). The JSONata expression \
             '$states.input.n' specified for the field 'Choices[0]/Condition' returned an unexpected result type. \
             Expected 'boolean', but was 'number' for value: 3"
                .to_string()
        )
    );
    assert_eq!(
        events(&e),
        ["ExecutionStarted(1←0)", "ChoiceStateEntered(2←0)", "EvaluationFailed(3←0)", "ExecutionFailed(4←3)"]
    );
    assert_eq!(details(&e, "EvaluationFailed")["location"], json!("Choices[0]/Condition"));
    assert_eq!(details(&e, "EvaluationFailed")["state"], json!("C"));
}

#[test]
fn a_matched_rule_assigns_and_outputs_its_own_fields_and_default_uses_the_states() {
    let def = jsonata(json!({
        "C": {"Type": "Choice", "Default": "Z",
              "Choices": [{"Condition": "{% $states.input.n > 10 %}", "Next": "Z",
                           "Assign": {"size": "big"}, "Output": {"rule": 0}}],
              "Assign": {"size": "small"}, "Output": {"rule": "default"}},
        "Z": {"Type": "Pass", "Output": {"rule": "{% $states.input.rule %}", "size": "{% $size %}"}, "End": true}}));
    let e = run(def.clone(), json!({"n": 11}), json!({}));
    assert_eq!(e.output(), Some(&json!({"rule": 0, "size": "big"})));
    let e = run(def, json!({"n": 1}), json!({}));
    assert_eq!(e.output(), Some(&json!({"rule": "default", "size": "small"})));
}

#[test]
fn a_fail_state_takes_its_error_and_cause_from_expressions() {
    let def = jsonata(json!({"F": {"Type": "Fail", "Error": "{% 'E' & $states.input.code %}",
        "Cause": "{% 'at ' & $states.context.State.Name %}"}}));
    let e = run(def, json!({"code": 42}), json!({}));
    assert_eq!(failure(&e), ("E42".to_string(), "at F".to_string()));
}

#[test]
fn a_map_reads_items_item_selector_and_limits_from_expressions() {
    let def = jsonata(json!({"M": {"Type": "Map", "Items": "{% $states.input.orders %}",
        "MaxConcurrency": "{% 1 %}",
        "ItemSelector": {"i": "{% $states.context.Map.Item.Index %}", "v": "{% $states.context.Map.Item.Value %}"},
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $states.input.i * 10 + $states.input.v %}", "End": true}}},
        "Output": "{% $sum($states.result) %}", "End": true}}));
    let e = run(def, json!({"orders": [1, 2, 3]}), json!({}));
    assert_eq!(e.status(), Status::Succeeded, "{:?}", e.error());
    assert_eq!(e.output(), Some(&json!(36)));
}

#[test]
fn a_map_whose_items_are_not_an_array_reports_itself_failed() {
    let def = jsonata(json!({"M": {"Type": "Map", "Items": "{% $states.input.orders %}",
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}, "End": true}}));
    let e = run(def, json!({"orders": "none"}), json!({}));
    assert_eq!(
        events(&e),
        [
            "ExecutionStarted(1←0)",
            "MapStateEntered(2←0)",
            "EvaluationFailed(3←0)",
            "MapStateFailed(4←3)",
            "ExecutionFailed(5←4)"
        ]
    );
    assert!(failure(&e).1.ends_with("Expected 'array', but was 'string' for value: \"none\""));
}

#[test]
fn parallel_branches_get_the_arguments_and_the_output_sees_all_results() {
    let def = jsonata(json!({"P": {"Type": "Parallel", "Arguments": {"x": "{% $states.input.x %}"},
        "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.input.x + 1 %}", "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "Output": "{% $states.input.x * 2 %}", "End": true}}}],
        "Output": {"sum": "{% $sum($states.result) %}"}, "End": true}}));
    let e = run(def, json!({"x": 5, "ignored": true}), json!({}));
    assert_eq!(e.output(), Some(&json!({"sum": 16})));
}

#[test]
fn jsonata_and_jsonpath_states_share_variables() {
    let def = json!({"StartAt": "Set", "States": {
        "Set": {"Type": "Pass", "QueryLanguage": "JSONata", "Assign": {"total": "{% $states.input.a + $states.input.b %}"}, "Next": "Read"},
        "Read": {"Type": "Pass", "Parameters": {"t.$": "$total", "twice.$": "States.MathAdd($total, $total)"}, "End": true}}});
    let e = run(def, json!({"a": 1, "b": 2}), json!({}));
    assert_eq!(e.output(), Some(&json!({"t": 3, "twice": 6})));
}

#[test]
fn wait_seconds_move_the_virtual_clock_and_a_bad_timestamp_fails_after_entering() {
    let wait = |field: &str, expr: &str| jsonata(json!({"W": {"Type": "Wait", field: expr, "End": true}}));
    let e = run(wait("Seconds", "{% $states.input.s * 60 %}"), json!({"s": 2}), json!({}));
    assert_eq!(e.status(), Status::Succeeded);
    assert_eq!(e.now_ms() - Options::default().start_time_ms, 120_000);
    let e = run(wait("Timestamp", "{% $states.input.t %}"), json!({"t": "2016-13-05T21:29:29Z"}), json!({}));
    assert_eq!(
        failure(&e).1,
        "An error occurred while executing the state 'W' (entered at the event id #2). The Timestamp field cannot \
         be parsed as an ISO-8601 extended offset date-time format string: 2016-13-05T21:29:29Z"
    );
    // Unlike an expression that fails, a bad value links to the state's own entered event (recorded).
    assert_eq!(events(&e)[2], "EvaluationFailed(3←2)");
}

#[test]
fn random_uuid_and_now_are_deterministic() {
    let def = jsonata(json!({"W": {"Type": "Wait", "Seconds": 90, "Next": "S"},
        "S": {"Type": "Pass", "Output": {"r": "{% $random() %}", "id": "{% $uuid() %}", "now": "{% $now() %}"}, "End": true}}));
    let a = run_with(def.clone(), json!({}), json!({}), 7);
    let b = run_with(def.clone(), json!({}), json!({}), 7);
    let c = run_with(def, json!({}), json!({}), 8);
    assert_eq!(a.output(), b.output());
    assert_ne!(a.output().unwrap()["id"], c.output().unwrap()["id"]);
    // `$now()` is JSONata's: always with milliseconds.
    assert_eq!(a.output().unwrap()["now"], json!("2024-01-01T00:01:30.000Z"));
}

#[test]
fn an_evaluation_error_in_a_task_output_can_be_caught() {
    let def = jsonata(json!({
        "T": {"Type": "Task", "Resource": TASK, "Output": "{% $states.result.missing %}",
              "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Output": "{% $states.errorOutput.Error %}", "Next": "H"}],
              "End": true},
        "H": {"Type": "Pass", "End": true}}));
    let e = run(def, json!({}), json!({"T": [{"Return": {"ok": true}}]}));
    assert_eq!(e.status(), Status::Succeeded);
    assert_eq!(e.output(), Some(&json!("States.QueryEvaluationError")));
}

#[test]
fn a_variable_over_256_kib_fails_the_state() {
    let def = jsonata(
        json!({"S": {"Type": "Pass", "Assign": {"big": "{% $pad('', 300000, 'x') %}"}, "End": true}}),
    );
    let e = run(def, json!({}), json!({}));
    assert_eq!(
        failure(&e),
        (
            "States.DataLimitExceeded".to_string(),
            "The value assigned to the variable 'big' is larger than 256 KiB.".to_string()
        )
    );
}

#[test]
fn iterations_reuse_the_scopes_of_finished_ones() {
    let def = jsonata(json!({"M": {"Type": "Map", "MaxConcurrency": 4,
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {"mine": "{% $states.input %}"},
            "Output": "{% $states.input %}", "End": true}}},
        "End": true}}));
    let items: Vec<u32> = (0..1000).collect();
    let e = run(def, json!(items), json!({}));
    assert_eq!(e.output(), Some(&json!(items)));
    let scopes = e.snapshot()["variables"]["scopes"].as_array().unwrap().len();
    assert!(scopes <= 5, "{scopes} scopes for 4 iterations at a time");
}

//! Scripted mocks (docs/mocks.md) in whole executions: `Return`/`Throw` templates over the request, the
//! call number, the context object and the variables; `When` candidates; failures; snapshots.

use asl_sandbox::exec::{Execution, Status};
use asl_sandbox::mock::Mocks;
use common::types;
use serde_json::{Value, json};

mod common;

const LAMBDA: &str = "arn:aws:states:::lambda:invoke";

fn start(def: &Value, input: Value, mocks: Value) -> Execution {
    common::start(def, input, mocks, 0)
}

fn run(def: &Value, input: Value, mocks: Value) -> Execution {
    let mut e = start(def, input, mocks);
    e.run();
    e
}

fn history_text(e: &Execution) -> String {
    serde_json::to_string(&e.history().to_aws_json()).unwrap()
}

/// A one-Task JSONata machine whose Task sends `arguments` and outputs its result.
fn one_task(arguments: Value) -> Value {
    json!({"QueryLanguage": "JSONata", "StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": LAMBDA, "Arguments": arguments, "End": true}}})
}

#[test]
fn a_return_template_is_computed_from_the_request_the_task_sends() {
    // JSONPath: `$states.input` is the request after InputPath and Parameters, not the state input.
    let def = json!({"StartAt": "Price", "States": {"Price": {"Type": "Task", "Resource": LAMBDA,
        "InputPath": "$.order", "Parameters": {"price.$": "$.unitPrice", "qty.$": "$.quantity"},
        "ResultPath": "$.bill", "End": true}}});
    let mocks = json!({"Price": [{"Return": {"total": "{% $states.input.price * $states.input.qty %}"}}]});
    let e = run(&def, json!({"order": {"unitPrice": 2.5, "quantity": 4}}), mocks);
    assert_eq!(e.status(), Status::Succeeded);
    assert_eq!(e.output(), Some(&json!({"order": {"unitPrice": 2.5, "quantity": 4}, "bill": {"total": 10}})));
}

#[test]
fn a_conditional_throw_fails_only_the_calls_it_matches() {
    // Each Map iteration calls Reserve once; the catcher inside the iteration records the error.
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "Each", "States": {"Each": {"Type": "Map",
        "Items": "{% $states.input.lines %}", "End": true,
        "ItemProcessor": {"StartAt": "Reserve", "States": {"Reserve": {"Type": "Task", "Resource": LAMBDA,
            "Arguments": {"sku": "{% $states.input.sku %}", "qty": "{% $states.input.qty %}"},
            "Output": "{% $states.result.reserved %}", "End": true,
            "Catch": [{"ErrorEquals": ["OutOfStock"], "Output": "{% $states.errorOutput %}", "Next": "Short"}]},
            "Short": {"Type": "Pass", "End": true}}}}}});
    let mocks = json!({
        "StateMachines": {"Shop": {"TestCases": {"Stock": {"Reserve": "ReserveFromStock"}}}},
        "MockedResponses": {"ReserveFromStock": {"0-99": [
            {"When": "{% $states.input.qty > 3 %}",
             "Throw": {"Error": "OutOfStock", "Cause": "{% 'only 3 ' & $states.input.sku & ' left' %}"}},
            {"Return": {"reserved": "{% $states.input.qty %}"}}
        ]}}
    });
    let input =
        json!({"lines": [{"sku": "mug", "qty": 2}, {"sku": "pen", "qty": 5}, {"sku": "cup", "qty": 3}]});
    let e = run(&def, input, mocks);
    assert_eq!(e.status(), Status::Succeeded);
    let short = json!({"Error": "OutOfStock", "Cause": "only 3 pen left"});
    assert_eq!(e.output(), Some(&json!([2, short, 3])));
}

#[test]
fn the_call_number_counts_every_attempt_of_the_state() {
    // Calls 0 and 1 throw and are retried; call 2 answers with its number.
    let mut def = one_task(json!({"id": 7}));
    def["States"]["T"]["Retry"] = json!([{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1, "BackoffRate": 1}]);
    let mocks = json!({
        "StateMachines": {"M": {"TestCases": {"Flaky": {"T": "FailsTwice"}}}},
        "MockedResponses": {"FailsTwice": {"0-9": [
            {"When": "{% $states.call < 2 %}",
             "Throw": {"Error": "Flaky", "Cause": "{% 'attempt ' & $states.call %}"}},
            {"Return": {"call": "{% $states.call %}", "retries": "{% $states.context.State.RetryCount %}"}}
        ]}}
    });
    let e = run(&def, json!({}), mocks);
    assert_eq!(e.status(), Status::Succeeded);
    assert_eq!(e.output(), Some(&json!({"call": 2, "retries": 2})));
    let history = e.history().to_aws_json();
    let failed: Vec<&Value> = history
        .iter()
        .filter_map(|ev| ev.get("taskFailedEventDetails"))
        .map(|details| &details["cause"])
        .collect();
    assert_eq!(failed, ["attempt 0", "attempt 1"]);
}

#[test]
fn mock_expressions_read_the_workflow_variables_in_scope() {
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "Set", "States": {
        "Set": {"Type": "Pass", "Assign": {"discount": 0.25, "currency": "EUR"}, "Next": "Price"},
        "Price": {"Type": "Task", "Resource": LAMBDA, "Arguments": {"amount": 40}, "End": true}}});
    let mocks = json!({"Price": [{"Return":
        {"charged": "{% $states.input.amount * (1 - $discount) %}", "currency": "{% $currency %}"}}]});
    let e = run(&def, json!({}), mocks);
    assert_eq!(e.output(), Some(&json!({"charged": 30, "currency": "EUR"})));
}

#[test]
fn a_callback_mock_can_answer_with_the_token_it_was_given() {
    let def = json!({"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}});
    let mocks = json!({"Ask": [{"Return": {"sent": "{% $states.input.MessageBody.token = $states.context.Task.Token %}"}}]});
    let e = run(&def, json!({}), mocks);
    assert_eq!(e.output(), Some(&json!({"sent": true})));
}

#[test]
fn when_no_candidate_holds_a_task_fails_and_a_callback_waits() {
    let only_big = json!({"T": [{"When": "{% $states.input.n > 10 %}", "Return": "big"}]});
    let e = run(&one_task(json!({"n": 1})), json!({}), only_big.clone());
    assert_eq!(e.status(), Status::Failed);
    let error = e.error().unwrap();
    assert_eq!(error.error.as_deref(), Some("Sandbox.NoMockResponse"));
    assert_eq!(
        error.cause.as_deref(),
        Some(
            "An error occurred while executing the state 'T' (entered at the event id #2). \
             No mocked response for Task state 'T' on call 0: no candidate's \"When\" is true."
        )
    );
    assert_eq!(run(&one_task(json!({"n": 11})), json!({}), only_big).output(), Some(&json!("big")));

    let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"n": 1, "token.$": "$$.Task.Token"}, "End": true}}});
    let mut e = run(&def, json!({}), json!({"T": [{"When": "{% $states.input.n > 10 %}", "Return": "big"}]}));
    assert_eq!(e.status(), Status::Running);
    let pending = e.pending_tasks();
    assert_eq!(pending.len(), 1);
    e.send_task_success(&pending[0].token, json!("answered by hand")).unwrap();
    e.run();
    assert_eq!(e.output(), Some(&json!("answered by hand")));
}

#[test]
fn a_mock_expression_that_fails_ends_the_execution_whatever_retry_and_catch_say() {
    let mut def = one_task(json!({"qty": 2}));
    def["States"]["T"]["Retry"] = json!([{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3}]);
    def["States"]["T"]["Catch"] = json!([{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]);
    def["States"]["Caught"] = json!({"Type": "Pass", "End": true});
    let mocks = json!({"T": [{"Return": {"total": "{% $states.input.price * $states.input.qty %}"}}]});
    let e = run(&def, json!({}), mocks);
    assert_eq!(e.status(), Status::Failed);
    let error = e.error().unwrap();
    assert_eq!(error.error.as_deref(), Some("Sandbox.MockError"));
    assert_eq!(
        error.cause.as_deref(),
        Some(
            "An error occurred while executing the state 'T' (entered at the event id #2). Mocked response for \
             call 0: The JSONata expression '$states.input.price * $states.input.qty' specified for the field \
             'Return/total' returned nothing (undefined)."
        )
    );
    assert_eq!(
        types(&e),
        ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "ExecutionFailed"]
    );
}

#[test]
fn a_malformed_mock_expression_is_reported_when_the_mocks_are_read() {
    let text = r#"{"T": [[{"When": "{% $states.input.qty > %}", "Throw": {"Error": "E", "Cause": "C"}}, {"Return": 1}]]}"#;
    let error = Mocks::parse(text, None, None).unwrap_err();
    assert_eq!(
        error,
        "mocks: T[0]: candidate 0: When: the JSONata expression '$states.input.qty >' does not parse: \
         S0207: Unexpected end of expression (at position 19)"
    );
}

#[test]
fn scripted_mocks_are_deterministic_and_a_restored_snapshot_continues_identically() {
    // `$now()` reads the virtual clock (after the 5 s Wait) and `$uuid()` the execution's seed.
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 5, "Next": "T"},
        "T": {"Type": "Task", "Resource": LAMBDA, "Arguments": {"n": 1}, "End": true,
              "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3, "JitterStrategy": "FULL"}]}}});
    let scripted = json!([
        {"When": "{% $states.call = 0 %}", "Throw": {"Error": "E", "Cause": "{% $uuid() %}"}},
        {"Return": {"at": "{% $now() %}", "id": "{% $uuid() %}", "n": "{% $states.input.n %}"}}
    ]);
    let mocks = json!({"T": [scripted.clone(), scripted]});
    let full = run(&def, json!({}), mocks.clone());
    assert_eq!(full.status(), Status::Succeeded);
    assert_eq!(full.output().unwrap()["n"], json!(1));
    assert_eq!(history_text(&run(&def, json!({}), mocks.clone())), history_text(&full));
    let at = full.output().unwrap()["at"].as_str().unwrap();
    assert!(at.starts_with("2024-01-01T00:00:0"), "{at}");

    let mut e = common::start(&def, json!({}), mocks.clone(), 1);
    e.run();
    assert_ne!(e.output().unwrap()["id"], full.output().unwrap()["id"]);

    // Stop after the first call threw, carry the snapshot as text, continue.
    let mut half = start(&def, json!({}), mocks);
    while !types(&half).iter().any(|t| t == "TaskFailed") {
        assert!(half.step());
    }
    let text = serde_json::to_string(&half.snapshot()).unwrap();
    let mut resumed = Execution::restore(&serde_json::from_str(&text).unwrap()).unwrap();
    resumed.run();
    assert_eq!(history_text(&resumed), history_text(&full));
    assert_eq!(resumed.output(), full.output());
}

#[test]
fn a_snapshot_whose_mock_script_was_edited_to_nonsense_is_refused() {
    let e = start(&one_task(json!({})), json!({}), json!({"T": [{"Return": "{% $states.input %}"}]}));
    let text = serde_json::to_string(&e.snapshot()).unwrap().replace("$states.input", "(((");
    let error = Execution::restore(&serde_json::from_str(&text).unwrap()).err().unwrap();
    assert!(error.starts_with("invalid snapshot: mocks: Return: the JSONata expression '((('"), "{error}");
}

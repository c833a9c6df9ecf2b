//! Executor behaviour, one definition + input + mocks per test, with hand-checked answers.

use asl_sandbox::exec::{Execution, Options, Progress, Status};
use common::{events, types};
use serde_json::{Value, json};

mod common;

fn start(def: Value, input: Value, mocks: Value) -> Execution {
    common::start(&def, input, mocks, 0)
}

fn run(def: Value, input: Value, mocks: Value) -> Execution {
    let mut e = start(def, input, mocks);
    e.run();
    e
}

const TASK: &str = "arn:aws:states:::lambda:invoke";

#[test]
fn retry_backoff_advances_the_virtual_clock_then_catch_applies() {
    let def = json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": TASK,
              "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 3, "MaxAttempts": 2, "BackoffRate": 2}],
              "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "H"}], "End": true},
        "H": {"Type": "Pass", "End": true}}});
    let boom = json!({"Throw": {"Error": "Boom", "Cause": "bad"}});
    let e = run(def, json!({"a": 1}), json!({"T": [boom, boom, boom]}));
    assert_eq!(e.status(), Status::Succeeded);
    assert_eq!(e.output(), Some(&json!({"a": 1, "err": {"Error": "Boom", "Cause": "bad"}})));
    // 3 s then 6 s of backoff.
    assert_eq!(e.now_ms() - Options::default().start_time_ms, 9_000);
    assert_eq!(
        events(&e),
        [
            "ExecutionStarted(1←0)",
            "TaskStateEntered(2←0)",
            "TaskScheduled(3←2)",
            "TaskStarted(4←3)",
            "TaskFailed(5←4)",
            "TaskScheduled(6←5)",
            "TaskStarted(7←6)",
            "TaskFailed(8←7)",
            "TaskScheduled(9←8)",
            "TaskStarted(10←9)",
            "TaskFailed(11←10)",
            "TaskStateExited(12←11)",
            "PassStateEntered(13←12)",
            "PassStateExited(14←13)",
            "ExecutionSucceeded(15←14)"
        ]
    );
}

#[test]
fn retry_backoff_stops_at_max_delay() {
    let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": TASK, "End": true,
        "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 3, "MaxAttempts": 3, "MaxDelaySeconds": 5}]}}});
    let boom = json!({"Throw": {"Error": "E", "Cause": "c"}});
    let e = run(def, json!({}), json!({"T": [boom, boom, boom, {"Return": 7}]}));
    assert_eq!(e.output(), Some(&json!(7)));
    assert_eq!(e.now_ms() - Options::default().start_time_ms, 3_000 + 5_000 + 5_000);
}

#[test]
fn runtime_errors_are_not_caught_and_carry_the_state_prefix() {
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.nope", "End": true}}});
    let e = run(def, json!({}), json!({}));
    assert_eq!(e.status(), Status::Failed);
    let err = e.error().unwrap();
    assert_eq!(err.error.as_deref(), Some("States.Runtime"));
    assert_eq!(
        err.cause.as_deref(),
        Some(
            "An error occurred while executing the state 'P' (entered at the event id #2). Invalid path '$.nope' : No results for path: $['nope']"
        )
    );
    assert_eq!(events(&e), ["ExecutionStarted(1←0)", "PassStateEntered(2←0)", "ExecutionFailed(3←2)"]);
}

#[test]
fn a_task_without_a_mock_fails_naming_state_and_call() {
    let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": TASK, "End": true,
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}]}, "H": {"Type": "Pass", "End": true}}});
    let e = run(def, json!({}), json!({}));
    assert_eq!(e.status(), Status::Failed);
    let err = e.error().unwrap();
    assert_eq!(err.error.as_deref(), Some("Sandbox.NoMockResponse"));
    assert!(err.cause.as_deref().unwrap().contains("Task state 'T' on call 0"), "{err:?}");
}

#[test]
fn wait_for_task_token_blocks_until_answered() {
    let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"token.$": "$$.Task.Token"}, "End": true}}});
    let mut e = start(def, json!({}), json!({}));
    assert_eq!(e.run(), Progress::Blocked);
    let pending = e.pending_tasks();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].input, json!({"token": pending[0].token}));
    assert!(e.send_task_heartbeat(&pending[0].token).is_ok());
    assert!(e.send_task_success("no-such-token", json!(1)).is_err());
    e.send_task_success(&pending[0].token, json!({"approved": true})).unwrap();
    assert_eq!(e.run(), Progress::Done);
    assert_eq!(e.output(), Some(&json!({"approved": true})));
    assert_eq!(
        types(&e),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
}

#[test]
fn task_failure_sent_for_a_token_is_caught() {
    let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": true,
        "Catch": [{"ErrorEquals": ["Rejected"], "Next": "H"}]}, "H": {"Type": "Pass", "End": true}}});
    let mut e = start(def, json!({}), json!({}));
    e.run();
    let token = e.pending_tasks()[0].token.clone();
    e.send_task_failure(&token, Some("Rejected".into()), Some("no".into())).unwrap();
    e.run();
    assert_eq!(e.output(), Some(&json!({"Error": "Rejected", "Cause": "no"})));
}

#[test]
fn a_year_long_wait_finishes_instantly_on_the_virtual_clock() {
    // 365 days: the longest a STANDARD execution may run (2024 is a leap year).
    let def = json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 31_536_000, "End": true}}});
    let e = run(def, json!({"x": 1}), json!({}));
    assert_eq!(e.status(), Status::Succeeded);
    assert_eq!(e.describe()["stopDate"], json!("2024-12-31T00:00:00Z"));
    let longer =
        json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 31_536_001, "End": true}}});
    assert_eq!(run(longer, json!({}), json!({})).status(), Status::TimedOut);
}

#[test]
fn execution_timeout_ends_a_wait_as_timed_out() {
    let def = json!({"TimeoutSeconds": 3, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 25, "End": true}}});
    let e = run(def, json!({}), json!({}));
    assert_eq!(e.status(), Status::TimedOut);
    assert_eq!(events(&e), ["ExecutionStarted(1←0)", "WaitStateEntered(2←0)", "ExecutionTimedOut(3←0)"]);
    assert_eq!(e.describe()["stopDate"], json!("2024-01-01T00:00:03Z"));
    assert!(e.describe().get("error").is_none());
}

#[test]
fn parallel_branch_failure_is_the_branch_error_and_aborts_siblings() {
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "End": true}}},
        {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "FailureType", "Cause": "Cause description"}}}]}}});
    let e = run(def, json!({}), json!({}));
    assert_eq!(e.status(), Status::Failed);
    assert_eq!(e.error().unwrap().error.as_deref(), Some("FailureType"));
    let t = types(&e);
    assert!(t.contains(&"WaitStateAborted".to_string()), "{t:?}");
    assert_eq!(t.last().unwrap(), "ExecutionFailed");
}

#[test]
fn map_results_keep_item_order_and_item_selector_sees_the_context() {
    let def = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.xs", "End": true,
        "ItemSelector": {"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value", "k.$": "$.k"},
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}});
    let e = run(def, json!({"xs": ["a", "b", "c"], "k": 1}), json!({}));
    assert_eq!(
        e.output(),
        Some(&json!([{"i": 0, "v": "a", "k": 1}, {"i": 1, "v": "b", "k": 1}, {"i": 2, "v": "c", "k": 1}]))
    );
}

#[test]
fn same_seed_gives_byte_identical_history_and_snapshots_resume_identically() {
    let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": TASK, "End": true,
        "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 5, "JitterStrategy": "FULL"}]}}});
    let boom = json!({"Throw": {"Error": "E", "Cause": "c"}});
    let mocks = json!({"T": [boom, boom, boom, {"Return": {"ok": true}}]});
    let full = run(def.clone(), json!({}), mocks.clone());
    let again = run(def.clone(), json!({}), mocks.clone());
    let text = |e: &Execution| serde_json::to_string(&e.history().to_aws_json()).unwrap();
    assert_eq!(text(&full), text(&again));

    let mut half = start(def, json!({}), mocks);
    for _ in 0..6 {
        half.step();
    }
    let snapshot = serde_json::to_string(&half.snapshot()).unwrap();
    let mut resumed = Execution::restore(&serde_json::from_str(&snapshot).unwrap()).unwrap();
    resumed.run();
    assert_eq!(text(&resumed), text(&full));
    assert_eq!(resumed.now_ms(), full.now_ms());
}

#[test]
fn runaway_loops_stop_at_the_history_limit() {
    let def = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}});
    let e = run(def, json!({}), json!({}));
    assert_eq!(e.status(), Status::Failed);
    assert_eq!(e.history().len(), 25_000);
    let last = e.history().events().last().unwrap();
    assert_eq!(last.previous_event_id, 24_999);
    assert_eq!(
        e.error().unwrap().cause.as_deref(),
        Some("The execution reached the maximum number of history events (25000).")
    );
}

#[test]
fn express_executions_time_out_after_five_minutes() {
    let def = json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 600, "End": true}}});
    let options = Options { express: true, ..Options::default() };
    let mut e = Execution::start(&def, json!({}), options).unwrap();
    e.run();
    assert_eq!(e.status(), Status::TimedOut);
    assert_eq!(e.describe()["stopDate"], json!("2024-01-01T00:05:00Z"));
}

#[test]
fn restore_rejects_garbage() {
    assert!(Execution::restore(&json!({"snapshotVersion": 1, "threads": 5})).is_err());
    assert!(Execution::restore(&json!("nope")).is_err());
}

fn callback(task_fields: Value, machine_timeout: Option<u64>) -> Value {
    let mut task = json!({"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"token.$": "$$.Task.Token"}, "End": true});
    task.as_object_mut().unwrap().extend(task_fields.as_object().unwrap().clone());
    let mut def = json!({"StartAt": "T", "States": {"T": task}});
    if let Some(s) = machine_timeout {
        def["TimeoutSeconds"] = json!(s);
    }
    def
}

#[test]
fn an_unanswered_callback_times_out_only_when_nobody_will_answer() {
    let mut e = start(callback(json!({"TimeoutSeconds": 60}), None), json!({}), json!({}));
    assert_eq!(e.run(), Progress::Blocked);
    assert_eq!(e.now_ms(), Options::default().start_time_ms);
    assert_eq!(e.run_unanswered(), Progress::Done);
    assert_eq!(e.status(), Status::Failed);
    assert_eq!(e.error().unwrap().error.as_deref(), Some("States.Timeout"));
    assert_eq!(e.now_ms() - Options::default().start_time_ms, 60_000);
    assert_eq!(types(&e)[5], "TaskTimedOut");
    assert!(e.pending_tasks().is_empty());
}

#[test]
fn a_missed_heartbeat_is_reported_as_states_timeout() {
    let mut e =
        start(callback(json!({"TimeoutSeconds": 60, "HeartbeatSeconds": 10}), None), json!({}), json!({}));
    let token = {
        e.run();
        e.pending_tasks()[0].token.clone()
    };
    e.send_task_heartbeat(&token).unwrap();
    e.run_unanswered();
    assert_eq!(e.error().unwrap().error.as_deref(), Some("States.Timeout"));
    assert_eq!(e.now_ms() - Options::default().start_time_ms, 10_000);
}

#[test]
fn the_execution_timeout_ends_a_wait_for_a_token() {
    let mut e = start(callback(json!({}), Some(30)), json!({}), json!({}));
    assert_eq!(e.run(), Progress::Blocked);
    assert_eq!(e.run_unanswered(), Progress::Done);
    assert_eq!(e.status(), Status::TimedOut);
    assert_eq!(e.describe()["stopDate"], json!("2024-01-01T00:00:30Z"));
}

#[test]
fn a_callback_without_any_timeout_stays_blocked() {
    let mut e = start(callback(json!({}), None), json!({}), json!({}));
    assert_eq!(e.run_unanswered(), Progress::Blocked);
    assert_eq!(e.status(), Status::Running);
}

#[test]
fn scheduled_events_carry_parameters_timeouts_and_credentials_like_aws() {
    let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": TASK, "End": true,
        "TimeoutSeconds": 5, "Credentials": {"RoleArn.$": "$.role"},
        "Parameters": {"FunctionName": "f", "Payload.$": "$.p"}}}});
    let e = run(def, json!({"role": "arn:aws:iam::1:role/r", "p": 1}), json!({"T": [{"Return": {"ok": 1}}]}));
    let scheduled = &e.history().to_aws_json()[2];
    assert_eq!(
        scheduled["taskScheduledEventDetails"],
        json!({"resourceType": "lambda", "resource": "invoke", "region": "us-east-1",
               "parameters": "{\"FunctionName\":\"f\",\"Payload\":1}", "timeoutInSeconds": 5,
               "taskCredentials": {"roleArn": "arn:aws:iam::1:role/r"}})
    );
    let legacy = json!({"StartAt": "L", "States": {"L": {"Type": "Task", "End": true,
        "Resource": "arn:aws:lambda:us-east-1:111111111111:function:f"}}});
    let e = run(legacy, json!({"a": 1}), json!({"L": [{"Return": [1]}]}));
    assert_eq!(
        types(&e),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "LambdaFunctionScheduled",
            "LambdaFunctionStarted",
            "LambdaFunctionSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
    assert_eq!(
        e.history().to_aws_json()[2]["lambdaFunctionScheduledEventDetails"]["input"],
        json!("{\"a\":1}")
    );
}

#[test]
fn step_reports_nothing_left_once_the_execution_is_over() {
    let mut e =
        start(json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}), json!({}), json!({}));
    let mut steps = 0;
    while e.step() {
        steps += 1;
    }
    // PassStateEntered, PassStateExited, ExecutionSucceeded: one event per step.
    assert_eq!((steps, e.status()), (3, Status::Succeeded));
    assert!(!e.step());
}

#[test]
fn assign_sees_entry_values_and_branches_read_but_do_not_leak_variables() {
    let def = json!({"StartAt": "Set", "States": {
        "Set": {"Type": "Pass", "Assign": {"x": 3, "a": 6}, "Next": "Swap"},
        // Both right-hand sides read the values from state entry: x=6, old=3.
        "Swap": {"Type": "Pass", "Assign": {"x.$": "$a", "old.$": "$x"}, "OutputPath": "$x", "Next": "P"},
        "P": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass",
              "Assign": {"inner": 1}, "Parameters": {"seen.$": "$old"}, "End": true}}}], "Next": "Out"},
        "Out": {"Type": "Pass", "Parameters": {"x.$": "$x", "old.$": "$old", "branch.$": "$[0].seen"}, "End": true}}});
    let e = run(def, json!({}), json!({}));
    assert_eq!(e.output(), Some(&json!({"x": 6, "old": 3, "branch": 3})));
    let events = e.history().to_aws_json();
    // OutputPath `$x` in the assigning state still sees the entry value 3.
    assert_eq!(events[4]["stateExitedEventDetails"]["output"], json!("3"));
    assert_eq!(events[4]["stateExitedEventDetails"]["assignedVariables"], json!({"x": "6", "old": "3"}));
    let leak = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [{"StartAt": "B",
        "States": {"B": {"Type": "Pass", "Assign": {"inner": 1}, "End": true}}}], "Next": "R"},
        "R": {"Type": "Pass", "Parameters": {"v.$": "$inner"}, "End": true}}});
    assert_eq!(run(leak, json!({}), json!({})).status(), Status::Failed);
}

#[test]
fn a_fail_error_path_into_nothing_names_its_field() {
    let def =
        json!({"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.ErrorX", "Cause": "c"}}});
    let e = run(def, json!({"a": 1}), json!({}));
    assert_eq!(
        e.error().unwrap().cause.as_deref(),
        Some(
            "An error occurred while executing the state 'F' (entered at the event id #2). The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{\"a\":1}'"
        )
    );
}

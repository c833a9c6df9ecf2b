//! Golden tests of the `asl-sandbox` binary: exit codes, stdout and stderr of `validate`, `run` and
//! `test`, on the examples in examples/ and on small files written to a temporary directory. Every
//! expected value was checked by hand against the definitions (see the comments).

use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::Command;

const SAGA: &str = "examples/order-saga/definition.json";
const SAGA_INPUT: &str = "@examples/order-saga/input.json";
const SAGA_MOCKS: &str = "examples/order-saga/mocks.json";
const APPROVAL: &str = "examples/human-approval/definition.yaml";
const APPROVAL_INPUT: &str = "@examples/human-approval/input.json";
const APPROVAL_MOCKS: &str = "examples/human-approval/mocks.json";
const SCRIPTED: &str = "examples/scripted-mocks";
const BASE_CORPUS: &str = "../shared/corpus/aws-recorded/base.jsonl";

/// Runs the binary from the crate root; returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_asl-sandbox"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary starts");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8 output");
    (out.status.code().expect("the binary exits, it is not killed"), text(out.stdout), text(out.stderr))
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// A fresh directory for one test's files, removed when the test ends.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(test: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!("asl-sandbox-cli-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

/// Writes `text` to `name` in `dir`; returns the path.
fn write(dir: &TempDir, name: &str, text: &str) -> String {
    let path = dir.0.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// Bad input: the exit code, nothing on stdout, and exactly one `asl-sandbox:` line on stderr,
/// which starts with `message` (the rest may be an OS or parser detail).
fn assert_one_line_error((code, out, err): (i32, String, String), want_code: i32, message: &str) {
    assert_eq!(code, want_code, "stdout: {out}\nstderr: {err}");
    assert_eq!(out, "", "nothing on stdout");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), 1, "exactly one line on stderr: {err:?}");
    assert!(err.ends_with('\n'), "{err:?}");
    assert!(err.starts_with(&format!("asl-sandbox: {message}")), "{err:?} should start with {message:?}");
}

/// The input of the order saga (examples/order-saga/input.json).
fn saga_input() -> Value {
    json!({
        "orderId": "ORD-1001",
        "customerId": "CUST-42",
        "items": [{"sku": "BOOK-978-0134685991", "quantity": 1}, {"sku": "MUG-BLUE", "quantity": 2}],
        "amountCents": 5497,
        "paymentToken": "tok_visa_4242"
    })
}

fn run_saga(test_case: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["run", SAGA, "--input", SAGA_INPUT, "--mocks", SAGA_MOCKS, "--test-case", test_case];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    assert_eq!(err, "");
    (code, parse(&out))
}

/// The type of every event of a `--history` report, in order.
fn event_types(report: &Value) -> Vec<&str> {
    report["events"].as_array().unwrap().iter().map(|e| e["type"].as_str().unwrap()).collect()
}

// ---------------------------------------------------------------------------------------------
// validate

#[test]
fn validate_accepts_the_examples_with_exit_0_and_no_diagnostics() {
    for file in [SAGA, APPROVAL] {
        let (code, out, err) = run(&["validate", file]);
        assert_eq!((code, err.as_str()), (0, ""), "{file}");
        assert_eq!(parse(&out), json!({"result": "OK", "diagnostics": []}), "{file}");
    }
}

#[test]
fn validate_reports_a_missing_transition_target_with_its_aws_code_and_exit_1() {
    let dir = temp_dir("validate-missing-target");
    let file =
        write(&dir, "bad.json", r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}"#);
    let (code, out, err) = run(&["validate", &file]);
    assert_eq!((code, err.as_str()), (1, ""));
    let report = parse(&out);
    assert_eq!(report["result"], "FAIL");
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(
        diagnostics[0],
        json!({
            "severity": "ERROR",
            "code": "MISSING_TRANSITION_TARGET",
            "message": "Missing 'Next' target: Nowhere",
            "location": "/States/A/Next"
        })
    );
    // With no way to reach an End, AWS also says there is no terminal state.
    let codes: Vec<&str> = diagnostics.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["MISSING_TRANSITION_TARGET", "MISSING_END_STATE"]);
}

#[test]
fn validate_reports_text_that_is_neither_json_nor_yaml_as_invalid_json_description() {
    let dir = temp_dir("validate-not-json");
    let file = write(&dir, "garbage.json", "{\"StartAt\": [oops\n");
    let (code, out, err) = run(&["validate", &file]);
    assert_eq!((code, err.as_str()), (1, ""));
    let report = parse(&out);
    assert_eq!(report["result"], "FAIL");
    assert_eq!(report["diagnostics"][0]["code"], "INVALID_JSON_DESCRIPTION");
    assert_eq!(report["diagnostics"][0]["severity"], "ERROR");
}

// ---------------------------------------------------------------------------------------------
// run: the order saga

#[test]
fn order_saga_happy_path_succeeds_one_day_later_with_reservation_charge_and_shipment() {
    let (code, report) = run_saga("HappyPath", &[]);
    assert_eq!(code, 0);
    assert_eq!(report["status"], "SUCCEEDED");
    assert_eq!(report["startDate"], "2024-01-01T00:00:00Z");
    // WaitOneDay: 86400 s on the virtual clock; the tasks take no time.
    assert_eq!(report["stopDate"], "2024-01-02T00:00:00Z");
    assert_eq!(parse(report["input"].as_str().unwrap()), saga_input());
    // Each Task's ResultSelector keeps only the fields the workflow needs, under its ResultPath.
    let mut output = saga_input();
    output["reservation"] = json!({"reservationId": "RES-7f3a"});
    output["charge"] = json!({"status": "APPROVED", "chargeId": "ch_3PxLq2"});
    output["shipment"] = json!({"trackingNumber": "1Z999AA10123456784"});
    assert_eq!(parse(report["output"].as_str().unwrap()), output);
    assert_eq!(report.get("error"), None);
    assert_eq!(report.get("cause"), None);
    assert_eq!(report["name"], "sandbox-execution");
    assert_eq!(
        report["executionArn"],
        "arn:aws:states:us-east-1:111111111111:execution:SandboxStateMachine:sandbox-execution"
    );
}

#[test]
fn order_saga_card_declined_retries_then_releases_the_stock_and_fails_after_6_seconds() {
    let (code, report) = run_saga("CardDeclined", &[]);
    assert_eq!(code, 1);
    assert_eq!(report["status"], "FAILED");
    assert_eq!(report["error"], "OrderFailed");
    assert_eq!(report["cause"], "The card could not be charged; the reserved stock was released.");
    assert_eq!(report["startDate"], "2024-01-01T00:00:00Z");
    // Retry backoff: 2 s before the 2nd attempt, 2 * 2 = 4 s before the 3rd; then the Catch.
    assert_eq!(report["stopDate"], "2024-01-01T00:00:06Z");
    assert_eq!(report.get("output"), None);
}

#[test]
fn order_saga_card_declined_history_shows_three_charge_attempts_and_the_compensation() {
    let (_, report) = run_saga("CardDeclined", &["--history"]);
    let events = report["events"].as_array().unwrap();
    let at = |kind: &str, field: &str, value: &str| -> Vec<&str> {
        events
            .iter()
            .filter(|e| e["type"] == kind)
            .filter(|e| {
                e.as_object().unwrap().values().any(|d| d[field].as_str().is_some_and(|s| s.contains(value)))
            })
            .map(|e| e["timestamp"].as_str().unwrap())
            .collect()
    };
    let charge_attempts = at("TaskScheduled", "parameters", "function:charge-card");
    assert_eq!(charge_attempts, ["2024-01-01T00:00:00Z", "2024-01-01T00:00:02Z", "2024-01-01T00:00:06Z"]);
    assert_eq!(at("TaskFailed", "error", "CardDeclined").len(), 3);
    assert_eq!(at("TaskScheduled", "parameters", "function:release-inventory"), ["2024-01-01T00:00:06Z"]);
    // The Catch put the last error under $.chargeError, and ReleaseInventory (ResultPath null) kept it.
    let fail_entered = events.iter().find(|e| e["type"] == "FailStateEntered").unwrap();
    let input = parse(fail_entered["stateEnteredEventDetails"]["input"].as_str().unwrap());
    assert_eq!(
        input["chargeError"],
        json!({"Error": "CardDeclined", "Cause": "The card ending in 4242 was declined: insufficient funds."})
    );
    assert_eq!(event_types(&report).last(), Some(&"ExecutionFailed"));
}

#[test]
fn order_saga_happy_path_history_has_the_aws_event_sequence() {
    let (_, report) = run_saga("HappyPath", &["--history"]);
    let task = ["TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited"];
    let mut expected = vec!["ExecutionStarted"];
    expected.extend(task); // ReserveInventory
    expected.extend(task); // ChargeCard
    expected.extend(["ChoiceStateEntered", "ChoiceStateExited", "WaitStateEntered", "WaitStateExited"]);
    expected.extend(task); // ShipOrder
    expected.extend(["SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"]);
    assert_eq!(event_types(&report), expected);
    let events = report["events"].as_array().unwrap();
    let ids: Vec<u64> = events.iter().map(|e| e["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, (1..=23).collect::<Vec<_>>());
    let wait_exited = events.iter().find(|e| e["type"] == "WaitStateExited").unwrap();
    assert_eq!(wait_exited["timestamp"], "2024-01-02T00:00:00Z");
    // The describe fields are still there next to the events.
    assert_eq!(report["status"], "SUCCEEDED");
}

#[test]
fn start_time_moves_both_the_start_and_the_stop_date() {
    let (code, report) = run_saga("HappyPath", &["--start-time", "2024-02-28T12:30:00Z"]);
    assert_eq!(code, 0);
    assert_eq!(report["startDate"], "2024-02-28T12:30:00Z");
    assert_eq!(report["stopDate"], "2024-02-29T12:30:00Z"); // 2024 is a leap year
}

// ---------------------------------------------------------------------------------------------
// run: the human approval (YAML, .waitForTaskToken)

#[test]
fn human_approval_approved_by_the_mocked_callback_reimburses_the_expense() {
    let args =
        ["run", APPROVAL, "--input", APPROVAL_INPUT, "--mocks", APPROVAL_MOCKS, "--test-case", "Approved"];
    let (code, out, err) = run(&args);
    assert_eq!((code, err.as_str()), (0, ""));
    let report = parse(&out);
    assert_eq!(report["status"], "SUCCEEDED");
    assert_eq!(report["stopDate"], "2024-01-01T00:00:00Z");
    let output = json!({"expenseId": "EXP-2024-017", "reimbursed": 412.5, "approvedBy": "maria@example.com"});
    assert_eq!(parse(report["output"].as_str().unwrap()), output);
}

#[test]
fn human_approval_rejected_fails_with_the_managers_comment_as_cause() {
    let args =
        ["run", APPROVAL, "--input", APPROVAL_INPUT, "--mocks", APPROVAL_MOCKS, "--test-case", "Rejected"];
    let (code, out, err) = run(&args);
    assert_eq!((code, err.as_str()), (1, ""));
    let report = parse(&out);
    assert_eq!(report["status"], "FAILED");
    assert_eq!(report["error"], "ExpenseRejected");
    assert_eq!(report["cause"], "Not a business expense.");
}

#[test]
fn human_approval_without_mocks_stays_running_and_lists_the_pending_token() {
    let (code, out, err) = run(&["run", APPROVAL, "--input", APPROVAL_INPUT]);
    assert_eq!((code, err.as_str()), (1, ""));
    let report = parse(&out);
    assert_eq!(report["status"], "RUNNING");
    assert_eq!(report.get("stopDate"), None);
    let pending = report["pendingTasks"].as_array().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0]["state"], "RequestApproval");
    // The token sent in the message is the one the execution waits for.
    assert_eq!(pending[0]["input"]["MessageBody"]["taskToken"], pending[0]["token"]);
    assert_eq!(pending[0]["input"]["MessageBody"]["amount"], json!(412.5));
}

#[test]
fn the_same_seed_gives_byte_identical_output_and_another_seed_another_token() {
    let args = |seed| ["run", APPROVAL, "--input", APPROVAL_INPUT, "--history", "--seed", seed];
    let first = run(&args("42"));
    let second = run(&args("42"));
    assert_eq!(first.0, 1);
    assert_eq!(first, second);
    let other = run(&args("43"));
    let token = |out: &str| parse(out)["pendingTasks"][0]["token"].clone();
    assert_ne!(token(&first.1), token(&other.1));
}

// ---------------------------------------------------------------------------------------------
// run: scripted mocks (JSONata in the mocks file)

#[test]
fn scripted_mocks_price_the_lines_backorder_the_short_one_and_retry_the_charge() {
    let (definition, mocks) = (format!("{SCRIPTED}/definition.json"), format!("{SCRIPTED}/mocks.json"));
    let input = format!("@{SCRIPTED}/input.json");
    let (code, out, err) = run(&["run", &definition, "--input", &input, "--mocks", &mocks, "--history"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let report = parse(&out);
    assert_eq!(report["status"], "SUCCEEDED");
    // BOOK-42: 3 wanted, the mock's stock has 1, so it throws OutOfStock and the line is back-ordered;
    // the others cost qty * price (2 * 899, 1 * 1500). The charge's call 0 throws, and the retry 2 s
    // later (call 1) charges 3298 at the virtual time; the charge id comes from the seeded $uuid().
    let expected = std::fs::read_to_string(format!("{SCRIPTED}/expected-output.json")).unwrap();
    assert_eq!(parse(report["output"].as_str().unwrap()), parse(&expected));
    assert_eq!(report["stopDate"], "2024-01-01T00:00:02Z");
    let failures: Vec<&str> = report["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["taskFailedEventDetails"]["cause"].as_str())
        .collect();
    assert_eq!(failures, ["only 1 left", "gateway timeout on call 0"]);
}

#[test]
fn a_mocks_file_with_a_malformed_expression_is_one_error_line_saying_where() {
    let dir = temp_dir("scripted-mocks-malformed");
    let mocks = write(
        &dir,
        "mocks.json",
        r#"{"ChargeCard": [{"Return": {"total": "{% $states.input.price * %}"}}]}"#,
    );
    assert_one_line_error(
        run(&["run", SAGA, "--input", SAGA_INPUT, "--mocks", &mocks]),
        2,
        "mocks: ChargeCard[0]: Return/total: the JSONata expression '$states.input.price *' does not parse: S0207",
    );
}

// ---------------------------------------------------------------------------------------------
// test

#[test]
fn test_command_counts_a_passing_and_a_wrong_case_and_exits_1() {
    let dir = temp_dir("test-cases");
    let definition = json!({"StartAt": "Greet", "States": {
        "Greet": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('hello {}', $.name)"}, "End": true}}});
    let case = |id: &str, output: Value| {
        json!({"id": id, "kind": "execution", "state_machine_type": "STANDARD", "definition": definition,
               "input": {"name": "ada"}, "expected": {"status": "SUCCEEDED", "output": output}})
        .to_string()
    };
    let lines = [
        case("greet/right", json!({"greeting": "hello ada"})),
        case("greet/wrong", json!({"greeting": "bye"})),
    ];
    let file = write(&dir, "cases.jsonl", &(lines.join("\n") + "\n"));

    let (code, out, err) = run(&["test", &file]);
    assert_eq!((code, err.as_str()), (1, ""));
    assert_eq!(out.lines().last(), Some("1 passed, 1 failed"));
    let failures: Vec<&str> = out.lines().filter(|l| l.starts_with("FAIL ")).collect();
    assert_eq!(failures.len(), 1, "{out}");
    assert!(failures[0].starts_with("FAIL greet/wrong: "), "{out}");

    // --filter keeps the right case only; --verbose lists it.
    let (code, out, _) = run(&["test", &file, "--filter", "right", "--verbose"]);
    assert_eq!(code, 0);
    assert!(out.lines().any(|l| l == "ok   greet/right"), "{out}");
    assert_eq!(out.lines().last(), Some("1 passed, 0 failed"));
}

#[test]
fn test_command_passes_every_recorded_base_case() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(BASE_CORPUS);
    let cases = std::fs::read_to_string(corpus).unwrap().lines().filter(|l| !l.trim().is_empty()).count();
    assert!(cases > 0);
    let (code, out, err) = run(&["test", BASE_CORPUS]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(out.lines().last(), Some(format!("{cases} passed, 0 failed").as_str()), "{out}");
}

// ---------------------------------------------------------------------------------------------
// Bad input: exit 2, one line on stderr, no panic

#[test]
fn a_missing_definition_file_is_one_error_line() {
    assert_one_line_error(run(&["run", "no-such-file.json"]), 2, "cannot read no-such-file.json: ");
    assert_one_line_error(run(&["validate", "no-such-file.json"]), 2, "cannot read no-such-file.json: ");
    assert_one_line_error(run(&["test", "no-such-file.jsonl"]), 2, "cannot read no-such-file.jsonl: ");
}

#[test]
fn running_a_definition_that_is_neither_json_nor_yaml_is_one_error_line() {
    let dir = temp_dir("run-not-json");
    let file = write(&dir, "garbage.json", "{\"StartAt\": [oops\n");
    let message = format!("{file} is not a valid state machine: INVALID_JSON_DESCRIPTION: ");
    assert_one_line_error(run(&["run", &file]), 2, &message);
}

#[test]
fn running_an_invalid_definition_names_the_first_aws_error() {
    let dir = temp_dir("run-invalid");
    let file =
        write(&dir, "bad.json", r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}"#);
    let message = format!(
        "{file} is not a valid state machine: MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere at /States/A/Next"
    );
    assert_one_line_error(run(&["run", &file]), 2, &message);
}

#[test]
fn input_that_is_not_json_is_one_error_line() {
    assert_one_line_error(run(&["run", SAGA, "--input", "{oops"]), 2, "--input is not JSON: ");
}

#[test]
fn input_from_a_missing_file_is_one_error_line() {
    assert_one_line_error(
        run(&["run", SAGA, "--input", "@no-such-input.json"]),
        2,
        "cannot read no-such-input.json: ",
    );
}

#[test]
fn an_unknown_option_is_one_error_line() {
    assert_one_line_error(run(&["run", SAGA, "--verbose"]), 2, "unknown option '--verbose' (try --help)");
    assert_one_line_error(run(&["validate", SAGA, "--bogus"]), 2, "unknown option '--bogus' (try --help)");
}

#[test]
fn an_option_without_its_value_is_one_error_line() {
    assert_one_line_error(run(&["run", SAGA, "--seed"]), 2, "--seed needs a value");
}

#[test]
fn an_unknown_command_is_one_error_line() {
    assert_one_line_error(run(&["deploy", SAGA]), 2, "unknown command 'deploy' (try --help)");
}

#[test]
fn a_command_without_its_file_is_one_error_line() {
    assert_one_line_error(run(&["run"]), 2, "run needs exactly one FILE");
    assert_one_line_error(run(&["validate", SAGA, APPROVAL]), 2, "validate needs exactly one FILE");
    assert_one_line_error(run(&["test"]), 2, "test needs at least one FILE");
}

#[test]
fn a_seed_that_is_not_a_number_is_one_error_line() {
    assert_one_line_error(
        run(&["run", SAGA, "--seed", "abc"]),
        2,
        "--seed must be a non-negative integer, not 'abc'",
    );
}

#[test]
fn a_start_time_that_is_not_rfc3339_is_one_error_line() {
    assert_one_line_error(
        run(&["run", SAGA, "--start-time", "yesterday"]),
        2,
        "--start-time is not an RFC 3339 time: 'yesterday'",
    );
}

#[test]
fn a_malformed_mocks_file_is_one_error_line() {
    let dir = temp_dir("mocks-malformed");
    let file = write(&dir, "mocks.json", "{\"StateMachines\": {\n  \"OrderSaga\": \n");
    assert_one_line_error(run(&["run", SAGA, "--mocks", &file]), 2, "mocks: not valid JSON: ");
    let file = write(&dir, "throw.json", r#"{"ChargeCard": [{"Throw": "declined"}]}"#);
    assert_one_line_error(
        run(&["run", SAGA, "--mocks", &file]),
        2,
        r#"mocks: ChargeCard[0]: "Throw" must be an object with "Error" and "Cause", found a string"#,
    );
}

#[test]
fn an_unknown_test_case_is_one_error_line_listing_the_available_ones() {
    assert_one_line_error(
        run(&["run", SAGA, "--mocks", SAGA_MOCKS, "--test-case", "SadPath"]),
        2,
        r#"mocks: test case "SadPath" is not in StateMachines.OrderSaga.TestCases (available: "HappyPath", "CardDeclined")"#,
    );
}

#[test]
fn several_test_cases_and_none_chosen_is_one_error_line() {
    assert_one_line_error(
        run(&["run", SAGA, "--mocks", SAGA_MOCKS]),
        2,
        r#"mocks: StateMachines.OrderSaga.TestCases has several, choose a test case: "HappyPath", "CardDeclined""#,
    );
}

#[test]
fn a_malformed_case_file_is_one_error_line_naming_the_line() {
    let dir = temp_dir("test-malformed");
    let file = write(&dir, "cases.jsonl", "{\"id\": \"x\"\n");
    assert_one_line_error(run(&["test", &file]), 2, &format!("{file}: line 1: invalid JSON: "));
}

// ---------------------------------------------------------------------------------------------
// Help

#[test]
fn help_of_every_command_exits_0_and_prints_its_usage() {
    for (args, first_line) in [
        (&["--help"][..], "asl-sandbox: run Amazon States Language state machines locally"),
        (&["-h"][..], "asl-sandbox: run Amazon States Language state machines locally"),
        (&["help"][..], "asl-sandbox: run Amazon States Language state machines locally"),
        (&["validate", "--help"][..], "asl-sandbox validate FILE [--express]"),
        (&["run", "--help"][..], "asl-sandbox run FILE [OPTIONS]"),
        (&["run", SAGA, "-h"][..], "asl-sandbox run FILE [OPTIONS]"),
        (&["test", "--help"][..], "asl-sandbox test FILES... [--verbose] [--filter TEXT]"),
    ] {
        let (code, out, err) = run(args);
        assert_eq!((code, err.as_str()), (0, ""), "{args:?}");
        assert!(out.starts_with(first_line), "{args:?}: {out}");
    }
    let (_, out, _) = run(&["--help"]);
    for command in ["asl-sandbox validate FILE", "asl-sandbox run FILE", "asl-sandbox test FILES..."] {
        assert!(out.contains(command), "{out}");
    }
}

#[test]
fn no_arguments_is_one_error_line_pointing_to_help() {
    let (code, out, err) = run(&[]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert_eq!(err, "asl-sandbox: missing command (try --help)\n");
}

#[test]
fn help_flags_taken_as_option_values_are_values() {
    let dir = std::env::temp_dir().join(format!("asl-cli-filter-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = dir.join("none.jsonl");
    std::fs::write(&cases, "").unwrap();
    let (code, out, _) = run(&["test", cases.to_str().unwrap(), "--filter", "-h"]);
    assert_eq!(code, 0);
    assert!(out.ends_with("0 passed, 0 failed\n"), "{out}");
}

#[test]
fn a_test_case_without_a_mocks_file_is_one_error_line() {
    let (code, _, err) = run(&["run", "examples/order-saga/definition.json", "--test-case", "HappyPath"]);
    assert_eq!(code, 2);
    assert_eq!(err, "asl-sandbox: --test-case picks from a mock file: give --mocks FILE too\n");
}

#[test]
fn jsonata_evaluates_an_expression_against_the_input() {
    let (code, out, _) =
        run(&["jsonata", "$sum(items.price)", "--input", r#"{"items": [{"price": 1}, {"price": 2.5}]}"#]);
    assert_eq!((code, out.as_str()), (0, "3.5\n"));
    let (code, out, _) = run(&["jsonata", "nothing", "--input", "{}"]);
    assert_eq!((code, out.as_str()), (0, "undefined\n"));
}

#[test]
fn a_jsonata_error_is_one_line_with_code_and_position() {
    let (code, out, err) = run(&["jsonata", "a."]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(err, "asl-sandbox: S0207: Unexpected end of expression (at position 2)\n");
}

#[test]
fn jsonata_reads_the_input_as_a_state_does() {
    let (code, out, _) = run(&["jsonata", "{% $states.input.n * 2 %}", "--input", r#"{"n": 21}"#]);
    assert_eq!((code, out.trim()), (0, "42"));
}

#[test]
fn jsonata_speaks_the_step_functions_dialect() {
    let (code, out, _) = run(&["jsonata", "$hash('input data', 'SHA-1')"]);
    assert_eq!((code, out.as_str()), (0, "\"aaff4a450a104cd177d28d18d74485e8cae074b7\"\n"));
    let (code, _, err) = run(&["jsonata", "$eval('1')"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("asl-sandbox: T1006: Attempted to invoke a non-function"), "{err}");
}

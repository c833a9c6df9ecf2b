use super::*;
use crate::jsonata::Env;
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

/// The response of `mocks` to `call` of `state` given the request `input`; Ok(None) when there is none.
fn respond_to(mocks: &Mocks, state: &str, call: u32, input: Value) -> Result<Option<MockResponse>, String> {
    let Some(answer) = mocks.response(state, call) else { return Ok(None) };
    let context = || json!({"State": {"Name": state}});
    let variable = |name: &str| (name == "limit").then(|| json!(3));
    let env = Env {
        input: &input,
        result: None,
        error_output: None,
        call: Some(call),
        context: &context,
        variable: &variable,
        now_ms: 0,
        seed: 0,
    };
    answer.respond(&env)
}

fn respond(mocks: &Mocks, state: &str, call: u32) -> Option<MockResponse> {
    respond_to(mocks, state, call, json!({})).unwrap()
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
    let mocks = Mocks::from_value(&aws_example(), Some("LambdaSQSIntegration"), Some("RetryPath")).unwrap();
    let not_ready = throw("Lambda.ResourceNotReadyException", "Lambda resource is not ready.");
    let timed_out = throw("Lambda.TimeoutException", "Lambda timed out.");
    assert_eq!(respond(&mocks, "LambdaState", 0), Some(not_ready));
    assert_eq!(respond(&mocks, "LambdaState", 1), Some(timed_out.clone()));
    assert_eq!(respond(&mocks, "LambdaState", 2), Some(timed_out));
    let success =
        ret(json!({"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}));
    assert_eq!(respond(&mocks, "LambdaState", 3), Some(success));
    assert!(matches!(respond(&mocks, "SQSState", 0), Some(MockResponse::Return { .. })));
    assert!(!mocks.is_empty());
}

#[test]
fn a_call_past_the_last_key_or_of_an_unmocked_state_has_no_response() {
    let mocks = Mocks::from_value(&aws_example(), None, Some("HybridPath")).unwrap();
    assert!(respond(&mocks, "LambdaState", 0).is_some());
    assert_eq!(respond(&mocks, "LambdaState", 1), None);
    assert_eq!(respond(&mocks, "LambdaState", u32::MAX), None);
    assert_eq!(respond(&mocks, "SQSState", 0), None);
}

#[test]
fn the_only_state_machine_and_test_case_are_used_when_not_named() {
    let doc = json!({
        "StateMachines": {"Only": {"TestCases": {"Case": {"Task": "R"}}}},
        "MockedResponses": {"R": {"0": {"Return": "done"}}}
    });
    let mocks = Mocks::from_value(&doc, None, None).unwrap();
    assert_eq!(respond(&mocks, "Task", 0), Some(ret(json!("done"))));
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
        ("99999999999999999999999", r#"key "99999999999999999999999" names an invocation above 100000000"#),
    ] {
        let error = retry_path_with(json!({ key: {"Return": 1} })).unwrap_err();
        assert_eq!(error, format!("mocks: MockedResponses.MockedLambdaRetry: {problem}"));
    }
}

#[test]
fn large_ranges_are_stored_not_expanded() {
    let mocks = retry_path_with(json!({"0-99999999": {"Return": 1}, "100000000": {"Return": 2}})).unwrap();
    assert_eq!(respond(&mocks, "LambdaState", 99_999_999), Some(ret(json!(1))));
    assert_eq!(respond(&mocks, "LambdaState", 100_000_000), Some(ret(json!(2))));
    assert_eq!(respond(&mocks, "LambdaState", 100_000_001), None);
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
    assert_eq!(respond(&shuffled, "LambdaState", 2), Some(ret(json!(3))));
}

#[test]
fn a_config_file_response_is_exactly_one_return_or_throw_with_error_and_cause() {
    let place = r#"mocks: MockedResponses.MockedLambdaRetry.0"#;
    for (response, problem) in [
        (json!({"Return": 1, "Throw": {"Error": "E", "Cause": "C"}}), r#"has both "Return" and "Throw""#),
        (json!({}), r#"needs a "Return" or a "Throw" field"#),
        (
            json!({"Return": 1, "Comment": "x"}),
            r#"unexpected field "Comment": a response has "Return" or "Throw", and may have "When""#,
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
        (json!(3), r#"expected an object with "Return" or "Throw", found a number"#),
        (json!([1]), r#"candidate 0: expected an object with "Return" or "Throw", found a number"#),
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
    assert_eq!(respond(&mocks, "LambdaTask", 0), Some(throw("Exception", cause)));
    assert_eq!(respond(&mocks, "LambdaTask", 1), None);
    let output = json!({"Entries": [{"EventId": "<uuid:1>"}], "FailedEntryCount": 0});
    assert_eq!(respond(&mocks, "PutEvents", 0), Some(ret(output)));
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
    assert_eq!(respond(&mocks, "SendMessageWithWait", 0), Some(first));
    let second = MockResponse::Throw { error: None, cause: None };
    assert_eq!(respond(&mocks, "SendMessageWithWait", 1), Some(second));
    let third = MockResponse::Throw { error: Some("States.Timeout".to_string()), cause: None };
    assert_eq!(respond(&mocks, "SendMessageWithWait", 2), Some(third));
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
    assert_eq!(respond(&mocks, "Lambda", 0), Some(throttled));
    assert_eq!(respond(&mocks, "Lambda", 1), Some(throw("Exception", r#"{"errorMessage":"boom"}"#)));
    assert_eq!(respond(&mocks, "Lambda", 2), Some(ret(json!({"Payload": 1}))));
    assert_eq!(respond(&mocks, "Lambda", 3), Some(ret(Value::Null)));
    assert_eq!(respond(&mocks, "Lambda", 4), None);
}

#[test]
fn list_form_errors_say_which_state_and_entry() {
    for (doc, message) in [
        (json!([]), "mocks: expected an object, found an array"),
        (
            json!({"S": {"output": 1}}),
            "mocks: S: expected a list of responses (one per invocation), found an object",
        ),
        (
            json!({"S": [{"output": 1}, 5]}),
            "mocks: S[1]: expected an object or a list of candidates, found a number",
        ),
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
            r#"mocks: S[0]: unexpected field "event": a response has "Return" or "Throw", and may have "When""#,
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
    assert_eq!(respond(&mocks, "MockedResponses", 0), Some(ret(json!(1))));
}

#[test]
fn parse_reads_json_and_yaml_text() {
    let yaml = "StateMachines:\n  M:\n    TestCases:\n      C:\n        Task: R\nMockedResponses:\n  R:\n    0:\n      Return: {ok: true}\n    1-2:\n      Throw: {Error: E, Cause: C}\n";
    let mocks = Mocks::parse(yaml, None, None).unwrap();
    assert_eq!(respond(&mocks, "Task", 0), Some(ret(json!({"ok": true}))));
    assert_eq!(respond(&mocks, "Task", 2), Some(throw("E", "C")));
    let json_text = serde_json::to_string(&aws_example()).unwrap();
    assert_eq!(
        Mocks::parse(&json_text, None, Some("RetryPath")),
        Mocks::from_value(&aws_example(), None, Some("RetryPath"))
    );
    let list = Mocks::parse("Task:\n  - output: 1\n  - error: E\n    cause: C\n", None, None).unwrap();
    assert_eq!(respond(&list, "Task", 1), Some(throw("E", "C")));
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

// ---------------------------------------------------------------------------------------------
// scripted responses

#[test]
fn return_templates_see_the_request_the_call_the_context_and_the_variables() {
    let doc = json!({"Price": [{"Return": {
        "total": "{% $states.input.price * $states.input.qty %}",
        "call": "{% $states.call %}",
        "state": "{% $states.context.State.Name %}",
        "limit": "{% $limit %}",
        "literal": ["kept", "{not an expression}"]
    }}]});
    let mocks = Mocks::from_value(&doc, None, None).unwrap();
    let output = json!({"total": 7.5, "call": 0, "state": "Price", "limit": 3, "literal": ["kept", "{not an expression}"]});
    assert_eq!(respond_to(&mocks, "Price", 0, json!({"price": 2.5, "qty": 3})), Ok(Some(ret(output))));
}

#[test]
fn the_first_candidate_whose_when_is_true_answers() {
    let doc = json!({"Reserve": [[
        {"When": "{% $states.input.qty > $states.input.stock %}",
         "Throw": {"Error": "OutOfStock", "Cause": "{% 'only ' & $string($states.input.stock) & ' left' %}"}},
        {"When": "{% $states.input.qty = 0 %}", "Throw": {"Error": "{% 'Empty' & 'Order' %}"}},
        {"Return": {"reserved": "{% $states.input.qty %}"}}
    ]]});
    let mocks = Mocks::from_value(&doc, None, None).unwrap();
    let reserve = |input| respond_to(&mocks, "Reserve", 0, input);
    assert_eq!(reserve(json!({"qty": 5, "stock": 2})), Ok(Some(throw("OutOfStock", "only 2 left"))));
    let empty = MockResponse::Throw { error: Some("EmptyOrder".to_string()), cause: None };
    assert_eq!(reserve(json!({"qty": 0, "stock": 2})), Ok(Some(empty)));
    assert_eq!(reserve(json!({"qty": 2, "stock": 2})), Ok(Some(ret(json!({"reserved": 2})))));
}

#[test]
fn when_no_candidate_holds_the_call_has_no_response() {
    let doc = json!({"T": [{"When": "{% $states.input.go %}", "Return": 1}]});
    let mocks = Mocks::from_value(&doc, None, None).unwrap();
    assert_eq!(respond_to(&mocks, "T", 0, json!({"go": true})), Ok(Some(ret(json!(1)))));
    assert_eq!(respond_to(&mocks, "T", 0, json!({"go": false})), Ok(None));
}

#[test]
fn a_config_file_range_can_hold_candidates_that_read_the_call_number() {
    let doc = json!({
        "StateMachines": {"M": {"TestCases": {"Flaky": {"Call": "EveryThirdFails"}}}},
        "MockedResponses": {"EveryThirdFails": {"0-99": [
            {"When": "{% $states.call % 3 = 2 %}", "Throw": {"Error": "Flaky", "Cause": "{% 'call ' & $states.call %}"}},
            {"Return": {"call": "{% $states.call %}"}}
        ]}}
    });
    let mocks = Mocks::from_value(&doc, None, None).unwrap();
    assert_eq!(respond(&mocks, "Call", 1), Some(ret(json!({"call": 1}))));
    assert_eq!(respond(&mocks, "Call", 5), Some(throw("Flaky", "call 5")));
    assert_eq!(respond(&mocks, "Call", 100), None);
}

#[test]
fn an_object_cause_is_its_compact_text_and_an_expression_may_give_one() {
    let doc = json!({"T": [
        {"Throw": {"Error": "E", "Cause": {"errorMessage": "{% 'bad ' & $states.input.id %}"}}},
        {"Throw": {"Error": "E", "Cause": "{% {'code': $states.call} %}"}}
    ]});
    let mocks = Mocks::from_value(&doc, None, None).unwrap();
    let input = json!({"id": "x1"});
    assert_eq!(
        respond_to(&mocks, "T", 0, input.clone()),
        Ok(Some(throw("E", r#"{"errorMessage":"bad x1"}"#)))
    );
    assert_eq!(respond_to(&mocks, "T", 1, input), Ok(Some(throw("E", r#"{"code":1}"#))));
}

#[test]
fn corpus_records_are_data_even_when_they_look_like_expressions() {
    let doc = json!({"T": [{"output": "{% 1 + 1 %}"}, {"error": "{% 'E' %}", "cause": "{% %}"}]});
    let mocks = Mocks::from_value(&doc, None, None).unwrap();
    assert_eq!(respond(&mocks, "T", 0), Some(ret(json!("{% 1 + 1 %}"))));
    assert_eq!(respond(&mocks, "T", 1), Some(throw("{% 'E' %}", "{% %}")));
    assert!(!mocks.response("T", 0).unwrap().evaluates());
}

#[test]
fn only_responses_with_expressions_evaluate() {
    let doc = json!({"T": [
        {"Return": {"a": 1}},
        {"Throw": {"Error": "E", "Cause": "C"}},
        {"Return": {"a": "{% 1 %}"}},
        {"Throw": {"Error": "E", "Cause": "{% 'C' %}"}},
        {"When": "{% true %}", "Return": 1}
    ]});
    let mocks = Mocks::from_value(&doc, None, None).unwrap();
    let evaluates: Vec<bool> = (0..5).map(|call| mocks.response("T", call).unwrap().evaluates()).collect();
    assert_eq!(evaluates, [false, false, true, true, true]);
}

#[test]
fn a_malformed_script_is_a_one_line_load_error_saying_where() {
    for (doc, message) in [
        (
            json!({"T": [{"Return": {"items": [{"total": "{% $states.input.price * %}"}]}}]}),
            "mocks: T[0]: Return/items[0]/total: the JSONata expression '$states.input.price *' does not parse: S0207:",
        ),
        (
            json!({"T": [[{"When": "{% ( %}", "Return": 1}]]}),
            r#"mocks: T[0]: candidate 0: When: the JSONata expression '(' does not parse: S0203: Expected ")" before end of expression (at position 1)"#,
        ),
        (
            json!({"T": [{"Throw": {"Error": "E", "Cause": "{% 'a' & %}"}}]}),
            "mocks: T[0]: Throw/Cause: the JSONata expression ''a' &' does not parse: S0207:",
        ),
        (json!({"T": [[]]}), "mocks: T[0]: an empty list of candidate responses"),
        (
            json!({"T": [[{"Return": 1}, {"Return": 2}]]}),
            r#"mocks: T[0]: candidate 1 can never answer: candidate 0 has no "When""#,
        ),
        (
            json!({"T": [{"When": "true", "Return": 1}]}),
            r#"mocks: T[0]: "When" must be a "{% ... %}" expression, found a string"#,
        ),
        (
            json!({"T": [{"When": true, "Return": 1}]}),
            r#"mocks: T[0]: "When" must be a "{% ... %}" expression, found a boolean"#,
        ),
        (
            json!({"T": [{"When": "{% true %}", "output": 1}]}),
            r#"mocks: T[0]: unexpected field "output": a response has "Return" or "Throw", and may have "When""#,
        ),
        (
            json!({"T": [[[{"Return": 1}]]]}),
            r#"mocks: T[0]: candidate 0: expected an object with "Return" or "Throw", found an array"#,
        ),
    ] {
        let error = Mocks::from_value(&doc, None, None).unwrap_err();
        assert!(error.starts_with(message), "{error}\nshould start with\n{message}");
        assert!(!error.contains('\n'), "{error}");
    }
    let doc = json!({"StateMachines": {"M": {"TestCases": {"C": {}}}},
                     "MockedResponses": {"R": {"0-9": {"Return": "{% ] %}"}}}});
    let error = Mocks::from_value(&doc, None, None).unwrap_err();
    assert!(
        error.starts_with(
            "mocks: MockedResponses.R.0-9: Return: the JSONata expression ']' does not parse: S0"
        ),
        "{error}"
    );
}

#[test]
fn a_script_that_fails_when_called_says_which_field_and_why() {
    let doc = json!({"T": [
        {"Return": {"total": "{% $states.input.price * 2 %}"}},
        [{"When": "{% $states.input %}", "Return": 1}],
        {"Throw": {"Error": "{% 42 %}", "Cause": "C"}},
        {"Throw": {"Error": "E", "Cause": "{% [1] %}"}},
        [{"When": "{% false %}", "Return": 0}, {"When": "{% $nope() %}", "Return": 1}]
    ]});
    let mocks = Mocks::from_value(&doc, None, None).unwrap();
    let failure = |call| respond_to(&mocks, "T", call, json!({"qty": 1})).unwrap_err();
    assert_eq!(
        failure(0),
        "The JSONata expression '$states.input.price * 2' specified for the field 'Return/total' returned nothing (undefined)."
    );
    assert_eq!(
        failure(1),
        "candidate 0: The JSONata expression '$states.input' specified for the field 'When' returned an \
         unexpected result type. Expected 'boolean', but was 'object' for value: {\"qty\":1}"
    );
    assert_eq!(
        failure(2),
        "The JSONata expression '42' specified for the field 'Throw/Error' returned an unexpected result type. \
         Expected 'string', but was 'number' for value: 42"
    );
    assert!(
        failure(3)
            .contains("'Throw/Cause' returned an unexpected result type. Expected 'string', but was 'array'"),
        "{}",
        failure(3)
    );
    assert!(
        failure(4).starts_with(
            "candidate 1: The JSONata expression '$nope()' specified for the field 'When' threw an error"
        ),
        "{}",
        failure(4)
    );
}

#[test]
fn scripted_mocks_survive_a_json_snapshot_and_still_evaluate() {
    let doc = json!({"T": [[{"When": "{% $states.call = 0 %}", "Return": "{% $states.input.x %}"}, {"output": 1}]]});
    // A corpus record cannot be a candidate.
    assert!(Mocks::from_value(&doc, None, None).is_err());
    let doc = json!({"T": [[{"When": "{% $states.input.x > 1 %}", "Return": "{% $states.input.x %}"}]], "U": [{"output": "{% 1 %}"}]});
    let mocks = Mocks::from_value(&doc, None, None).unwrap();
    let snapshot = serde_json::to_value(&mocks).unwrap();
    let restored = serde_json::from_value::<Mocks>(snapshot.clone()).unwrap();
    assert_eq!(restored, mocks);
    assert_eq!(respond_to(&restored, "T", 0, json!({"x": 2})), Ok(Some(ret(json!(2)))));
    assert_eq!(respond(&restored, "U", 0), Some(ret(json!("{% 1 %}"))));
    // A snapshot edited into a malformed script is an error, not a panic.
    let tampered = serde_json::to_string(&snapshot).unwrap().replace("$states.input.x > 1", "(");
    let error = serde_json::from_str::<Mocks>(&tampered).unwrap_err().to_string();
    assert!(
        error.starts_with("mocks: candidate 0: When: the JSONata expression '(' does not parse"),
        "{error}"
    );
}

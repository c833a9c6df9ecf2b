//! No input panics: parse → validate → run over malformed, mutated and oversized definitions and inputs.
//! The mutations are seeded, so a failure reproduces; the panicking definition is printed.

use asl_sandbox::diagnostic::Severity;
use asl_sandbox::exec::{Execution, Options, Status};
use asl_sandbox::rng::Rng;
use asl_sandbox::validate;
use serde_json::{Value, json};
use std::panic::{AssertUnwindSafe, catch_unwind};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/aws-recorded");

/// parse → validate → run; returns the final status when it ran.
fn exercise(def: &Value, input: &Value) -> Option<Status> {
    let diags = validate::validate(def, &validate::Options::default());
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return None;
    }
    let mut exec = Execution::start(def, input.clone(), Options::default()).ok()?;
    exec.run();
    Some(exec.status())
}

fn palette(rng: &mut Rng) -> Value {
    let deep = (0..200).fold(json!(1), |acc, _| json!([acc]));
    let choices = [
        json!(null),
        json!(true),
        json!(-1),
        json!(1.5),
        json!(1e308),
        json!(u64::MAX),
        json!(""),
        json!("$"),
        json!("$."),
        json!("$..a"),
        json!("$[?(@.a =="),
        json!("$.a[-1]"),
        json!("$$.Map.Item.Value"),
        json!("$nope.x"),
        json!("States.Format('{}{}', $.a)"),
        json!("States.ArrayRange(0, 100000000, 1)"),
        json!("States.StringToJson($.s)"),
        json!("States.MathAdd(2147483647, 1)"),
        json!("{% $states.input %}"),
        json!("x".repeat(300_000)),
        json!([]),
        json!({}),
        json!({"Type": "Pass", "End": true}),
        json!({"a.$": "$.a"}),
        deep,
    ];
    choices[(rng.next_u64() % choices.len() as u64) as usize].clone()
}

/// Replaces, deletes or renames one random node of `v`.
fn mutate(v: &mut Value, rng: &mut Rng) {
    let deeper = !rng.next_u64().is_multiple_of(4);
    match v {
        Value::Object(m) if !m.is_empty() && deeper => {
            let i = (rng.next_u64() % m.len() as u64) as usize;
            let key = m.keys().nth(i).cloned().unwrap_or_default();
            match rng.next_u64() % 6 {
                0 => {
                    m.shift_remove(&key);
                }
                1 => {
                    if let Some(val) = m.shift_remove(&key) {
                        m.insert(format!("{key}.$"), val);
                    }
                }
                _ => {
                    if let Some(child) = m.get_mut(&key) {
                        mutate(child, rng);
                    }
                }
            }
        }
        Value::Array(a) if !a.is_empty() && deeper => {
            let i = (rng.next_u64() % a.len() as u64) as usize;
            mutate(&mut a[i], rng);
        }
        _ => *v = palette(rng),
    }
}

#[test]
fn mutated_corpus_definitions_never_panic() {
    let mut defs = Vec::new();
    for file in ["base.jsonl", "scenarios.jsonl", "error_handling.jsonl", "intrinsic_functions.jsonl"] {
        let text = std::fs::read_to_string(format!("{CORPUS}/{file}")).unwrap();
        for line in text.lines() {
            let case: Value = serde_json::from_str(line).unwrap();
            defs.push((case["definition"].clone(), case["input"].clone()));
        }
    }
    let mut rng = Rng::new(20261125);
    let mut ran = 0;
    for round in 0..1500 {
        let (mut def, mut input) = defs[(rng.next_u64() % defs.len() as u64) as usize].clone();
        // Mutate inside a state, so that most definitions stay valid enough to run.
        if let Some(states) = def.get_mut("States").and_then(Value::as_object_mut) {
            let i = (rng.next_u64() % states.len().max(1) as u64) as usize;
            if let Some((_, state)) = states.iter_mut().nth(i) {
                mutate(state, &mut rng);
            }
        }
        if rng.next_u64().is_multiple_of(4) {
            mutate(&mut input, &mut rng);
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| exercise(&def, &input)));
        match outcome {
            Ok(Some(_)) => ran += 1,
            Ok(None) => {}
            Err(_) => panic!("round {round} panicked on definition {def} with input {input}"),
        }
    }
    // The mutations must leave enough definitions valid to exercise the executor, not just the validator.
    assert!(ran > 120, "only {ran} mutated definitions ran");
}

#[test]
fn malformed_definition_text_is_a_diagnostic() {
    for text in ["", "not json", "{", "[1,2]", "{\"StartAt\": 1}", "- a\n- b", "\u{0}"] {
        match validate::parse_text(text) {
            Ok(v) => assert!(!validate::validate(&v, &validate::Options::default()).is_empty(), "{text:?}"),
            Err(d) => assert_eq!(d.code, "INVALID_JSON_DESCRIPTION"),
        }
    }
}

#[test]
fn huge_and_deep_inputs_fail_cleanly() {
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}});
    let big = json!({"s": "x".repeat(300_000)});
    assert!(Execution::start(&def, big, Options::default()).is_err());
    let deep = (0..120).fold(json!(1), |acc, _| json!({"a": acc}));
    assert_eq!(exercise(&def, &deep), Some(Status::Succeeded));
    let grow = json!({"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Parameters": {"a.$": "$", "b.$": "$"}, "Next": "Q"},
        "Q": {"Type": "Choice", "Choices": [{"Variable": "$.never", "IsPresent": true, "Next": "Done"}], "Default": "P"},
        "Done": {"Type": "Succeed"}}});
    assert_eq!(exercise(&grow, &json!({"x": "0123456789"})), Some(Status::Failed));
}

#[test]
fn paths_into_nothing_are_runtime_errors() {
    for (field, path) in [("InputPath", "$.a.b.c"), ("OutputPath", "$[5]"), ("ResultPath", "$.a[3]")] {
        let def = json!({"StartAt": "P", "States": {"P": {"Type": "Pass", field: path, "End": true}}});
        assert_eq!(exercise(&def, &json!({"a": []})), Some(Status::Failed), "{field}");
    }
}

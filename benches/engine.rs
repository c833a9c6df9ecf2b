//! Transitions per second of the engine, history on: `cargo bench --bench engine`.
//! A transition is one state entered (AWS's billing unit).

use asl_sandbox::exec::{Execution, Options};

// The same allocator as the CLI binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use serde_json::{Value, json};
use std::time::Instant;

fn measure(name: &str, def: Value, input: Value, transitions: u64) {
    // `cargo bench --bench engine -- map` runs the cases whose name contains "map".
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    if !filter.iter().all(|f| name.contains(f.as_str())) {
        return;
    }
    let options = Options { express: true, ..Options::default() };
    let mut best = f64::MAX;
    let mut events = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let mut exec = Execution::start(&def, input.clone(), options.clone()).expect("definition");
        exec.run();
        best = best.min(start.elapsed().as_secs_f64());
        assert_eq!(exec.status().as_str(), "SUCCEEDED", "{name}: {:?}", exec.error());
        events = exec.history().len();
    }
    println!(
        "{name:<34} {transitions:>9} transitions {events:>9} events {:>8.1} ms {:>12.0} transitions/s",
        best * 1000.0,
        transitions as f64 / best
    );
}

fn main() {
    let n = 100_000;
    let counting_loop = json!({"StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": n, "Next": "Inc"}], "Default": "Done"},
        "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
        "Done": {"Type": "Succeed"}}});
    measure("choice/pass loop (100,000 iterations)", counting_loop, json!({"i": 0}), 2 * n + 2);

    let items: Vec<u64> = (0..10_000).collect();
    let map = json!({"StartAt": "Map", "States": {"Map": {"Type": "Map", "ItemsPath": "$.items",
        "ItemProcessor": {"StartAt": "Double", "States": {"Double": {"Type": "Pass", "Parameters": {"v.$": "$"}, "End": true}}},
        "End": true}}});
    measure("inline map (10,000 items)", map, json!({"items": items}), 10_001);

    let branches: Vec<Value> =
        (0..50).map(|i| json!({"StartAt": format!("B{i}"), "States": {format!("B{i}"): {"Type": "Pass", "End": true}}})).collect();
    let parallel =
        json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": branches, "End": true}}});
    measure("parallel (50 branches)", parallel, json!({"x": 1}), 51);

    // The same loop in JSONata, with variables and an order total computed on every iteration.
    let lines: Vec<Value> = (0..5).map(|i| json!({"price": i as f64 + 0.5, "qty": i + 1})).collect();
    let jsonata_loop = json!({"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"limit": n, "last": null}, "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.i < $limit %}", "Next": "Inc"}], "Default": "Done"},
        "Inc": {"Type": "Pass", "Output": {"i": "{% $states.input.i + 1 %}",
            "total": "{% $sum($states.input.lines.(price * qty)) %}", "lines": "{% $states.input.lines %}"},
            "Assign": {"last": "{% $states.input.i %}"}, "Next": "Check"},
        "Done": {"Type": "Succeed", "Output": "{% {'i': $states.input.i, 'last': $last} %}"}}});
    measure(
        "jsonata choice/pass loop (100,000 iterations)",
        jsonata_loop,
        json!({"i": 0, "lines": lines}),
        2 * n + 3,
    );
}

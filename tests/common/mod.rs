//! Helpers shared by the execution tests.
// Each test file is a crate of its own and uses only some of them.
#![allow(dead_code)]

use asl_sandbox::exec::{Execution, Options};
use asl_sandbox::mock::Mocks;
use serde_json::Value;

/// Starts an execution with these mocks (any format `Mocks::from_value` reads) and seed.
pub fn start(def: &Value, input: Value, mocks: Value, seed: u64) -> Execution {
    let options =
        Options { mocks: Mocks::from_value(&mocks, None, None).unwrap(), seed, ..Options::default() };
    Execution::start(def, input, options).unwrap()
}

/// `type(id←previous)` for every event.
pub fn events(e: &Execution) -> Vec<String> {
    e.history()
        .events()
        .iter()
        .map(|ev| format!("{}({}←{})", ev.event_type, ev.id, ev.previous_event_id))
        .collect()
}

pub fn types(e: &Execution) -> Vec<String> {
    e.history().events().iter().map(|ev| ev.event_type.to_string()).collect()
}

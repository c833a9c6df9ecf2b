//! parse → validate → run on arbitrary bytes: `cargo +nightly fuzz run definition`.
#![no_main]

use asl_sandbox::diagnostic::Severity;
use asl_sandbox::exec::{Execution, Options};
use asl_sandbox::validate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The first line is the input, the rest the definition.
    let (input, definition) = text.split_once('\n').unwrap_or(("{}", text));
    let Ok(def) = validate::parse_text(definition) else { return };
    let diagnostics = validate::validate(&def, &validate::Options::default());
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return;
    }
    let input = serde_json::from_str(input).unwrap_or(serde_json::Value::Null);
    if let Ok(mut exec) = Execution::start(&def, input, Options::default()) {
        exec.run_unanswered();
    }
});

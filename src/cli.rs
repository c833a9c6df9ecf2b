//! The `asl-sandbox` command line: validate, run and test state machines. Native only; every
//! failure is one line on stderr and a non-zero exit, never a panic.

use crate::conformance::{self, Actual, Case};
use crate::diagnostic::Severity;
use crate::exec::{Execution, Options, Progress};
use crate::mock::Mocks;
use crate::timestamp;
use crate::validate;
use serde_json::{Value, json};
use std::io::Write;

const USAGE: &str = "\
asl-sandbox: run Amazon States Language state machines locally, on a simulated clock, with mocked tasks

USAGE:
    asl-sandbox validate FILE [--express]
    asl-sandbox run FILE [--input JSON|@FILE] [--mocks FILE [--test-case NAME] [--state-machine NAME]]
                         [--history] [--seed N] [--start-time RFC3339] [--express]
    asl-sandbox test FILES... [--verbose] [--filter TEXT]
    asl-sandbox jsonata EXPR [--input JSON|@FILE]

Run `asl-sandbox COMMAND --help` for a command's options.";

const VALIDATE_HELP: &str = "\
asl-sandbox validate FILE [--express]

Checks a definition (JSON or YAML) and prints AWS-style diagnostics as JSON:
{\"result\": \"OK\"|\"FAIL\", \"diagnostics\": [{severity, code, message, location}]}.
Exits 1 when there is an error.

    --express    check the rules of EXPRESS state machines too";

const RUN_HELP: &str = "\
asl-sandbox run FILE [OPTIONS]

Runs a definition (JSON or YAML) and prints the execution like DescribeExecution
(status, output, error, cause, startDate, stopDate). Tasks are answered by mocks.

    --input JSON|@FILE       execution input (default {})
    --mocks FILE             mocked task responses: a Step Functions Local MockConfigFile,
                             or {\"State\": [{\"Return\": ...} | {\"Throw\": {\"Error\", \"Cause\"}}]}
                             whose strings may be \"{% JSONata %}\" over the request
                             ($states.input) and the call number ($states.call); see docs/mocks.md
    --test-case NAME         the MockConfigFile test case to use
    --state-machine NAME     the MockConfigFile state machine to use
    --history                also print the execution history events (GetExecutionHistory shape)
    --seed N                 seed for retry jitter, UUIDs and random numbers (default 0)
    --start-time RFC3339     virtual start time (default 2024-01-01T00:00:00Z)
    --express                run as an EXPRESS state machine

A task waiting for a token (.waitForTaskToken, activities) with no mocked answer times out as
on AWS when it has TimeoutSeconds/HeartbeatSeconds; otherwise the execution stays RUNNING and
`pendingTasks` lists its tokens.

Exit status: 0 when the execution succeeded, 1 when it failed, timed out or waits on a task token,
2 on bad usage or input.";

const JSONATA_HELP: &str = "\
asl-sandbox jsonata EXPR [--input JSON|@FILE]

Evaluates a JSONata expression in Step Functions' dialect against the input (none when --input
is absent) and prints the result as JSON, or `undefined`. The input is both `$` and
`$states.input`; `{% ... %}` around the expression is accepted. An error prints its JSONata
code, message and position.

    --input JSON|@FILE   the input document";

const TEST_HELP: &str = "\
asl-sandbox test FILES... [--verbose] [--filter TEXT]

Runs recorded cases (JSONL, one case per line, the ../shared/corpus/aws-recorded format) and
compares status, output, error, cause and, when recorded, the history event sequence.
Prints one line per failing case and ends with `N passed, M failed`; exits 1 if any failed.
Cases that need JSONata, variables or unmocked services are skipped and counted.

    --verbose      also print the passing cases
    --filter TEXT  only cases whose id contains TEXT";

/// Runs the CLI with `args` (without the program name); returns the exit code.
pub fn main(args: Vec<String>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match args.first().map(String::as_str) {
        None => Err("missing command (try --help)".into()),
        Some("--help" | "-h" | "help") => {
            let _ = writeln!(out, "{USAGE}");
            return 0;
        }
        Some("validate") => validate_cmd(&args[1..], out),
        Some("run") => run_cmd(&args[1..], out),
        Some("test") => test_cmd(&args[1..], out),
        Some("jsonata") => jsonata_cmd(&args[1..], out),
        Some(other) => Err(format!("unknown command '{other}' (try --help)")),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "asl-sandbox: {message}");
            2
        }
    }
}

/// Flags and positional arguments of one command.
struct Args {
    positional: Vec<String>,
    flags: Vec<(String, Option<String>)>,
}

impl Args {
    /// Parses a command's arguments; `Ok(None)` when `--help`/`-h` asked for its usage.
    fn parse(args: &[String], valued: &[&str], switches: &[&str]) -> Result<Option<Args>, String> {
        let mut positional = Vec::new();
        let mut flags = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if valued.contains(&a.as_str()) {
                let v = it.next().ok_or_else(|| format!("{a} needs a value"))?;
                flags.push((a.clone(), Some(v.clone())));
            } else if a == "--help" || a == "-h" {
                return Ok(None);
            } else if switches.contains(&a.as_str()) {
                flags.push((a.clone(), None));
            } else if a.starts_with("--") {
                return Err(format!("unknown option '{a}' (try --help)"));
            } else {
                positional.push(a.clone());
            }
        }
        Ok(Some(Args { positional, flags }))
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.flags.iter().rev().find(|(n, _)| n == name).and_then(|(_, v)| v.as_deref())
    }

    fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|(n, _)| n == name)
    }
}

/// `--input` text: JSON, or `@FILE` holding JSON.
fn read_json_arg(text: &str) -> Result<Value, String> {
    let text = match text.strip_prefix('@') {
        Some(path) => read(path)?,
        None => text.to_string(),
    };
    serde_json::from_str(&text).map_err(|e| format!("--input is not JSON: {e}"))
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

/// Reads and validates a definition file; Err carries the diagnostics already printed.
fn load_definition(path: &str, express: bool) -> Result<(Value, Vec<crate::diagnostic::Diagnostic>), String> {
    let text = read(path)?;
    let def = match validate::parse_text(&text) {
        Ok(v) => v,
        Err(d) => return Ok((Value::Null, vec![d])),
    };
    let diags = validate::validate(&def, &validate::Options { express });
    Ok((def, diags))
}

fn has_errors(diags: &[crate::diagnostic::Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

fn validate_cmd(args: &[String], out: &mut dyn Write) -> Result<i32, String> {
    let Some(a) = Args::parse(args, &[], &["--express"])? else {
        let _ = writeln!(out, "{VALIDATE_HELP}");
        return Ok(0);
    };
    let [file] = a.positional.as_slice() else { return Err("validate needs exactly one FILE".into()) };
    let (_, diags) = load_definition(file, a.has("--express"))?;
    let failed = has_errors(&diags);
    let report = json!({"result": if failed { "FAIL" } else { "OK" }, "diagnostics": diags});
    let _ = writeln!(out, "{}", pretty(&report));
    Ok(i32::from(failed))
}

fn run_cmd(args: &[String], out: &mut dyn Write) -> Result<i32, String> {
    let valued = ["--input", "--mocks", "--test-case", "--state-machine", "--seed", "--start-time"];
    let Some(a) = Args::parse(args, &valued, &["--history", "--express"])? else {
        let _ = writeln!(out, "{RUN_HELP}");
        return Ok(0);
    };
    for needs_mocks in ["--test-case", "--state-machine"] {
        if a.value(needs_mocks).is_some() && a.value("--mocks").is_none() {
            return Err(format!("{needs_mocks} picks from a mock file: give --mocks FILE too"));
        }
    }
    let [file] = a.positional.as_slice() else { return Err("run needs exactly one FILE".into()) };
    let (def, diags) = load_definition(file, a.has("--express"))?;
    if has_errors(&diags) {
        let first = diags.iter().find(|d| d.severity == Severity::Error).map(ToString::to_string);
        return Err(format!("{file} is not a valid state machine: {}", first.unwrap_or_default()));
    }
    let input = a.value("--input").map(read_json_arg).transpose()?.unwrap_or_else(|| json!({}));
    let mut options = Options { express: a.has("--express"), ..Options::default() };
    if let Some(path) = a.value("--mocks") {
        options.mocks = Mocks::parse(&read(path)?, a.value("--state-machine"), a.value("--test-case"))?;
    }
    if let Some(seed) = a.value("--seed") {
        options.seed =
            seed.parse().map_err(|_| format!("--seed must be a non-negative integer, not '{seed}'"))?;
    }
    if let Some(t) = a.value("--start-time") {
        options.start_time_ms = timestamp::parse_millis(t)
            .ok_or_else(|| format!("--start-time is not an RFC 3339 time: '{t}'"))?;
    }
    let mut exec = Execution::start(&def, input, options)?;
    // Nobody can answer a task token from here, so waiting tasks time out as they would on AWS.
    let progress = exec.run_unanswered();
    let mut report = exec.describe();
    if progress == Progress::Blocked {
        report["pendingTasks"] = serde_json::to_value(exec.pending_tasks()).unwrap_or_default();
    }
    if a.has("--history") {
        report["events"] = Value::Array(exec.history().to_aws_json());
    }
    let _ = writeln!(out, "{}", pretty(&report));
    Ok(if exec.status() == crate::exec::Status::Succeeded { 0 } else { 1 })
}

/// 2026-11-25T00:00:00Z, when the recorded corpus was extracted.
const CORPUS_EXTRACTION_MS: i64 = 1_795_564_800_000;

/// Runs one corpus case through the engine.
pub fn run_case(case: &Case) -> Result<Actual, String> {
    let mut options = Options {
        express: case.state_machine_type == "EXPRESS",
        // The few inputs computed from the clock hold the corpus's extraction day (its README).
        start_time_ms: CORPUS_EXTRACTION_MS,
        ..Options::default()
    };
    // The names the recording used, so that names inside outputs come out as AWS showed them.
    let subs = case.raw.pointer("/normalization/substitutions").and_then(Value::as_array);
    for sub in subs.into_iter().flatten() {
        let (Some(pattern), Some(replacement)) = (sub["pattern"].as_str(), sub["replacement"].as_str())
        else {
            continue;
        };
        match replacement {
            "<ArnPart_0idx>" => options.state_machine_name = pattern.to_string(),
            "<ExecArnPart_0idx>" => options.execution_name = pattern.to_string(),
            "snf_role_arn" | "sfn_role_arn" => options.role_arn = pattern.to_string(),
            _ => {}
        }
    }
    if let Some(m) = &case.mocks {
        options.mocks = Mocks::from_value(m, None, None)?;
    }
    let diags = validate::validate(
        &case.definition,
        &validate::Options { express: case.state_machine_type == "EXPRESS" },
    );
    if let Some(d) = diags.iter().find(|d| d.severity == Severity::Error) {
        return Err(format!("definition rejected: {d}"));
    }
    let mut exec = Execution::start(&case.definition, case.input.clone(), options)?;
    exec.run_unanswered();
    let e = exec.error();
    Ok(Actual {
        status: exec.status().as_str().to_string(),
        output: exec.output().cloned(),
        error: e.and_then(|e| e.error.clone()),
        cause: e.and_then(|e| e.cause.clone()),
        history: exec.history().to_aws_json(),
    })
}

fn test_cmd(args: &[String], out: &mut dyn Write) -> Result<i32, String> {
    let Some(a) = Args::parse(args, &["--filter"], &["--verbose"])? else {
        let _ = writeln!(out, "{TEST_HELP}");
        return Ok(0);
    };
    if a.positional.is_empty() {
        return Err("test needs at least one FILE".into());
    }
    let (mut passed, mut failed, mut skipped, mut history_ok, mut history_total) = (0, 0, 0, 0, 0);
    for file in &a.positional {
        let cases = conformance::load_cases(&read(file)?).map_err(|e| format!("{file}: {e}"))?;
        for case in cases {
            if a.value("--filter").is_some_and(|f| !case.id.contains(f)) {
                continue;
            }
            if !conformance::is_runnable(&case) {
                skipped += 1;
                continue;
            }
            let verdict = match run_case(&case) {
                Ok(actual) => conformance::judge(&case, &actual),
                Err(e) => conformance::Verdict { result: Err(e), history: None },
            };
            if let Some(h) = &verdict.history {
                history_total += 1;
                history_ok += usize::from(h.is_ok());
            }
            match &verdict.result {
                Ok(()) => {
                    passed += 1;
                    if a.has("--verbose") {
                        let _ = writeln!(out, "ok   {}", case.id);
                    }
                }
                Err(diff) => {
                    failed += 1;
                    let _ = writeln!(out, "FAIL {}: {diff}", case.id);
                }
            }
            if let Some(Err(diff)) = &verdict.history
                && (verdict.result.is_ok() || a.has("--verbose"))
            {
                let _ = writeln!(out, "HIST {}: {diff}", case.id);
            }
        }
    }
    let _ = writeln!(out, "history sequences: {history_ok} of {history_total} match; skipped: {skipped}");
    let _ = writeln!(out, "{}", conformance::summary_line(passed, failed));
    Ok(i32::from(failed > 0))
}

fn jsonata_cmd(args: &[String], out: &mut dyn Write) -> Result<i32, String> {
    let Some(a) = Args::parse(args, &["--input"], &[])? else {
        let _ = writeln!(out, "{JSONATA_HELP}");
        return Ok(0);
    };
    let [expr] = a.positional.as_slice() else { return Err("jsonata needs exactly one EXPR".into()) };
    let input = a.value("--input").map(read_json_arg).transpose()?;
    // As a state would write it: `{% ... %}` around it, the input as `$states.input` (and as `$`).
    let expr = crate::jsonata::expression_body(expr).unwrap_or(expr);
    let states = [("states", serde_json::json!({"input": input.clone().unwrap_or(Value::Null)}))];
    let ctx = crate::jsonata::Context {
        variables: &states,
        now_ms: crate::clock::DEFAULT_START_MS,
        ..Default::default()
    };
    let result = crate::jsonata::Expr::compile(expr).and_then(|e| e.evaluate(input.as_ref(), &ctx));
    match result.map_err(|e| e.to_string())? {
        Some(v) => writeln!(out, "{}", pretty(&v)),
        None => writeln!(out, "undefined"),
    }
    .map_err(|e| e.to_string())?;
    Ok(0)
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

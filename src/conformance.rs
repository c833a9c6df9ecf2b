//! Conformance judging: loads AWS-recorded corpus cases and compares an interpreter's result and
//! execution history (asl-reference §12) with what real Step Functions recorded.
//!
//! The rules follow `shared/corpus/aws-recorded/README.md`: recorded values carry placeholders, so
//! expected strings are patterns, and the recorder re-sorted events inside some Parallel states.

use std::collections::BTreeMap;

use serde_json::{Number, Value};

/// One line of a corpus JSONL file (kind "execution"; other kinds load too but are not runnable).
#[derive(Clone, Debug)]
pub struct Case {
    pub id: String,
    pub kind: String,
    pub state_machine_type: String,
    pub definition: Value,
    pub input: Value,
    pub mocks: Option<Value>,
    /// The whole line, for the fields this struct does not lift out (`expected`, `history`, ...).
    pub raw: Value,
}

/// Parses JSONL text; Err names the line number and the problem.
pub fn load_cases(text: &str) -> Result<Vec<Case>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| parse_case(line).map_err(|problem| format!("line {}: {problem}", index + 1)))
        .collect()
}

fn parse_case(line: &str) -> Result<Case, String> {
    let raw: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let text = |key: &str| raw.get(key).and_then(Value::as_str).map(str::to_string);
    let id = text("id").ok_or("missing string field \"id\"")?;
    let kind = text("kind").ok_or_else(|| format!("{id}: missing string field \"kind\""))?;
    if !raw.get("expected").is_some_and(Value::is_object) {
        return Err(format!("{id}: missing object field \"expected\""));
    }
    // TestState cases keep their definition and input inside `request`.
    let lifted =
        |key: &str| raw.get(key).or_else(|| raw.get("request").and_then(|request| request.get(key))).cloned();
    let definition = lifted("definition").unwrap_or(Value::Null);
    let input = lifted("input");
    let state_machine_type = text("state_machine_type");
    if kind == "execution" {
        if !definition.is_object() {
            return Err(format!("{id}: execution case without an object \"definition\""));
        }
        if input.is_none() || state_machine_type.is_none() {
            return Err(format!("{id}: execution case without \"input\" or \"state_machine_type\""));
        }
    }
    Ok(Case {
        id,
        kind,
        state_machine_type: state_machine_type.unwrap_or_default(),
        definition,
        input: input.unwrap_or(Value::Null),
        mocks: raw.get("mocks").filter(|mocks| !mocks.is_null()).cloned(),
        raw,
    })
}

/// What an interpreter produced. `history` is AWS GetExecutionHistory-shaped JSON events:
/// {"id", "previousEventId", "timestamp", "type", "<x>EventDetails": {...}} where
/// input/output/parameters/cause fields are JSON TEXT strings as AWS returns them.
#[derive(Clone, Debug, Default)]
pub struct Actual {
    pub status: String,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub history: Vec<Value>,
}

#[derive(Clone, Debug)]
pub struct Verdict {
    /// Final status/output/error/cause equal (placeholders as wildcards). Err = a short readable diff.
    pub result: Result<(), String>,
    /// Event sequence equal: same event types with the same id and previousEventId, in order; blocks
    /// sorted by the recorder (history_parallel_sorted) compared as multisets of types. None when the
    /// case has no recorded history.
    pub history: Option<Result<(), String>>,
}

/// The one-line tally printed by the CLI and the conformance tests.
pub fn summary_line(passed: usize, failed: usize) -> String {
    format!("{passed} passed, {failed} failed")
}

pub fn judge(case: &Case, actual: &Actual) -> Verdict {
    let history = case.raw.get("history").filter(|recorded| !recorded.is_null()).map(|recorded| {
        let sorted = case.raw.get("history_parallel_sorted").and_then(Value::as_bool) == Some(true);
        judge_history(recorded, &actual.history, sorted)
    });
    Verdict { result: judge_result(case, actual), history }
}

/// True when the case uses JSONata anywhere (QueryLanguage "JSONata", "{% ... %}" strings, `$states`,
/// or the "jsonata" feature), which the engine does not run yet. Workflow variables alone run.
pub fn uses_jsonata(case: &Case) -> bool {
    let flagged = case
        .raw
        .get("features")
        .and_then(Value::as_array)
        .is_some_and(|features| features.iter().any(|f| f.as_str() == Some("jsonata")));
    flagged || mentions_jsonata(&case.definition)
}

fn mentions_jsonata(value: &Value) -> bool {
    match value {
        Value::String(s) => {
            let trimmed = s.trim();
            (trimmed.starts_with("{%") && trimmed.ends_with("%}")) || s.contains("$states")
        }
        Value::Array(items) => items.iter().any(mentions_jsonata),
        Value::Object(fields) => fields.iter().any(|(key, field)| {
            key.contains("$states")
                || (key == "QueryLanguage" && field.as_str() == Some("JSONata"))
                || mentions_jsonata(field)
        }),
        _ => false,
    }
}

/// True when an execution case can run here: kind "execution" and its service calls, if any, are
/// covered by `mocks` (cases that `needs` services but have no mocks, or are flagged
/// mocks_unavailable/mocks_incomplete, are not runnable).
pub fn is_runnable(case: &Case) -> bool {
    let flag = |key: &str| case.raw.get(key).and_then(Value::as_bool) == Some(true);
    let needs_services = case.raw.get("needs").and_then(Value::as_array).is_some_and(|n| !n.is_empty());
    case.kind == "execution"
        && case.definition.is_object()
        && !flag("mocks_unavailable")
        && !flag("mocks_incomplete")
        && (!needs_services || case.mocks.as_ref().is_some_and(Value::is_object))
}

// ---------------------------------------------------------------------------------------------
// Final result

fn judge_result(case: &Case, actual: &Actual) -> Result<(), String> {
    if case.kind != "execution" && case.kind != "invalid_definition" {
        return Err(format!("cases of kind {:?} are not judged here", case.kind));
    }
    let expected =
        case.raw.get("expected").and_then(Value::as_object).ok_or("case has no expected object")?;
    let status = expected.get("status").and_then(Value::as_str).ok_or("case has no expected.status")?;
    if status != actual.status {
        let detail = match (&actual.error, &actual.cause, &actual.output) {
            (None, None, Some(output)) => show(output),
            (None, None, None) => "no output".to_string(),
            (error, cause, _) => {
                format!("{}: {}", error.as_deref().unwrap_or("-"), cause.as_deref().unwrap_or("-"))
            }
        };
        return Err(format!("status: expected {status}, got {} ({})", actual.status, clip(&detail)));
    }
    let patterns = Patterns::of(case);
    let diffs: Vec<String> = [
        patterns.compare_optional("output", expected.get("output"), actual.output.clone()),
        patterns.compare_text("error", expected.get("error"), actual.error.as_deref()),
        patterns.compare_text("cause", expected.get("cause"), actual.cause.as_deref()),
    ]
    .into_iter()
    .filter_map(Result::err)
    .collect();
    if diffs.is_empty() { Ok(()) } else { Err(diffs.join("; ")) }
}

/// How recorded placeholders are matched: `<...>` tokens inside an expected string match any text,
/// an expected string equal to one of the case's bare `normalized_tokens` (`date`, `RequestId`, ...)
/// matches any value, and the case's `normalization.substitutions` are applied to actual strings
/// first, so the fake names an interpreter sees become the placeholders AWS's values became.
struct Patterns {
    wildcards: Vec<String>,
    substitutions: Vec<(String, String)>,
}

impl Patterns {
    fn of(case: &Case) -> Self {
        let tokens = case.raw.get("normalized_tokens").and_then(Value::as_array).into_iter().flatten();
        let wildcards = tokens
            .filter_map(|token| token.as_str().filter(|t| !t.contains('<')).map(str::to_string))
            .collect();
        let substitutions = case
            .raw
            .pointer("/normalization/substitutions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|s| Some((s.get("pattern")?.as_str()?, s.get("replacement")?.as_str()?)))
            // Applied as literal text: formally regular expressions, all are literal in practice but
            // two `requestId` ones, whose replacements are `<...>` tokens that match anyway. An empty
            // pattern would match everywhere.
            .filter(|(pattern, _)| !pattern.is_empty())
            .map(|(pattern, replacement)| (pattern.to_string(), replacement.to_string()))
            .collect();
        Patterns { wildcards, substitutions }
    }

    fn substitute(&self, text: &str) -> String {
        self.substitutions
            .iter()
            .fold(text.to_string(), |acc, (pattern, replacement)| acc.replace(pattern, replacement))
    }

    fn compare_optional(&self, field: &str, want: Option<&Value>, got: Option<Value>) -> Result<(), String> {
        match (want, got) {
            (None, None) => Ok(()),
            (Some(want), Some(got)) => self.compare(want, &got, field),
            (Some(want), None) => Err(format!("{field}: expected {}, got none", show(want))),
            (None, Some(got)) => Err(format!("{field}: expected none, got {}", show(&got))),
        }
    }

    /// `error` and `cause` arrive as text; a recorded cause that was a JSON object was decoded by the
    /// recorder, so the actual text is decoded too and compared as a value (AWS's spacing is unknown).
    fn compare_text(&self, field: &str, want: Option<&Value>, got: Option<&str>) -> Result<(), String> {
        let got = match (want, got) {
            (Some(Value::String(_)) | None, Some(text)) => Value::String(text.to_string()),
            (Some(object), Some(text)) => serde_json::from_str(text)
                .map_err(|_| format!("{field}: expected JSON {}, got text {}", show(object), clip(text)))?,
            (_, None) => return self.compare_optional(field, want, None),
        };
        self.compare_optional(field, want, Some(got))
    }

    /// A `Cause` in an error output often holds a task's error payload as JSON text. Mocks carry that
    /// payload decoded, and AWS spaced it either way (`{"a":1}` from `lambda:invoke`, `{"a": 1}` from
    /// legacy Lambda ARNs), so such texts are compared as JSON values.
    fn same_json_text(&self, expected: &str, actual: &str) -> bool {
        let decode = |text: &str| serde_json::from_str::<Value>(text).ok().filter(|v| v.is_object());
        match (decode(expected), decode(actual)) {
            (Some(e), Some(a)) => self.compare(&e, &a, "").is_ok(),
            _ => false,
        }
    }

    /// Err describes the first difference with its path, e.g. `output.a[2]: expected 1, got 2`.
    fn compare(&self, expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
        let differ =
            |why: String| Err(format!("{path}: expected {}, got {}{why}", show(expected), show(actual)));
        match (expected, actual) {
            (Value::String(e), _) if self.wildcards.contains(e) => Ok(()),
            (Value::String(e), Value::String(a)) if pattern_matches(e, &self.substitute(a)) => Ok(()),
            (Value::String(e), Value::String(a)) if path.ends_with(".Cause") && self.same_json_text(e, a) => {
                Ok(())
            }
            (Value::Number(e), Value::Number(a)) if numbers_equal(e, a) => Ok(()),
            (Value::Array(e), Value::Array(a)) if e.len() == a.len() => e
                .iter()
                .zip(a)
                .enumerate()
                .try_for_each(|(index, (e, a))| self.compare(e, a, &format!("{path}[{index}]"))),
            (Value::Array(e), Value::Array(a)) => differ(format!(" ({} items vs {})", e.len(), a.len())),
            (Value::Object(e), Value::Object(a)) => {
                if let Some(key) = e.keys().find(|key| !a.contains_key(*key)) {
                    return differ(format!(" (missing key {})", Value::from(key.as_str())));
                }
                if let Some(key) = a.keys().find(|key| !e.contains_key(*key)) {
                    return differ(format!(" (unexpected key {})", Value::from(key.as_str())));
                }
                e.iter().try_for_each(|(key, e)| match a.get(key) {
                    Some(a) => self.compare(e, a, &child_path(path, key)),
                    None => differ(String::new()),
                })
            }
            (Value::Null, Value::Null) => Ok(()),
            (Value::Bool(e), Value::Bool(a)) if e == a => Ok(()),
            _ => differ(String::new()),
        }
    }
}

/// serde_json keeps `1` and `1.0` as different numbers; JSON (and AWS) treat them as one value.
fn numbers_equal(a: &Number, b: &Number) -> bool {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return x == y;
    }
    a.as_f64() == b.as_f64()
}

/// Whether `text` matches `pattern`, where each placeholder token `<name>` (letters, digits and
/// `_:.-`, as the recorder writes them) stands for any text and everything else is literal.
fn pattern_matches(pattern: &str, text: &str) -> bool {
    let literals = literal_parts(pattern);
    let Some((first, rest)) = literals.split_first() else { return false };
    let Some((last, middle)) = rest.split_last() else { return pattern == text };
    let Some(mut tail) = text.strip_prefix(first) else { return false };
    // Greedy leftmost search is exact for patterns whose only wildcard is "any text".
    for literal in middle {
        match tail.find(literal) {
            Some(at) => tail = &tail[at + literal.len()..],
            None => return false,
        }
    }
    tail.ends_with(last)
}

/// The literal text around placeholder tokens: `a<x>b<y>` gives `["a", "b", ""]`.
fn literal_parts(pattern: &str) -> Vec<&str> {
    let is_token_char = |c: char| c.is_ascii_alphanumeric() || "_:.-".contains(c);
    let mut parts = Vec::new();
    let (mut literal_start, mut search_from) = (0, 0);
    while let Some(open) = pattern[search_from..].find('<').map(|at| at + search_from) {
        let name_len =
            pattern[open + 1..].find(|c: char| !is_token_char(c)).unwrap_or(pattern.len() - open - 1);
        let close = open + 1 + name_len;
        if name_len > 0 && pattern[close..].starts_with('>') {
            parts.push(&pattern[literal_start..open]);
            literal_start = close + 1;
        }
        search_from = open + 1;
    }
    parts.push(&pattern[literal_start..]);
    parts
}

fn child_path(path: &str, key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        format!("{path}.{key}")
    } else {
        format!("{path}[{}]", Value::from(key))
    }
}

fn show(value: &Value) -> String {
    clip(&value.to_string())
}

/// Keeps diffs readable: long values are cut to about 300 characters.
fn clip(text: &str) -> String {
    const LIMIT: usize = 300;
    match text.char_indices().nth(LIMIT) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// History

/// What the judge looks at in a history event. `sorted` marks events inside a block the recorder
/// re-sorted (their `id` became `[0]` and `previousEventId` 0), whose order carries no meaning.
#[derive(Clone, Debug)]
struct Event {
    kind: String,
    id: Option<i64>,
    previous: Option<i64>,
    sorted: bool,
}

impl Event {
    fn parse(index: usize, event: &Value, side: &str) -> Result<Event, String> {
        let kind = event.get("type").and_then(Value::as_str);
        let kind = kind.ok_or_else(|| format!("{side} event {} has no \"type\"", index + 1))?.to_string();
        let id = event.get("id");
        Ok(Event {
            kind,
            id: id.and_then(Value::as_i64),
            previous: event.get("previousEventId").and_then(Value::as_i64),
            sorted: id.is_some_and(Value::is_array),
        })
    }

    fn same_as(&self, other: &Event) -> bool {
        !self.sorted
            && !other.sorted
            && (&self.kind, self.id, self.previous) == (&other.kind, other.id, other.previous)
    }
}

impl std::fmt::Display for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let number = |n: Option<i64>| n.map_or_else(|| "?".to_string(), |n| n.to_string());
        if self.sorted {
            write!(f, "{}(sorted)", self.kind)
        } else {
            write!(f, "{}({}←{})", self.kind, number(self.id), number(self.previous))
        }
    }
}

fn judge_history(recorded: &Value, actual: &[Value], parallel_sorted: bool) -> Result<(), String> {
    let recorded = recorded.as_array().ok_or("case history is not an array")?;
    let expected = parse_events(recorded, "recorded")?;
    let mut actual = parse_events(actual, "actual")?;
    if parallel_sorted {
        sort_parallel_like_the_recorder(&mut actual);
    }
    compare_events(&expected, &actual)
}

fn parse_events(events: &[Value], side: &str) -> Result<Vec<Event>, String> {
    events.iter().enumerate().map(|(index, event)| Event::parse(index, event, side)).collect()
}

/// Replays on an actual history what the recorder (LocalStack's parallel-sorting snapshot
/// transformer) did to AWS's, so both sides have the same shape. The recorder walks the events:
/// after a `ParallelStateStarted` it marks each event sorted and collects it; at a Parallel closing
/// event it writes the collected events back over the span from the block start up to that event.
/// The collection is not reset at a close, so a second closing event in a row (Succeeded then
/// Exited) overwrites the first one with the shorter collection: the recorded history loses the
/// earlier closing event(s), as `scenarios/test_parallel_state_nested` shows (ids 8-10 missing).
/// The walk continues by position over the shortened list, which skips the event after each loss;
/// that is replayed too.
fn sort_parallel_like_the_recorder(events: &mut Vec<Event>) {
    const CLOSING: [&str; 4] =
        ["ParallelStateSucceeded", "ParallelStateAborted", "ParallelStateExited", "ParallelStateFailed"];
    let (mut block_start, mut block, mut open) = (0, Vec::new(), false);
    let mut index = 0;
    while index < events.len() {
        let kind = events[index].kind.as_str();
        if CLOSING.contains(&kind) {
            let start = block_start.min(events.len());
            events.splice(start..index.max(start), block.iter().cloned());
            open = false;
        } else if kind == "ParallelStateStarted" {
            (block_start, open) = (index + 1, true);
            block.clear();
        } else if open {
            let event = &mut events[index];
            (event.id, event.previous, event.sorted) = (None, Some(0), true);
            block.push(event.clone());
        }
        index += 1;
    }
}

/// Position by position; a run of sorted events must hold the same multiset of event types.
fn compare_events(expected: &[Event], actual: &[Event]) -> Result<(), String> {
    let mut index = 0;
    loop {
        match (expected.get(index), actual.get(index)) {
            (None, None) => return Ok(()),
            (Some(first), _) if first.sorted => {
                let (want, got) = (sorted_run(expected, index), sorted_run(actual, index));
                let length: usize = want.values().sum();
                if want != got {
                    let got_text = match actual.get(index) {
                        Some(event) if got.is_empty() => event.to_string(),
                        None => "nothing".to_string(),
                        _ => show_counts(&got),
                    };
                    return Err(format!(
                        "events {}-{} (Parallel block sorted by the recorder): expected {}, got {got_text}",
                        index + 1,
                        index + length,
                        show_counts(&want)
                    ));
                }
                index += length;
            }
            (Some(e), Some(a)) if e.same_as(a) => index += 1,
            (e, a) => {
                let describe =
                    |event: Option<&Event>| event.map_or_else(|| "nothing".to_string(), Event::to_string);
                return Err(format!("event {}: expected {}, got {}", index + 1, describe(e), describe(a)));
            }
        }
    }
}

/// How many events of each type the run of sorted events starting at `from` holds.
fn sorted_run(events: &[Event], from: usize) -> BTreeMap<&str, usize> {
    let run = events.get(from..).unwrap_or_default().iter().take_while(|event| event.sorted);
    run.fold(BTreeMap::new(), |mut counts, event| {
        *counts.entry(event.kind.as_str()).or_insert(0) += 1;
        counts
    })
}

fn show_counts(counts: &BTreeMap<&str, usize>) -> String {
    let items: Vec<String> = counts.iter().map(|(kind, count)| format!("{kind}×{count}")).collect();
    format!("{{{}}}", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/aws-recorded/");

    fn corpus_files() -> Vec<String> {
        let entries = std::fs::read_dir(CORPUS).expect("corpus folder");
        let mut names: Vec<String> = entries
            .map(|entry| entry.expect("dir entry").file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".jsonl"))
            .collect();
        names.sort();
        names
    }

    fn corpus(file: &str) -> Vec<Case> {
        let text = std::fs::read_to_string(format!("{CORPUS}{file}")).expect("corpus file");
        load_cases(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
    }

    fn find_case(file: &str, id: &str) -> Case {
        corpus(file).into_iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no case {id}"))
    }

    /// AWS returns input/output/parameters/cause as JSON text; the recorder decoded some of them.
    fn as_aws_text(value: &Value) -> Value {
        Value::String(value.as_str().map_or_else(|| value.to_string(), str::to_string))
    }

    fn reencode_event(event: &Value) -> Value {
        let mut event = event.clone();
        for (key, details) in event.as_object_mut().expect("event object") {
            let Some(details) = details.as_object_mut().filter(|_| key.ends_with("EventDetails")) else {
                continue;
            };
            for (field, value) in details.iter_mut() {
                match field.as_str() {
                    "input" | "output" | "parameters" | "cause" => *value = as_aws_text(value),
                    "assignedVariables" => value
                        .as_object_mut()
                        .expect("variables")
                        .values_mut()
                        .for_each(|variable| *variable = as_aws_text(variable)),
                    _ => {}
                }
            }
        }
        event
    }

    /// The Actual a perfect interpreter would report for this case.
    fn truth(case: &Case) -> Actual {
        let expected = &case.raw["expected"];
        let text = |key: &str| expected.get(key).map(|v| as_aws_text(v).as_str().expect("text").to_string());
        let history = case.raw.get("history").and_then(Value::as_array).cloned().unwrap_or_default();
        Actual {
            status: expected["status"].as_str().expect("status").to_string(),
            output: expected.get("output").cloned(),
            error: text("error"),
            cause: text("cause"),
            history: history.iter().map(reencode_event).collect(),
        }
    }

    fn succeeded(output: Value) -> Actual {
        Actual { status: "SUCCEEDED".into(), output: Some(output), ..Default::default() }
    }

    /// Judges a canned history written as in asl-reference §12.4: `1←0 ExecutionStarted · 2←0 ...`.
    fn history_verdict(case: &Case, events: &str) -> Result<(), String> {
        let event = |spec: &str| {
            let (ids, kind) = spec.trim().split_once(' ').expect("`id←previous Type`");
            let (id, previous) = ids.split_once('←').expect("id←previous");
            let number = |n: &str| n.parse::<i64>().expect("number");
            json!({"id": number(id), "previousEventId": number(previous), "type": kind})
        };
        let history = events.split('·').map(event).collect();
        judge(case, &Actual { history, ..Default::default() }).history.expect("case has a history")
    }

    #[test]
    fn every_recorded_case_passes_against_its_own_recording() {
        let mut failures = Vec::new();
        for file in corpus_files() {
            for case in corpus(&file).iter().filter(|c| c.kind != "test_state") {
                let verdict = judge(case, &truth(case));
                if let Err(diff) = verdict.result.and(verdict.history.unwrap_or(Ok(()))) {
                    failures.push(format!("{}: {diff}", case.id));
                }
            }
        }
        assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    }

    #[test]
    fn runnable_jsonpath_execution_cases_per_file() {
        let (mut total, mut total_history) = (0, 0);
        println!("{:<28} {:>9} {:>12}", "file", "runnable", "with history");
        for file in corpus_files() {
            let cases = corpus(&file);
            let runnable: Vec<&Case> = cases.iter().filter(|c| is_runnable(c) && !uses_jsonata(c)).collect();
            let with_history = runnable.iter().filter(|c| c.raw.get("history").is_some()).count();
            println!("{file:<28} {:>9} {with_history:>12}", runnable.len());
            (total, total_history) = (total + runnable.len(), total_history + with_history);
        }
        println!("{:<28} {total:>9} {total_history:>12}", "total");
        assert!(total > 800);
    }

    #[test]
    fn wrong_output_status_or_error_fails() {
        let case = find_case("base.jsonl", "base/test_json_path_array_access[$.items[0]]");
        let wrong = |output: Value| judge(&case, &succeeded(output)).result.unwrap_err();
        assert_eq!(wrong(json!({"item": {"item_key": 1}})), "output.item.item_key: expected 0, got 1");
        assert!(wrong(json!({"item": {"item_key": 0}, "x": 1})).ends_with("(unexpected key \"x\")"));
        assert!(judge(&case, &Actual { status: "SUCCEEDED".into(), ..Default::default() }).result.is_err());

        let case = find_case("base.jsonl", "base/test_state_fail_path");
        let mut actual = truth(&case);
        actual.error = Some("States.Runtime".to_string());
        assert!(judge(&case, &actual).result.unwrap_err().starts_with("error: expected "));
        let status = judge(&case, &succeeded(json!({}))).result;
        assert_eq!(status, Err("status: expected FAILED, got SUCCEEDED ({})".to_string()));
    }

    #[test]
    fn swapped_missing_or_misplaced_events_fail() {
        let case = find_case("base.jsonl", "base/test_decl_version_1_0");
        let verdict = |events: &str| history_verdict(&case, &format!("1←0 ExecutionStarted · {events}"));
        assert_eq!(verdict("2←0 PassStateEntered · 3←2 PassStateExited · 4←3 ExecutionSucceeded"), Ok(()));
        let swapped = verdict("3←2 PassStateExited · 2←0 PassStateEntered · 4←3 ExecutionSucceeded");
        assert_eq!(swapped, Err("event 2: expected PassStateEntered(2←0), got PassStateExited(3←2)".into()));
        let misplaced = verdict("2←0 PassStateEntered · 3←1 PassStateExited · 4←3 ExecutionSucceeded");
        assert_eq!(misplaced, Err("event 3: expected PassStateExited(3←2), got PassStateExited(3←1)".into()));
        let missing = verdict("2←0 PassStateEntered · 3←2 PassStateExited");
        assert_eq!(missing, Err("event 4: expected ExecutionSucceeded(4←3), got nothing".into()));
    }

    #[test]
    fn concrete_values_match_placeholders_and_substituted_fake_names() {
        let case = find_case("context_object.jsonl", "context_object/test_input_path[$$]");
        // What an interpreter would output: the fake names from `normalization.substitutions`, real dates.
        let concrete = [
            ("arn:<partition>:states:<region>:", "arn:aws:states:us-east-1:"),
            ("<ArnPart_0idx>", "statemachine_create_and_record_execution_u0000001"),
            ("<ExecArnPart_0idx>", "u0000002"),
            ("\"date\"", "\"2026-11-25T15:01:10.123Z\""),
            ("snf_role_arn", "arn:aws:iam::111111111111:role/sfn-role"),
        ];
        let text =
            concrete.iter().fold(case.raw["expected"]["output"].to_string(), |t, (a, b)| t.replace(a, b));
        assert!(!text.contains('<'), "{text}");
        let output = |text: &str| succeeded(serde_json::from_str(text).expect("json"));
        assert_eq!(judge(&case, &output(&text)).result, Ok(()));
        let foreign = text.replace("111111111111:execution", "222222222222:execution");
        let diff = judge(&case, &output(&foreign)).result.unwrap_err();
        assert!(diff.starts_with("output.Execution.Id: expected \"arn:<partition>:"), "{diff}");

        let case = find_case("activities.jsonl", "activities/test_activity_task_on_deleted");
        let failed = |activity: &str| Actual {
            status: "FAILED".into(),
            error: Some("States.Runtime".into()),
            cause: Some(format!(
                "An error occurred while executing the state 'ActivityTask' (entered at the event id #2). \
                 The activity arn:aws:states:us-east-1:111111111111:activity:{activity} does not exist."
            )),
            ..Default::default()
        };
        assert_eq!(judge(&case, &failed("activity-u0000001")).result, Ok(()));
        assert!(judge(&case, &failed("other")).result.unwrap_err().starts_with("cause: expected"));

        let uuid = json!({"FunctionResult": "6f2b9c1e-5d7a-4e8b-9c3d-2a1b0c9d8e7f"});
        let case = find_case("intrinsic_functions.jsonl", "intrinsic_functions/test_uuid");
        assert_eq!(judge(&case, &succeeded(uuid)).result, Ok(()), "bare token `generated-uuid`");
    }

    #[test]
    fn placeholder_tokens_match_any_text_and_nothing_else() {
        assert!(pattern_matches("a<uuid:1>b", "a-123-b"));
        assert!(pattern_matches("<x>", ""));
        assert!(pattern_matches("arn:<partition>:s:<region>:1", "arn:aws:s:us-east-1:1"));
        assert!(!pattern_matches("arn:<partition>:s:<region>:1", "arn:aws:s:us-east-1:2"));
        assert!(!pattern_matches("a<x>b<y>c", "a-b-"));
        assert!(pattern_matches("x < y > z", "x < y > z"));
        assert!(!pattern_matches("x < y > z", "x 1 z"));
    }

    #[test]
    fn equal_numbers_match_across_int_and_float_and_key_order_is_ignored() {
        let as_float: Value = serde_json::from_str(r#"{"b": [2.5], "a": 1.0}"#).expect("json");
        assert_ne!(as_float, json!({"a": 1, "b": [2.5]}), "serde_json tells 1 and 1.0 apart");
        let patterns = Patterns { wildcards: vec![], substitutions: vec![] };
        assert_eq!(patterns.compare(&json!({"a": 1, "b": [2.5]}), &as_float, "output"), Ok(()));
        assert!(patterns.compare(&json!(1), &json!(1.5), "output").is_err());
        assert!(patterns.compare(&json!(-1), &json!(u64::MAX), "output").is_err());
    }

    #[test]
    fn causes_compare_as_json_whatever_their_spacing() {
        let case = find_case("error_handling.jsonl", "error_handling/test_raise_exception");
        assert!(case.raw["expected"]["cause"].is_object(), "the case records its cause as an object");
        let mut actual = truth(&case);
        let cause: Value = serde_json::from_str(actual.cause.as_deref().expect("cause")).expect("json");
        actual.cause = Some(serde_json::to_string_pretty(&cause).expect("text"));
        assert_eq!(judge(&case, &actual).result, Ok(()));
        actual.cause = Some("not json".into());
        assert!(judge(&case, &actual).result.unwrap_err().starts_with("cause: expected JSON {"));

        let case = find_case("error_handling.jsonl", "error_handling/test_raise_exception_catch");
        let mut output = case.raw["expected"]["output"].clone();
        let spaced = output["Cause"].as_str().expect("a Cause text").to_string();
        assert!(spaced.contains("\", \""), "AWS spaced this cause: {spaced}");
        let compact = serde_json::from_str::<Value>(&spaced).expect("json").to_string();
        output["Cause"] = json!(compact.replace("<uuid:1>", "3f0c"));
        assert_eq!(judge(&case, &succeeded(output.clone())).result, Ok(()));
        output["Cause"] = json!(compact.replace("Some exception", "Another exception"));
        assert!(judge(&case, &succeeded(output)).result.unwrap_err().starts_with("output.Cause: expected"));
    }

    /// AWS's own order of `scenarios/test_parallel_state_nested`, before the recorder sorted it.
    const NESTED_PARALLEL: &str = "1←0 ExecutionStarted · 2←0 ParallelStateEntered · 3←2 ParallelStateStarted · \
        4←3 ParallelStateEntered · 5←4 ParallelStateStarted · 6←5 PassStateEntered · 7←6 PassStateExited · \
        8←7 ParallelStateSucceeded · 9←7 ParallelStateExited · 10←9 ParallelStateSucceeded · \
        11←9 ParallelStateExited · 12←11 ExecutionSucceeded";

    #[test]
    fn unsorted_parallel_history_matches_the_recorder_sorted_blocks() {
        let case = find_case("scenarios.jsonl", "scenarios/test_parallel_state_nested");
        assert_eq!(history_verdict(&case, NESTED_PARALLEL), Ok(()));
        let wrong_kind = NESTED_PARALLEL.replace("7←6 PassStateExited", "7←6 PassStateEntered");
        let expected = "events 6-7 (Parallel block sorted by the recorder): \
                        expected {PassStateEntered×1, PassStateExited×1}, got {PassStateEntered×2}";
        assert_eq!(history_verdict(&case, &wrong_kind), Err(expected.into()));
        let wrong_previous = NESTED_PARALLEL.replace("11←9", "11←10");
        let expected = "event 8: expected ParallelStateExited(11←9), got ParallelStateExited(11←10)";
        assert_eq!(history_verdict(&case, &wrong_previous), Err(expected.into()));

        let case = find_case("scenarios.jsonl", "scenarios/test_parallel_state_order");
        let branches: Vec<String> = (4..12)
            .map(|id| format!("{id}←{} PassState{}", id - 1, if id < 8 { "Entered" } else { "Exited" }))
            .collect();
        let events = format!(
            "1←0 ExecutionStarted · 2←0 ParallelStateEntered · 3←2 ParallelStateStarted · {} · \
             12←11 ParallelStateSucceeded · 13←11 ParallelStateExited · 14←13 ExecutionSucceeded",
            branches.join(" · ")
        );
        assert_eq!(history_verdict(&case, &events), Ok(()));
    }

    #[test]
    fn malformed_cases_fail_without_panicking() {
        let broken = "{\"id\": \"a\", \"kind\": \"execution\", \"expected\": {}}\n\nnot json\n";
        assert!(load_cases(broken).unwrap_err().starts_with("line 1: a: execution case without"));
        assert!(load_cases("\n{\"kind\": \"x\"}").unwrap_err().starts_with("line 2: missing string field"));
        let line = r#"{"id": "a", "kind": "execution", "state_machine_type": "STANDARD", "definition": {},
                      "input": 1, "expected": {}, "history": [{"id": 1}]}"#;
        let case = load_cases(&line.replace('\n', " ")).expect("loads").remove(0);
        let verdict = judge(&case, &Actual::default());
        assert_eq!(verdict.result, Err("case has no expected.status".to_string()));
        assert_eq!(verdict.history, Some(Err("recorded event 1 has no \"type\"".to_string())));
    }

    #[test]
    fn only_execution_cases_with_covered_services_are_runnable() {
        let all: Vec<Case> = corpus_files().iter().flat_map(|file| corpus(file)).collect();
        let test_state = all.iter().find(|c| c.kind == "test_state").expect("a TestState case");
        assert!(test_state.definition.is_object(), "TestState definitions are lifted out of `request`");
        assert!(judge(test_state, &Actual::default()).result.is_err());
        assert!(all.iter().filter(|c| c.kind != "execution").all(|c| !is_runnable(c)));
        let choice = all.iter().find(|c| c.id.starts_with("choice_operators/")).expect("a choice case");
        assert!(is_runnable(choice) && judge(choice, &truth(choice)).history.is_none());
        let needs = |c: &&Case| c.raw["needs"].as_array().is_some_and(|n| !n.is_empty());
        assert!(all.iter().filter(needs).any(is_runnable));
        assert!(all.iter().filter(needs).filter(|c| c.mocks.is_none()).all(|c| !is_runnable(c)));
        let flagged = |c: &&Case| c.raw.get("mocks_incomplete").or(c.raw.get("mocks_unavailable")).is_some();
        assert!(all.iter().filter(flagged).count() == 8 && !all.iter().filter(flagged).any(is_runnable));
    }

    #[test]
    fn jsonata_is_detected_and_variables_alone_are_not_jsonata() {
        let pass = |extra: Value| {
            let mut state = json!({"Type": "Pass", "End": true});
            state.as_object_mut().expect("object").extend(extra.as_object().expect("object").clone());
            let line =
                json!({"id": "t", "kind": "t", "expected": {}, "definition": {"States": {"P": state}}});
            load_cases(&line.to_string()).expect("loads").remove(0)
        };
        assert!(!uses_jsonata(&pass(json!({"Parameters": {"a.$": "$.b"}}))));
        assert!(uses_jsonata(&pass(json!({"QueryLanguage": "JSONata"}))));
        assert!(uses_jsonata(&pass(json!({"Output": " {% $states.input %} "}))));
        assert!(!uses_jsonata(&pass(json!({"Assign": {"x": 1}}))));
        assert!(uses_jsonata(&pass(json!({"Parameters": {"a.$": "$states.input"}}))));
        let flagged = Case { raw: json!({"features": ["Pass", "jsonata"]}), ..pass(json!({})) };
        assert!(uses_jsonata(&flagged));
        assert!(corpus("evaluate_jsonata.jsonl").iter().all(uses_jsonata));
    }

    #[test]
    fn summary_line_counts_passes_and_failures() {
        assert_eq!(summary_line(3, 1), "3 passed, 1 failed");
    }
}

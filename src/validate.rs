//! Definition validation: what CreateStateMachine rejects, worded as AWS words it (asl-reference §15; field
//! placement §1.3, paths §2, Choice §6.1, Wait §7, Retry/Catch §9, Map/Parallel §10, limits §13, Express §14).
//!
//! The checker walks the raw JSON value, keeps going after every problem, and never panics: recursion is
//! bounded by [`MAX_DEPTH`]. Where AWS was measured (the corpus; floci-io/floci #2735, #2786, #2968) messages
//! and locations follow the measurement; where the wording is ours the code says so.

use crate::diagnostic::code::*;
use crate::diagnostic::{Diagnostic, Severity};
use crate::intrinsics::{Call, looks_like_call};
use crate::path::{Path, Root, is_identifier};
use crate::timestamp;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// An EXPRESS machine: no `.sync`, `.waitForTaskToken`, activities or Distributed Map (§14).
    pub express: bool,
}

/// Reads definition text: JSON, or YAML (as SAM/CDK users write it). Text that opens like JSON is read as
/// JSON only, so a JSON typo is reported as one instead of being reinterpreted as YAML.
pub fn parse_text(text: &str) -> Result<Value, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let json_err = match serde_json::from_str(text) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    let head = text.trim_start();
    if head.is_empty() || head.starts_with(['{', '[', '"']) {
        return Err(invalid_json(format!("Invalid JSON: {json_err}")));
    }
    match serde_yaml::from_str::<Value>(text) {
        Ok(v @ (Value::Object(_) | Value::Array(_))) => Ok(v),
        // A lone word parses as a YAML string; report it the way AWS's JSON parser does.
        Ok(_) => {
            let token: String = head.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            Err(invalid_json(format!(
                "Unrecognized token '{token}': was expecting (JSON String, Number, Array, Object or token 'null', \
                 'true' or 'false') ({json_err})"
            )))
        }
        Err(e) => Err(invalid_json(format!("Invalid JSON or YAML: {e}"))),
    }
}

fn invalid_json(message: String) -> Diagnostic {
    Diagnostic::error(INVALID_JSON_DESCRIPTION, message, "")
}

/// Every problem found, in the order met; empty means valid.
pub fn validate(definition: &Value, options: &Options) -> Vec<Diagnostic> {
    let mut checker = Checker { express: options.express, ..Checker::default() };
    checker.machine(definition);
    checker.diags
}

/// AWS's InvalidDefinition cause: `Invalid State Machine Definition: 'CODE: msg at loc, CODE: msg at loc'`.
pub fn invalid_definition_message(diags: &[Diagnostic]) -> String {
    let items: Vec<String> =
        diags.iter().filter(|d| d.severity == Severity::Error).map(ToString::to_string).collect();
    format!("Invalid State Machine Definition: '{}'", items.join(", "))
}

/// Bound on nested walks (blocks, rules, templates); text parsed by serde stops at 128 levels anyway.
const MAX_DEPTH: usize = 128;
const MAX: i64 = 99_999_999;
const NOT_RECOGNIZED: &str = "is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.";

#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum Lang {
    #[default]
    JsonPath,
    Jsonata,
}

impl Lang {
    /// A present value means JSONPath only when it is exactly `"JSONPath"` (floci #2968).
    fn of(declared: Option<&Value>, inherited: Lang) -> Lang {
        match declared {
            None => inherited,
            Some(v) if v.as_str() == Some("JSONPath") => Lang::JsonPath,
            Some(_) => Lang::Jsonata,
        }
    }
}

/// Where a field may appear (§1.3 legend): both languages, JSONPath only, JSONata only, or not in this object.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Only {
    B,
    P,
    A,
    Never,
}
use Only::{A, B, Never, P};

/// What a field's value must be. `Custom` fields are read by the function owning the object; `X` variants
/// also take a `{% %}` expression in JSONata states. `Text` is a plain string, `Str` one that may be JSONata;
/// `Path` is a JSONPath or null, `Ref` a reference path (§2.1); `Template` a JSONPath payload template (§2.3),
/// `Scan` a value whose strings may be JSONata, `Payload` one or the other by language; `ErrPath` is a
/// reference path or string-returning intrinsic (§11); `CondX` a Choice `Condition`.
#[derive(Clone, Copy)]
#[rustfmt::skip]
enum Rule {
    Custom, Any, Text, Str, Bool, Path, Ref, ResultPath, Int(i64, i64), IntX(i64, i64), NumX(f64, f64), TimeX,
    ItemsX, CondX, Enum(&'static [&'static str]), Strings, Template, Scan, Payload, Assign, ErrPath, Label,
}
use Rule::*;

type Fields<'a> = &'a [(&'a str, Only, Rule)];

// State types as bits, so the field table can say where each field is legal.
const TASK: u8 = 1;
const PARALLEL: u8 = 2;
const MAP: u8 = 4;
const PASS: u8 = 8;
const WAIT: u8 = 16;
const CHOICE: u8 = 32;
const SUCCEED: u8 = 64;
const FAIL: u8 = 128;
const ANY: u8 = u8::MAX;
const WORK: u8 = TASK | PARALLEL | MAP;
const FLOW: u8 = WORK | PASS | WAIT;
const NOT_FAIL: u8 = ANY & !FAIL;

/// In the order AWS lists them in its `Type` message.
#[rustfmt::skip]
const STATE_TYPES: &[(&str, u8)] = &[
    ("Task", TASK), ("Wait", WAIT), ("Pass", PASS), ("Succeed", SUCCEED), ("Fail", FAIL), ("Choice", CHOICE),
    ("Parallel", PARALLEL), ("Map", MAP),
];

/// Table 1.3 with each value's rule. Problems come out in this order (AWS: TimeoutSeconds, Catch, Retry).
#[rustfmt::skip]
const STATE_FIELDS: &[(&str, u8, Only, Rule)] = &[
    ("Type", ANY, B, Custom), ("Comment", ANY, B, Text), ("QueryLanguage", ANY, B, Enum(LANGS)),
    ("Resource", TASK, B, Custom), ("InputPath", NOT_FAIL, P, Path), ("OutputPath", NOT_FAIL, P, Path),
    ("Parameters", WORK | PASS, P, Template), ("ResultSelector", WORK, P, Template),
    ("ResultPath", WORK | PASS, P, ResultPath), ("Arguments", TASK | PARALLEL, A, Scan),
    ("Output", NOT_FAIL, A, Scan), ("Assign", ANY & !(SUCCEED | FAIL), B, Assign),
    ("TimeoutSeconds", TASK, B, IntX(1, MAX)), ("TimeoutSecondsPath", TASK, P, Ref),
    ("HeartbeatSeconds", TASK, B, IntX(1, MAX)), ("HeartbeatSecondsPath", TASK, P, Ref),
    ("Credentials", TASK, B, Custom), ("Catch", WORK, B, Custom), ("Retry", WORK, B, Custom),
    ("Branches", PARALLEL, B, Custom), ("ItemProcessor", MAP, B, Custom), ("Iterator", MAP, B, Custom),
    ("ItemsPath", MAP, P, Ref), ("Items", MAP, A, ItemsX), ("ItemSelector", MAP, B, Payload),
    ("ItemReader", MAP, B, Custom), ("ItemBatcher", MAP, B, Custom), ("ResultWriter", MAP, B, Custom),
    ("MaxConcurrency", MAP, B, IntX(0, i64::MAX)), ("MaxConcurrencyPath", MAP, P, Ref),
    ("ToleratedFailureCount", MAP, B, IntX(0, i64::MAX)), ("ToleratedFailureCountPath", MAP, P, Ref),
    ("ToleratedFailurePercentage", MAP, B, NumX(0.0, 100.0)), ("ToleratedFailurePercentagePath", MAP, P, Ref),
    ("Label", MAP, B, Label), ("Result", PASS, P, Any),
    ("Seconds", WAIT, B, IntX(0, MAX)), ("Timestamp", WAIT, B, TimeX),
    ("SecondsPath", WAIT, P, Ref), ("TimestampPath", WAIT, P, Ref),
    ("Choices", CHOICE, B, Custom), ("Default", CHOICE, B, Custom),
    ("Error", FAIL, B, Str), ("Cause", FAIL, B, Str), ("ErrorPath", FAIL, P, ErrPath), ("CausePath", FAIL, P, ErrPath),
    ("Next", FLOW, B, Custom), ("End", FLOW, B, Custom),
];

const LANGS: &[&str] = &["JSONPath", "JSONata"];
#[rustfmt::skip]
const TOP_FIELDS: Fields = &[
    ("StartAt", B, Custom), ("States", B, Custom), ("Comment", B, Text), ("Version", B, Enum(&["1.0"])),
    ("TimeoutSeconds", B, Int(1, MAX)), ("QueryLanguage", B, Enum(LANGS)),
];
/// Branches and processors carry no `QueryLanguage` of their own ("Field 'QueryLanguage' is not supported").
const BRANCH_FIELDS: Fields = &[("StartAt", B, Custom), ("States", B, Custom), ("Comment", B, Text)];
#[rustfmt::skip]
const PROCESSOR_FIELDS: Fields =
    &[("StartAt", B, Custom), ("States", B, Custom), ("Comment", B, Text), ("ProcessorConfig", B, Custom)];
#[rustfmt::skip]
const PROCESSOR_CONFIG_FIELDS: Fields =
    &[("Mode", B, Enum(&["INLINE", "DISTRIBUTED"])), ("ExecutionType", B, Enum(&["STANDARD", "EXPRESS"]))];
#[rustfmt::skip]
const RETRIER_FIELDS: Fields = &[
    ("ErrorEquals", B, Custom), ("IntervalSeconds", B, Int(1, MAX)), ("MaxAttempts", B, Int(0, MAX)),
    ("BackoffRate", B, NumX(1.0, f64::MAX)), ("MaxDelaySeconds", B, Int(1, 31_622_400)),
    ("JitterStrategy", B, Enum(&["FULL", "NONE"])), ("Comment", B, Text),
];
#[rustfmt::skip]
const CATCHER_FIELDS: Fields = &[
    ("ErrorEquals", B, Custom), ("Next", B, Custom), ("ResultPath", P, ResultPath), ("Output", A, Scan),
    ("Assign", B, Assign), ("Comment", B, Text),
];
const CREDENTIALS_FIELDS: Fields = &[("RoleArn", B, Str), ("RoleArn.$", P, Custom)];
#[rustfmt::skip]
const READER_FIELDS: Fields =
    &[("Resource", B, Custom), ("ReaderConfig", B, Custom), ("Parameters", P, Template), ("Arguments", A, Scan)];
#[rustfmt::skip]
const READER_CONFIG_FIELDS: Fields = &[
    ("InputType", B, Enum(&["CSV", "JSON", "JSONL", "PARQUET", "MANIFEST"])),
    ("CSVHeaderLocation", B, Enum(&["FIRST_ROW", "GIVEN"])), ("CSVHeaders", B, Strings),
    ("CSVDelimiter", B, Enum(&["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"])),
    ("MaxItems", B, IntX(0, 100_000_000)), ("MaxItemsPath", P, Ref),
    ("ManifestType", B, Enum(&["ATHENA_DATA", "S3_INVENTORY"])),
    ("Transformation", B, Enum(&["NONE", "LOAD_AND_FLATTEN"])), ("ItemsPointer", B, Text),
];
#[rustfmt::skip]
const BATCHER_FIELDS: Fields = &[
    ("MaxItemsPerBatch", B, IntX(1, i64::MAX)), ("MaxItemsPerBatchPath", P, Ref),
    ("MaxInputBytesPerBatch", B, IntX(1, 262_144)), ("MaxInputBytesPerBatchPath", P, Ref),
    ("BatchInput", B, Payload),
];
#[rustfmt::skip]
const WRITER_FIELDS: Fields =
    &[("Resource", B, Custom), ("Parameters", P, Template), ("Arguments", A, Scan), ("WriterConfig", B, Custom)];
#[rustfmt::skip]
const WRITER_CONFIG_FIELDS: Fields = &[
    ("Transformation", B, Enum(&["NONE", "COMPACT", "FLATTEN"])), ("OutputType", B, Enum(&["JSON", "JSONL"])),
];

/// Pairs that may not appear together in one object (§15 rule 7). Located at the first (floci #2786).
#[rustfmt::skip]
const EXCLUSIVE: &[(&str, &str)] = &[
    ("TimeoutSeconds", "TimeoutSecondsPath"), ("HeartbeatSeconds", "HeartbeatSecondsPath"),
    ("Error", "ErrorPath"), ("Cause", "CausePath"), ("ItemProcessor", "Iterator"), ("ItemSelector", "Parameters"),
    ("MaxConcurrency", "MaxConcurrencyPath"), ("ToleratedFailureCount", "ToleratedFailureCountPath"),
    ("ToleratedFailurePercentage", "ToleratedFailurePercentagePath"), ("MaxItems", "MaxItemsPath"),
    ("MaxItemsPerBatch", "MaxItemsPerBatchPath"), ("MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"),
];

/// Optimized integrations whose API list we are sure of (`arn:aws:states:::<service>:<api>[.pattern]`). Other
/// services pass unchecked rather than risk refusing what AWS accepts; `aws-sdk:` takes any action.
#[rustfmt::skip]
const INTEGRATIONS: &[(&str, &[&str])] = &[
    ("lambda", &["invoke", "invoke.waitForTaskToken"]),
    ("dynamodb", &["getItem", "putItem", "updateItem", "deleteItem"]),
    ("sqs", &["sendMessage", "sendMessage.waitForTaskToken"]),
    ("sns", &["publish", "publish.waitForTaskToken"]),
    ("events", &["putEvents", "putEvents.waitForTaskToken"]),
    ("apigateway", &["invoke", "invoke.waitForTaskToken"]),
    ("http", &["invoke"]),
    ("states", &["startExecution", "startExecution.sync", "startExecution.sync:2", "startExecution.waitForTaskToken"]),
    ("batch", &["submitJob", "submitJob.sync", "submitJob.waitForTaskToken"]),
    ("ecs", &["runTask", "runTask.sync", "runTask.waitForTaskToken"]),
    ("glue", &["startJobRun", "startJobRun.sync", "startJobRun.waitForTaskToken"]),
];

/// Label characters AWS refuses besides whitespace and control characters (§10.5).
const LABEL_FORBIDDEN: &str = "?*<>{}[]:;,\\|^~$#%&`\"";

/// The rule for a Choice comparison operator's operand, or `None` for a name that is no operator (§6.1).
fn operator(op: &str) -> Option<Rule> {
    const CMP: &[&str] = &["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"];
    if op == "StringMatches" {
        return Some(Text);
    }
    if matches!(op, "IsNull" | "IsPresent" | "IsNumeric" | "IsString" | "IsBoolean" | "IsTimestamp") {
        return Some(Bool);
    }
    let (base, is_path) = op.strip_suffix("Path").map_or((op, false), |b| (b, true));
    let rule = if base == "BooleanEquals" {
        Bool
    } else {
        [("String", Text), ("Numeric", NumX(f64::MIN, f64::MAX)), ("Timestamp", TimeX)]
            .into_iter()
            .find_map(|(family, rule)| base.strip_prefix(family).filter(|c| CMP.contains(c)).map(|_| rule))?
    };
    Some(if is_path { Ref } else { rule })
}

/// An object whose fields were checked; `get` hands out only the ones legal here.
struct Obj<'v> {
    map: &'v Map<String, Value>,
    loc: String,
    ok: Vec<&'v str>,
}

impl<'v> Obj<'v> {
    fn get(&self, name: &str) -> Option<&'v Value> {
        self.ok.contains(&name).then(|| self.map.get(name)).flatten()
    }
    fn has(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }
    fn at(&self, name: &str) -> String {
        format!("{}/{name}", self.loc)
    }
}

/// What the graph check needs from one state: where it can go (target, location) and whether it ends.
#[derive(Default)]
struct Node {
    edges: Vec<(String, String)>,
    terminal: bool,
}

#[derive(Default)]
struct Checker {
    diags: Vec<Diagnostic>,
    /// Also switched on for the children of an EXPRESS Distributed Map.
    express: bool,
    /// Nested states inherit the machine's language, not their Map's or Parallel's (floci #2968).
    machine_lang: Lang,
    /// The language of the state being checked.
    lang: Lang,
    /// Set inside a state that wrongly declares JSONPath: AWS then reports only that (floci #2968).
    lax_lang: bool,
    depth: usize,
    names: HashSet<String>,
    labels: HashSet<String>,
}

impl Checker {
    fn err(&mut self, code: &str, message: impl Into<String>, loc: &str) {
        self.diags.push(Diagnostic::error(code, message, if loc.is_empty() { "/" } else { loc }));
    }

    fn schema(&mut self, message: impl Into<String>, loc: &str) {
        self.err(SCHEMA_VALIDATION_FAILED, message, loc);
    }

    /// Runs `f` one level deeper, or reports TOO_DEEPLY_NESTED instead.
    fn deeper<T: Default>(&mut self, loc: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        if self.depth >= MAX_DEPTH {
            self.err(TOO_DEEPLY_NESTED, "The definition is nested too deeply to be checked", loc);
            return T::default();
        }
        self.depth += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }

    fn typed(&mut self, ok: bool, name: &str, loc: &str) -> bool {
        if !ok {
            self.schema(format!("Expected value of type [{name}]"), loc);
        }
        ok
    }

    fn string<'v>(&mut self, v: &'v Value, loc: &str) -> Option<&'v str> {
        self.typed(v.is_string(), "STRING", loc).then(|| v.as_str()).flatten()
    }

    fn object<'v>(&mut self, v: &'v Value, loc: &str) -> Option<&'v Map<String, Value>> {
        self.typed(v.is_object(), "OBJECT", loc).then(|| v.as_object()).flatten()
    }

    fn array<'v>(&mut self, v: &'v Value, loc: &str, non_empty: bool) -> Option<&'v Vec<Value>> {
        let items = self.typed(v.is_array(), "ARRAY", loc).then(|| v.as_array()).flatten()?;
        if non_empty && items.is_empty() {
            self.schema("Value cannot be empty", loc);
        }
        Some(items)
    }

    fn range(&mut self, n: f64, loc: &str, min: f64, max: f64) {
        if n < min {
            self.schema(format!("Minimum value is {min}"), loc);
        } else if n > max {
            self.schema(format!("Maximum value is {max}"), loc);
        }
    }

    fn required(&mut self, obj: &Obj, names: &[&str]) {
        let missing: Vec<&str> = names.iter().copied().filter(|n| !obj.has(n)).collect();
        match missing.as_slice() {
            [] => {}
            [one] => self.schema(format!("The field '{one}' is required but was missing"), &obj.loc),
            many => self.schema(format!("These fields are required: [{}]", many.join(", ")), &obj.loc),
        }
    }

    /// Checks an object's fields against `table`: unknown or misplaced fields, the other language's fields
    /// (reported at the object for states, at the field inside them), exclusive pairs, then every value rule.
    fn fields<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        loc: &str,
        table: Fields,
        lang_at_field: bool,
    ) -> Obj<'v> {
        let mut keys: Vec<&'v String> = map.keys().collect();
        keys.sort_by_key(|k| table.iter().position(|f| f.0 == k.as_str()).unwrap_or(usize::MAX));
        let wrong = if self.lang == Lang::JsonPath { A } else { P };
        let mut ok = Vec::new();
        for key in keys {
            match table.iter().find(|f| f.0 == key.as_str()).map(|f| f.1) {
                None | Some(Never) => self.schema(format!("Field '{key}' is not supported"), loc),
                Some(only) if only == wrong && !self.lax_lang => {
                    let (this, other) =
                        if wrong == A { ("JSONPath", "JSONata") } else { ("JSONata", "JSONPath") };
                    let message = format!(
                        "The QueryLanguage is set to '{this}', but field '{key}' is only supported for the \
                         '{other}' QueryLanguage"
                    );
                    self.schema(
                        message,
                        &if lang_at_field { format!("{loc}/{key}") } else { loc.to_string() },
                    );
                }
                Some(_) => ok.push(key.as_str()),
            }
        }
        let obj = Obj { map, loc: loc.to_string(), ok };
        for (a, b) in EXCLUSIVE {
            if obj.get(a).is_some() && obj.get(b).is_some() {
                // Wording ours: AWS's text for these pairs was not recorded.
                self.schema(format!("The fields '{a}' and '{b}' are mutually exclusive"), &obj.at(a));
            }
        }
        for &(name, _, rule) in table {
            if let Some(v) = obj.get(name) {
                self.value(rule, v, &obj.at(name), name);
            }
        }
        obj
    }

    fn value(&mut self, rule: Rule, v: &Value, loc: &str, field: &str) {
        let expression = self.lang == Lang::Jsonata && v.as_str().is_some_and(|s| s.starts_with("{%"));
        match rule {
            Custom | Any => {}
            Text => {
                self.string(v, loc);
            }
            Str => {
                if let Some(s) = self.string(v, loc).filter(|_| self.lang == Lang::Jsonata) {
                    self.jsonata(s, loc);
                }
            }
            IntX(..) | NumX(..) | TimeX | ItemsX | CondX if expression => {
                self.jsonata(v.as_str().unwrap_or(""), loc)
            }
            Bool | CondX => {
                self.typed(v.is_boolean(), "BOOLEAN", loc);
            }
            Path if v.is_null() => {}
            Path | Ref => self.path(v, loc, field, matches!(rule, Ref)),
            ResultPath => self.result_path(v, loc),
            Int(min, max) | IntX(min, max) => {
                if self.typed(v.is_i64() || v.is_u64(), "INTEGER", loc) {
                    // A u64 beyond i64 can only be too big.
                    self.range(v.as_i64().map_or(f64::MAX, |n| n as f64), loc, min as f64, max as f64);
                }
            }
            NumX(min, max) => {
                if self.typed(v.is_number(), "NUMBER", loc) {
                    self.range(v.as_f64().unwrap_or(0.0), loc, min, max);
                }
            }
            TimeX => {
                if self.string(v, loc).is_some_and(|s| timestamp::parse(s).is_none()) {
                    self.schema("String does not match RFC3339 timestamp", loc);
                }
            }
            ItemsX => {
                if self.typed(v.is_array(), "ARRAY", loc) {
                    self.scan(v, loc);
                }
            }
            Enum(values) => {
                if self.string(v, loc).is_some_and(|s| !values.contains(&s)) {
                    self.schema(
                        format!("Value should be one of the following: [{}]", values.join(", ")),
                        loc,
                    );
                }
            }
            Strings => {
                for (i, s) in self.array(v, loc, false).into_iter().flatten().enumerate() {
                    self.string(s, &format!("{loc}[{i}]"));
                }
            }
            Template => self.template(v, loc),
            Scan => self.scan(v, loc),
            Payload if self.lang == Lang::JsonPath => self.template(v, loc),
            Payload => self.scan(v, loc),
            Assign => self.assign(v, loc),
            ErrPath => {
                let Some(s) = self.string(v, loc) else { return };
                let ok = if looks_like_call(s) {
                    Call::parse(s).is_ok_and(|c| c.returns_string())
                } else {
                    Path::parse_reference(s).is_ok()
                };
                if !ok {
                    self.schema(dynamic_message(field), loc);
                }
            }
            Label => self.label(v, loc),
        }
    }

    /// A JSONPath, or a reference path for the `…Path` fields, `ItemsPath` and `Variable` (§2.1).
    fn path(&mut self, v: &Value, loc: &str, field: &str, reference: bool) {
        let Some(s) = self.string(v, loc) else { return };
        let parsed = if reference { Path::parse_reference(s) } else { Path::parse(s) };
        if parsed.is_err() {
            let kind = if reference { "ReferencePath" } else { "JSONPath" };
            self.schema(format!("The value for the field '{field}' must be a valid {kind}"), loc);
        }
    }

    /// A reference path into the input or null: not `$$`, not a variable (§2.4).
    fn result_path(&mut self, v: &Value, loc: &str) {
        if v.is_null() {
            return;
        }
        let Some(s) = self.string(v, loc) else { return };
        if !Path::parse_reference(s).is_ok_and(|p| *p.root() == Root::Input) {
            self.schema("The value for the field 'ResultPath' must be a valid ReferencePath", loc);
        }
    }

    /// A JSONPath payload template (§2.3): every `.$` value a path or an intrinsic call, no key twice once the
    /// suffix is stripped. Problems are located at the template field itself, as AWS reports them.
    fn template(&mut self, v: &Value, root: &str) {
        match v {
            Value::Object(map) => {
                let mut seen = HashSet::new();
                for (key, value) in map {
                    let name = key.strip_suffix(".$");
                    if !seen.insert(name.unwrap_or(key)) {
                        let name = name.unwrap_or(key);
                        self.schema(format!("The field '{name}' is defined more than once"), root);
                    }
                    if name.is_none() {
                        self.deeper(root, |c| c.template(value, root));
                    } else if !value.as_str().is_some_and(dynamic_value_ok) {
                        self.schema(dynamic_message(key), root);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|x| self.deeper(root, |c| c.template(x, root))),
            _ => {}
        }
    }

    /// Every `{% %}` string inside a JSONata-capable value, located at its own key path.
    fn scan(&mut self, v: &Value, loc: &str) {
        match v {
            Value::String(s) => self.jsonata(s, loc),
            Value::Object(map) => {
                map.iter().for_each(|(k, x)| self.deeper(loc, |c| c.scan(x, &format!("{loc}/{k}"))))
            }
            Value::Array(items) => items
                .iter()
                .enumerate()
                .for_each(|(i, x)| self.deeper(loc, |c| c.scan(x, &format!("{loc}[{i}]")))),
            _ => {}
        }
    }

    /// A string opening with `{%` must close with `%}` and hold something. Only the delimiters are checked
    /// until JSONata parsing lands (AWS: `Unexpected end of expression` for an empty one).
    fn jsonata(&mut self, s: &str, loc: &str) {
        if !s.starts_with("{%") {
            return;
        }
        match s.strip_prefix("{%").and_then(|r| r.strip_suffix("%}")) {
            None => self.err(INVALID_JSONATA_EXPRESSION, "A JSONata expression must end with '%}'", loc),
            Some(body) if body.trim().is_empty() => {
                self.err(INVALID_JSONATA_EXPRESSION, "Unexpected end of expression", loc)
            }
            Some(_) => {}
        }
    }

    /// Workflow variables (§3.4): legal names, `states` reserved; JSONPath values follow template rules.
    fn assign(&mut self, v: &Value, loc: &str) {
        let Some(map) = self.object(v, loc) else { return };
        for key in map.keys() {
            let name = if self.lang == Lang::JsonPath { key.strip_suffix(".$").unwrap_or(key) } else { key };
            if name == "states" || name.chars().count() > 80 || !is_identifier(name) {
                self.schema(format!("The variable name '{name}' is not valid"), loc);
            }
        }
        self.value(Payload, v, loc, "Assign");
    }

    fn machine(&mut self, def: &Value) {
        let Some(map) = def.as_object() else {
            return self.schema("Definition must be a valid JSON object", "/");
        };
        self.machine_lang = Lang::of(map.get("QueryLanguage"), Lang::JsonPath);
        let top = self.fields(map, "", TOP_FIELDS, true);
        self.block(&top, true);
    }

    /// A `StartAt` + `States` scope (machine, Parallel branch, Map processor): its states, then its graph.
    fn block(&mut self, obj: &Obj, top: bool) {
        self.required(obj, &["States", "StartAt"]);
        let start = obj.get("StartAt").and_then(|v| self.string(v, &obj.at("StartAt")));
        let Some(states) = obj.get("States").and_then(|v| self.object(v, &obj.at("States"))) else { return };
        let mut nodes = Vec::with_capacity(states.len());
        for (name, state) in states {
            let loc = format!("{}/States/{name}", obj.loc);
            if name.is_empty() || name.chars().count() > 80 {
                // Wording ours.
                self.err(
                    INVALID_STATE_NAME,
                    format!("State name '{name}' must be 1 to 80 characters long"),
                    &loc,
                );
            }
            if !self.names.insert(name.clone()) {
                self.err(DUPLICATE_STATE_NAME, format!("Duplicate State name: {name}"), &loc);
            }
            nodes.push((name.as_str(), self.deeper(&loc, |c| c.state(state, &loc))));
        }
        let dangling = start.filter(|s| !states.contains_key(*s)).map(|s| (s, obj.at("StartAt")));
        let edges = nodes.iter().flat_map(|(_, n)| &n.edges).map(|(t, at)| (t.as_str(), at.clone()));
        for (target, loc) in dangling.into_iter().chain(edges).filter(|(t, _)| !states.contains_key(*t)) {
            self.err(MISSING_TRANSITION_TARGET, format!("Missing 'Next' target: {target}"), &loc);
        }
        // Only the machine's own block must be able to end; AWS then skips the reachability walk (floci #2786).
        if top && !nodes.iter().any(|(_, n)| n.terminal) {
            self.diags.push(Diagnostic::error(MISSING_END_STATE, "Workflow has no terminal state", ""));
            return;
        }
        let Some(start) = start else { return };
        let index: HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, (n, _))| (*n, i)).collect();
        let mut seen = vec![false; nodes.len()];
        let mut stack: Vec<usize> = index.get(start).copied().into_iter().collect();
        while let Some(i) = stack.pop() {
            if !std::mem::replace(&mut seen[i], true) {
                stack.extend(nodes[i].1.edges.iter().filter_map(|(t, _)| index.get(t.as_str()).copied()));
            }
        }
        for ((name, _), _) in nodes.iter().zip(&seen).filter(|(_, seen)| !**seen) {
            let loc = format!("{}/States/{name}", obj.loc);
            self.err(MISSING_TRANSITION_TARGET, format!("State \"{name}\" is not reachable."), &loc);
        }
    }

    fn state(&mut self, v: &Value, loc: &str) -> Node {
        let mut node = Node::default();
        let Some(map) = self.object(v, loc) else { return node };
        let kind =
            map.get("Type").and_then(Value::as_str).and_then(|t| STATE_TYPES.iter().find(|s| s.0 == t));
        let Some(&(_, kind)) = kind else {
            if map.contains_key("Type") {
                let types: Vec<&str> = STATE_TYPES.iter().map(|t| t.0).collect();
                let message =
                    format!("The field 'Type' should have one of these values: [{}]", types.join(", "));
                self.schema(message, &format!("{loc}/Type"));
            } else {
                self.schema("The field 'Type' is required but was missing", loc);
            }
            // Still follow the plain transition so one bad Type does not cascade into graph errors.
            if let Some(Value::String(next)) = map.get("Next") {
                node.edges.push((next.clone(), format!("{loc}/Next")));
            }
            node.terminal = map.get("End") == Some(&Value::Bool(true));
            return node;
        };
        let lang = Lang::of(map.get("QueryLanguage"), self.machine_lang);
        let downgrade =
            map.contains_key("QueryLanguage") && lang == Lang::JsonPath && self.machine_lang == Lang::Jsonata;
        if downgrade {
            self.schema(
                "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
                loc,
            );
        }
        let outer = (self.lang, self.lax_lang);
        (self.lang, self.lax_lang) = (lang, downgrade);
        let table: Vec<(&str, Only, Rule)> = STATE_FIELDS
            .iter()
            .map(|&(n, types, only, rule)| (n, if types & kind != 0 { only } else { Never }, rule))
            .collect();
        let st = self.fields(map, loc, &table, false);
        if let Some(v) = st.get("Retry") {
            self.retriers(v, &st.at("Retry"));
        }
        if let Some(v) = st.get("Catch") {
            self.catchers(v, &st.at("Catch"), &mut node);
        }
        if kind & FLOW != 0 {
            self.transition(&st, &mut node);
        }
        match kind {
            TASK => self.task(&st),
            PARALLEL => self.parallel(&st),
            MAP => self.map(&st),
            WAIT => self.wait(&st),
            CHOICE => self.choice(&st, &mut node),
            _ => {}
        }
        node.terminal |= kind & (SUCCEED | FAIL) != 0;
        (self.lang, self.lax_lang) = outer;
        node
    }

    /// `Next` or `End: true`, exactly one (wording ours).
    fn transition(&mut self, st: &Obj, node: &mut Node) {
        if let Some(end) = st.get("End") {
            node.terminal =
                self.typed(end.is_boolean(), "BOOLEAN", &st.at("End")) && end == &Value::Bool(true);
        }
        let next = st.get("Next").and_then(|n| self.string(n, &st.at("Next")));
        match (next, node.terminal) {
            (Some(_), true) => {
                self.schema("The fields 'Next' and 'End' are mutually exclusive", &st.at("Next"))
            }
            (None, false) if !st.has("Next") => {
                self.schema("One of the fields [Next, End] is required", &st.loc)
            }
            _ => {}
        }
        if let Some(next) = next {
            node.edges.push((next.to_string(), st.at("Next")));
        }
    }

    /// `ErrorEquals` non-empty; `States.ALL` alone and only in the last entry (§9.3; wording ours).
    fn error_equals(&mut self, obj: &Obj, last: bool, owner: &str) {
        let loc = obj.at("ErrorEquals");
        let Some(names) = obj.get("ErrorEquals").and_then(|v| self.array(v, &loc, true)) else { return };
        for (i, name) in names.iter().enumerate() {
            self.string(name, &format!("{loc}[{i}]"));
        }
        if names.iter().any(|n| n == crate::error::ALL) {
            if names.len() > 1 {
                self.schema("'States.ALL' must be the only element of ErrorEquals", &loc);
            }
            if !last {
                self.schema(format!("'States.ALL' may only appear in the last {owner}"), &loc);
            }
        }
    }

    fn retriers(&mut self, v: &Value, loc: &str) {
        let Some(items) = self.array(v, loc, false) else { return };
        for (i, r) in items.iter().enumerate() {
            let at = format!("{loc}[{i}]");
            let Some(map) = self.object(r, &at) else { continue };
            let retrier = self.fields(map, &at, RETRIER_FIELDS, true);
            self.required(&retrier, &["ErrorEquals"]);
            self.error_equals(&retrier, i + 1 == items.len(), "retrier");
        }
    }

    fn catchers(&mut self, v: &Value, loc: &str, node: &mut Node) {
        let Some(items) = self.array(v, loc, false) else { return };
        for (i, c) in items.iter().enumerate() {
            let at = format!("{loc}[{i}]");
            let Some(map) = self.object(c, &at) else { continue };
            let catcher = self.fields(map, &at, CATCHER_FIELDS, true);
            self.required(&catcher, &["ErrorEquals", "Next"]);
            self.error_equals(&catcher, i + 1 == items.len(), "catcher");
            if let Some(next) = catcher.get("Next").and_then(|n| self.string(n, &catcher.at("Next"))) {
                node.edges.push((next.to_string(), catcher.at("Next")));
            }
        }
    }

    fn task(&mut self, st: &Obj) {
        self.required(st, &["Resource"]);
        if let Some(r) = st.get("Resource") {
            self.resource(r, &st.at("Resource"));
        }
        let seconds = |f| st.get(f).and_then(Value::as_i64);
        if seconds("HeartbeatSeconds").zip(seconds("TimeoutSeconds")).is_some_and(|(h, t)| h >= t) {
            let message = "HeartbeatSeconds must be smaller than TimeoutSeconds"; // wording ours
            self.schema(message, &st.at("HeartbeatSeconds"));
        }
        let loc = st.at("Credentials");
        let Some(v) = st.get("Credentials") else { return };
        let Some(map) = self.object(v, &loc) else { return };
        let creds = self.fields(map, &loc, CREDENTIALS_FIELDS, true);
        if !creds.has("RoleArn") && !creds.has("RoleArn.$") {
            self.schema("The field 'RoleArn' is required but was missing", &loc);
        }
        if creds.get("RoleArn.$").is_some() {
            self.template(v, &loc);
        }
    }

    /// A Task resource: Lambda function, activity, or `arn:<partition>:states:::<integration>` (§8.1).
    fn resource(&mut self, v: &Value, loc: &str) {
        let Some(arn) = self.string(v, loc) else { return };
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        let ok = match parts.as_slice() {
            ["arn", partition, "lambda", region, account, rest] => {
                ![partition, region, account].iter().any(|p| p.is_empty()) && rest.starts_with("function:")
            }
            ["arn", partition, "states", region, account, rest]
                if !region.is_empty() && !account.is_empty() =>
            {
                let activity = !partition.is_empty() && rest.starts_with("activity:");
                if activity && self.express {
                    self.schema("Express state machine does not support Activity ARN", loc);
                }
                activity
            }
            ["arn", partition, "states", "", "", rest] => {
                !partition.is_empty() && self.integration(rest, loc)
            }
            _ => false,
        };
        if !ok {
            self.schema(format!("The resource provided {arn} {NOT_RECOGNIZED}"), loc);
        }
    }

    fn integration(&mut self, rest: &str, loc: &str) -> bool {
        let (api, pattern) = rest.find('.').map_or((rest, ""), |i| rest.split_at(i));
        if !["", ".sync", ".sync:2", ".waitForTaskToken"].contains(&pattern) {
            return false;
        }
        if self.express && pattern.starts_with(".sync") {
            self.schema("Express state machine does not support '.sync' service integration", loc);
        }
        if self.express && pattern == ".waitForTaskToken" {
            // AWS's text ends with a space here, hence its double space before " at".
            self.schema(
                "Express state machine does not support '.waitForTaskToken' service integration ",
                loc,
            );
        }
        let words: Vec<&str> = api.split(':').collect();
        match words.as_slice() {
            ["aws-sdk", service, action] => {
                !service.is_empty() && !action.is_empty() && !pattern.starts_with(".sync")
            }
            [service, name] => match INTEGRATIONS.iter().find(|(s, _)| s == service) {
                Some((_, apis)) => apis.contains(&format!("{name}{pattern}").as_str()),
                None => !service.is_empty() && !name.is_empty(),
            },
            _ => false,
        }
    }

    fn parallel(&mut self, st: &Obj) {
        self.required(st, &["Branches"]);
        let Some(branches) = st.get("Branches").and_then(|v| self.array(v, &st.at("Branches"), true)) else {
            return;
        };
        for (i, b) in branches.iter().enumerate() {
            let loc = format!("{}/Branches[{i}]", st.loc);
            if let Some(map) = self.object(b, &loc) {
                let branch = self.fields(map, &loc, BRANCH_FIELDS, true);
                self.deeper(&loc, |c| c.block(&branch, false));
            }
        }
    }

    fn map(&mut self, st: &Obj) {
        if !st.has("ItemProcessor") && !st.has("Iterator") {
            self.schema("The field 'ItemProcessor' is required but was missing", &st.loc);
        }
        for field in ["ItemProcessor", "Iterator"] {
            let loc = st.at(field);
            let Some(map) = st.get(field).and_then(|v| self.object(v, &loc)) else { continue };
            let processor = self.fields(map, &loc, PROCESSOR_FIELDS, true);
            let config = processor.get("ProcessorConfig");
            let express_children =
                config.is_some_and(|pc| self.processor_config(pc, &processor.at("ProcessorConfig")));
            let outer = self.express;
            self.express |= express_children;
            self.deeper(&loc, |c| c.block(&processor, false));
            self.express = outer;
        }
        let loc = st.at("ItemReader");
        if let Some(map) = st.get("ItemReader").and_then(|v| self.object(v, &loc)) {
            let reader = self.fields(map, &loc, READER_FIELDS, true);
            self.required(&reader, &["Resource"]);
            if let Some(r) = reader.get("Resource") {
                self.s3_resource(r, &reader.at("Resource"), &["getObject", "listObjectsV2"]);
            }
            if let Some(c) =
                reader.get("ReaderConfig").and_then(|c| self.object(c, &reader.at("ReaderConfig")))
            {
                self.fields(c, &reader.at("ReaderConfig"), READER_CONFIG_FIELDS, true);
            }
        }
        if let Some(map) = st.get("ItemBatcher").and_then(|v| self.object(v, &st.at("ItemBatcher"))) {
            let batcher = self.fields(map, &st.at("ItemBatcher"), BATCHER_FIELDS, true);
            let limits: Vec<&str> = BATCHER_FIELDS[..4].iter().map(|f| f.0).collect();
            if !limits.iter().any(|f| batcher.has(f)) {
                let message = format!("At least one of the fields [{}] is required", limits.join(", "));
                self.schema(message, &batcher.loc);
            }
        }
        if let Some(v) = st.get("ResultWriter") {
            self.result_writer(v, &st.at("ResultWriter"));
        }
    }

    /// Mode and ExecutionType (§10.2); true when the children run as EXPRESS workflows.
    fn processor_config(&mut self, v: &Value, loc: &str) -> bool {
        let Some(map) = self.object(v, loc) else { return false };
        let pc = self.fields(map, loc, PROCESSOR_CONFIG_FIELDS, true);
        if pc.get("Mode").and_then(Value::as_str) != Some("DISTRIBUTED") {
            return false;
        }
        self.required(&pc, &["ExecutionType"]);
        if self.express {
            // Wording ours: AWS refuses it (§14) but its text was not recorded.
            self.schema("Express state machine does not support Distributed Map", &pc.at("Mode"));
        }
        pc.get("ExecutionType").and_then(Value::as_str) == Some("EXPRESS")
    }

    /// Map Run label rules (§10.5); wording from LocalStack, AWS's text was not recorded.
    fn label(&mut self, v: &Value, loc: &str) {
        let Some(label) = self.string(v, loc) else { return };
        let bad = label.chars().find(|c| c.is_whitespace() || c.is_control() || LABEL_FORBIDDEN.contains(*c));
        if label.is_empty() {
            self.err(INVALID_LABEL_NAME, "Label cannot be empty", loc);
        } else if label.chars().count() > 40 {
            self.err(INVALID_LABEL_NAME, "Label cannot exceed 40 characters", loc);
        } else if let Some(c) = bad {
            self.err(INVALID_LABEL_NAME, format!("Label contains invalid character: '{c}'"), loc);
        } else if !self.labels.insert(label.to_string()) {
            self.err(DUPLICATE_LABEL_NAME, format!("Duplicate Label name: {label}"), loc);
        }
    }

    /// The S3 resource of an ItemReader or ResultWriter: `arn:<partition>:states:::s3:<api>` (§10.4).
    fn s3_resource(&mut self, v: &Value, loc: &str, apis: &[&str]) {
        let Some(arn) = self.string(v, loc) else { return };
        let api = arn.strip_prefix("arn:").and_then(|r| r.split_once(":states:::s3:"));
        if !api.is_some_and(|(partition, api)| {
            !partition.is_empty() && !partition.contains(':') && apis.contains(&api)
        }) {
            self.schema(format!("The resource provided {arn} {NOT_RECOGNIZED}"), loc);
        }
    }

    /// Locations measured on AWS (floci #2786); the wording is ours.
    fn result_writer(&mut self, v: &Value, loc: &str) {
        let Some(map) = self.object(v, loc) else { return };
        let writer = self.fields(map, loc, WRITER_FIELDS, true);
        if !writer.has("Resource") && !writer.has("WriterConfig") {
            self.schema("At least one of the fields [Resource, WriterConfig] is required", loc);
        }
        if let Some(r) = writer.get("Resource") {
            self.s3_resource(r, &writer.at("Resource"), &["putObject"]);
            self.required(&writer, &[if self.lang == Lang::JsonPath { "Parameters" } else { "Arguments" }]);
        }
        for f in ["Bucket", "Prefix"] {
            if let Some(v) = writer.get("Parameters").and_then(|p| p.get(f)) {
                self.string(v, &format!("{loc}/Parameters/{f}"));
            }
        }
        let loc = writer.at("WriterConfig");
        if let Some(map) = writer.get("WriterConfig").and_then(|c| self.object(c, &loc)) {
            let config = self.fields(map, &loc, WRITER_CONFIG_FIELDS, true);
            self.required(&config, &["Transformation", "OutputType"]);
        }
    }

    fn wait(&mut self, st: &Obj) {
        const WAYS: [&str; 4] = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"];
        // Wording ours.
        match WAYS.iter().filter(|f| st.has(f)).collect::<Vec<_>>().as_slice() {
            [] => self.schema(format!("One of the fields [{}] is required", WAYS.join(", ")), &st.loc),
            [_] => {}
            [first, ..] => {
                self.schema(format!("Only one of the fields [{}] may be set", WAYS.join(", ")), &st.at(first))
            }
        }
    }

    fn choice(&mut self, st: &Obj, node: &mut Node) {
        self.required(st, &["Choices"]);
        if let Some(rules) = st.get("Choices").and_then(|v| self.array(v, &st.at("Choices"), true)) {
            for (i, rule) in rules.iter().enumerate() {
                let loc = format!("{}/Choices[{i}]", st.loc);
                self.deeper(&loc, |c| c.rule(rule, &loc, Some(node)));
            }
        }
        if let Some(d) = st.get("Default").and_then(|v| self.string(v, &st.at("Default"))) {
            node.edges.push((d.to_string(), st.at("Default")));
        }
    }

    /// One Choice rule (§6.1, §6.2). `node` is the state for a top-level rule, which needs `Next`; it is `None`
    /// inside `And`/`Or`/`Not`. The operator-count and Variable messages are our wording.
    fn rule(&mut self, v: &Value, loc: &str, node: Option<&mut Node>) {
        let Some(map) = self.object(v, loc) else { return };
        let top = node.is_some();
        let table: Vec<(&str, Only, Rule)> = map
            .keys()
            .map(|k| match k.as_str() {
                "Comment" => (k.as_str(), B, Text),
                "Next" if top => (k.as_str(), B, Custom),
                "Assign" if top => (k.as_str(), B, Assign),
                "Output" if top => (k.as_str(), A, Scan),
                "Condition" => (k.as_str(), A, CondX),
                "Variable" => (k.as_str(), P, Ref),
                "And" | "Or" | "Not" => (k.as_str(), P, Custom),
                op => (op, operator(op).map_or(Never, |_| P), operator(op).unwrap_or(Custom)),
            })
            .collect();
        let rule = self.fields(map, loc, &table, true);
        if let Some(node) = node {
            self.required(&rule, &["Next"]);
            if let Some(next) = rule.get("Next").and_then(|n| self.string(n, &rule.at("Next"))) {
                node.edges.push((next.to_string(), rule.at("Next")));
            }
        }
        if self.lang == Lang::Jsonata {
            return self.required(&rule, &["Condition"]);
        }
        let combinators = ["And", "Or", "Not"].into_iter().filter(|k| rule.has(k)).count();
        let operators = rule.ok.iter().filter(|k| operator(k).is_some()).count();
        if combinators + operators != 1 {
            self.schema(
                "A Choice Rule must contain exactly one of And, Or, Not or a comparison operator",
                loc,
            );
        }
        match (operators > 0, rule.has("Variable")) {
            (true, false) => self.schema("The field 'Variable' is required but was missing", loc),
            (false, true) if combinators > 0 => self.schema("Field 'Variable' is not supported", loc),
            _ => {}
        }
        for f in ["And", "Or"] {
            for (i, r) in
                rule.get(f).and_then(|v| self.array(v, &rule.at(f), true)).into_iter().flatten().enumerate()
            {
                let at = format!("{loc}/{f}[{i}]");
                self.deeper(&at, |c| c.rule(r, &at, None));
            }
        }
        if let Some(r) = rule.get("Not") {
            self.deeper(loc, |c| c.rule(r, &rule.at("Not"), None));
        }
    }
}

fn dynamic_message(field: &str) -> String {
    format!("The value for the field '{field}' must be a valid JSONPath or a valid intrinsic function call")
}

/// A `.$` value: a path when it starts with `$`, else an intrinsic call.
fn dynamic_value_ok(s: &str) -> bool {
    if looks_like_call(s) { Call::parse(s).is_ok() } else { Path::parse(s).is_ok() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// One case per line: `<definition> => <CODE location>; ...`, nothing after `=>` meaning valid. `S: {..}`
    /// is a lone state named S; a leading `express` validates as an EXPRESS machine. Codes are abbreviated:
    /// SVF schema, MTT missing target, END missing end state (no location), DUP/NAME state name, LABEL/DUPLABEL,
    /// ATA JSONata expression.
    fn cases(text: &str) {
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let (def, want) = line.rsplit_once("=>").unwrap();
            let (express, def) =
                def.trim().strip_prefix("express ").map_or((false, def.trim()), |d| (true, d));
            let def = match def.strip_prefix("S: ") {
                Some(state) => format!(r#"{{"StartAt": "S", "States": {{"S": {state}}}}}"#),
                None => def.to_string(),
            };
            let def: Value = serde_json::from_str(&def).unwrap_or_else(|e| panic!("{line}: {e}"));
            let got: Vec<String> = validate(&def, &Options { express })
                .iter()
                .map(|d| format!("{} {}", d.code, d.location))
                .collect();
            let want: Vec<String> =
                want.split(';').map(str::trim).filter(|w| !w.is_empty()).map(expand).collect();
            assert_eq!(got.iter().map(|g| g.trim_end()).collect::<Vec<_>>(), want, "{line}");
        }
    }

    fn expand(short: &str) -> String {
        let (code, loc) = short.split_once(' ').unwrap_or((short, ""));
        let code = match code {
            "SVF" => SCHEMA_VALIDATION_FAILED,
            "MTT" => MISSING_TRANSITION_TARGET,
            "END" => MISSING_END_STATE,
            "DUP" => DUPLICATE_STATE_NAME,
            "NAME" => INVALID_STATE_NAME,
            "LABEL" => INVALID_LABEL_NAME,
            "DUPLABEL" => DUPLICATE_LABEL_NAME,
            "ATA" => INVALID_JSONATA_EXPRESSION,
            other => other,
        };
        format!("{code} {loc}").trim_end().to_string()
    }

    fn messages(def: &str) -> Vec<String> {
        let def: Value = serde_json::from_str(def).unwrap();
        validate(&def, &Options::default()).into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn minimal_machines_are_valid() {
        cases(
            r#"
            S: {"Type": "Pass", "End": true} =>
            S: {"Type": "Succeed", "Comment": "c"} =>
            {"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass", "Output": "{% 1 %}", "End": true}}} =>
        "#,
        );
    }

    #[test]
    fn top_level_shape() {
        cases(
            r#"
            [1] => SVF /
            {} => SVF /
            {"StartAt": "S", "States": {"S": {"Type": "Succeed"}}, "Version": "2.0", "Foo": 1} => SVF /; SVF /Version
            {"StartAt": "S", "States": {"S": {"Type": "Succeed"}}, "TimeoutSeconds": 0} => SVF /TimeoutSeconds
            {"StartAt": "S", "States": []} => SVF /States
        "#,
        );
        assert_eq!(messages("{}"), ["These fields are required: [States, StartAt]"]);
    }

    #[test]
    fn dangling_targets_use_the_word_next_everywhere() {
        cases(
            r#"
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "NOPE"}}} => MTT /States/A/Next; END
            {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "G"}], "Default": "Z"}, "Z": {"Type": "Succeed"}}} => MTT /States/C/Choices[0]/Next
            {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "Z"}], "Default": "G"}, "Z": {"Type": "Succeed"}}} => MTT /States/C/Default
            S: {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "G"}], "End": true} => MTT /States/S/Catch[0]/Next
        "#,
        );
        let def = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "NOPE"}}}"#;
        assert_eq!(messages(def), ["Missing 'Next' target: NOPE", "Workflow has no terminal state"]);
    }

    #[test]
    fn missing_end_state_only_at_top_and_it_suppresses_reachability() {
        cases(
            r#"
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}, "U": {"Type": "Pass", "Next": "A"}}} => END
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}, "C": {"Type": "Succeed"}}} => MTT /States/C
            S: {"Type": "Map", "ItemProcessor": {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}}, "End": true} =>
        "#,
        );
    }

    #[test]
    fn unreachable_states_in_every_block() {
        cases(
            r#"
            {"StartAt": "Nope", "States": {"A": {"Type": "Succeed"}}} => MTT /StartAt; MTT /States/A
            S: {"Type": "Parallel", "Branches": [{"StartAt": "W", "States": {"W": {"Type": "Succeed"}, "a/b": {"Type": "Succeed"}}}], "End": true} => MTT /States/S/Branches[0]/States/a/b
            S: {"Type": "Map", "ItemProcessor": {"StartAt": "Nope", "States": {"A": {"Type": "Succeed"}}}, "End": true} => MTT /States/S/ItemProcessor/StartAt; MTT /States/S/ItemProcessor/States/A
        "#,
        );
        let def = r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}}"#;
        assert_eq!(messages(def), ["State \"B\" is not reachable."]);
    }

    #[test]
    fn state_names_are_unique_machine_wide_and_short() {
        let long = "x".repeat(81);
        cases(&format!(
            r#"
            S: {{"Type": "Parallel", "Branches": [{{"StartAt": "S", "States": {{"S": {{"Type": "Succeed"}}}}}}], "End": true}} => DUP /States/S/Branches[0]/States/S
            {{"StartAt": "{long}", "States": {{"{long}": {{"Type": "Succeed"}}}}}} => NAME /States/{long}
        "#
        ));
    }

    #[test]
    fn a_bad_type_is_the_only_complaint_about_its_state() {
        cases(
            r#"
            S: {"Type": "Nope", "End": true} => SVF /States/S/Type
            S: {"End": true} => SVF /States/S
            S: [] => SVF /States/S; END
        "#,
        );
    }

    #[test]
    fn fields_on_the_wrong_state_type_are_not_supported() {
        cases(
            r#"
            S: {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "S"}], "End": true} => SVF /States/S; END
            S: {"Type": "Fail", "InputPath": "$"} => SVF /States/S
            S: {"Type": "Wait", "Seconds": 1, "ResultPath": null, "End": true} => SVF /States/S
            S: {"Type": "Succeed", "Assign": {}} => SVF /States/S
            S: {"Type": "Parallel", "TimeoutSeconds": 5, "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}], "End": true} => SVF /States/S
        "#,
        );
        let def = r#"{"StartAt": "S", "States": {"S": {"Type": "Pass", "End": true, "Retry": [], "TimeoutSeconds": 5, "Catch": [{"ErrorEquals": ["X"], "Next": "Nope"}]}}}"#;
        let expected = [
            "Field 'TimeoutSeconds' is not supported",
            "Field 'Catch' is not supported",
            "Field 'Retry' is not supported",
        ];
        assert_eq!(messages(def), expected);
    }

    #[test]
    fn query_language_decides_which_fields_are_legal() {
        cases(
            r#"
            S: {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Output": {}, "Arguments": {}, "End": true} => SVF /States/S; SVF /States/S
            S: {"Type": "Map", "Items": [1], "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}, "End": true} => SVF /States/S
            {"QueryLanguage": "JSONata", "StartAt": "X", "States": {"X": {"Type": "Pass", "InputPath": "$.a", "OutputPath": "$.b", "ResultPath": "$.c", "End": true}}} => SVF /States/X; SVF /States/X; SVF /States/X
            {"QueryLanguage": "JSONata", "StartAt": "X", "States": {"X": {"Type": "Pass", "QueryLanguage": "JSONPath", "Output": 1, "End": true}}} => SVF /States/X
            S: {"Type": "Pass", "QueryLanguage": "jsonata", "Output": 1, "InputPath": "$", "End": true} => SVF /States/S; SVF /States/S/QueryLanguage
            S: {"Type": "Pass", "QueryLanguage": 5, "End": true} => SVF /States/S/QueryLanguage
            {"QueryLanguage": "jsonpath", "StartAt": "X", "States": {"X": {"Type": "Pass", "InputPath": "$", "End": true}}} => SVF /QueryLanguage; SVF /States/X
            S: {"Type": "Map", "QueryLanguage": "JSONata", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Output": 1, "End": true}}}, "End": true} => SVF /States/S/ItemProcessor/States/P
            S: {"Type": "Map", "Iterator": {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Succeed"}}}, "End": true} => SVF /States/S/Iterator
            S: {"Type": "Parallel", "Branches": [{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Succeed"}}}], "End": true} => SVF /States/S/Branches[0]
            {"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass", "Output": {"v": ["{% 1 %}", "{% 1"]}, "End": true}}} => ATA /States/S/Output/v[1]
        "#,
        );
        let def = r#"{"QueryLanguage": "JSONata", "StartAt": "X", "States": {"X": {"Type": "Pass", "QueryLanguage": "JSONPath", "Output": 1, "End": true}}}"#;
        assert_eq!(
            messages(def),
            ["'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine"]
        );
        let def = r#"{"StartAt": "S", "States": {"S": {"Type": "Pass", "Output": 1, "End": true}}}"#;
        assert_eq!(
            messages(def),
            [
                "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage"
            ]
        );
    }

    #[test]
    fn transitions_need_exactly_one_of_next_and_end() {
        cases(
            r#"
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B", "End": true}, "B": {"Type": "Succeed"}}} => SVF /States/A/Next
            {"StartAt": "A", "States": {"A": {"Type": "Pass"}, "B": {"Type": "Succeed"}}} => SVF /States/A; MTT /States/B
            S: {"Type": "Pass", "End": "yes"} => SVF /States/S/End; SVF /States/S; END
        "#,
        );
    }

    #[test]
    fn paths_must_parse_and_result_path_stays_in_the_input() {
        cases(
            r#"
            S: {"Type": "Pass", "InputPath": "$.a[", "OutputPath": null, "End": true} => SVF /States/S/InputPath
            S: {"Type": "Pass", "ResultPath": "$$.x", "End": true} => SVF /States/S/ResultPath
            S: {"Type": "Pass", "ResultPath": "$var.x", "End": true} => SVF /States/S/ResultPath
            S: {"Type": "Pass", "ResultPath": "$.a[*]", "End": true} => SVF /States/S/ResultPath
            S: {"Type": "Pass", "ResultPath": null, "InputPath": "$$.Execution", "OutputPath": "$v.a[?(@.x == 1)]", "End": true} =>
        "#,
        );
    }

    #[test]
    fn payload_templates_need_paths_or_intrinsics_behind_dollar_keys() {
        cases(
            r#"
            S: {"Type": "Pass", "Parameters": {"a": {"b.$": "nope"}}, "End": true} => SVF /States/S/Parameters
            S: {"Type": "Pass", "Parameters": {"a.$": 1}, "End": true} => SVF /States/S/Parameters
            S: {"Type": "Pass", "Parameters": {"a": 1, "a.$": "$.x"}, "End": true} => SVF /States/S/Parameters
            S: {"Type": "Pass", "Parameters": [{"a.$": "States.Format('{}', $.x)", "b.$": "$$.Map.Item.Value", "c": "$.not.evaluated"}], "End": true} =>
            S: {"Type": "Pass", "Assign": {"x": 1, "y.$": "$.a", "states": 1, "1a": 2}, "End": true} => SVF /States/S/Assign; SVF /States/S/Assign
            S: {"Type": "Pass", "Assign": {"x.$": "$..["}, "End": true} => SVF /States/S/Assign
        "#,
        );
        let def = r#"{"StartAt": "S", "States": {"S": {"Type": "Pass", "Parameters": {"a": {"b.$": "nope"}}, "End": true}}}"#;
        assert_eq!(
            messages(def),
            ["The value for the field 'b.$' must be a valid JSONPath or a valid intrinsic function call"]
        );
    }

    #[test]
    fn choice_rules_have_one_operator_and_typed_operands() {
        let choice = |rule: &str| {
            format!(
                r#"{{"StartAt": "C", "States": {{"C": {{"Type": "Choice", "Choices": [{rule}], "Default": "Z"}}, "Z": {{"Type": "Succeed"}}}}}}"#
            )
        };
        let table = [
            (r#"{"Variable": "$.a", "IsNull": true}"#, "SVF /States/C/Choices[0]"),
            (
                r#"{"Not": {"Variable": "$.a", "IsNull": true, "Next": "Z"}, "Next": "Z"}"#,
                "SVF /States/C/Choices[0]/Not",
            ),
            (
                r#"{"Variable": "$.a", "IsNull": true, "IsString": true, "Next": "Z"}"#,
                "SVF /States/C/Choices[0]",
            ),
            (r#"{"IsNull": true, "Next": "Z"}"#, "SVF /States/C/Choices[0]"),
            (
                r#"{"Variable": "$.a", "And": [], "Next": "Z"}"#,
                "SVF /States/C/Choices[0]; SVF /States/C/Choices[0]/And",
            ),
            (
                r#"{"Variable": "$.a", "NumericEquals": "1", "Next": "Z"}"#,
                "SVF /States/C/Choices[0]/NumericEquals",
            ),
            (
                r#"{"Variable": "$.a", "TimestampEquals": "2016-03-14", "Next": "Z"}"#,
                "SVF /States/C/Choices[0]/TimestampEquals",
            ),
            (
                r#"{"Variable": "$.a", "StringEqualsPath": "$.b[*]", "Next": "Z"}"#,
                "SVF /States/C/Choices[0]/StringEqualsPath",
            ),
            (r#"{"Variable": "a", "StringMatches": "x*", "Next": "Z"}"#, "SVF /States/C/Choices[0]/Variable"),
            (
                r#"{"Variable": "$.a", "StringIsLong": 1, "Next": "Z"}"#,
                "SVF /States/C/Choices[0]; SVF /States/C/Choices[0]",
            ),
            (
                r#"{"Or": [{"Variable": "$$.State.Name", "BooleanEqualsPath": "$flag"}, {"Not": {"Variable": "$.a", "IsPresent": false}}], "Next": "Z"}"#,
                "",
            ),
        ];
        cases(&table.map(|(rule, want)| format!("{} => {want}", choice(rule))).join("\n"));
        cases(r#"S: {"Type": "Choice", "Choices": []} => SVF /States/S/Choices; END"#);
    }

    #[test]
    fn jsonata_choice_rules_use_condition() {
        let choice = |rule: &str| {
            format!(
                r#"{{"QueryLanguage": "JSONata", "StartAt": "C", "States": {{"C": {{"Type": "Choice", "Choices": [{rule}], "Default": "Z"}}, "Z": {{"Type": "Succeed"}}}}}}"#
            )
        };
        let table = [
            (
                r#"{"Condition": "{% true %}", "Output": {"a": "{% 1 %}"}, "Assign": {"v": 1}, "Next": "Z"}"#,
                "",
            ),
            (
                r#"{"Variable": "$.a", "IsNull": true, "Next": "Z"}"#,
                "SVF /States/C/Choices[0]/Variable; SVF /States/C/Choices[0]/IsNull; SVF /States/C/Choices[0]",
            ),
            (r#"{"Condition": "yes", "Next": "Z"}"#, "SVF /States/C/Choices[0]/Condition"),
        ];
        cases(&table.map(|(rule, want)| format!("{} => {want}", choice(rule))).join("\n"));
    }

    #[test]
    fn retriers_and_catchers() {
        cases(
            r#"
            S: {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": []}], "End": true} => SVF /States/S/Retry[0]/ErrorEquals
            S: {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["States.ALL", "X"]}], "End": true} => SVF /States/S/Retry[0]/ErrorEquals
            S: {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}], "End": true} => SVF /States/S/Retry[0]/ErrorEquals
            S: {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["X"], "IntervalSeconds": 0, "MaxAttempts": -1, "BackoffRate": 0.5, "MaxDelaySeconds": 31622401, "JitterStrategy": "SOME", "Foo": 1}], "End": true} => SVF /States/S/Retry[0]; SVF /States/S/Retry[0]/IntervalSeconds; SVF /States/S/Retry[0]/MaxAttempts; SVF /States/S/Retry[0]/BackoffRate; SVF /States/S/Retry[0]/MaxDelaySeconds; SVF /States/S/Retry[0]/JitterStrategy
            S: {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "S", "ResultPath": "$.err", "Assign": {"e.$": "$.Error"}}], "End": true} =>
            S: {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["X"]}], "End": true} => SVF /States/S/Catch[0]
        "#,
        );
    }

    #[test]
    fn task_timeouts_credentials_and_resources() {
        cases(
            r#"
            S: {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "TimeoutSeconds": 5, "HeartbeatSeconds": 5, "End": true} => SVF /States/S/HeartbeatSeconds
            S: {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "TimeoutSeconds": 5, "TimeoutSecondsPath": "$.t", "End": true} => SVF /States/S/TimeoutSeconds
            S: {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "TimeoutSeconds": 0, "HeartbeatSecondsPath": "$.h[0:1]", "End": true} => SVF /States/S/TimeoutSeconds; SVF /States/S/HeartbeatSecondsPath
            S: {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "Credentials": {}, "End": true} => SVF /States/S/Credentials
            S: {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "Credentials": {"RoleArn.$": "$.role"}, "End": true} =>
            S: {"Type": "Task", "End": true} => SVF /States/S
            S: {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listBuckets.waitForTaskToken", "End": true} =>
            S: {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "End": true} =>
            S: {"Type": "Task", "Resource": "arn:aws-cn:states:::sqs:sendMessage", "End": true} =>
            S: {"Type": "Task", "Resource": "arn:aws:states:::foo:bar", "End": true} =>
            S: {"Type": "Task", "Resource": "createToken", "End": true} => SVF /States/S/Resource
            S: {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:query", "End": true} => SVF /States/S/Resource
            S: {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.sync", "End": true} => SVF /States/S/Resource
            S: {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject.sync", "End": true} => SVF /States/S/Resource
            S: {"Type": "Task", "Resource": "arn:aws:s3:::bucket", "End": true} => SVF /States/S/Resource
        "#,
        );
    }

    #[test]
    fn express_machines_refuse_sync_callbacks_activities_and_distributed_maps() {
        cases(
            r#"
            express S: {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync", "End": true} => SVF /States/S/Resource
            express S: {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": true} => SVF /States/S/Resource
            express S: {"Type": "Task", "Resource": "arn:aws:states:us-east-1:1:activity:a", "End": true} => SVF /States/S/Resource
            S: {"Type": "Task", "Resource": "arn:aws:states:us-east-1:1:activity:a", "End": true} =>
            express S: {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "T", "States": {"T": {"Type": "Succeed"}}}, "End": true} => SVF /States/S/ItemProcessor/ProcessorConfig/Mode
            S: {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "End": true}}}, "End": true} => SVF /States/S/ItemProcessor/States/T/Resource
        "#,
        );
    }

    #[test]
    fn map_fields() {
        let map = |extra: &str| {
            format!(
                r#"S: {{"Type": "Map", "ItemProcessor": {{"StartAt": "P", "States": {{"P": {{"Type": "Succeed"}}}}}}, {extra} "End": true}}"#
            )
        };
        let table = [
            (r#""MaxConcurrency": 2, "MaxConcurrencyPath": "$.l","#, "SVF /States/S/MaxConcurrency"),
            (r#""MaxConcurrency": -1,"#, "SVF /States/S/MaxConcurrency"),
            (
                r#""MaxConcurrency": 9223372036854775807, "ToleratedFailurePercentage": 100.5,"#,
                "SVF /States/S/ToleratedFailurePercentage",
            ),
            (r#""MaxConcurrencyPath": "$.limits[*]","#, "SVF /States/S/MaxConcurrencyPath"),
            (
                r#""Iterator": {"StartAt": "Q", "States": {"Q": {"Type": "Succeed"}}},"#,
                "SVF /States/S/ItemProcessor",
            ),
            (r#""ItemBatcher": {"BatchInput": {}},"#, "SVF /States/S/ItemBatcher"),
            (r#""Label": "a b","#, "LABEL /States/S/Label"),
            (
                r#""ItemReader": {"Resource": "arn:aws:states:::s3:unknown", "ReaderConfig": {"InputType": "XML"}},"#,
                "SVF /States/S/ItemReader/Resource; SVF /States/S/ItemReader/ReaderConfig/InputType",
            ),
            (r#""ResultWriter": {},"#, "SVF /States/S/ResultWriter"),
            (
                r#""ResultWriter": {"Resource": "arn:aws:states:::s3:putObject"},"#,
                "SVF /States/S/ResultWriter",
            ),
            (
                r#""ResultWriter": {"WriterConfig": {"Transformation": "COMPACT"}},"#,
                "SVF /States/S/ResultWriter/WriterConfig",
            ),
            (
                r#""ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Arguments": {}, "Parameters": {"Bucket": 42, "Prefix": {}}},"#,
                "SVF /States/S/ResultWriter/Arguments; SVF /States/S/ResultWriter/Parameters/Bucket; SVF /States/S/ResultWriter/Parameters/Prefix",
            ),
            (
                r#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket.$": "$.b"}, "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["a"], "MaxItems": 0}},"#,
                "",
            ),
        ];
        cases(&table.map(|(extra, want)| format!("{} => {want}", map(extra))).join("\n"));
        cases(
            r#"
            S: {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P", "States": {"P": {"Type": "Succeed"}}}, "End": true} => SVF /States/S/ItemProcessor/ProcessorConfig
            S: {"Type": "Map", "End": true} => SVF /States/S
            {"StartAt": "A", "States": {"A": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Map", "Label": "x", "ItemProcessor": {"StartAt": "P1", "States": {"P1": {"Type": "Succeed"}}}, "End": true}}}, {"StartAt": "C", "States": {"C": {"Type": "Map", "Label": "x", "ItemProcessor": {"StartAt": "P2", "States": {"P2": {"Type": "Succeed"}}}, "End": true}}}], "End": true}}} => DUPLABEL /States/A/Branches[1]/States/C/Label
        "#,
        );
    }

    #[test]
    fn wait_takes_exactly_one_way_and_real_timestamps() {
        cases(
            r#"
            S: {"Type": "Wait", "End": true} => SVF /States/S
            S: {"Type": "Wait", "Seconds": 1, "SecondsPath": "$.s", "End": true} => SVF /States/S/Seconds
            S: {"Type": "Wait", "Seconds": -1, "End": true} => SVF /States/S/Seconds
            S: {"Type": "Wait", "Timestamp": "2016-03-14T01:59:00Z", "End": true} =>
            S: {"Type": "Wait", "Timestamp": "{% '2016-03-14T01:59:00Z' %}", "End": true} => SVF /States/S/Timestamp
            S: {"Type": "Wait", "QueryLanguage": "JSONata", "Timestamp": "{% $t %}", "End": true} =>
            S: {"Type": "Wait", "QueryLanguage": "JSONata", "Seconds": "{% %}", "End": true} => ATA /States/S/Seconds
        "#,
        );
    }

    #[test]
    fn fail_paths_are_reference_paths_or_string_intrinsics() {
        cases(
            r#"
            S: {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('{}', $.c)"} =>
            S: {"Type": "Fail", "ErrorPath": "States.ArrayLength($.e)", "Cause": "c", "CausePath": "$.c"} => SVF /States/S/Cause; SVF /States/S/ErrorPath
        "#,
        );
    }

    #[test]
    fn deep_nesting_is_reported_not_overflowed() {
        let mut state = json!({"Type": "Succeed"});
        for i in 0..70 {
            state = json!({"Type": "Parallel", "Branches": [{"StartAt": format!("s{i}"), "States": {format!("s{i}"): state}}], "End": true});
        }
        let diags = validate(&json!({"StartAt": "S", "States": {"S": state}}), &Options::default());
        assert!(diags.iter().any(|d| d.code == TOO_DEEPLY_NESTED));
        let mut template = json!(1);
        for _ in 0..300 {
            template = json!({"a": [template]});
        }
        let def =
            json!({"StartAt": "S", "States": {"S": {"Type": "Pass", "Parameters": template, "End": true}}});
        assert_eq!(
            validate(&def, &Options::default()).iter().filter(|d| d.code == TOO_DEEPLY_NESTED).count(),
            1
        );
    }

    #[test]
    fn text_is_json_or_yaml() {
        assert_eq!(parse_text("{\"StartAt\": \"A\"}"), Ok(json!({"StartAt": "A"})));
        let yaml = parse_text("StartAt: A\nStates:\n  A:\n    Type: Succeed\n");
        assert_eq!(yaml, Ok(json!({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}})));
        let err = parse_text("{\"StartAt\": }").unwrap_err();
        assert_eq!((err.code.as_str(), err.location.as_str()), (INVALID_JSON_DESCRIPTION, ""));
        assert!(err.message.contains("line 1 column 13"), "{}", err.message);
        assert!(
            parse_text("not json")
                .unwrap_err()
                .message
                .starts_with("Unrecognized token 'not': was expecting")
        );
        assert!(parse_text("a: [1,\nb: 2").is_err() && parse_text("").is_err());
    }

    #[test]
    fn invalid_definition_message_joins_errors_only() {
        let diags = [
            Diagnostic::error(
                MISSING_TRANSITION_TARGET,
                "Missing 'Next' target: pass3",
                "/States/pass1/Next",
            ),
            Diagnostic::error(
                MISSING_TRANSITION_TARGET,
                "State \"pass2\" is not reachable.",
                "/States/pass2",
            ),
            Diagnostic::warning("NO_DOLLAR", "w", "/"),
        ];
        let expected = "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at \
                        /States/pass1/Next, MISSING_TRANSITION_TARGET: State \"pass2\" is not reachable. at /States/pass2'";
        assert_eq!(invalid_definition_message(&diags), expected);
    }

    fn corpus(file: &str) -> Vec<Value> {
        let path = format!("{}/../shared/corpus/aws-recorded/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect()
    }

    /// AWS's own refusals: our InvalidDefinition text must equal the recorded cause (partition normalised).
    #[test]
    fn corpus_invalid_definitions_match_aws_messages() {
        let cases = corpus("invalid_definitions.jsonl");
        let prefix = "An error occurred (InvalidDefinition) when calling the CreateStateMachine operation: ";
        let mut matched = 0;
        for case in &cases {
            let expected = case["expected"]["cause"].as_str().unwrap().trim_start_matches(prefix);
            let ours = invalid_definition_message(&validate(&case["definition"], &Options::default()));
            let ours = ours.replace("arn:aws:", "arn:<partition>:");
            if ours == expected {
                matched += 1;
            } else {
                eprintln!("{}:\n  ours: {ours}\n  aws:  {expected}", case["id"]);
            }
        }
        println!("invalid_definitions: {matched}/{} match AWS exactly", cases.len());
        assert_eq!(matched, cases.len());
    }

    /// TestState refusals that are InvalidDefinition; a lone state is checked as `/States/StateName`.
    #[test]
    fn corpus_test_state_invalid_definitions_match() {
        for case in corpus("test_state.jsonl") {
            let Some(expected) = case["expected"]["response"]["message"].as_str() else { continue };
            if expected.starts_with("Invalid State Machine Definition") {
                let def = &case["request"]["definition"];
                let lone = json!({"StartAt": "StateName", "States": {"StateName": def}});
                let def = if def.get("States").is_some() { def } else { &lone };
                assert_eq!(invalid_definition_message(&validate(def, &Options::default())), expected);
            }
        }
    }

    /// Every definition AWS accepted and ran must pass, JSONata ones included.
    #[test]
    fn corpus_accepted_definitions_have_no_errors() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/aws-recorded");
        let mut files: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        files.sort();
        let (mut checked, mut failures) = (0, Vec::new());
        for case in files.iter().filter(|f| f.ends_with(".jsonl")).flat_map(|f| corpus(f)) {
            if case["kind"] == "execution" {
                checked += 1;
                let options = Options { express: case["state_machine_type"] == "EXPRESS" };
                let errors: Vec<String> =
                    validate(&case["definition"], &options).iter().map(|d| d.to_string()).collect();
                if !errors.is_empty() {
                    failures.push(format!("{}: {errors:?}", case["id"]));
                }
            }
        }
        println!("accepted definitions checked: {checked}, with errors: {}", failures.len());
        assert!(failures.is_empty() && checked > 1000, "{}", failures.join("\n"));
    }
}

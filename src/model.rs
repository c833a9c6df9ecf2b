//! The definition as run: states in flat tables addressed by index, paths and templates compiled once
//! (asl-reference §1). Built from a definition that `validate` accepted; anything unexpected is an `Err`.

use crate::choice::Rule;
use crate::jsonata::{self, expression_body};
use crate::path::Path;
use crate::template::Template;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Index of a `States` block (top level, a Parallel branch, a Map processor) in [`StateMachine::blocks`].
pub type BlockId = usize;
/// Index of a state inside its block.
pub type StateId = usize;

#[derive(Debug, Default)]
pub struct StateMachine {
    pub blocks: Vec<Block>,
    pub timeout_seconds: Option<u64>,
    /// The machine's `QueryLanguage` is JSONata: every state's default, nested ones included.
    pub jsonata: bool,
}

#[derive(Debug)]
pub struct Block {
    pub start_at: StateId,
    pub states: Vec<State>,
}

#[derive(Debug)]
pub struct State {
    /// Shared with every history event that names the state.
    pub name: std::rc::Rc<str>,
    pub kind: Kind,
    pub input_path: PathField,
    pub output_path: PathField,
    pub parameters: Option<Template>,
    pub result_selector: Option<Template>,
    pub result_path: ResultPath,
    pub next: Option<StateId>,
    pub retry: Vec<Retrier>,
    pub catch: Vec<Catcher>,
    /// The variables this state sets (for a Choice, those of its Default).
    pub assign: Option<Payload>,
    /// `QueryLanguage: JSONata`: `Arguments` and `Output` replace the JSONPath fields above.
    pub jsonata: bool,
    pub arguments: Option<jsonata::Template>,
    pub output: Option<jsonata::Template>,
}

/// A value computed in either query language: a JSONPath payload template (`.$` keys) or a JSONata one.
#[derive(Debug)]
pub enum Payload {
    Path(Template),
    Jsonata(jsonata::Template),
}

/// A Choice rule: its test, its target, and what it assigns and outputs when it matches.
#[derive(Debug)]
pub struct ChoiceRule {
    pub test: Test,
    pub next: StateId,
    pub assign: Option<Payload>,
    pub output: Option<jsonata::Template>,
}

#[derive(Debug)]
pub enum Test {
    Rule(Rule),
    /// JSONata `Condition`.
    Condition(jsonata::Template),
}

/// `InputPath` / `OutputPath`: absent means `$`, `null` means `{}`.
#[derive(Debug)]
pub enum PathField {
    Whole,
    Empty,
    Path(Path),
}

#[derive(Debug)]
pub enum ResultPath {
    /// `$` (default): the result replaces the input.
    Whole,
    /// `null`: the result is discarded.
    Discard,
    Path(Path),
}

#[derive(Debug)]
pub enum Kind {
    Pass { result: Option<Value> },
    Task(Box<Task>),
    Choice { rules: Vec<ChoiceRule>, default: Option<StateId> },
    Wait(Wait),
    Succeed,
    Fail { error: Text, cause: Text },
    Parallel { branches: Vec<BlockId> },
    Map(Box<MapState>),
}

impl Kind {
    /// This state's `...StateEntered` and `...StateExited` history event types.
    pub fn event_types(&self) -> (&'static str, &'static str) {
        match self {
            Kind::Pass { .. } => ("PassStateEntered", "PassStateExited"),
            Kind::Task(_) => ("TaskStateEntered", "TaskStateExited"),
            Kind::Choice { .. } => ("ChoiceStateEntered", "ChoiceStateExited"),
            Kind::Wait(_) => ("WaitStateEntered", "WaitStateExited"),
            Kind::Succeed => ("SucceedStateEntered", "SucceedStateExited"),
            // A Fail state never exits: the execution (or branch) fails right after it is entered.
            Kind::Fail { .. } => ("FailStateEntered", "FailStateExited"),
            Kind::Parallel { .. } => ("ParallelStateEntered", "ParallelStateExited"),
            Kind::Map(_) => ("MapStateEntered", "MapStateExited"),
        }
    }
}

/// A Fail `Error`/`Cause`: a literal, or `ErrorPath`/`CausePath` (a path or an intrinsic).
#[derive(Debug)]
pub enum Text {
    None,
    Literal(String),
    Dynamic(Template),
    Jsonata(jsonata::Template),
}

#[derive(Debug)]
pub enum Wait {
    Seconds(u64),
    Timestamp(String),
    SecondsPath(Path),
    TimestampPath(Path),
    /// A JSONata `Seconds` (`timestamp: false`) or `Timestamp`.
    Jsonata {
        template: jsonata::Template,
        timestamp: bool,
    },
}

/// A number given literally or through a `...Path` field.
#[derive(Debug)]
pub enum Num {
    Literal(f64),
    Path(Path),
    Jsonata(jsonata::Template),
}

#[derive(Debug)]
pub struct Task {
    pub resource: String,
    pub integration: Integration,
    pub timeout_seconds: Option<Num>,
    pub heartbeat_seconds: Option<Num>,
    pub credentials: Option<Payload>,
}

/// What a Task `Resource` calls, which decides its history events (asl-reference §8.1).
#[derive(Debug, Clone, PartialEq)]
pub enum Integration {
    /// `arn:aws:lambda:...:function:name`: `LambdaFunction*` events.
    Lambda,
    /// `arn:aws:states:...:activity:name`: `Activity*` events; answered by a worker.
    Activity,
    /// `arn:aws:states:::service:api[.sync|.waitForTaskToken]`: `Task*` events.
    Service { resource_type: String, resource: String, pattern: Pattern },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pattern {
    RequestResponse,
    Sync,
    WaitForTaskToken,
}

impl Integration {
    pub fn of(arn: &str) -> Integration {
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        match parts.as_slice() {
            [_, _, "lambda", _, _, rest] if rest.starts_with("function:") => Integration::Lambda,
            [_, _, "states", _, _, rest] if rest.starts_with("activity:") => Integration::Activity,
            [_, _, "states", _, _, rest] => {
                let (resource_type, resource) = match rest.strip_prefix("aws-sdk:") {
                    Some(sdk) => match sdk.split_once(':') {
                        Some((service, action)) => (format!("aws-sdk:{service}"), action),
                        None => (format!("aws-sdk:{sdk}"), ""),
                    },
                    None => match rest.split_once(':') {
                        Some((service, api)) => (service.to_string(), api),
                        None => (rest.to_string(), ""),
                    },
                };
                let pattern = if resource.ends_with(".waitForTaskToken") {
                    Pattern::WaitForTaskToken
                } else if resource.contains(".sync") {
                    Pattern::Sync
                } else {
                    Pattern::RequestResponse
                };
                Integration::Service { resource_type, resource: resource.to_string(), pattern }
            }
            _ => Integration::Service {
                resource_type: "unknown".into(),
                resource: arn.to_string(),
                pattern: Pattern::RequestResponse,
            },
        }
    }
}

#[derive(Debug)]
pub struct MapState {
    pub processor: BlockId,
    pub items_path: Option<Path>,
    /// JSONata `Items`.
    pub items: Option<jsonata::Template>,
    pub item_selector: Option<Payload>,
    pub max_concurrency: Option<Num>,
    pub tolerated_failure_count: Option<Num>,
    pub tolerated_failure_percentage: Option<Num>,
    pub batcher: Option<Batcher>,
    pub distributed: bool,
}

#[derive(Debug)]
pub struct Batcher {
    pub max_items: Option<Num>,
    pub max_bytes: Option<Num>,
    pub batch_input: Option<Payload>,
}

#[derive(Debug)]
pub struct Retrier {
    pub errors: Vec<String>,
    pub interval_seconds: f64,
    pub max_attempts: u32,
    pub backoff_rate: f64,
    pub max_delay_seconds: Option<f64>,
    pub full_jitter: bool,
}

#[derive(Debug)]
pub struct Catcher {
    pub errors: Vec<String>,
    pub next: StateId,
    pub result_path: ResultPath,
    pub assign: Option<Payload>,
    /// JSONata `Output`, over `$states.errorOutput`.
    pub output: Option<jsonata::Template>,
}

type R<T> = Result<T, String>;

impl StateMachine {
    /// Builds the run-time model. Errors are terse: validation is where users get located diagnostics.
    pub fn build(def: &Value) -> R<StateMachine> {
        let mut sm = StateMachine { blocks: Vec::new(), timeout_seconds: None, jsonata: false };
        let obj = def.as_object().ok_or("definition must be an object")?;
        sm.timeout_seconds = obj.get("TimeoutSeconds").and_then(Value::as_u64);
        sm.jsonata = is_jsonata(obj.get("QueryLanguage"), false);
        sm.block(obj, 0)?;
        Ok(sm)
    }

    fn block(&mut self, obj: &Map<String, Value>, depth: usize) -> R<BlockId> {
        if depth > 64 {
            return Err("states are nested too deeply".into());
        }
        let id = self.blocks.len();
        self.blocks.push(Block { start_at: 0, states: Vec::new() });
        let states = obj.get("States").and_then(Value::as_object).ok_or("'States' must be an object")?;
        let index: HashMap<&str, StateId> = states.keys().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
        let target = |name: Option<&Value>| -> R<StateId> {
            let name = name.and_then(Value::as_str).ok_or("a transition target must be a string")?;
            index.get(name).copied().ok_or_else(|| format!("Missing 'Next' target: {name}"))
        };
        let start_at = target(obj.get("StartAt"))?;
        let mut built = Vec::with_capacity(states.len());
        for (name, s) in states {
            let s = s.as_object().ok_or_else(|| format!("state '{name}' must be an object"))?;
            built.push(self.state(name, s, &target, depth)?);
        }
        self.blocks[id] = Block { start_at, states: built };
        Ok(id)
    }

    fn state(
        &mut self,
        name: &str,
        s: &Map<String, Value>,
        target: &dyn Fn(Option<&Value>) -> R<StateId>,
        depth: usize,
    ) -> R<State> {
        let ty = s.get("Type").and_then(Value::as_str).unwrap_or("");
        let q = is_jsonata(s.get("QueryLanguage"), self.jsonata);
        let kind = match ty {
            "Pass" => Kind::Pass { result: s.get("Result").cloned() },
            "Task" => {
                let resource = s.get("Resource").and_then(Value::as_str).ok_or("Task needs a Resource")?;
                Kind::Task(Box::new(Task {
                    resource: resource.to_string(),
                    integration: Integration::of(resource),
                    timeout_seconds: num(s, "TimeoutSeconds", q)?,
                    heartbeat_seconds: num(s, "HeartbeatSeconds", q)?,
                    credentials: payload(s.get("Credentials"), q)?,
                }))
            }
            "Choice" => {
                let mut rules = Vec::new();
                for r in s.get("Choices").and_then(Value::as_array).ok_or("Choice needs Choices")? {
                    let test = match (q, r.get("Condition")) {
                        (true, Some(c)) => Test::Condition(jsonata_field(c)?),
                        _ => Test::Rule(Rule::compile(r)?),
                    };
                    rules.push(ChoiceRule {
                        test,
                        next: target(r.get("Next"))?,
                        assign: payload(r.get("Assign"), q)?,
                        output: optional_jsonata(r.get("Output"), q)?,
                    });
                }
                let default = s.get("Default").map(|d| target(Some(d))).transpose()?;
                Kind::Choice { rules, default }
            }
            "Wait" => Kind::Wait(wait(s, q)?),
            "Succeed" => Kind::Succeed,
            "Fail" => Kind::Fail {
                error: text(s, "Error", "ErrorPath", q)?,
                cause: text(s, "Cause", "CausePath", q)?,
            },
            "Parallel" => {
                let mut branches = Vec::new();
                for b in s.get("Branches").and_then(Value::as_array).ok_or("Parallel needs Branches")? {
                    branches.push(self.block(b.as_object().ok_or("a branch must be an object")?, depth + 1)?);
                }
                Kind::Parallel { branches }
            }
            "Map" => Kind::Map(Box::new(self.map(s, depth, q)?)),
            other => return Err(format!("unknown state type '{other}'")),
        };
        let mut retry = Vec::new();
        for r in s.get("Retry").and_then(Value::as_array).into_iter().flatten() {
            retry.push(Retrier {
                errors: errors(r)?,
                interval_seconds: r.get("IntervalSeconds").and_then(Value::as_f64).unwrap_or(1.0),
                max_attempts: r.get("MaxAttempts").and_then(Value::as_u64).unwrap_or(3).min(u32::MAX as u64)
                    as u32,
                backoff_rate: r.get("BackoffRate").and_then(Value::as_f64).unwrap_or(2.0),
                max_delay_seconds: r.get("MaxDelaySeconds").and_then(Value::as_f64),
                full_jitter: r.get("JitterStrategy").and_then(Value::as_str) == Some("FULL"),
            });
        }
        let mut catch = Vec::new();
        for c in s.get("Catch").and_then(Value::as_array).into_iter().flatten() {
            catch.push(Catcher {
                errors: errors(c)?,
                next: target(c.get("Next"))?,
                result_path: result_path(c.get("ResultPath"))?,
                assign: payload(c.get("Assign"), q)?,
                output: optional_jsonata(c.get("Output"), q)?,
            });
        }
        let parameters = match (ty, s.get("Parameters")) {
            ("Map", _) | (_, None) => None,
            (_, Some(p)) => Some(Template::compile(p)?),
        };
        Ok(State {
            name: name.into(),
            kind,
            input_path: path_field(s.get("InputPath"))?,
            output_path: path_field(s.get("OutputPath"))?,
            parameters,
            result_selector: s.get("ResultSelector").map(Template::compile).transpose()?,
            result_path: result_path(s.get("ResultPath"))?,
            next: s.get("Next").map(|n| target(Some(n))).transpose()?,
            retry,
            catch,
            assign: payload(s.get("Assign"), q)?,
            jsonata: q,
            arguments: optional_jsonata(s.get("Arguments"), q)?,
            output: optional_jsonata(s.get("Output"), q)?,
        })
    }

    fn map(&mut self, s: &Map<String, Value>, depth: usize, q: bool) -> R<MapState> {
        let processor = s
            .get("ItemProcessor")
            .or_else(|| s.get("Iterator"))
            .and_then(Value::as_object)
            .ok_or("Map needs an ItemProcessor")?;
        let distributed = processor
            .get("ProcessorConfig")
            .and_then(|c| c.get("Mode"))
            .and_then(Value::as_str)
            .is_some_and(|m| m == "DISTRIBUTED");
        let batcher = match s.get("ItemBatcher").and_then(Value::as_object) {
            Some(b) => Some(Batcher {
                max_items: num(b, "MaxItemsPerBatch", q)?,
                max_bytes: num(b, "MaxInputBytesPerBatch", q)?,
                batch_input: payload(b.get("BatchInput"), q)?,
            }),
            None => None,
        };
        Ok(MapState {
            processor: self.block(processor, depth + 1)?,
            items_path: s.get("ItemsPath").map(reference).transpose()?,
            items: optional_jsonata(s.get("Items"), q)?,
            item_selector: payload(s.get("ItemSelector").or_else(|| s.get("Parameters")), q)?,
            max_concurrency: num(s, "MaxConcurrency", q)?,
            tolerated_failure_count: num(s, "ToleratedFailureCount", q)?,
            tolerated_failure_percentage: num(s, "ToleratedFailurePercentage", q)?,
            batcher,
            distributed,
        })
    }
}

/// Is a state (or the machine) JSONata, given its `QueryLanguage` and the default it inherits?
fn is_jsonata(field: Option<&Value>, default: bool) -> bool {
    match field.and_then(Value::as_str) {
        Some(lang) => lang == "JSONata",
        None => default,
    }
}

/// A JSONata field value (a literal or `{% %}` strings at any depth).
fn jsonata_field(v: &Value) -> R<jsonata::Template> {
    jsonata::Template::compile(v)
}

/// A field that only JSONata states have (`Arguments`, `Output`, `Items`).
fn optional_jsonata(v: Option<&Value>, q: bool) -> R<Option<jsonata::Template>> {
    v.filter(|_| q).map(jsonata_field).transpose()
}

/// `Assign`, `ItemSelector`, `Credentials`, `BatchInput`: a template of the state's language.
fn payload(v: Option<&Value>, q: bool) -> R<Option<Payload>> {
    v.map(|v| match q {
        true => jsonata_field(v).map(Payload::Jsonata),
        false => Template::compile(v).map(Payload::Path),
    })
    .transpose()
}

fn reference(v: &Value) -> R<Path> {
    Path::parse_reference(v.as_str().ok_or("a path must be a string")?)
}

fn path_field(v: Option<&Value>) -> R<PathField> {
    Ok(match v {
        None => PathField::Whole,
        Some(Value::Null) => PathField::Empty,
        Some(Value::String(s)) if s == "$" => PathField::Whole,
        Some(Value::String(s)) => PathField::Path(Path::parse(s)?),
        Some(_) => return Err("a path must be a string or null".into()),
    })
}

fn result_path(v: Option<&Value>) -> R<ResultPath> {
    Ok(match v {
        None => ResultPath::Whole,
        Some(Value::Null) => ResultPath::Discard,
        Some(Value::String(s)) if s == "$" => ResultPath::Whole,
        Some(v) => ResultPath::Path(reference(v)?),
    })
}

/// `X` or `XPath`; in JSONata states `X` may be an expression.
fn num(s: &Map<String, Value>, field: &str, q: bool) -> R<Option<Num>> {
    match s.get(field) {
        Some(v @ Value::String(_)) if q => return Ok(Some(Num::Jsonata(jsonata_field(v)?))),
        Some(v) => {
            return Ok(Some(Num::Literal(v.as_f64().ok_or_else(|| format!("'{field}' must be a number"))?)));
        }
        None => {}
    }
    Ok(s.get(&format!("{field}Path")).map(reference).transpose()?.map(Num::Path))
}

fn errors(v: &Value) -> R<Vec<String>> {
    v.get("ErrorEquals")
        .and_then(Value::as_array)
        .ok_or("ErrorEquals must be an array")?
        .iter()
        .map(|e| e.as_str().map(str::to_string).ok_or_else(|| "error names must be strings".to_string()))
        .collect()
}

fn text(s: &Map<String, Value>, field: &str, path_field: &'static str, q: bool) -> R<Text> {
    if let Some(v) = s.get(field) {
        let text = v.as_str().ok_or_else(|| format!("'{field}' must be a string"))?;
        if q && expression_body(text).is_some() {
            return Ok(Text::Jsonata(jsonata_field(v)?));
        }
        return Ok(Text::Literal(text.to_string()));
    }
    match s.get(path_field) {
        None => Ok(Text::None),
        Some(v) => {
            let text = v.as_str().ok_or_else(|| format!("'{path_field}' must be a string"))?;
            Ok(Text::Dynamic(crate::template::dynamic(path_field, text)?))
        }
    }
}

fn wait(s: &Map<String, Value>, q: bool) -> R<Wait> {
    for (field, timestamp) in [("Seconds", false), ("Timestamp", true)] {
        if let Some(v) = s.get(field).filter(|_| q) {
            return Ok(Wait::Jsonata { template: jsonata_field(v)?, timestamp });
        }
    }
    if let Some(v) = s.get("Seconds") {
        return Ok(Wait::Seconds(v.as_u64().ok_or("Seconds must be a non-negative integer")?));
    }
    if let Some(v) = s.get("Timestamp") {
        return Ok(Wait::Timestamp(v.as_str().ok_or("Timestamp must be a string")?.to_string()));
    }
    if let Some(v) = s.get("SecondsPath") {
        return Ok(Wait::SecondsPath(reference(v)?));
    }
    if let Some(v) = s.get("TimestampPath") {
        return Ok(Wait::TimestampPath(reference(v)?));
    }
    Err("Wait needs one of Seconds, Timestamp, SecondsPath, TimestampPath".into())
}

//! What the playground shows about each state: its status at any point of the history (time travel)
//! and the data at each stage of its latest visit, in the shape of the TestState API's inspectionData.

use super::variables::Variables;
use super::{Execution, Thread};
use crate::dataflow::{MAX_PAYLOAD_BYTES, json_size};
use crate::history::EventId;
use crate::model::State;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A Map's `ItemSelector` values are kept for its first items only: it may have 40,000.
const ITEMS_SHOWN: usize = 5;
/// The variables in scope kept per visit: at most this many, and at most 256 KiB of JSON text together.
const VARIABLES_SHOWN: usize = 100;

/// A stage of a state's data flow, named as TestState's inspectionData names it.
#[derive(Clone, Copy, Debug)]
pub enum Stage {
    AfterInputPath,
    AfterParameters,
    Result,
    AfterResultSelector,
    AfterResultPath,
    Output,
}

impl Stage {
    fn key(self) -> &'static str {
        match self {
            Stage::AfterInputPath => "afterInputPath",
            Stage::AfterParameters => "afterParameters",
            Stage::Result => "result",
            Stage::AfterResultSelector => "afterResultSelector",
            Stage::AfterResultPath => "afterResultPath",
            Stage::Output => "output",
        }
    }
}

/// One visit of a state, keyed by its `...StateEntered` event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Visits {
    /// For every history event, the entered event of the state visit that emitted it (0: the execution).
    owner: Vec<EventId>,
    /// Recorded only when `Options::inspect` is on: entered event → `{state, queryLanguage, input,
    /// variables, <stage>: value, ..., jsonata: {<field>: value}, assigned}`.
    data: BTreeMap<EventId, Map<String, Value>>,
}

/// A state's status at a point of the history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StateStatus {
    InProgress,
    Succeeded,
    Failed,
    Caught,
    Cancelled,
}

impl Visits {
    pub(super) fn record_owner(&mut self, visit: EventId) {
        self.owner.push(visit);
    }

    /// Starts the record of a visit when the state is entered (`on`: `Options::inspect`), with the
    /// variables it sees.
    pub(super) fn entry(&mut self, on: bool, t: &Thread, state: &State, variables: &Variables) {
        if on && !t.silent {
            let mut d = Map::new();
            d.insert("state".into(), state.name.as_ref().into());
            d.insert("enteredEventId".into(), t.entered_event.into());
            let language = if state.jsonata { "JSONata" } else { "JSONPath" };
            d.insert("queryLanguage".into(), language.into());
            d.insert("input".into(), t.input.clone());
            let (shown, omitted) = shown_variables(variables, t.scope);
            if !shown.is_empty() {
                d.insert("variables".into(), Value::Object(shown));
            }
            if omitted > 0 {
                d.insert("variablesOmitted".into(), omitted.into());
            }
            self.data.insert(t.entered_event, d);
        }
    }

    /// Records a stage of the current visit of `t`'s state.
    pub(super) fn stage(&mut self, on: bool, t: &Thread, stage: Stage, value: &Value) {
        if let Some(d) = self.data.get_mut(&t.entered_event).filter(|_| on && !t.silent) {
            d.insert(stage.key().into(), value.clone());
        }
    }

    /// Records the value a JSONata field of the current visit gave, under its location (`Arguments`,
    /// `Choices[1]/Condition`, `Catch[0]/Output`); an `ItemSelector` as `ItemSelector[<item index>]`.
    pub(super) fn field(&mut self, on: bool, t: &Thread, field: &str, item: Option<usize>, value: &Value) {
        if !on || t.silent || item.is_some_and(|i| i >= ITEMS_SHOWN) {
            return;
        }
        let Some(d) = self.data.get_mut(&t.entered_event) else { return };
        let key = match item {
            Some(i) => format!("{field}[{i}]"),
            None => field.to_string(),
        };
        if let Value::Object(fields) = d.entry("jsonata").or_insert_with(|| Value::Object(Map::new())) {
            fields.insert(key, value.clone());
        }
    }

    /// Records the variables the current visit stores as it exits.
    pub(super) fn assigned(&mut self, on: bool, t: &Thread, values: &Map<String, Value>) {
        if let Some(d) = self.data.get_mut(&t.entered_event).filter(|_| on && !t.silent) {
            d.insert("assigned".into(), Value::Object(values.clone()));
        }
    }

    /// Notes the error that ended (or retried) a visit, and how many retries it took so far.
    pub(super) fn error(&mut self, on: bool, t: &Thread, error: &crate::error::StatesError) {
        if let Some(d) = self.data.get_mut(&t.entered_event).filter(|_| on && !t.silent) {
            d.insert("retries".into(), t.retry_count.into());
            if let Some(e) = &error.error {
                d.insert("error".into(), e.clone().into());
            }
            if let Some(c) = &error.cause {
                d.insert("cause".into(), c.clone().into());
            }
        }
    }
}

/// The variables a visit sees, as many as the bounds allow; and how many were left out.
fn shown_variables(variables: &Variables, scope: usize) -> (Map<String, Value>, usize) {
    let mut shown = Map::new();
    let (mut budget, mut omitted) = (MAX_PAYLOAD_BYTES, 0);
    for (name, value) in variables.visible(scope) {
        let size = if shown.len() < VARIABLES_SHOWN { json_size(value) } else { usize::MAX };
        if size <= budget {
            budget -= size;
            shown.insert(name.clone(), value.clone());
        } else {
            omitted += 1;
        }
    }
    (shown, omitted)
}

impl Execution {
    /// The data of the latest visit of `state` entered at or before event `upto`.
    pub fn inspection(&self, state: &str, upto: EventId) -> Option<Value> {
        let (_, d) = self
            .visits
            .data
            .range(..=upto)
            .rev()
            .find(|(_, d)| d.get("state").and_then(Value::as_str) == Some(state))?;
        let mut d = d.clone();
        d.entry("retries").or_insert(0.into());
        Some(Value::Object(d))
    }

    /// The status of every state with an event at or before `upto`, as the history tells it.
    pub fn state_statuses(&self, upto: EventId) -> BTreeMap<String, StateStatus> {
        let events = self.history.events();
        let upto = (upto as usize).min(events.len());
        // Per visit: (state name, status, failed while in progress).
        let mut visits: BTreeMap<EventId, (&str, StateStatus, bool)> = BTreeMap::new();
        let mut latest: BTreeMap<&str, EventId> = BTreeMap::new();
        for (i, e) in events[..upto].iter().enumerate() {
            let ty = e.event_type.as_ref();
            if let crate::history::Details::StateEntered { name, .. } = &e.details {
                // A Fail state has failed as soon as it is entered.
                let status =
                    if ty == "FailStateEntered" { StateStatus::Failed } else { StateStatus::InProgress };
                visits.insert(e.id, (name, status, false));
                latest.insert(name, e.id);
                continue;
            }
            let owner = self.visits.owner.get(i).copied().unwrap_or(0);
            if ty == "ExecutionFailed" || ty == "ExecutionTimedOut" || ty == "ExecutionAborted" {
                for v in visits.values_mut().filter(|v| v.1 == StateStatus::InProgress) {
                    v.1 = if v.2 { StateStatus::Failed } else { StateStatus::Cancelled };
                }
                continue;
            }
            let Some(v) = visits.get_mut(&owner) else { continue };
            let ended = if v.2 { StateStatus::Failed } else { StateStatus::Cancelled };
            if ty.ends_with("StateExited") {
                v.1 = if v.2 { StateStatus::Caught } else { StateStatus::Succeeded };
            } else if ty.ends_with("StateAborted") {
                // AWS also reports a Task that failed its Parallel branch as aborted.
                v.1 = ended;
            } else if ty == "MapIterationFailed" {
                if v.2 {
                    v.1 = StateStatus::Failed;
                }
            } else if ty.ends_with("Failed") || ty.ends_with("TimedOut") {
                v.2 = true;
            } else if ty.ends_with("Scheduled") || ty.ends_with("StateStarted") {
                // A retry starts over.
                v.2 = false;
            }
        }
        latest.into_iter().filter_map(|(name, id)| Some((name.to_string(), visits.get(&id)?.1))).collect()
    }
}

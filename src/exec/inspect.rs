//! What the playground shows about each state: its status at any point of the history (time travel)
//! and the data at each stage of its latest visit, in the shape of the TestState API's inspectionData.

use super::{Execution, Thread};
use crate::history::EventId;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

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
    /// Recorded only when `Options::inspect` is on: entered event → `{state, input, <stage>: value, ...}`.
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

    /// Starts the record of a visit when the state is entered (`on`: `Options::inspect`).
    pub(super) fn entry(&mut self, on: bool, t: &Thread, state: &str) {
        if on && !t.silent {
            let mut d = Map::new();
            d.insert("state".into(), state.into());
            d.insert("enteredEventId".into(), t.entered_event.into());
            d.insert("input".into(), t.input.clone());
            self.data.insert(t.entered_event, d);
        }
    }

    /// Records a stage of the current visit of `t`'s state.
    pub(super) fn stage(&mut self, on: bool, t: &Thread, stage: Stage, value: &Value) {
        if let Some(d) = self.data.get_mut(&t.entered_event).filter(|_| on && !t.silent) {
            d.insert(stage.key().into(), value.clone());
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

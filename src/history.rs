//! Execution history shaped like AWS `GetExecutionHistory` (asl-reference §12): event ids, the
//! `previousEventId` links, and each type's `...EventDetails` member.

use crate::timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::borrow::Cow;
use std::rc::Rc;

pub type EventId = u32;

/// The most events an execution may have; the last one is the `ExecutionFailed` that reports it.
pub const MAX_EVENTS: usize = 25_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    pub previous_event_id: EventId,
    /// Virtual time, epoch milliseconds.
    pub timestamp: i64,
    pub event_type: Cow<'static, str>,
    pub details: Details,
}

/// Event details. State entry/exit are typed because they are most of every history; the rest are
/// kept as the JSON object AWS shows under the event's `...EventDetails` member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Details {
    None,
    /// `input`/`output` are JSON text, as AWS stores them.
    StateEntered {
        name: Rc<str>,
        input: String,
    },
    /// `assigned`: the variables the state set, as JSON text by name (`assignedVariables`).
    StateExited {
        name: Rc<str>,
        output: String,
        assigned: Option<Box<Map<String, Value>>>,
    },
    Other(Map<String, Value>),
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    events: Vec<Event>,
}

impl History {
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub fn last_id(&self) -> EventId {
        self.events.len() as EventId
    }

    /// Appends an event and returns its id.
    pub fn push(
        &mut self,
        previous: EventId,
        now: i64,
        event_type: &'static str,
        details: Details,
    ) -> EventId {
        let id = self.events.len() as EventId + 1;
        self.events.push(Event {
            id,
            previous_event_id: previous,
            timestamp: now,
            event_type: Cow::Borrowed(event_type),
            details,
        });
        id
    }

    /// The history as AWS returns it: JSON events with inputs and outputs as JSON text.
    pub fn to_aws_json(&self) -> Vec<Value> {
        self.events.iter().map(Event::to_aws_json).collect()
    }
}

impl Event {
    pub fn to_aws_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("timestamp".into(), Value::String(timestamp::format_millis(self.timestamp)));
        out.insert("type".into(), Value::String(self.event_type.to_string()));
        out.insert("id".into(), self.id.into());
        out.insert("previousEventId".into(), self.previous_event_id.into());
        let (member, body) = match &self.details {
            Details::None => return Value::Object(out),
            Details::StateEntered { name, input } => (
                "stateEnteredEventDetails".to_string(),
                json!({"name": name, "input": input, "inputDetails": {"truncated": false}}),
            ),
            Details::StateExited { name, output, assigned } => {
                let mut d = json!({"name": name, "output": output, "outputDetails": {"truncated": false}});
                if let Some(vars) = assigned {
                    d["assignedVariables"] = Value::Object((**vars).clone());
                    d["assignedVariablesDetails"] = json!({"truncated": false});
                }
                ("stateExitedEventDetails".to_string(), d)
            }
            Details::Other(fields) => (details_member(&self.event_type), Value::Object(fields.clone())),
        };
        out.insert(member, body);
        Value::Object(out)
    }
}

/// `TaskScheduled` → `taskScheduledEventDetails`.
pub fn details_member(event_type: &str) -> String {
    let mut chars = event_type.chars();
    match chars.next() {
        Some(c) => format!("{}{}EventDetails", c.to_ascii_lowercase(), chars.as_str()),
        None => String::new(),
    }
}

/// JSON text of a value, as AWS stores inputs, outputs and parameters.
pub fn text(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Builds an `Other` details object from `(field, value)` pairs, skipping absent ones.
pub fn fields<const N: usize>(pairs: [(&str, Option<Value>); N]) -> Details {
    let mut m = Map::new();
    for (k, v) in pairs {
        if let Some(v) = v {
            m.insert(k.to_string(), v);
        }
    }
    Details::Other(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_member_names_follow_aws() {
        assert_eq!(details_member("TaskScheduled"), "taskScheduledEventDetails");
        assert_eq!(details_member("LambdaFunctionFailed"), "lambdaFunctionFailedEventDetails");
    }

    #[test]
    fn state_events_render_json_text() {
        let mut h = History::default();
        let id = h.push(
            0,
            0,
            "PassStateEntered",
            Details::StateEntered { name: "A".into(), input: text(&json!({"a": 1})) },
        );
        assert_eq!(id, 1);
        let e = &h.to_aws_json()[0];
        assert_eq!(e["stateEnteredEventDetails"]["input"], json!("{\"a\":1}"));
        assert_eq!(e["previousEventId"], json!(0));
    }
}

//! Workflow variables (asl-reference §3.4): one scope per `States` block run. Parallel branches and
//! Map iterations read the variables of the scopes around them and write only their own; `Assign`
//! values are computed with the variables as they were when the state was entered and stored when
//! it exits.

use super::query::Sees;
use super::{Execution, Thread};
use crate::dataflow;
use crate::error::{self, StatesError};
use crate::history;
use crate::model::Payload;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The most bytes (as JSON text) one variable, or one `Assign`, may hold; and all of an execution's.
const MAX_VALUE_BYTES: usize = dataflow::MAX_PAYLOAD_BYTES;
const MAX_TOTAL_BYTES: usize = 10 * 1024 * 1024;

/// Every scope of an execution. A scope ends with its branch or iteration and its slot is reused, so a
/// Map over a million items needs only as many scopes as run at once.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Variables {
    scopes: Vec<Scope>,
    free: Vec<usize>,
    /// Size of all live variables, as JSON text.
    bytes: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Scope {
    parent: Option<usize>,
    vars: Map<String, Value>,
    bytes: usize,
}

impl Variables {
    /// A variable as seen from `scope`: its own, else the nearest enclosing scope's.
    pub fn lookup(&self, scope: usize, name: &str) -> Option<Value> {
        let mut at = Some(scope);
        while let Some(i) = at {
            let s = self.scopes.get(i)?;
            if let Some(v) = s.vars.get(name) {
                return Some(v.clone());
            }
            at = s.parent;
        }
        None
    }

    /// A new scope inside `parent` (a branch or an iteration; None for the execution); its index.
    pub fn open(&mut self, parent: Option<usize>) -> usize {
        let scope = Scope { parent, ..Scope::default() };
        match self.free.pop() {
            Some(i) => {
                self.scopes[i] = scope;
                i
            }
            None => {
                self.scopes.push(scope);
                self.scopes.len() - 1
            }
        }
    }

    /// Ends a branch's or iteration's scope: its variables are gone.
    pub fn close(&mut self, scope: usize) {
        if let Some(s) = self.scopes.get_mut(scope).filter(|s| s.parent.is_some()) {
            self.bytes -= s.bytes;
            *s = Scope::default();
            self.free.push(scope);
        }
    }

    /// Stores values in `scope`, within AWS's limits: 256 KiB a variable and an `Assign`, 10 MiB in all.
    /// `sizes`: each value's size as JSON text, in the values' order.
    fn store(
        &mut self,
        scope: usize,
        values: Map<String, Value>,
        sizes: &[usize],
    ) -> Result<(), StatesError> {
        let Some(s) = self.scopes.get_mut(scope) else { return Ok(()) };
        let replaced: usize = values.keys().filter_map(|k| s.vars.get(k)).map(dataflow::json_size).sum();
        let added: usize = sizes.iter().sum();
        // The wording is ours: no recorded run shows these limits reached.
        let too_big = |what: String| Err(StatesError::new(error::DATA_LIMIT_EXCEEDED, what));
        if let Some((name, _)) = values.keys().zip(sizes).find(|(_, n)| **n > MAX_VALUE_BYTES) {
            return too_big(format!("The value assigned to the variable '{name}' is larger than 256 KiB."));
        }
        if added > MAX_VALUE_BYTES {
            return too_big("The values of an Assign are larger than 256 KiB together.".into());
        }
        if self.bytes - replaced + added > MAX_TOTAL_BYTES {
            return too_big("The variables of the execution are larger than 10 MiB together.".into());
        }
        self.bytes = self.bytes - replaced + added;
        s.bytes = s.bytes - replaced + added;
        s.vars.extend(values);
        Ok(())
    }

    /// Every variable `scope` sees, outermost scope first, each name with its innermost value.
    pub fn visible(&self, scope: usize) -> Vec<(&String, &Value)> {
        let scopes = &self.scopes;
        // Bounded by the number of scopes, so that a damaged snapshot's parent cycle cannot hang.
        let chain: Vec<&Scope> =
            std::iter::successors(scopes.get(scope), |s| s.parent.and_then(|p| scopes.get(p)))
                .take(scopes.len())
                .collect();
        let mut seen = Vec::new();
        for (depth, s) in chain.iter().enumerate().rev() {
            let shadowed = |name: &String| chain[..depth].iter().any(|inner| inner.vars.contains_key(name));
            seen.extend(s.vars.iter().filter(|(name, _)| !shadowed(name)));
        }
        seen
    }
}

impl Execution {
    /// Evaluates an `Assign` (`field` locates it); the values wait in the thread until the state exits.
    pub(super) fn assign(
        &mut self,
        t: &mut Thread,
        assign: Option<&Payload>,
        field: &str,
        sees: Sees,
    ) -> Result<(), StatesError> {
        let Some(assign) = assign else { return Ok(()) };
        if let Value::Object(values) = self.payload(t, assign, field, sees)? {
            t.assigned = Some(values);
        }
        Ok(())
    }

    /// Stores the thread's pending assignments; returns `assignedVariables` for the exit event.
    pub(super) fn store_assigned(
        &mut self,
        t: &mut Thread,
    ) -> Result<Option<Map<String, Value>>, StatesError> {
        let Some(values) = t.assigned.take() else { return Ok(None) };
        self.visits.assigned(self.info.options.inspect, t, &values);
        let texts: Map<String, Value> =
            values.iter().map(|(k, v)| (k.clone(), Value::String(history::text(v)))).collect();
        // The exit event's texts are the values' JSON: their lengths are the sizes the limits count.
        let sizes: Vec<usize> = texts.values().map(|text| text.as_str().map_or(0, str::len)).collect();
        self.variables.store(t.scope, values, &sizes)?;
        Ok(Some(texts))
    }
}

//! Workflow variables (asl-reference §3.4): one scope per `States` block run. Parallel branches and
//! Map iterations read the variables of the scopes around them and write only their own; `Assign`
//! values are computed with the variables as they were when the state was entered and stored when
//! it exits.

use super::query::Sees;
use super::{Execution, Thread};
use crate::error::StatesError;
use crate::history;
use crate::model::Payload;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Scope {
    parent: Option<usize>,
    vars: Map<String, Value>,
}

/// A variable as seen from `scope`: its own, else the nearest enclosing scope's.
pub fn lookup(scopes: &[Scope], scope: usize, name: &str) -> Option<Value> {
    let mut at = Some(scope);
    while let Some(i) = at {
        let s = scopes.get(i)?;
        if let Some(v) = s.vars.get(name) {
            return Some(v.clone());
        }
        at = s.parent;
    }
    None
}

/// Every variable `scope` sees, outermost scope first, each name with its innermost value.
pub fn visible(scopes: &[Scope], scope: usize) -> Vec<(&String, &Value)> {
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

/// A new scope inside `parent` (a branch or an iteration); its index.
pub fn open(scopes: &mut Vec<Scope>, parent: Option<usize>) -> usize {
    scopes.push(Scope { parent, vars: Map::new() });
    scopes.len() - 1
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
    pub(super) fn store_assigned(&mut self, t: &mut Thread) -> Option<Map<String, Value>> {
        let values = t.assigned.take()?;
        self.visits.assigned(self.info.options.inspect, t, &values);
        let texts = values.iter().map(|(k, v)| (k.clone(), Value::String(history::text(v)))).collect();
        if let Some(scope) = self.scopes.get_mut(t.scope) {
            scope.vars.extend(values);
        }
        Some(texts)
    }
}

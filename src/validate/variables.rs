//! Workflow variables (asl-reference §3.4): legal names, `states` reserved, and a name assigned in a
//! `States` block may not be assigned again inside a Parallel branch or Map processor nested in it.

use super::Checker;
use super::fields::{Lang, Payload};
use crate::path::is_identifier;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// The variables one `States` block assigns, and the state of it being checked.
#[derive(Default)]
pub(super) struct Scope {
    /// Each variable with the states assigning it (at the state, in a Choice rule or in a Catcher).
    assigners: HashMap<String, HashSet<String>>,
    pub(super) current: String,
}

impl Scope {
    /// Whether a state other than the current one assigns `name`. The current state is the Map or Parallel
    /// holding the inner scope: its own Assign and Catchers run after that scope ends, so they may reuse its
    /// names (AWS ran states_variables/test_parallel_catch_error[PARALLEL_CATCH_ERROR_VARIABLE_SAMPLING]).
    fn taken(&self, name: &str) -> bool {
        self.assigners.get(name).is_some_and(|states| states.iter().any(|s| *s != self.current))
    }
}

impl Checker {
    /// An `Assign` object: each name legal and new to the enclosing scopes; JSONPath values follow template
    /// rules. Both messages are our wording (AWS's were not recorded).
    pub(super) fn assign(&mut self, v: &Value, loc: &str) {
        let Some(map) = self.object(v, loc) else { return };
        let outer = self.scopes.len().saturating_sub(1);
        for key in map.keys() {
            let name = variable(key, self.lang);
            if name == "states" || name.chars().count() > 80 || !is_identifier(name) {
                self.schema(format!("The variable name '{name}' is not valid"), loc);
            } else if self.scopes[..outer].iter().any(|scope| scope.taken(name)) {
                let message = format!("The variable '{name}' is already assigned in an outer scope");
                self.schema(message, &format!("{loc}/{key}"));
            }
        }
        self.value(Payload, v, loc, "Assign");
    }

    /// The scope of one `States` block. A Map's or Parallel's Catcher writes the block the state sits in.
    pub(super) fn scope(&self, states: &Map<String, Value>) -> Scope {
        let mut scope = Scope::default();
        for (name, state) in states.iter().filter_map(|(n, s)| Some((n, s.as_object()?))) {
            let lang = Lang::of(state.get("QueryLanguage"), self.machine_lang);
            let entries = ["Choices", "Catch"].into_iter().filter_map(|f| state.get(f)?.as_array()).flatten();
            let assigns = entries.filter_map(|e| e.get("Assign")).chain(state.get("Assign"));
            for key in assigns.filter_map(Value::as_object).flat_map(Map::keys) {
                scope.assigners.entry(variable(key, lang).to_string()).or_default().insert(name.clone());
            }
        }
        scope
    }
}

/// The variable an `Assign` key names: in JSONPath a `.$` suffix only says the value is a path.
fn variable(key: &str, lang: Lang) -> &str {
    if lang == Lang::JsonPath { key.strip_suffix(".$").unwrap_or(key) } else { key }
}

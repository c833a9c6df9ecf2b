//! The shape of a state machine for drawing: states (nested in their Parallel/Map) and transitions
//! (Next, Choice rules with their text, Default, Catch), as Workflow Studio shows them.

use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Debug, PartialEq, Serialize)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

#[derive(Debug, PartialEq, Serialize)]
pub struct Node {
    pub id: String,
    #[serde(rename = "type")]
    pub state_type: String,
    /// The Parallel or Map state that contains this one.
    pub parent: Option<String>,
    /// The branch index in a Parallel (0 in a Map's processor).
    pub branch: Option<usize>,
    pub start: bool,
    pub end: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
}

#[derive(Debug, PartialEq, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub kind: &'static str,
    pub label: Option<String>,
}

const MAX_DEPTH: usize = 64;

/// Builds the graph of a definition; Err when it has no `States` object to draw.
pub fn graph(definition: &Value) -> Result<Graph, String> {
    let mut g = Graph { nodes: Vec::new(), edges: Vec::new() };
    let top = definition.as_object().ok_or("a definition is a JSON object")?;
    block(&mut g, top, None, None, 0)?;
    Ok(g)
}

fn block(
    g: &mut Graph,
    b: &Map<String, Value>,
    parent: Option<&str>,
    branch: Option<usize>,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("states are nested too deeply to draw".into());
    }
    let states = b.get("States").and_then(Value::as_object).ok_or("'States' must be an object")?;
    let start = b.get("StartAt").and_then(Value::as_str);
    for (name, s) in states {
        let ty = s.get("Type").and_then(Value::as_str).unwrap_or("Pass");
        let end = s.get("End") == Some(&Value::Bool(true)) || matches!(ty, "Succeed" | "Fail");
        g.nodes.push(Node {
            id: name.clone(),
            state_type: ty.to_string(),
            parent: parent.map(str::to_string),
            branch,
            start: start == Some(name.as_str()),
            end,
            resource: s.get("Resource").and_then(Value::as_str).map(str::to_string),
        });
        let mut edge = |to: Option<&Value>, kind: &'static str, label: Option<String>| {
            if let Some(to) = to.and_then(Value::as_str) {
                g.edges.push(Edge { from: name.clone(), to: to.to_string(), kind, label });
            }
        };
        edge(s.get("Next"), "next", None);
        for rule in s.get("Choices").and_then(Value::as_array).into_iter().flatten() {
            edge(rule.get("Next"), "choice", Some(rule_text(rule, 0)));
        }
        edge(s.get("Default"), "default", None);
        for c in s.get("Catch").and_then(Value::as_array).into_iter().flatten() {
            let errors: Vec<&str> = c
                .get("ErrorEquals")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            edge(c.get("Next"), "catch", Some(errors.join(", ")));
        }
        for (i, br) in s.get("Branches").and_then(Value::as_array).into_iter().flatten().enumerate() {
            if let Some(br) = br.as_object() {
                block(g, br, Some(name), Some(i), depth + 1)?;
            }
        }
        if let Some(p) = s.get("ItemProcessor").or_else(|| s.get("Iterator")).and_then(Value::as_object) {
            block(g, p, Some(name), Some(0), depth + 1)?;
        }
    }
    Ok(())
}

/// A Choice rule as short text: `$.x NumericGreaterThan 5`, `And(..., ...)`, or its JSONata `Condition`.
fn rule_text(rule: &Value, depth: usize) -> String {
    if depth > 8 {
        return "…".into();
    }
    let nested = |key: &str| -> Option<String> {
        let parts: Vec<String> = rule.get(key)?.as_array()?.iter().map(|r| rule_text(r, depth + 1)).collect();
        Some(format!("{key}({})", parts.join(", ")))
    };
    if let Some(t) = nested("And").or_else(|| nested("Or")) {
        return t;
    }
    if let Some(n) = rule.get("Not") {
        return format!("Not({})", rule_text(n, depth + 1));
    }
    if let Some(c) = rule.get("Condition") {
        return c.as_str().map_or_else(|| c.to_string(), str::to_string);
    }
    let variable = rule.get("Variable").and_then(Value::as_str).unwrap_or("?");
    let op = rule.as_object().and_then(|o| {
        o.iter().find(|(k, _)| crate::choice::operator(k).is_some()).map(|(k, v)| format!("{k} {v}"))
    });
    format!("{variable} {}", op.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nodes_nest_in_their_containers_and_edges_carry_labels() {
        let def = json!({"StartAt": "C", "States": {
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 5, "Next": "P"}], "Default": "M"},
            "P": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}],
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "M"}], "End": true},
            "M": {"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}}});
        let g = graph(&def).unwrap();
        let ids: Vec<(&str, Option<&str>, bool, bool)> =
            g.nodes.iter().map(|n| (n.id.as_str(), n.parent.as_deref(), n.start, n.end)).collect();
        assert_eq!(
            ids,
            [
                ("C", None, true, false),
                ("P", None, false, true),
                ("B", Some("P"), true, true),
                ("M", None, false, true),
                ("I", Some("M"), true, true)
            ]
        );
        let edges: Vec<(&str, &str, &str, Option<&str>)> =
            g.edges.iter().map(|e| (e.from.as_str(), e.to.as_str(), e.kind, e.label.as_deref())).collect();
        assert_eq!(
            edges,
            [
                ("C", "P", "choice", Some("$.n NumericGreaterThan 5")),
                ("C", "M", "default", None),
                ("P", "M", "catch", Some("States.ALL"))
            ]
        );
    }

    #[test]
    fn boolean_rules_read_as_text() {
        let rule = json!({"And": [{"Variable": "$.a", "IsPresent": true}, {"Not": {"Variable": "$.b", "StringEquals": "x"}}]});
        assert_eq!(rule_text(&rule, 0), "And($.a IsPresent true, Not($.b StringEquals \"x\"))");
    }
}

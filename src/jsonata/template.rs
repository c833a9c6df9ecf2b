//! JSONata field values (asl-reference §3.1): any JSON value whose strings may be `{% expression %}`,
//! at any depth. Compiled once; evaluated with `$states` and the workflow variables the expressions
//! read, and failing as `States.QueryEvaluationError` worded as AWS words it (§3.5).

use super::{Context, Expr, JsonataError, Scope};
use crate::error::StatesError;
use crate::history;
use serde_json::{Map, Value};

/// A compiled field value, with what its expressions read of `$states` and of the variables, so that
/// an evaluation binds that and nothing else, once for all its expressions.
#[derive(Clone, Debug)]
pub struct Template {
    root: Node,
    states: StatesReads,
    /// The workflow variables it reads; `None`: it may read any.
    variables: Option<Vec<String>>,
}

#[derive(Clone, Debug)]
enum Node {
    /// A subtree without any expression: copied as is.
    Literal(Value),
    Query(Box<Query>),
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
}

/// One `{% %}` expression.
#[derive(Clone, Debug)]
struct Query {
    expr: Expr,
    returns_function: bool,
}

#[derive(Clone, Copy, Debug, Default)]
struct StatesReads {
    input: bool,
    context: bool,
    result: bool,
    error_output: bool,
    call: bool,
}

/// What one evaluation sees: `$states`, the workflow variables, the virtual time and a seed.
pub struct Env<'a> {
    pub input: &'a Value,
    /// `$states.result` (Task, Map, Parallel `Output`/`Assign`).
    pub result: Option<&'a Value>,
    /// `$states.errorOutput` (a Catcher's `Output`/`Assign`).
    pub error_output: Option<&'a Value>,
    /// `$states.call`: which call of a Task a scripted mock answers (ours, not AWS's; `crate::mock`).
    pub call: Option<u32>,
    pub context: &'a dyn Fn() -> Value,
    pub variable: &'a dyn Fn(&str) -> Option<Value>,
    pub now_ms: i64,
    pub seed: u64,
}

/// The JSON type names AWS uses in "unexpected result type" causes.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

const MAX_DEPTH: usize = 256;

/// The body of a `{% ... %}` string, trimmed; None for any other string.
pub fn expression_body(s: &str) -> Option<&str> {
    s.strip_prefix("{%").and_then(|r| r.strip_suffix("%}")).map(str::trim)
}

impl Template {
    /// Compiles a field value. Err: the first expression that does not parse.
    pub fn compile(value: &Value) -> Result<Template, String> {
        let mut template = Template {
            root: Node::Literal(Value::Null),
            states: StatesReads::default(),
            variables: Some(Vec::new()),
        };
        template.root = template.node(value, 0)?;
        Ok(template)
    }

    /// Evaluates the value of the field named `field` (`Output`, `Assign/x`, `Choices[0]/Condition`).
    pub fn eval(&self, field: &str, env: &Env) -> Result<Value, StatesError> {
        let scope = self.scope(env);
        self.root.eval(field, &mut Vec::new(), &scope)
    }

    /// Evaluates a field that must give a value of one JSON type (`array`, `number`, ...), checked by
    /// `accept`; a value of another type fails with AWS's "unexpected result type" cause.
    pub fn eval_as(
        &self,
        field: &str,
        expected: &str,
        env: &Env,
        accept: impl Fn(&Value) -> bool,
    ) -> Result<Value, StatesError> {
        let v = self.eval(field, env)?;
        if accept(&v) {
            return Ok(v);
        }
        Err(StatesError::query(
            format!(
                "The JSONata expression '{}' specified for the field '{field}' returned an unexpected result type. \
                 Expected '{expected}', but was '{}' for value: {}",
                self.source(),
                type_name(&v),
                history::text(&v)
            ),
            Some(field.to_string()),
        ))
    }

    /// Is the value free of expressions (evaluating it just copies it)?
    pub fn is_literal(&self) -> bool {
        matches!(self.root, Node::Literal(_))
    }

    /// The expression as AWS quotes it in causes: the trimmed body, or a literal's JSON text.
    pub fn source(&self) -> String {
        match &self.root {
            Node::Query(q) => q.expr.source().to_string(),
            Node::Literal(v) => history::text(v),
            _ => String::new(),
        }
    }

    /// `$states` with the members the expressions read, and the variables they read.
    fn scope(&self, env: &Env) -> Scope {
        let mut scope = Context { now_ms: env.now_ms, seed: env.seed, ..Context::default() }.scope();
        if self.states.any() {
            scope = scope.with("states", self.states.value(env));
        }
        // Without a list (only `$eval`-like reads, which Step Functions' dialect lacks) nothing is bound.
        for name in self.variables.iter().flatten() {
            if let Some(v) = (env.variable)(name) {
                scope = scope.with(name, v);
            }
        }
        scope
    }

    fn node(&mut self, value: &Value, depth: usize) -> Result<Node, String> {
        if depth > MAX_DEPTH {
            return Err("the value is nested too deeply".into());
        }
        Ok(match value {
            Value::String(s) => match expression_body(s) {
                Some(body) => {
                    Node::Query(Box::new(self.query(body).map_err(|e| format!("{}: {}", e.code, e.message))?))
                }
                None => Node::Literal(value.clone()),
            },
            Value::Object(map) if has_query(value) => Node::Object(
                map.iter()
                    .map(|(k, v)| Ok((k.clone(), self.node(v, depth + 1)?)))
                    .collect::<Result<_, String>>()?,
            ),
            Value::Array(items) if has_query(value) => {
                Node::Array(items.iter().map(|v| self.node(v, depth + 1)).collect::<Result<_, _>>()?)
            }
            _ => Node::Literal(value.clone()),
        })
    }

    /// Compiles one expression and adds what it reads to the template's reads.
    fn query(&mut self, body: &str) -> Result<Query, JsonataError> {
        let expr = Expr::compile(body)?;
        let reads = expr.reads();
        if reads.every {
            self.variables = None;
            self.states = StatesReads::all();
        }
        for (name, fields) in reads.bindings {
            if name == "states" {
                let s = &mut self.states;
                match fields {
                    Some(fields) => {
                        let has = |f: &str| fields.iter().any(|x| x == f);
                        s.input |= has("input");
                        s.context |= has("context");
                        s.result |= has("result");
                        s.error_output |= has("errorOutput");
                        s.call |= has("call");
                    }
                    None => *s = StatesReads::all(),
                }
            } else if let Some(vars) = &mut self.variables
                && !vars.contains(&name)
            {
                vars.push(name);
            }
        }
        let returns_function = expr.returns_function();
        Ok(Query { expr, returns_function })
    }
}

impl Node {
    fn eval<'t>(&'t self, field: &str, at: &mut Vec<Step<'t>>, scope: &Scope) -> Result<Value, StatesError> {
        match self {
            Node::Literal(v) => Ok(v.clone()),
            Node::Query(q) => q.eval(scope).map_err(|why| {
                let location = location(field, at);
                let cause = format!(
                    "The JSONata expression '{}' specified for the field '{location}' {why}",
                    q.expr.source()
                );
                StatesError::query(cause, Some(location))
            }),
            Node::Object(fields) => {
                let mut out = Map::with_capacity(fields.len());
                for (k, n) in fields {
                    at.push(Step::Key(k));
                    let v = n.eval(field, at, scope)?;
                    at.pop();
                    out.insert(k.clone(), v);
                }
                Ok(Value::Object(out))
            }
            Node::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, n) in items.iter().enumerate() {
                    at.push(Step::Index(i));
                    out.push(n.eval(field, at, scope)?);
                    at.pop();
                }
                Ok(Value::Array(out))
            }
        }
    }
}

enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `Output/a/b`, `Output/values[0]`: where in a field an expression sits, as AWS names it.
fn location(field: &str, at: &[Step]) -> String {
    let mut s = field.to_string();
    for step in at {
        match step {
            Step::Key(k) => {
                s.push('/');
                s.push_str(k);
            }
            Step::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

impl Query {
    /// The value, or the end of AWS's cause sentence saying why there is none.
    fn eval(&self, scope: &Scope) -> Result<Value, String> {
        match self.expr.evaluate_in(None, scope) {
            Ok(Some(v)) => Ok(v),
            Ok(None) if self.returns_function => Err("returned an unsupported result type.".into()),
            Ok(None) => Err("returned nothing (undefined).".into()),
            Err(e) => Err(format!("threw an error during evaluation. {}: {}", e.code, e.message)),
        }
    }
}

impl StatesReads {
    fn all() -> Self {
        StatesReads { input: true, context: true, result: true, error_output: true, call: true }
    }

    fn any(&self) -> bool {
        self.input || self.context || self.result || self.error_output || self.call
    }

    /// `$states` with the members the expression reads and the state has.
    fn value(&self, env: &Env) -> Value {
        let mut m = Map::new();
        if self.input {
            m.insert("input".into(), env.input.clone());
        }
        if self.result
            && let Some(r) = env.result
        {
            m.insert("result".into(), r.clone());
        }
        if self.error_output
            && let Some(e) = env.error_output
        {
            m.insert("errorOutput".into(), e.clone());
        }
        if self.context {
            m.insert("context".into(), (env.context)());
        }
        if self.call
            && let Some(n) = env.call
        {
            m.insert("call".into(), n.into());
        }
        Value::Object(m)
    }
}

fn has_query(value: &Value) -> bool {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) if expression_body(s).is_some() => return true,
            Value::Object(m) => stack.extend(m.values()),
            Value::Array(a) => stack.extend(a.iter()),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `f` over an environment with this input and these variables, `$states.result` `{"r": 1}` and
    /// a context object naming the state `S`.
    fn with_env<R>(input: &Value, vars: &[(&str, Value)], f: impl FnOnce(&Env) -> R) -> R {
        let lookup = |name: &str| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone());
        let context = || json!({"State": {"Name": "S"}});
        f(&Env {
            input,
            result: Some(&json!({"r": 1})),
            error_output: None,
            call: None,
            context: &context,
            variable: &lookup,
            now_ms: 0,
            seed: 0,
        })
    }

    fn run(template: Value, input: Value, vars: &[(&str, Value)]) -> Result<Value, StatesError> {
        with_env(&input, vars, |env| Template::compile(&template).unwrap().eval("Output", env))
    }

    #[test]
    fn expressions_at_any_depth_see_states_and_variables() {
        let out = run(
            json!({"a": "{% $states.input.x + $n %}", "b": ["{% $states.result.r %}", "lit", 1],
                   "c": "{% $states.context.State.Name %}", "d": "$not.an.expression"}),
            json!({"x": 2}),
            &[("n", json!(40))],
        );
        assert_eq!(out, Ok(json!({"a": 42, "b": [1, "lit", 1], "c": "S", "d": "$not.an.expression"})));
    }

    #[test]
    fn failures_name_the_field_like_aws() {
        let err = run(json!({"values": [1, "{% $nope %}"]}), json!({}), &[]).unwrap_err();
        assert_eq!(err.location.as_deref(), Some("Output/values[1]"));
        assert_eq!(
            err.cause.as_deref(),
            Some(
                "The JSONata expression '$nope' specified for the field 'Output/values[1]' returned nothing (undefined)."
            )
        );
        let err = run(json!("{% $f($states.input) %}"), json!({}), &[]).unwrap_err();
        assert_eq!(
            err.cause.as_deref(),
            Some(
                "The JSONata expression '$f($states.input)' specified for the field 'Output' threw an error during \
                 evaluation. T1006: Attempted to invoke a non-function"
            )
        );
        let err = run(json!("{%$fn := function($x){$x}%}"), json!({}), &[]).unwrap_err();
        assert!(err.cause.unwrap().ends_with("returned an unsupported result type."));
    }

    #[test]
    fn typed_fields_report_the_type_they_got() {
        let t = Template::compile(&json!("{% 'string' %}")).unwrap();
        let err =
            with_env(&json!({}), &[], |env| t.eval_as("Items", "array", env, Value::is_array)).unwrap_err();
        assert_eq!(
            err.cause.as_deref(),
            Some(
                "The JSONata expression ''string'' specified for the field 'Items' returned an unexpected result \
                 type. Expected 'array', but was 'string' for value: \"string\""
            )
        );
    }
}

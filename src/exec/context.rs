//! The context object `$$` (asl-reference §4), built only when a path reads it.

use super::Options;
use crate::model::{self, Kind};
use crate::timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What stays the same for the whole execution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExecutionInfo {
    pub input: Value,
    pub options: Options,
}

/// What the context object says about the current state.
pub struct State<'a> {
    pub name: &'a str,
    pub entered_ms: i64,
    /// Present in Task, Parallel and Map states only.
    pub retry_count: Option<u32>,
    pub token: Option<&'a str>,
    /// `$$.Map.Item`: index and value, while a Map evaluates its ItemSelector.
    pub item: Option<(usize, &'a Value)>,
}

impl<'a> State<'a> {
    pub fn new(
        state: &'a model::State,
        entered_ms: i64,
        retry_count: u32,
        token: Option<&'a str>,
        item: Option<(usize, &'a Value)>,
    ) -> State<'a> {
        let has_retry = matches!(state.kind, Kind::Task(_) | Kind::Parallel { .. } | Kind::Map(_));
        State { name: &state.name, entered_ms, retry_count: has_retry.then_some(retry_count), token, item }
    }
}

/// Binds `$env` to an environment over `$input` with the context object of thread `$t` in `$state`.
/// A macro rather than a function so that only the thread fields it reads are borrowed.
macro_rules! state_env {
    ($self:ident, $t:ident, $state:expr, $input:expr, $item:expr => $env:ident) => {
        let ctx = $crate::exec::context::State::new(
            $state,
            $t.entered_ms,
            $t.retry_count,
            $t.token.as_deref(),
            $item,
        );
        let ctx_fn = || $self.info.context(&ctx);
        let var_fn = |name: &str| $self.variables.lookup($t.scope, name);
        let $env = $crate::path::Env { input: $input, context: &ctx_fn, variable: &var_fn };
    };
}
pub(crate) use state_env;

impl ExecutionInfo {
    pub fn new(input: Value, options: Options) -> Self {
        ExecutionInfo { input, options }
    }

    pub fn state_machine_arn(&self) -> String {
        let o = &self.options;
        format!("arn:aws:states:{}:{}:stateMachine:{}", o.region, o.account, o.state_machine_name)
    }

    /// EXPRESS executions have `express:` ARNs with a run id after the name.
    pub fn execution_arn(&self) -> String {
        let o = &self.options;
        if o.express {
            let run_id = crate::rng::Rng::new(o.seed).uuid();
            return format!(
                "arn:aws:states:{}:{}:express:{}:{}:{run_id}",
                o.region, o.account, o.state_machine_name, o.execution_name
            );
        }
        format!(
            "arn:aws:states:{}:{}:execution:{}:{}",
            o.region, o.account, o.state_machine_name, o.execution_name
        )
    }

    /// The context object, with AWS's key order.
    pub fn context(&self, s: &State) -> Value {
        let o = &self.options;
        let mut execution = Map::new();
        execution.insert("Id".into(), self.execution_arn().into());
        execution.insert("Input".into(), self.input.clone());
        let start = timestamp::format_millis(o.start_time_ms);
        if o.express {
            // Recorded key order for EXPRESS executions (StartExecution; synchronous ones omit RedriveCount).
            execution.insert("Name".into(), o.execution_name.clone().into());
            execution.insert("RoleArn".into(), o.role_arn.clone().into());
            execution.insert("StartTime".into(), start.into());
            execution.insert("RedriveCount".into(), 0.into());
        } else {
            execution.insert("StartTime".into(), start.into());
            execution.insert("Name".into(), o.execution_name.clone().into());
            execution.insert("RoleArn".into(), o.role_arn.clone().into());
            execution.insert("RedriveCount".into(), 0.into());
        }
        let mut machine = Map::new();
        machine.insert("Id".into(), self.state_machine_arn().into());
        machine.insert("Name".into(), o.state_machine_name.clone().into());
        let mut state = Map::new();
        state.insert("Name".into(), s.name.into());
        state.insert("EnteredTime".into(), timestamp::format_millis(s.entered_ms).into());
        if let Some(n) = s.retry_count {
            state.insert("RetryCount".into(), n.into());
        }
        let mut ctx = Map::new();
        ctx.insert("Execution".into(), Value::Object(execution));
        ctx.insert("StateMachine".into(), Value::Object(machine));
        ctx.insert("State".into(), Value::Object(state));
        if let Some(token) = s.token {
            let mut task = Map::new();
            task.insert("Token".into(), token.into());
            ctx.insert("Task".into(), Value::Object(task));
        }
        if let Some((index, value)) = s.item {
            let mut item = Map::new();
            item.insert("Index".into(), index.into());
            item.insert("Value".into(), value.clone());
            let mut map = Map::new();
            map.insert("Item".into(), Value::Object(item));
            ctx.insert("Map".into(), Value::Object(map));
        }
        Value::Object(ctx)
    }
}

//! Task states: the request, the mocked (or callback) answer, and the `Task*`, `LambdaFunction*` and
//! `Activity*` events each integration produces (asl-reference §8).

use super::query::Sees;
use super::{Execution, Phase, Thread, context};
use crate::dataflow;
use crate::error::{self, StatesError};
use crate::history::{self, Details};
use crate::mock::MockResponse;
use crate::model::{Integration, Kind, Num, Pattern, State, Task};
use serde_json::{Value, json};

/// A task's request with its `TimeoutSeconds`, `HeartbeatSeconds` and `taskCredentials`.
type Request = (Value, Option<Value>, Option<Value>, Option<Value>);

fn text(v: &Value) -> Option<Value> {
    Some(Value::String(history::text(v)))
}

fn not_truncated() -> Option<Value> {
    Some(json!({"truncated": false}))
}

impl Execution {
    /// Builds the request (InputPath, Parameters: re-evaluated on every attempt) and schedules it.
    pub(super) fn task_schedule(&mut self, t: &mut Thread) -> bool {
        let plan = self.plan.clone();
        let state = &plan.blocks[t.block].states[t.state];
        let Kind::Task(task) = &state.kind else { return true };
        // Callbacks, activities and jobs (`.sync`) get a token: `$$.Task.Token` is readable in all three.
        let pattern = match &task.integration {
            Integration::Service { pattern, .. } => Some(*pattern),
            Integration::Activity => Some(Pattern::WaitForTaskToken),
            Integration::Lambda => None,
        };
        if pattern.is_some_and(|p| p != Pattern::RequestResponse) {
            t.token = Some(self.rng.uuid());
        }
        let request =
            if state.jsonata { self.jsonata_request(t, state, task) } else { self.request(t, state, task) };
        let (request, timeout, heartbeat, credentials) = match request {
            Ok(r) => r,
            Err(e) => {
                self.fail(t, e);
                return true;
            }
        };
        let ms =
            |v: &Option<Value>| v.as_ref().and_then(Value::as_f64).map(|s| (s * 1000.0).min(1e15) as i64);
        t.limits = (ms(&timeout), ms(&heartbeat));
        let details = match &task.integration {
            Integration::Lambda => history::fields([
                ("resource", Some(task.resource.clone().into())),
                ("input", text(&request)),
                ("inputDetails", not_truncated()),
                ("timeoutInSeconds", timeout),
                ("taskCredentials", credentials),
            ]),
            Integration::Activity => history::fields([
                ("resource", Some(task.resource.clone().into())),
                ("input", text(&request)),
                ("inputDetails", not_truncated()),
                ("timeoutInSeconds", timeout),
                ("heartbeatInSeconds", heartbeat),
            ]),
            Integration::Service { resource_type, resource, .. } => history::fields([
                ("resourceType", Some(resource_type.clone().into())),
                ("resource", Some(resource.clone().into())),
                ("region", Some(self.info.options.region.clone().into())),
                ("parameters", text(&request)),
                ("timeoutInSeconds", timeout),
                ("heartbeatInSeconds", heartbeat),
                ("taskCredentials", credentials),
            ]),
        };
        self.emit(t, event(&task.integration, "Scheduled"), details);
        self.visits.stage(self.info.options.inspect, t, super::inspect::Stage::AfterParameters, &request);
        t.effective = request;
        t.phase = Phase::TaskStart;
        true
    }

    /// JSONPath: InputPath, Parameters; the timeouts and credentials read from the effective input.
    fn request(&mut self, t: &Thread, state: &State, task: &Task) -> Result<Request, StatesError> {
        let effective = {
            context::state_env!(self, t, state, &t.input, None => env);
            dataflow::select(&state.input_path, &t.input, &env)?
        };
        self.visits.stage(self.info.options.inspect, t, super::inspect::Stage::AfterInputPath, &effective);
        let timeouts = self.timeouts(t, task, &t.input)?;
        // `taskCredentials.roleArn` of the scheduled event, from `Credentials.RoleArn(.$)`.
        let role = match &task.credentials {
            Some(c) => self.payload(t, c, "Credentials", Sees::dollar(&effective))?.get("RoleArn").cloned(),
            None => None,
        };
        let request = match &state.parameters {
            None => effective,
            Some(p) => {
                context::state_env!(self, t, state, &effective, None => env);
                p.eval(&env, &mut self.rng)?
            }
        };
        Ok((request, timeouts.0, timeouts.1, role.map(|r| json!({"roleArn": r}))))
    }

    /// JSONata: `Arguments` (default: the input), the timeouts and the credentials, over `$states.input`.
    fn jsonata_request(&mut self, t: &Thread, state: &State, task: &Task) -> Result<Request, StatesError> {
        let timeouts = self.timeouts(t, task, &Value::Null)?;
        let role = match &task.credentials {
            Some(c) => self.payload(t, c, "Credentials", Sees::default())?.get("RoleArn").cloned(),
            None => None,
        };
        let request = match &state.arguments {
            Some(a) => self.query(t, a, "Arguments", Sees::default())?,
            None => t.input.clone(),
        };
        Ok((request, timeouts.0, timeouts.1, role.map(|r| json!({"roleArn": r}))))
    }

    /// `TimeoutSeconds`/`HeartbeatSeconds` (or their `...Path`), as the scheduled event shows them.
    fn timeouts(
        &mut self,
        t: &Thread,
        task: &Task,
        effective: &Value,
    ) -> Result<(Option<Value>, Option<Value>), StatesError> {
        let mut read = |n: &Option<Num>, field: &str| -> Result<Option<Value>, StatesError> {
            match n {
                None => Ok(None),
                Some(Num::Path(p)) => {
                    let plan = self.plan.clone();
                    let state = &plan.blocks[t.block].states[t.state];
                    context::state_env!(self, t, state, effective, None => env);
                    Ok(Some(dataflow::select_path(p, &env)?))
                }
                Some(n) => Ok(Some(json!(self.number(t, n, field, effective, true)? as i64))),
            }
        };
        Ok((
            read(&task.timeout_seconds, "TimeoutSeconds")?,
            read(&task.heartbeat_seconds, "HeartbeatSeconds")?,
        ))
    }

    pub(super) fn task_start(&mut self, t: &mut Thread) -> bool {
        let plan = self.plan.clone();
        let Kind::Task(task) = &plan.blocks[t.block].states[t.state].kind else { return true };
        let details = match &task.integration {
            Integration::Lambda => Details::None,
            Integration::Activity => history::fields([("workerName", Some("asl-sandbox".into()))]),
            Integration::Service { .. } => service_fields(task, []),
        };
        self.emit(t, event(&task.integration, "Started"), details);
        t.phase = Phase::TaskComplete;
        true
    }

    /// Takes the next mocked response; callbacks and activities without one wait for their token.
    pub(super) fn task_complete(&mut self, tid: super::ThreadId, t: &mut Thread) -> bool {
        let plan = self.plan.clone();
        let state = &plan.blocks[t.block].states[t.state];
        let Kind::Task(task) = &state.kind else { return true };
        let call = self.calls.entry(state.name.to_string()).or_insert(0);
        let n = *call;
        *call += 1;
        let response = match self.mocked(t, state, n) {
            Ok(response) => response,
            Err(e) => {
                self.fail(t, e);
                return true;
            }
        };
        if let Integration::Service { pattern: Pattern::Sync | Pattern::WaitForTaskToken, .. } =
            task.integration
        {
            let submitted = match &response {
                Some(MockResponse::Return { submitted: Some(s), .. }) => s.clone(),
                _ => json!({}),
            };
            let details =
                service_fields(task, [("output", text(&submitted)), ("outputDetails", not_truncated())]);
            self.emit(t, "TaskSubmitted", details);
        }
        let waits = pattern_waits(&task.integration);
        match response {
            Some(MockResponse::Return { output, .. }) => self.task_answered(t, Ok(output)),
            Some(MockResponse::Throw { error, cause }) => {
                self.task_answered(t, Err(StatesError::of(error, cause)))
            }
            None if waits => {
                if let Some(token) = &t.token {
                    self.tokens.insert(token.clone(), tid);
                }
                let now = self.clock.now();
                if let Some(ms) = t.limits.0 {
                    self.set_timer(tid, now.saturating_add(ms), super::Timer::TaskTimeout);
                }
                if let Some(ms) = t.limits.1 {
                    self.set_timer(tid, now.saturating_add(ms), super::Timer::Heartbeat);
                }
                t.phase = Phase::AwaitToken;
                false
            }
            None => {
                let why = match self.info.options.mocks.response(&state.name, n) {
                    Some(_) => ": no candidate's \"When\" is true",
                    None => " (calls count from 0, like MockedResponses keys)",
                };
                let cause = format!("No mocked response for Task state '{}' on call {n}{why}.", state.name);
                self.fail(t, StatesError::new(error::NO_MOCK_RESPONSE, cause));
                true
            }
        }
    }

    /// The response to call `n` of `state`, a script evaluated over the request (`$states.input`), the
    /// context object, the call number and the variables, like a JSONata field of the state. None: no
    /// response (no mock, or no candidate whose `When` is true).
    fn mocked(&mut self, t: &Thread, state: &State, n: u32) -> Result<Option<MockResponse>, StatesError> {
        let Some(answer) = self.info.options.mocks.response(&state.name, n) else { return Ok(None) };
        // Only expressions draw a seed: mocks without any leave a run's jitter and UUIDs as they were.
        let seed = if answer.evaluates() { self.rng.next_u64() } else { 0 };
        let sees = Sees { input: Some(&t.effective), call: Some(n), ..Sees::default() };
        self.with_jsonata_env(t, sees, seed, |env| answer.respond(env)).map_err(|why| {
            StatesError::new(error::MOCK_ERROR, format!("Mocked response for call {n}: {why}"))
        })
    }

    /// The task's outcome: `...Succeeded` then result processing, or `...Failed`/`...TimedOut` then error handling.
    pub(super) fn task_answered(&mut self, t: &mut Thread, result: Result<Value, StatesError>) -> bool {
        let plan = self.plan.clone();
        let Kind::Task(task) = &plan.blocks[t.block].states[t.state].kind else { return true };
        let result = result.and_then(|out| {
            let who = match &task.integration {
                Integration::Service { resource, .. } => resource.clone(),
                _ => task.resource.clone(),
            };
            dataflow::check_size(&who, &out).map(|()| out)
        });
        match result {
            Ok(output) => {
                let details = match &task.integration {
                    Integration::Service { .. } => {
                        service_fields(task, [("output", text(&output)), ("outputDetails", not_truncated())])
                    }
                    _ => history::fields([("output", text(&output)), ("outputDetails", not_truncated())]),
                };
                self.emit(t, event(&task.integration, "Succeeded"), details);
                self.visits.stage(self.info.options.inspect, t, super::inspect::Stage::Result, &output);
                let processed = self.conclude(t, &plan.blocks[t.block].states[t.state], output);
                self.after_work(t, processed.map(|o| (o, None)))
            }
            Err(e) => {
                let outcome = if e.name() == error::TIMEOUT { "TimedOut" } else { "Failed" };
                let ec = [
                    ("error", e.error.clone().map(Value::String)),
                    ("cause", e.cause.clone().map(Value::String)),
                ];
                let details = match &task.integration {
                    Integration::Service { .. } => service_fields(task, ec),
                    _ => history::fields(ec),
                };
                self.emit(t, event(&task.integration, outcome), details);
                self.fail(t, e);
                true
            }
        }
    }
}

/// Does an unmocked call wait for `SendTaskSuccess`/`SendTaskFailure` (callbacks and activities)?
fn pattern_waits(integration: &Integration) -> bool {
    matches!(
        integration,
        Integration::Activity | Integration::Service { pattern: Pattern::WaitForTaskToken, .. }
    )
}

/// `TaskScheduled`, `LambdaFunctionScheduled` or `ActivityScheduled`, and so on.
fn event(integration: &Integration, what: &str) -> &'static str {
    macro_rules! pick {
        ($($what:literal),*) => {
            match (integration, what) {
                $(
                    (Integration::Lambda, $what) => concat!("LambdaFunction", $what),
                    (Integration::Activity, $what) => concat!("Activity", $what),
                    (Integration::Service { .. }, $what) => concat!("Task", $what),
                )*
                _ => "TaskFailed",
            }
        };
    }
    pick!("Scheduled", "Started", "Succeeded", "Failed", "TimedOut")
}

/// `{resourceType, resource, ...extra}` as every `Task*` event carries.
fn service_fields<const N: usize>(task: &Task, extra: [(&str, Option<Value>); N]) -> Details {
    let (resource_type, resource) = match &task.integration {
        Integration::Service { resource_type, resource, .. } => (resource_type.clone(), resource.clone()),
        _ => (String::new(), task.resource.clone()),
    };
    let mut d =
        history::fields([("resourceType", Some(resource_type.into())), ("resource", Some(resource.into()))]);
    if let Details::Other(m) = &mut d {
        for (k, v) in extra {
            if let Some(v) = v {
                m.insert(k.to_string(), v);
            }
        }
    }
    d
}

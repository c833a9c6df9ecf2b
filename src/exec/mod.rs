//! The executor: a deterministic discrete-event simulator. An execution is a value (definition +
//! input + options) that advances one scheduler action at a time, appending AWS-shaped history events.
//! Parallel branches and Map iterations are threads; time only moves when every thread sleeps.

mod context;
mod fanout;
mod inspect;
mod jsonpath;
mod query;
mod retry;
mod task;
pub(crate) mod variables;
mod wait;

use crate::clock::{Clock, DEFAULT_START_MS};
use crate::dataflow;
use crate::error::StatesError;
use crate::history::{self, Details, EventId, History, MAX_EVENTS};
use crate::mock::Mocks;
use crate::model::{Kind, StateId, StateMachine, Text};
use crate::rng::Rng;
use crate::timestamp;
use context::ExecutionInfo;
pub use fanout::Fanout;
pub use inspect::StateStatus;
use inspect::{Stage, Visits};
use query::Sees;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

pub type ThreadId = usize;

/// How an execution is started. Everything that could differ between two runs is here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Options {
    /// Seeds retry jitter, `States.UUID`, `States.MathRandom` and task tokens.
    pub seed: u64,
    /// Virtual start time, epoch milliseconds.
    pub start_time_ms: i64,
    pub execution_name: String,
    pub state_machine_name: String,
    pub account: String,
    pub region: String,
    pub role_arn: String,
    /// EXPRESS semantics: no history event limit (AWS keeps no history for them).
    pub express: bool,
    /// Keep each state visit's data at every stage, for [`Execution::inspection`] (the playground).
    pub inspect: bool,
    pub mocks: Mocks,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: 0,
            start_time_ms: DEFAULT_START_MS,
            execution_name: "sandbox-execution".into(),
            state_machine_name: "SandboxStateMachine".into(),
            account: "111111111111".into(),
            region: "us-east-1".into(),
            role_arn: "arn:aws:iam::111111111111:role/StepFunctionsSandboxRole".into(),
            express: false,
            inspect: false,
            mocks: Mocks::default(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Running,
    Succeeded,
    Failed,
    TimedOut,
    Aborted,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Running => "RUNNING",
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::TimedOut => "TIMED_OUT",
            Status::Aborted => "ABORTED",
        }
    }
}

/// Why `run` returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    Done,
    /// Waiting for a task token (`send_task_success` / `send_task_failure` continue it).
    Blocked,
}

/// What a timer does when the clock reaches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
enum Timer {
    /// Ends a sleep (Wait state, retry backoff).
    Wake,
    /// A task waiting on its token reaches `TimeoutSeconds` or misses a heartbeat (`HeartbeatSeconds`).
    TaskTimeout,
    Heartbeat,
}

/// Where a state goes after it exits.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
enum Next {
    State(StateId),
    End,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum Phase {
    Enter,
    /// A Map iteration's first event.
    IterationStart,
    TaskSchedule,
    TaskStart,
    TaskComplete,
    AwaitToken,
    TaskAnswered(Result<Value, StatesError>),
    /// Parallel/Map: emit `...StateStarted` and start the children.
    FanoutStart,
    AwaitChildren,
    FanoutDone,
    FanoutFailed(StatesError, EventId),
    WaitDone,
    Sleeping {
        due: i64,
        then: Box<Phase>,
    },
    Exit {
        output: Value,
        next: Next,
    },
    End(Result<Value, StatesError>),
    /// Finished and reported to its parent; the thread is dropped.
    Gone,
}

/// The container a thread runs inside.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
struct Parent {
    thread: ThreadId,
    index: usize,
    is_map: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Thread {
    block: usize,
    state: StateId,
    phase: Phase,
    parent: Option<Parent>,
    /// The event this thread's next event points to.
    last_event: EventId,
    entered_event: EventId,
    entered_ms: i64,
    /// The state's raw input.
    input: Value,
    /// After InputPath (and Parameters for Task and Parallel).
    effective: Value,
    retries: Vec<u32>,
    retry_count: u32,
    token: Option<String>,
    fanout: Option<Box<Fanout>>,
    /// Runs inside a Distributed Map's child execution: its events are not in this history.
    silent: bool,
    /// The current task attempt's `TimeoutSeconds` and `HeartbeatSeconds`, in milliseconds.
    limits: (Option<i64>, Option<i64>),
    /// This thread's variable scope, and the `Assign` values its state stores when it exits.
    scope: usize,
    assigned: Option<serde_json::Map<String, Value>>,
}

/// A running or finished execution.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Execution {
    #[serde(skip)]
    plan: Rc<StateMachine>,
    definition: Value,
    info: ExecutionInfo,
    clock: Clock,
    rng: Rng,
    history: History,
    visits: Visits,
    variables: variables::Variables,
    /// Boxed so that taking a thread out to work on it moves a pointer, not the whole thread.
    threads: Vec<Option<Box<Thread>>>,
    ready: VecDeque<ThreadId>,
    /// `(due, thread, what happens)`, kept sorted by time; ties fire in insertion order.
    timers: Vec<(i64, ThreadId, Timer)>,
    calls: BTreeMap<String, u32>,
    tokens: BTreeMap<String, ThreadId>,
    status: Status,
    output: Option<Value>,
    error: Option<StatesError>,
    stop_ms: Option<i64>,
}

/// A task waiting for `SendTaskSuccess` / `SendTaskFailure`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingTask {
    pub token: String,
    pub state: String,
    pub input: Value,
}

const SNAPSHOT_VERSION: u32 = 2;

const MAX_STANDARD_SECONDS: u64 = 365 * 24 * 3600;
const MAX_EXPRESS_SECONDS: u64 = 5 * 60;

impl Execution {
    /// Starts an execution of a definition that validation accepted. Err = a one-line reason.
    pub fn start(definition: &Value, input: Value, options: Options) -> Result<Execution, String> {
        let plan = StateMachine::build(definition)?;
        if dataflow::check_size("input", &input).is_err() {
            return Err("the execution input is larger than 256 KiB (or nested too deeply)".into());
        }
        let clock = Clock::starting_at(options.start_time_ms);
        let rng = Rng::new(options.seed);
        let info = ExecutionInfo::new(input, options);
        let mut exec = Execution {
            plan: Rc::new(plan),
            definition: definition.clone(),
            info,
            clock,
            rng,
            history: History::default(),
            visits: Visits::default(),
            variables: variables::Variables::default(),
            threads: Vec::new(),
            ready: VecDeque::new(),
            timers: Vec::new(),
            calls: BTreeMap::new(),
            tokens: BTreeMap::new(),
            status: Status::Running,
            output: None,
            error: None,
            stop_ms: None,
        };
        let started = history::fields([
            ("input", Some(Value::String(history::text(&exec.info.input)))),
            ("inputDetails", Some(json!({"truncated": false}))),
            ("roleArn", Some(Value::String(exec.info.options.role_arn.clone()))),
        ]);
        exec.history.push(0, exec.clock.now(), "ExecutionStarted", started);
        exec.visits.record_owner(0);
        let scope = exec.variables.open(None);
        let root = exec.new_thread(0, exec.info.input.clone(), None, 0, false, scope);
        exec.ready.push_back(root);
        Ok(exec)
    }

    pub fn status(&self) -> Status {
        self.status
    }

    pub fn output(&self) -> Option<&Value> {
        self.output.as_ref()
    }

    pub fn error(&self) -> Option<&StatesError> {
        self.error.as_ref()
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now()
    }

    pub fn is_done(&self) -> bool {
        self.status != Status::Running
    }

    /// Tasks waiting on a token, oldest first.
    pub fn pending_tasks(&self) -> Vec<PendingTask> {
        self.tokens
            .iter()
            .filter_map(|(token, &tid)| {
                let t = self.threads.get(tid)?.as_ref()?;
                Some(PendingTask {
                    token: token.clone(),
                    state: self.plan.blocks[t.block].states[t.state].name.to_string(),
                    input: t.effective.clone(),
                })
            })
            .collect()
    }

    /// DescribeExecution's shape: status, dates, output or error/cause.
    pub fn describe(&self) -> Value {
        let o = &self.info.options;
        let mut d = json!({
            "executionArn": self.info.execution_arn(),
            "stateMachineArn": self.info.state_machine_arn(),
            "name": o.execution_name,
            "status": self.status.as_str(),
            "startDate": timestamp::format_millis(o.start_time_ms),
        });
        if let Some(stop) = self.stop_ms {
            d["stopDate"] = timestamp::format_millis(stop).into();
        }
        d["input"] = history::text(&self.info.input).into();
        if let Some(out) = &self.output {
            d["output"] = history::text(out).into();
        }
        if let Some(e) = &self.error {
            if let Some(err) = &e.error {
                d["error"] = err.clone().into();
            }
            if let Some(cause) = &e.cause {
                d["cause"] = cause.clone().into();
            }
        }
        d
    }

    /// Runs until the execution ends or waits on a task token. Time does not pass a waiting task's
    /// timeout (or the execution's) while its token may still be answered: see [`Self::run_unanswered`].
    pub fn run(&mut self) -> Progress {
        self.run_with(false)
    }

    /// Runs as if no task token will ever be answered: waiting tasks time out and miss their heartbeats
    /// on the virtual clock, as on AWS. Blocked only by a waiting task with no timeout at all.
    pub fn run_unanswered(&mut self) -> Progress {
        self.run_with(true)
    }

    fn run_with(&mut self, expire: bool) -> Progress {
        loop {
            if let Some(p) = self.run_for(usize::MAX, expire) {
                return p;
            }
        }
    }

    /// Runs at most `budget` steps (so a caller can stay responsive); None when the budget ran out.
    /// `expire` as in [`Self::run_unanswered`].
    pub fn run_for(&mut self, budget: usize, expire: bool) -> Option<Progress> {
        for _ in 0..budget {
            if self.is_done() {
                return Some(Progress::Done);
            }
            if !self.step_with(expire) {
                return Some(Progress::Blocked);
            }
        }
        self.is_done().then_some(Progress::Done)
    }

    /// Running, and nothing can happen until a task token is answered (or time passes a timeout).
    pub fn is_blocked(&self) -> bool {
        !self.is_done() && self.ready.is_empty() && !self.tokens.is_empty()
    }

    /// Advances until at least one history event is added (or the execution ends or blocks).
    /// Returns false when it added nothing: the execution is over, or waits for a task token.
    pub fn step(&mut self) -> bool {
        self.step_with(false)
    }

    fn step_with(&mut self, expire: bool) -> bool {
        if self.is_done() {
            return false;
        }
        let before = self.history.len();
        while !self.is_done() && self.history.len() == before {
            if !self.act(expire) {
                return false;
            }
        }
        true
    }

    /// One scheduler action: run a ready thread, or move the clock to the next timer. Timeouts that
    /// would decide a waiting task's fate fire only when `expire` is set or no token is pending.
    fn act(&mut self, expire: bool) -> bool {
        if let Some(tid) = self.ready.pop_front() {
            self.advance(tid);
            return true;
        }
        let deadline = self.deadline();
        let may_expire = expire || self.tokens.is_empty();
        let Some(&(due, tid, timer)) = self.timers.first() else {
            // Only tasks wait on tokens: their execution times out at its own TimeoutSeconds, if any.
            // (Reaching the 1-year or 5-minute maximum is not assumed; the task stays pending.)
            if let (Some(deadline), true, false, true) =
                (deadline, expire, self.tokens.is_empty(), self.plan.timeout_seconds.is_some())
            {
                self.time_out(deadline);
                return true;
            }
            return false;
        };
        if let Some(deadline) = deadline
            && due > deadline
        {
            if !may_expire {
                return false;
            }
            self.time_out(deadline);
            return true;
        }
        if timer != Timer::Wake && !may_expire {
            return false;
        }
        self.timers.remove(0);
        self.clock.advance_to(due);
        let Some(Some(t)) = self.threads.get_mut(tid) else { return true };
        match (&t.phase, timer) {
            (Phase::Sleeping { then, .. }, Timer::Wake) => t.phase = (**then).clone(),
            (Phase::AwaitToken, Timer::TaskTimeout | Timer::Heartbeat) => {
                t.phase = Phase::TaskAnswered(Err(StatesError::timeout()));
                self.tokens.retain(|_, waiting| *waiting != tid);
                self.timers.retain(|&(_, r, _)| r != tid);
            }
            _ => return true,
        }
        self.ready.push_back(tid);
        true
    }

    /// The execution's `TimeoutSeconds` is reached: `ExecutionTimedOut`, linked to no event as on AWS.
    fn time_out(&mut self, deadline: i64) {
        self.clock.advance_to(deadline);
        self.finish(Status::TimedOut, None, Some(StatesError::timeout()), 0, "ExecutionTimedOut");
    }

    /// When the execution times out: its `TimeoutSeconds`, and at the latest AWS's maximum duration
    /// (1 year for STANDARD, 5 minutes for EXPRESS).
    fn deadline(&self) -> Option<i64> {
        let max = if self.info.options.express { MAX_EXPRESS_SECONDS } else { MAX_STANDARD_SECONDS };
        let secs = self.plan.timeout_seconds.unwrap_or(max).min(max) as i64;
        Some(self.info.options.start_time_ms.saturating_add(secs.saturating_mul(1000)))
    }

    fn new_thread(
        &mut self,
        block: usize,
        input: Value,
        parent: Option<Parent>,
        last_event: EventId,
        silent: bool,
        scope: usize,
    ) -> ThreadId {
        let phase = if parent.is_some_and(|p| p.is_map) { Phase::IterationStart } else { Phase::Enter };
        let t = Thread {
            block,
            state: self.plan.blocks[block].start_at,
            phase,
            parent,
            last_event,
            entered_event: 0,
            entered_ms: 0,
            effective: Value::Null,
            input,
            retries: Vec::new(),
            retry_count: 0,
            token: None,
            fanout: None,
            silent,
            limits: (None, None),
            scope,
            assigned: None,
        };
        self.threads.push(Some(Box::new(t)));
        self.threads.len() - 1
    }

    /// Appends an event for a thread and makes it the thread's latest.
    fn emit(&mut self, t: &mut Thread, event_type: &'static str, details: Details) -> EventId {
        if t.silent {
            return t.last_event;
        }
        let id = self.history.push(t.last_event, self.clock.now(), event_type, details);
        self.visits.record_owner(t.entered_event);
        t.last_event = id;
        id
    }

    /// Runs one step of a thread. The thread is taken out of the table while it works.
    fn advance(&mut self, tid: ThreadId) {
        let Some(mut t) = self.threads.get_mut(tid).and_then(Option::take) else { return };
        if self.history.len() >= MAX_EVENTS - 1 && !self.info.options.express {
            let cause = format!("The execution reached the maximum number of history events ({MAX_EVENTS}).");
            let last = self.history.last_id();
            self.finish(Status::Failed, None, Some(StatesError::runtime(cause)), last, "ExecutionFailed");
            return;
        }
        let runnable = self.advance_thread(tid, &mut t);
        if matches!(t.phase, Phase::Gone) {
            return;
        }
        if let Phase::Sleeping { due, .. } = t.phase {
            self.sleep(tid, due);
        } else if runnable && !self.is_done() {
            self.ready.push_back(tid);
        }
        self.threads[tid] = Some(t);
    }

    /// Returns true when the thread stays runnable.
    fn advance_thread(&mut self, tid: ThreadId, t: &mut Thread) -> bool {
        let phase = std::mem::replace(&mut t.phase, Phase::Enter);
        match phase {
            Phase::Enter => self.enter(t),
            Phase::IterationStart => {
                if let Some(parent) = t.parent
                    && let Some(Some(map)) = self.threads.get(parent.thread)
                {
                    let details = self.iteration_details_of(map, parent.index);
                    self.emit(t, "MapIterationStarted", details);
                }
                t.phase = Phase::Enter;
                true
            }
            Phase::TaskSchedule => self.task_schedule(t),
            Phase::TaskStart => self.task_start(t),
            Phase::TaskComplete => self.task_complete(tid, t),
            Phase::AwaitToken => {
                t.phase = Phase::AwaitToken;
                false
            }
            Phase::TaskAnswered(result) => self.task_answered(t, result),
            Phase::FanoutStart => self.fanout_start(tid, t),
            Phase::AwaitChildren => {
                t.phase = Phase::AwaitChildren;
                false
            }
            Phase::FanoutDone => self.fanout_done(t),
            Phase::FanoutFailed(err, failing) => self.fanout_failed(t, err, failing),
            Phase::WaitDone => {
                let plan = self.plan.clone();
                let state = &plan.blocks[t.block].states[t.state];
                let output = if state.jsonata {
                    self.conclude_jsonata(
                        t,
                        state.assign.as_ref(),
                        state.output.as_ref(),
                        "",
                        Sees::default(),
                    )
                    .map(|o| o.unwrap_or_else(|| t.input.clone()))
                } else {
                    let dollar = std::mem::take(&mut t.effective);
                    let assigned = self.assign(t, state.assign.as_ref(), "Assign", Sees::dollar(&dollar));
                    t.effective = dollar;
                    assigned.and_then(|()| self.output_of_effective(t, state))
                };
                self.after_work(t, output.map(|o| (o, None)))
            }
            Phase::Sleeping { due, then } => {
                t.phase = Phase::Sleeping { due, then };
                false
            }
            Phase::Exit { output, next } => self.exit(t, output, next),
            Phase::End(result) => {
                self.end(tid, t, result);
                t.phase = Phase::Gone;
                false
            }
            Phase::Gone => false,
        }
    }

    fn enter(&mut self, t: &mut Thread) -> bool {
        let plan = self.plan.clone();
        let state = &plan.blocks[t.block].states[t.state];
        t.entered_ms = self.clock.now();
        t.retries = vec![0; state.retry.len()];
        t.retry_count = 0;
        t.token = None;
        let entered = Details::StateEntered { name: state.name.clone(), input: history::text(&t.input) };
        t.entered_event = self.emit(t, state.kind.event_types().0, entered);
        self.visits.entry(self.info.options.inspect, t, state, &self.variables);
        if let Err(e) = self.prepare(t) {
            self.fail(t, e);
        }
        true
    }

    /// The work of a state right after it is entered.
    fn prepare(&mut self, t: &mut Thread) -> Result<(), StatesError> {
        let plan = self.plan.clone();
        let state = &plan.blocks[t.block].states[t.state];
        if let Kind::Fail { error, cause } = &state.kind {
            let err = StatesError::of(self.fail_text(t, error, "Error")?, self.fail_text(t, cause, "Cause")?);
            t.phase = Phase::End(Err(err));
            return Ok(());
        }
        if let Kind::Task(_) = state.kind {
            // Tasks apply InputPath and Parameters on every attempt, when they schedule.
            t.phase = Phase::TaskSchedule;
            return Ok(());
        }
        if state.jsonata {
            return self.prepare_jsonata(t, state);
        }
        self.prepare_jsonpath(t, state)
    }

    /// A Fail state's `Error` or `Cause` (`field`).
    fn fail_text(&mut self, t: &Thread, text: &Text, field: &str) -> Result<Option<String>, StatesError> {
        match text {
            Text::None => Ok(None),
            Text::Literal(s) => Ok(Some(s.clone())),
            Text::Jsonata(template) => {
                let v =
                    self.query_as(t, template, field, Sees::default(), Some(("string", Value::is_string)))?;
                Ok(v.as_str().map(str::to_string))
            }
            Text::Dynamic(template) => {
                let plan = self.plan.clone();
                let state = &plan.blocks[t.block].states[t.state];
                context::state_env!(self, t, state, &t.input, None => env);
                // The template names the field (`ErrorPath`/`CausePath`) in its own error causes.
                let value = template.eval(&env, &mut self.rng)?;
                match value {
                    Value::String(s) => Ok(Some(s)),
                    other => Ok(Some(history::text(&other))),
                }
            }
        }
    }

    /// Continues after a state's work: on success exit with the output, else handle the error.
    fn after_work(&mut self, t: &mut Thread, output: Result<(Value, Option<Next>), StatesError>) -> bool {
        match output {
            Ok((output, next)) => {
                let plan = self.plan.clone();
                let state = &plan.blocks[t.block].states[t.state];
                t.phase = Phase::Exit { output, next: next.unwrap_or(next_of(state.next)) };
            }
            Err(e) => self.fail(t, e),
        }
        true
    }

    fn exit(&mut self, t: &mut Thread, output: Value, next: Next) -> bool {
        let plan = self.plan.clone();
        let state = &plan.blocks[t.block].states[t.state];
        // The size limit is checked on the text the exit event records anyway.
        let text = history::text(&output);
        if let Err(e) = dataflow::check_text(&state.name, &output, text.len()) {
            self.fail(t, e);
            return true;
        }
        self.visits.stage(self.info.options.inspect, t, Stage::Output, &output);
        let assigned = match self.store_assigned(t) {
            Ok(assigned) => assigned.map(Box::new),
            Err(e) => {
                self.fail(t, e);
                return true;
            }
        };
        let details = Details::StateExited { name: state.name.clone(), output: text, assigned };
        self.emit(t, state.kind.event_types().1, details);
        t.fanout = None;
        match next {
            Next::State(s) => {
                t.state = s;
                t.input = output;
                t.phase = Phase::Enter;
            }
            Next::End => t.phase = Phase::End(Ok(output)),
        }
        true
    }

    /// A thread reached the end of its block (or failed).
    fn end(&mut self, tid: ThreadId, t: &mut Thread, result: Result<Value, StatesError>) {
        match (t.parent, result) {
            (None, Ok(output)) => {
                self.finish(Status::Succeeded, Some(output), None, t.last_event, "ExecutionSucceeded")
            }
            (None, Err(e)) => self.finish(Status::Failed, None, Some(e), t.last_event, "ExecutionFailed"),
            (Some(parent), result) => {
                self.variables.close(t.scope);
                self.child_ended(tid, t, parent, result)
            }
        }
    }

    /// Ends the execution with its closing event.
    fn finish(
        &mut self,
        status: Status,
        output: Option<Value>,
        error: Option<StatesError>,
        previous: EventId,
        event_type: &'static str,
    ) {
        let details = match (&output, &error) {
            (Some(out), _) => history::fields([
                ("output", Some(Value::String(history::text(out)))),
                ("outputDetails", Some(json!({"truncated": false}))),
            ]),
            (None, Some(e)) => history::fields([
                ("error", e.error.clone().map(Value::String)),
                ("cause", e.cause.clone().map(Value::String)),
            ]),
            _ => Details::Other(Default::default()),
        };
        self.history.push(previous, self.clock.now(), event_type, details);
        self.visits.record_owner(0);
        self.status = status;
        self.output = output;
        self.error = if status == Status::TimedOut { None } else { error };
        self.stop_ms = Some(self.clock.now());
        self.ready.clear();
        self.timers.clear();
        self.tokens.clear();
    }

    fn sleep(&mut self, tid: ThreadId, due: i64) {
        self.set_timer(tid, due, Timer::Wake);
    }

    fn set_timer(&mut self, tid: ThreadId, due: i64, timer: Timer) {
        let pos = self.timers.partition_point(|&(d, _, _)| d <= due);
        self.timers.insert(pos, (due, tid, timer));
    }

    // ----- task tokens -----

    /// `SendTaskSuccess`: the task's result is `output`.
    pub fn send_task_success(&mut self, token: &str, output: Value) -> Result<(), String> {
        self.answer(token, Ok(output))
    }

    /// `SendTaskFailure`: the task fails with this error and cause.
    pub fn send_task_failure(
        &mut self,
        token: &str,
        error: Option<String>,
        cause: Option<String>,
    ) -> Result<(), String> {
        self.answer(token, Err(StatesError::of(error, cause)))
    }

    /// `SendTaskHeartbeat`: accepted for a waiting task; it records no event, as on AWS.
    pub fn send_task_heartbeat(&mut self, token: &str) -> Result<(), String> {
        let Some(&tid) = self.tokens.get(token) else {
            return Err(format!("TaskDoesNotExist: no task is waiting on token '{token}'"));
        };
        let heartbeat = self.threads.get(tid).and_then(Option::as_ref).and_then(|t| t.limits.1);
        if let Some(ms) = heartbeat {
            self.timers.retain(|&(_, r, timer)| !(r == tid && timer == Timer::Heartbeat));
            self.set_timer(tid, self.clock.now().saturating_add(ms), Timer::Heartbeat);
        }
        Ok(())
    }

    fn answer(&mut self, token: &str, result: Result<Value, StatesError>) -> Result<(), String> {
        let Some(tid) = self.tokens.remove(token) else {
            return Err(format!("TaskDoesNotExist: no task is waiting on token '{token}'"));
        };
        if let Ok(v) = &result
            && dataflow::check_size("output", v).is_err()
        {
            self.tokens.insert(token.to_string(), tid);
            return Err("InvalidOutput: the output is larger than 256 KiB".into());
        }
        self.timers.retain(|&(_, r, _)| r != tid);
        if let Some(Some(t)) = self.threads.get_mut(tid) {
            t.phase = Phase::TaskAnswered(result);
            self.ready.push_back(tid);
        }
        Ok(())
    }

    // ----- snapshots -----

    /// The whole execution as JSON; `restore` continues it identically.
    pub fn snapshot(&self) -> Value {
        let mut v = serde_json::to_value(self).unwrap_or(Value::Null);
        v["snapshotVersion"] = SNAPSHOT_VERSION.into();
        v
    }

    pub fn restore(snapshot: &Value) -> Result<Execution, String> {
        if snapshot.get("snapshotVersion").and_then(Value::as_u64) != Some(SNAPSHOT_VERSION as u64) {
            return Err("not an execution snapshot of this version".into());
        }
        let mut exec: Execution =
            serde_json::from_value(snapshot.clone()).map_err(|e| format!("invalid snapshot: {e}"))?;
        exec.plan = Rc::new(StateMachine::build(&exec.definition)?);
        for t in exec.threads.iter().flatten() {
            let ok = exec.plan.blocks.get(t.block).is_some_and(|b| t.state < b.states.len());
            if !ok {
                return Err("invalid snapshot: a thread points outside the definition".into());
            }
        }
        Ok(exec)
    }
}

fn next_of(next: Option<StateId>) -> Next {
    next.map_or(Next::End, Next::State)
}

/// A value as AWS quotes it inside a cause: strings bare, the rest as JSON.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => history::text(other),
    }
}

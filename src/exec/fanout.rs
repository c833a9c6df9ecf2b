//! Parallel branches and inline Map iterations: children threads, their ordering in the history,
//! results in branch/item order, and aborting siblings when one fails (asl-reference §10, §12.3).

use super::inspect::Stage;
use super::query::Sees;
use super::{Execution, Parent, Phase, Thread, ThreadId, context};
use crate::error::StatesError;
use crate::history::{self, Details, EventId};
use crate::model::{Kind, MapState, State};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The children of one Parallel or Map state visit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fanout {
    is_map: bool,
    /// Parallel: one block per branch; Map: the processor block for every item.
    blocks: Vec<usize>,
    /// Parallel: the input of every branch; Map: the items (batches when an ItemBatcher is set).
    inputs: Vec<Value>,
    results: Vec<Value>,
    next: usize,
    running: BTreeSet<ThreadId>,
    /// 0 = no limit.
    max_concurrency: usize,
    started_event: EventId,
    /// The last event inside the previous iteration: where a one-at-a-time iteration starts from.
    last_inner_event: EventId,
    /// The event that `...StateSucceeded` and `...StateExited` point to.
    last_end_event: EventId,
    /// Distributed mode: children are separate executions, tracked by a Map Run.
    distributed: bool,
    map_run_event: EventId,
    failures: usize,
    tolerated_count: Option<u64>,
    tolerated_percentage: Option<f64>,
}

/// Most items an inline Map may take: bounds memory and history (each item costs at least 3 events).
const MAX_MAP_ITEMS: usize = 1_000_000;

impl Fanout {
    pub fn parallel(state: &State, input: &Value) -> Fanout {
        let blocks = match &state.kind {
            Kind::Parallel { branches } => branches.clone(),
            _ => Vec::new(),
        };
        Fanout::new(false, blocks.clone(), vec![input.clone(); blocks.len()], 0)
    }

    /// A Map's children: the items, in batches when `per_batch` is set (each with the `BatchInput`).
    pub fn map(
        map: &MapState,
        mut items: Vec<Value>,
        max_concurrency: usize,
        per_batch: Option<usize>,
        batch_input: Option<Value>,
    ) -> Fanout {
        if let Some(per_batch) = per_batch {
            items = items
                .chunks(per_batch.max(1))
                .map(|chunk| {
                    let mut o = serde_json::Map::new();
                    if let Some(bi) = &batch_input {
                        o.insert("BatchInput".into(), bi.clone());
                    }
                    o.insert("Items".into(), Value::Array(chunk.to_vec()));
                    Value::Object(o)
                })
                .collect();
        }
        let mut fan = Fanout::new(true, vec![map.processor], items, max_concurrency);
        fan.distributed = map.distributed;
        fan
    }

    /// Has a Distributed Map Run seen more failures than it tolerates?
    fn over_threshold(&self) -> bool {
        let count_ok = self.tolerated_count.is_some_and(|c| self.failures as u64 <= c);
        let pct_ok = self
            .tolerated_percentage
            .is_some_and(|p| self.failures as f64 * 100.0 / self.inputs.len().max(1) as f64 <= p);
        self.failures > 0 && !count_ok && !pct_ok
    }

    fn new(is_map: bool, blocks: Vec<usize>, inputs: Vec<Value>, max_concurrency: usize) -> Fanout {
        Fanout {
            is_map,
            blocks,
            inputs,
            results: Vec::new(),
            next: 0,
            running: BTreeSet::new(),
            max_concurrency,
            started_event: 0,
            last_inner_event: 0,
            last_end_event: 0,
            distributed: false,
            map_run_event: 0,
            failures: 0,
            tolerated_count: None,
            tolerated_percentage: None,
        }
    }

    fn block_of(&self, index: usize) -> usize {
        if self.is_map { self.blocks[0] } else { self.blocks[index] }
    }
}

impl Execution {
    /// Reads a Map's items (`ItemsPath` or JSONata `Items`, else the input) and its limits, and
    /// builds its children. `effective` is the input after InputPath (the input, in JSONata).
    pub(super) fn map_fanout(
        &mut self,
        t: &Thread,
        map: &MapState,
        effective: &Value,
    ) -> Result<Fanout, StatesError> {
        let plan = self.plan.clone();
        let state = &plan.blocks[t.block].states[t.state];
        let not_array = |v: &Value| format!("Map state input must be an array but was: {}", history::text(v));
        let items = match (&map.items, &map.items_path) {
            (Some(items), _) => {
                self.query_as(t, items, "Items", Sees::default(), Some(("array", Value::is_array)))?
            }
            (None, Some(p)) => {
                context::state_env!(self, t, state, effective, None => env);
                crate::dataflow::select_path(p, &env)?
            }
            (None, None) => effective.clone(),
        };
        let items = match items {
            Value::Array(items) => items,
            other if state.jsonata => return Err(StatesError::query(not_array(&other), None)),
            other => return Err(StatesError::runtime(not_array(&other))),
        };
        if items.len() > MAX_MAP_ITEMS {
            return Err(StatesError::runtime(format!("Map state input has more than {MAX_MAP_ITEMS} items")));
        }
        let max_concurrency = match &map.max_concurrency {
            None => 0,
            Some(n) => self.number(t, n, "MaxConcurrency", effective, true)?.max(0.0) as usize,
        };
        let (mut per_batch, mut batch_input) = (None, None);
        if let Some(b) = &map.batcher {
            per_batch = Some(match &b.max_items {
                Some(n) => self.number(t, n, "MaxItemsPerBatch", effective, true)?.max(1.0) as usize,
                None => items.len().max(1),
            });
            if let Some(p) = &b.batch_input {
                batch_input = Some(self.payload(t, p, "ItemBatcher/BatchInput", Sees::dollar(effective))?);
            }
        }
        Ok(Fanout::map(map, items, max_concurrency, per_batch, batch_input))
    }

    /// Distributed mode: `ToleratedFailureCount`/`Percentage`, read after `MapStateStarted` as AWS does.
    fn read_tolerance(&mut self, t: &Thread, fan: &mut Fanout, map: &MapState) -> Result<(), StatesError> {
        let effective = t.effective.clone();
        if let Some(n) = &map.tolerated_failure_count {
            let count = self.number(t, n, "ToleratedFailureCount", &effective, true)?;
            if count < 0.0 {
                return Err(StatesError::runtime("ToleratedFailureCount cannot be negative."));
            }
            fan.tolerated_count = Some(count as u64);
        }
        if let Some(n) = &map.tolerated_failure_percentage {
            let pct = self.number(t, n, "ToleratedFailurePercentage", &effective, false)?;
            if !(0.0..=100.0).contains(&pct) {
                return Err(StatesError::runtime("ToleratedFailurePercentage must be between 0 and 100."));
            }
            fan.tolerated_percentage = Some(pct);
        }
        Ok(())
    }

    /// Emits `ParallelStateStarted` / `MapStateStarted` and starts the first children.
    pub(super) fn fanout_start(&mut self, tid: ThreadId, t: &mut Thread) -> bool {
        let Some(mut fan) = t.fanout.take() else {
            t.phase = Phase::End(Err(StatesError::runtime("internal error: container without children")));
            return true;
        };
        let started = if fan.is_map {
            self.emit(t, "MapStateStarted", history::fields([("length", Some(fan.inputs.len().into()))]))
        } else {
            self.emit(t, "ParallelStateStarted", Details::None)
        };
        fan.started_event = started;
        fan.last_inner_event = started;
        fan.last_end_event = started;
        fan.failures = 0;
        if fan.distributed {
            let plan = self.plan.clone();
            let state = &plan.blocks[t.block].states[t.state];
            if let Kind::Map(map) = &state.kind
                && let Err(e) = self.read_tolerance(t, &mut fan, map)
            {
                t.fanout = Some(fan);
                self.fail(t, e);
                return true;
            }
            let o = &self.info.options;
            let label = format!("{}:{}", state.name, self.rng.uuid());
            let arn =
                format!("arn:aws:states:{}:{}:mapRun:{}/{label}", o.region, o.account, o.state_machine_name);
            fan.map_run_event =
                self.emit(t, "MapRunStarted", history::fields([("mapRunArn", Some(Value::String(arn)))]));
            fan.last_end_event = fan.map_run_event;
        }
        fan.results = vec![Value::Null; fan.inputs.len()];
        fan.next = 0;
        fan.running.clear();
        t.phase = Phase::AwaitChildren;
        let spawned = self.spawn_children(tid, t, &mut fan);
        let done = fan.inputs.is_empty();
        t.fanout = Some(fan);
        if let Err(e) = spawned {
            self.fail(t, e);
            return true;
        }
        if done {
            t.phase = Phase::FanoutDone;
            return true;
        }
        false
    }

    /// Starts children until the concurrency limit is reached.
    fn spawn_children(&mut self, tid: ThreadId, t: &Thread, fan: &mut Fanout) -> Result<(), StatesError> {
        let plan = self.plan.clone();
        let state = &plan.blocks[t.block].states[t.state];
        while fan.next < fan.inputs.len()
            && (fan.max_concurrency == 0 || fan.running.len() < fan.max_concurrency)
        {
            let index = fan.next;
            fan.next += 1;
            let item = &fan.inputs[index];
            let input = match &state.kind {
                Kind::Map(map) => match &map.item_selector {
                    Some(sel) => {
                        let sees =
                            Sees { dollar: Some(&t.effective), item: Some((index, item)), ..Sees::default() };
                        self.payload(t, sel, "ItemSelector", sees)?
                    }
                    None => item.clone(),
                },
                _ => item.clone(),
            };
            let last =
                if fan.is_map && fan.max_concurrency == 1 { fan.last_inner_event } else { fan.started_event };
            let parent = Parent { thread: tid, index, is_map: fan.is_map };
            let silent = t.silent || fan.distributed;
            let scope = self.variables.open(Some(t.scope));
            let child = self.new_thread(fan.block_of(index), input, Some(parent), last, silent, scope);
            fan.running.insert(child);
            self.ready.push_back(child);
        }
        Ok(())
    }

    /// A child thread finished: record its result, start more, or fail the container.
    pub(super) fn child_ended(
        &mut self,
        tid: ThreadId,
        t: &mut Thread,
        parent: Parent,
        result: Result<Value, StatesError>,
    ) {
        let Some(mut p) = self.threads.get_mut(parent.thread).and_then(Option::take) else { return };
        let Some(mut fan) = p.fanout.take() else {
            self.threads[parent.thread] = Some(p);
            return;
        };
        fan.running.remove(&tid);
        match result {
            Ok(output) => {
                let inner = t.last_event;
                let end = if parent.is_map {
                    let details = self.iteration_details_of(&p, parent.index);
                    self.emit(t, "MapIterationSucceeded", details)
                } else {
                    t.last_event
                };
                fan.last_inner_event = inner;
                fan.last_end_event = end;
                if let Some(slot) = fan.results.get_mut(parent.index) {
                    *slot = output;
                }
                let failing = fan.last_end_event;
                self.continue_fanout(parent.thread, &mut p, &mut fan, failing);
            }
            Err(e) if fan.distributed => {
                fan.failures += 1;
                if let Some(slot) = fan.results.get_mut(parent.index) {
                    *slot = json!({"Error": e.error, "Cause": e.cause});
                }
                if fan.over_threshold() {
                    for sibling in std::mem::take(&mut fan.running) {
                        self.abort(sibling, fan.map_run_event);
                    }
                    let err = StatesError::new(
                        crate::error::EXCEED_TOLERATED_FAILURE_THRESHOLD,
                        "The specified tolerated failure threshold was exceeded",
                    );
                    p.phase = Phase::FanoutFailed(err, fan.map_run_event);
                    self.ready.push_back(parent.thread);
                } else {
                    let failing = fan.map_run_event;
                    self.continue_fanout(parent.thread, &mut p, &mut fan, failing);
                }
            }
            Err(e) => {
                let failing = t.last_event;
                if parent.is_map {
                    let details = self.iteration_details_of(&p, parent.index);
                    self.emit(t, "MapIterationFailed", details);
                } else if matches!(self.plan.blocks[t.block].states[t.state].kind, Kind::Task(_)) {
                    // Recorded on AWS: a Task failing a Parallel branch is also reported aborted.
                    self.emit(t, "TaskStateAborted", Details::None);
                }
                for sibling in std::mem::take(&mut fan.running) {
                    self.abort(sibling, failing);
                }
                p.phase = Phase::FanoutFailed(e, failing);
                self.ready.push_back(parent.thread);
            }
        }
        p.fanout = Some(fan);
        self.threads[parent.thread] = Some(p);
    }

    /// After a child ended well (or within tolerance): start the next children, or finish when none is left.
    fn continue_fanout(&mut self, tid: ThreadId, p: &mut Thread, fan: &mut Fanout, failing: EventId) {
        if let Err(e) = self.spawn_children(tid, p, fan) {
            p.phase = Phase::FanoutFailed(e, failing);
            self.ready.push_back(tid);
        } else if fan.running.is_empty() && fan.next >= fan.inputs.len() {
            p.phase = Phase::FanoutDone;
            self.ready.push_back(tid);
        }
    }

    /// Stops a running thread and everything under it, with AWS's `...Aborted` events.
    fn abort(&mut self, tid: ThreadId, cause: EventId) {
        let Some(mut t) = self.threads.get_mut(tid).and_then(Option::take) else { return };
        if let Some(fan) = t.fanout.as_mut() {
            for child in std::mem::take(&mut fan.running) {
                self.abort(child, cause);
            }
        }
        self.variables.close(t.scope);
        self.ready.retain(|&r| r != tid);
        self.timers.retain(|&(_, r, _)| r != tid);
        self.tokens.retain(|_, r| *r != tid);
        if matches!(t.phase, Phase::IterationStart) {
            return;
        }
        let plan = self.plan.clone();
        let aborted = match plan.blocks[t.block].states[t.state].kind {
            Kind::Task(_) => Some("TaskStateAborted"),
            Kind::Wait(_) => Some("WaitStateAborted"),
            Kind::Parallel { .. } => Some("ParallelStateAborted"),
            Kind::Map(_) => Some("MapStateAborted"),
            _ => None,
        };
        t.last_event = cause;
        if let Some(event_type) = aborted.filter(|_| !matches!(t.phase, Phase::Enter | Phase::End(_))) {
            self.emit(&mut t, event_type, Details::None);
            t.last_event = cause;
        }
        if let Some(parent) = t.parent.filter(|p| p.is_map)
            && let Some(Some(p)) = self.threads.get(parent.thread)
        {
            let details = self.iteration_details_of(p, parent.index);
            self.emit(&mut t, "MapIterationAborted", details);
        }
    }

    /// All children succeeded: `...StateSucceeded`, then the state's result processing.
    pub(super) fn fanout_done(&mut self, t: &mut Thread) -> bool {
        let Some(mut fan) = t.fanout.take() else { return true };
        if fan.distributed {
            t.last_event = fan.map_run_event;
            fan.last_end_event = self.emit(t, "MapRunSucceeded", Details::None);
        }
        t.last_event = fan.last_end_event;
        let event_type = if fan.is_map { "MapStateSucceeded" } else { "ParallelStateSucceeded" };
        self.emit(t, event_type, Details::None);
        t.last_event = fan.last_end_event;
        let results = Value::Array(fan.results.clone());
        self.visits.stage(self.info.options.inspect, t, Stage::Result, &results);
        let plan = self.plan.clone();
        let result = self.conclude(t, &plan.blocks[t.block].states[t.state], results);
        t.fanout = Some(fan);
        self.after_work(t, result.map(|o| (o, None)))
    }

    /// A child failed. A retried container starts again straight from the failing event; otherwise
    /// `...StateFailed` precedes the catch or the failure.
    pub(super) fn fanout_failed(&mut self, t: &mut Thread, err: StatesError, failing: EventId) -> bool {
        let is_map = t.fanout.as_ref().is_some_and(|f| f.is_map);
        t.last_event = failing;
        if self.retry(t, &err) {
            return true;
        }
        if t.fanout.as_ref().is_some_and(|f| f.distributed) {
            let ec = [
                ("error", err.error.clone().map(Value::String)),
                ("cause", err.cause.clone().map(Value::String)),
            ];
            self.emit(t, "MapRunFailed", history::fields(ec));
        }
        self.emit(t, if is_map { "MapStateFailed" } else { "ParallelStateFailed" }, Details::None);
        self.fail(t, err);
        true
    }

    pub(super) fn iteration_details_of(&self, map_thread: &Thread, index: usize) -> Details {
        let name = self.plan.blocks[map_thread.block].states[map_thread.state].name.to_string();
        history::fields([("index", Some(json!(index))), ("name", Some(Value::String(name)))])
    }
}

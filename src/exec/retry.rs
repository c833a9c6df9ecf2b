//! Retry and Catch: matching error names, backoff on the virtual clock with seeded jitter, and the
//! catcher's error output (asl-reference §9).

use super::query::Sees;
use super::{Execution, Next, Phase, Thread};
use crate::dataflow;
use crate::error::{self, StatesError};
use crate::history;
use crate::model::Kind;
use serde_json::{Value, json};

const STATE_ERROR_PREFIX: &str = "An error occurred while executing the state '";

impl Execution {
    /// A state failed: retry, catch, or end the thread with the error.
    pub(super) fn fail(&mut self, t: &mut Thread, err: StatesError) {
        let plan = self.plan.clone();
        let state = &plan.blocks[t.block].states[t.state];
        // An error a Parallel branch or Map iteration passes up was reported where it happened.
        let from_child = err.cause.as_ref().is_some_and(|c| c.starts_with(STATE_ERROR_PREFIX));
        let query_failed = err.name() == error::QUERY_EVALUATION_ERROR && !from_child;
        let err = if (err.is_terminal() || query_failed) && !from_child {
            let cause = format!(
                "{STATE_ERROR_PREFIX}{}' (entered at the event id #{}). {}",
                state.name,
                t.entered_event,
                err.cause.unwrap_or_default()
            );
            StatesError { cause: Some(cause), ..err }
        } else {
            err
        };
        if query_failed {
            self.evaluation_failed(t, &err, &state.name);
            // A Map whose items could not be read (it has no children yet) also reports itself failed.
            if matches!(state.kind, Kind::Map(_)) && t.fanout.is_none() {
                self.emit(t, "MapStateFailed", history::Details::None);
            }
        }
        self.visits.error(self.info.options.inspect, t, &err);
        if self.retry(t, &err) {
            return;
        }
        if !err.is_terminal()
            && let Some((i, c)) = state.catch.iter().enumerate().find(|(_, c)| matches(&c.errors, &err))
        {
            // A timeout has no cause; its error output says "" (recorded), other errors keep null.
            let cause = match (&err.cause, err.name()) {
                (None, error::TIMEOUT) => Some(String::new()),
                (c, _) => c.clone(),
            };
            let error_output = json!({"Error": err.error, "Cause": cause});
            // Only the catcher's Assign runs, over the error output.
            t.assigned = None;
            let output = if state.jsonata {
                let prefix = format!("Catch[{i}]/");
                let sees = Sees::error_output(&error_output);
                self.conclude_jsonata(t, c.assign.as_ref(), c.output.as_ref(), &prefix, sees)
                    .map(|o| o.unwrap_or(error_output))
            } else {
                self.assign(t, c.assign.as_ref(), "Assign", Sees::error_output(&error_output))
                    .and_then(|()| dataflow::merge_result(&c.result_path, &t.input, error_output))
            };
            t.phase = match output {
                Ok(output) => Phase::Exit { output, next: Next::State(c.next) },
                Err(e) => Phase::End(Err(e)),
            };
            return;
        }
        t.phase = Phase::End(Err(err));
    }

    /// `EvaluationFailed`, which AWS links to the same event as the failing state's `...StateEntered`.
    fn evaluation_failed(&mut self, t: &mut Thread, err: &StatesError, state: &str) {
        // Recorded: an expression that fails (or a Map input that is no array) links to the event before
        // the state entered; a bad value an expression gave (a Wait `Timestamp`) to the state's own events.
        let expression =
            err.location.is_none() || err.cause.as_ref().is_some_and(|c| c.contains("JSONata expression"));
        let entered = t.entered_event as usize;
        if let Some(e) =
            self.history.events().get(entered.wrapping_sub(1)).filter(|_| !t.silent && expression)
        {
            t.last_event = e.previous_event_id;
        }
        let details = history::fields([
            ("error", err.error.clone().map(Value::String)),
            ("cause", err.cause.clone().map(Value::String)),
            ("location", err.location.clone().map(Value::String)),
            ("state", Some(state.into())),
        ]);
        self.emit(t, "EvaluationFailed", details);
    }

    /// Puts the thread to sleep for the backoff of the first matching retrier, if it has attempts left.
    pub(super) fn retry(&mut self, t: &mut Thread, err: &StatesError) -> bool {
        let plan = self.plan.clone();
        let state = &plan.blocks[t.block].states[t.state];
        if err.is_terminal() {
            return false;
        }
        let Some(i) = state.retry.iter().position(|r| matches(&r.errors, err)) else { return false };
        let r = &state.retry[i];
        if t.retries[i] >= r.max_attempts {
            return false;
        }
        t.retries[i] += 1;
        t.retry_count += 1;
        let mut delay = r.interval_seconds * r.backoff_rate.powi(t.retries[i] as i32 - 1);
        if let Some(max) = r.max_delay_seconds {
            delay = delay.min(max);
        }
        if r.full_jitter {
            delay *= self.rng.next_f64();
        }
        let due = self.clock.now().saturating_add((delay * 1000.0).min(1e15) as i64);
        let again =
            if matches!(state.kind, Kind::Task(_)) { Phase::TaskSchedule } else { Phase::FanoutStart };
        t.phase = Phase::Sleeping { due, then: Box::new(again) };
        true
    }
}

/// Does an `ErrorEquals` list match this error (asl-reference §9.3)?
fn matches(names: &[String], err: &StatesError) -> bool {
    names.iter().any(|n| match n.as_str() {
        error::ALL => true,
        error::TASK_FAILED => err.name() != error::TIMEOUT,
        n => n == err.name(),
    })
}

//! Retry and Catch: matching error names, backoff on the virtual clock with seeded jitter, and the
//! catcher's error output (asl-reference §9).

use super::{Execution, Next, Phase, Thread};
use crate::dataflow;
use crate::error::{self, StatesError};
use crate::model::Kind;
use serde_json::json;

impl Execution {
    /// A state failed: retry, catch, or end the thread with the error.
    pub(super) fn fail(&mut self, t: &mut Thread, err: StatesError) {
        let plan = self.plan.clone();
        let state = &plan.blocks[t.block].states[t.state];
        let err = if err.is_terminal() || err.name() == error::QUERY_EVALUATION_ERROR {
            StatesError {
                error: err.error,
                cause: Some(format!(
                    "An error occurred while executing the state '{}' (entered at the event id #{}). {}",
                    state.name,
                    t.entered_event,
                    err.cause.unwrap_or_default()
                )),
            }
        } else {
            err
        };
        self.visits.error(self.info.options.inspect, t, &err);
        if self.retry(t, &err) {
            return;
        }
        if !err.is_terminal()
            && let Some(c) = state.catch.iter().find(|c| matches(&c.errors, &err))
        {
            // A timeout has no cause; its error output says "" (recorded), other errors keep null.
            let cause = match (&err.cause, err.name()) {
                (None, error::TIMEOUT) => Some(String::new()),
                (c, _) => c.clone(),
            };
            let error_output = json!({"Error": err.error, "Cause": cause});
            // Only the catcher's Assign runs, with `$` = the error output.
            t.assigned = None;
            if let Err(e) = self.assign(t, c.assign.as_ref(), &error_output) {
                t.phase = Phase::End(Err(e));
                return;
            }
            t.phase = match dataflow::merge_result(&c.result_path, &t.input, error_output) {
                Ok(output) => Phase::Exit { output, next: Next::State(c.next) },
                Err(e) => Phase::End(Err(e)),
            };
            return;
        }
        t.phase = Phase::End(Err(err));
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

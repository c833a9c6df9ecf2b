//! JSONPath states' data flow in the executor (asl-reference §2.2): InputPath, Parameters, the state's
//! own work, ResultSelector, ResultPath, OutputPath. JSONata states have theirs in `query.rs`.

use super::inspect::Stage;
use super::query::Sees;
use super::{Execution, Fanout, Next, Phase, Thread, context, next_of};
use crate::dataflow;
use crate::error::{self, StatesError};
use crate::model::{Kind, PathField, State, Test};
use serde_json::Value;
use std::borrow::Cow;

/// The document of an environment that only needs the context object.
static NULL: Value = Value::Null;

impl Execution {
    /// The work of a JSONPath state (other than Task and Fail) right after it is entered.
    pub(super) fn prepare_jsonpath(&mut self, t: &mut Thread, state: &State) -> Result<(), StatesError> {
        context::state_env!(self, t, state, &NULL, None => base);
        let effective = dataflow::select_cow(&state.input_path, &t.input, &base)?;
        self.visits.stage(self.info.options.inspect, t, Stage::AfterInputPath, &effective);
        match &state.kind {
            Kind::Pass { result } => {
                let result = match (result, &state.parameters) {
                    (Some(r), _) => r.clone(),
                    (None, Some(p)) => {
                        let v = p.eval(&base.with_input(&effective), &mut self.rng)?;
                        self.visits.stage(self.info.options.inspect, t, Stage::AfterParameters, &v);
                        v
                    }
                    (None, None) => effective.into_owned(),
                };
                self.visits.stage(self.info.options.inspect, t, Stage::Result, &result);
                self.assign(t, state.assign.as_ref(), "Assign", Sees::dollar(&result))?;
                let output = self.finish_result(t, result)?;
                t.phase = Phase::Exit { output, next: next_of(state.next) };
            }
            Kind::Choice { .. } | Kind::Succeed | Kind::Wait(_) => {
                // These states' output is their effective input and the raw input is not needed again.
                t.effective = match effective {
                    Cow::Borrowed(_) => std::mem::take(&mut t.input),
                    Cow::Owned(v) => v,
                };
                let env = base.with_input(&t.effective);
                match &state.kind {
                    Kind::Choice { rules, default } => {
                        let mut chosen = None;
                        for rule in rules {
                            if let Test::Rule(test) = &rule.test
                                && test.eval(&env)?
                            {
                                chosen = Some((rule.next, rule.assign.as_ref()));
                                break;
                            }
                        }
                        // The matched rule's Assign, or the state's own when Default is taken.
                        let default = default.map(|d| (d, state.assign.as_ref()));
                        let Some((next, assign)) = chosen.or(default) else {
                            return Err(StatesError::new(error::NO_CHOICE_MATCHED, "No Matches!"));
                        };
                        if assign.is_some() {
                            let dollar = t.effective.clone();
                            self.assign(t, assign, "Assign", Sees::dollar(&dollar))?;
                        }
                        let output = self.output_of_effective(t, state)?;
                        t.phase = Phase::Exit { output, next: Next::State(next) };
                    }
                    Kind::Wait(wait) => {
                        let due = self.wait_until(wait, &env, None)?;
                        t.phase = Phase::Sleeping { due, then: Box::new(Phase::WaitDone) };
                    }
                    _ => {
                        let output = self.output_of_effective(t, state)?;
                        t.phase = Phase::Exit { output, next: Next::End };
                    }
                }
            }
            Kind::Parallel { .. } => {
                t.effective = match &state.parameters {
                    Some(p) => p.eval(&base.with_input(&effective), &mut self.rng)?,
                    None => effective.into_owned(),
                };
                self.visits.stage(self.info.options.inspect, t, Stage::AfterParameters, &t.effective);
                t.fanout = Some(Box::new(Fanout::parallel(state, &t.effective)));
                t.phase = Phase::FanoutStart;
            }
            Kind::Map(map) => {
                let fanout = self.map_fanout(t, map, &effective)?;
                t.effective = effective.into_owned();
                t.fanout = Some(Box::new(fanout));
                t.phase = Phase::FanoutStart;
            }
            Kind::Task(_) | Kind::Fail { .. } => {}
        }
        Ok(())
    }

    /// OutputPath over the effective input, for states whose output is their input (Choice, Succeed, Wait).
    pub(super) fn output_of_effective(&self, t: &mut Thread, state: &State) -> Result<Value, StatesError> {
        if matches!(state.output_path, PathField::Whole) {
            return Ok(std::mem::take(&mut t.effective));
        }
        context::state_env!(self, t, state, &t.effective, None => env);
        dataflow::select(&state.output_path, &t.effective, &env)
    }

    /// ResultSelector is the caller's; here: ResultPath then OutputPath then the size limit.
    pub(super) fn finish_result(&mut self, t: &Thread, result: Value) -> Result<Value, StatesError> {
        let plan = self.plan.clone();
        let state = &plan.blocks[t.block].states[t.state];
        let merged = dataflow::merge_result(&state.result_path, &t.input, result)?;
        self.visits.stage(self.info.options.inspect, t, Stage::AfterResultPath, &merged);
        if matches!(state.output_path, PathField::Whole) {
            return Ok(merged);
        }
        context::state_env!(self, t, state, &merged, None => env);
        dataflow::select(&state.output_path, &merged, &env)
    }

    /// After a Task/Parallel/Map produced its raw result: ResultSelector, ResultPath, OutputPath.
    pub(super) fn process_result(&mut self, t: &Thread, result: Value) -> Result<Value, StatesError> {
        let plan = self.plan.clone();
        let state = &plan.blocks[t.block].states[t.state];
        let selected = match &state.result_selector {
            None => result,
            Some(sel) => {
                context::state_env!(self, t, state, &result, None => env);
                let v = sel.eval(&env, &mut self.rng)?;
                self.visits.stage(self.info.options.inspect, t, Stage::AfterResultSelector, &v);
                v
            }
        };
        self.finish_result(t, selected)
    }
}

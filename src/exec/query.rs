//! What a state's expressions see, in either query language (asl-reference §3): JSONPath templates over
//! `$`, JSONata templates over `$states`, both with the workflow variables in scope. Also the JSONata
//! steps that end a state: `Assign` then `Output`, both over the same `$states`.

use super::{Execution, Fanout, Next, Phase, Thread, context, next_of, plain};
use crate::error::{self, StatesError};
use crate::jsonata;
use crate::model::{ChoiceRule, Kind, Num, Payload, State, Test, Wait};
use serde_json::Value;

/// The JSON type a field needs: its name for causes, and its test.
pub(super) type Expected<'a> = (&'a str, fn(&Value) -> bool);

/// The data one evaluation reads besides the variables.
#[derive(Clone, Copy, Default)]
pub(super) struct Sees<'a> {
    /// `$states.input` when it is not the state's input (a scripted mock reads the task's request).
    pub input: Option<&'a Value>,
    /// `$states.call`: the call a scripted mock answers.
    pub call: Option<u32>,
    /// JSONPath `$` (the effective input, the result, the error output: it depends on the field).
    pub dollar: Option<&'a Value>,
    pub result: Option<&'a Value>,
    pub error_output: Option<&'a Value>,
    /// `Map.Item` of the context object, while a Map builds an item's input.
    pub item: Option<(usize, &'a Value)>,
}

impl<'a> Sees<'a> {
    /// A state's result: `$` in JSONPath, `$states.result` in JSONata.
    pub fn result(v: &'a Value) -> Self {
        Sees { dollar: Some(v), result: Some(v), ..Sees::default() }
    }

    /// A Catcher's error output: `$` in JSONPath, `$states.errorOutput` in JSONata.
    pub fn error_output(v: &'a Value) -> Self {
        Sees { dollar: Some(v), error_output: Some(v), ..Sees::default() }
    }

    pub fn dollar(v: &'a Value) -> Self {
        Sees { dollar: Some(v), ..Sees::default() }
    }
}

impl Execution {
    /// Evaluates a JSONata field of `t`'s state (`field` names it in error causes and locations, and
    /// in the inspection of the visit).
    pub(super) fn query(
        &mut self,
        t: &Thread,
        template: &jsonata::Template,
        field: &str,
        sees: Sees,
    ) -> Result<Value, StatesError> {
        self.query_as(t, template, field, sees, None)
    }

    /// [`Self::query`] for a field that needs one JSON type: `(name, test)`, e.g. `("array", Value::is_array)`.
    pub(super) fn query_as(
        &mut self,
        t: &Thread,
        template: &jsonata::Template,
        field: &str,
        sees: Sees,
        expected: Option<Expected>,
    ) -> Result<Value, StatesError> {
        let seed = self.rng.next_u64();
        let value = self.with_jsonata_env(t, sees, seed, |env| match expected {
            Some((name, accept)) => template.eval_as(field, name, env, accept),
            None => template.eval(field, env),
        })?;
        self.visits.field(self.info.options.inspect, t, field, sees.item.map(|(i, _)| i), &value);
        Ok(value)
    }

    /// Runs `f` over the JSONata environment of `t`'s state: `$states` as `sees` says (the input defaults
    /// to the state's), the context object, the variables in scope, the virtual time and `seed`.
    pub(super) fn with_jsonata_env<R>(
        &self,
        t: &Thread,
        sees: Sees,
        seed: u64,
        f: impl FnOnce(&jsonata::Env) -> R,
    ) -> R {
        let state = &self.plan.blocks[t.block].states[t.state];
        let ctx = context::State::new(state, t.entered_ms, t.retry_count, t.token.as_deref(), sees.item);
        let context = || self.info.context(&ctx);
        let variable = |name: &str| self.variables.lookup(t.scope, name);
        f(&jsonata::Env {
            input: sees.input.unwrap_or(&t.input),
            result: sees.result,
            error_output: sees.error_output,
            call: sees.call,
            context: &context,
            variable: &variable,
            now_ms: self.clock.now(),
            seed,
        })
    }

    /// Evaluates an `Assign`, `ItemSelector`, `Credentials` or `BatchInput` of either language.
    pub(super) fn payload(
        &mut self,
        t: &Thread,
        payload: &Payload,
        field: &str,
        sees: Sees,
    ) -> Result<Value, StatesError> {
        match payload {
            Payload::Jsonata(template) => self.query(t, template, field, sees),
            Payload::Path(template) => {
                let plan = self.plan.clone();
                let state = &plan.blocks[t.block].states[t.state];
                let dollar = sees.dollar.unwrap_or(&t.input);
                context::state_env!(self, t, state, dollar, sees.item => env);
                template.eval(&env, &mut self.rng)
            }
        }
    }

    /// A number field: literal, `...Path` (JSONPath) or JSONata, read from `dollar` in JSONPath states.
    /// `integer` picks AWS's wording for a path that holds something else.
    pub(super) fn number(
        &mut self,
        t: &Thread,
        n: &Num,
        field: &str,
        dollar: &Value,
        integer: bool,
    ) -> Result<f64, StatesError> {
        let path = match n {
            Num::Literal(v) => return Ok(*v),
            Num::Jsonata(template) => {
                let v =
                    self.query_as(t, template, field, Sees::default(), Some(("number", Value::is_number)))?;
                return Ok(v.as_f64().unwrap_or_default());
            }
            Num::Path(p) => p,
        };
        let plan = self.plan.clone();
        let state = &plan.blocks[t.block].states[t.state];
        context::state_env!(self, t, state, dollar, None => env);
        let v = crate::dataflow::select_path(path, &env)?;
        // A string holding the number is accepted too (recorded: `"maxConcurrency": "1"`).
        let parsed = match integer {
            true => v.as_i64().or_else(|| v.as_str().and_then(|s| s.parse().ok())).map(|i| i as f64),
            false => v.as_f64().or_else(|| v.as_str().and_then(|s| s.parse().ok())),
        };
        parsed.ok_or_else(|| {
            let kind = if integer { "integer" } else { "float" };
            StatesError::runtime(format!(
                "The {field}Path field refers to value \"{}\" which is not a valid {kind}: {path}",
                plain(&v)
            ))
        })
    }

    /// The end of a JSONata state's work: `Assign` and `Output` over the same `$states` (`sees`); None
    /// when there is no `Output` (the output is then the state's default). `prefix` locates a Choice
    /// rule's fields (`Choices[0]/`).
    pub(super) fn conclude_jsonata(
        &mut self,
        t: &mut Thread,
        assign: Option<&Payload>,
        output: Option<&jsonata::Template>,
        prefix: &str,
        sees: Sees,
    ) -> Result<Option<Value>, StatesError> {
        self.assign(t, assign, &format!("{prefix}Assign"), sees)?;
        output.map(|template| self.query(t, template, &format!("{prefix}Output"), sees)).transpose()
    }

    /// Task, Parallel and Map after their work: JSONata `Assign`/`Output` over `$states.result`, or
    /// JSONPath `Assign` then ResultSelector, ResultPath and OutputPath.
    pub(super) fn conclude(
        &mut self,
        t: &mut Thread,
        state: &State,
        result: Value,
    ) -> Result<Value, StatesError> {
        if state.jsonata {
            let output = self.conclude_jsonata(
                t,
                state.assign.as_ref(),
                state.output.as_ref(),
                "",
                Sees::result(&result),
            )?;
            return Ok(output.unwrap_or(result));
        }
        self.assign(t, state.assign.as_ref(), "Assign", Sees::result(&result))?;
        self.process_result(t, result)
    }
}

impl Execution {
    /// The work of a JSONata state (other than Task and Fail) right after it is entered (§3.3).
    pub(super) fn prepare_jsonata(&mut self, t: &mut Thread, state: &State) -> Result<(), StatesError> {
        match &state.kind {
            Kind::Pass { .. } | Kind::Succeed => {
                let output = self.conclude_jsonata(
                    t,
                    state.assign.as_ref(),
                    state.output.as_ref(),
                    "",
                    Sees::default(),
                )?;
                let output = output.unwrap_or_else(|| t.input.clone());
                t.phase = Phase::Exit { output, next: next_of(state.next) };
            }
            Kind::Choice { rules, default } => {
                let (assign, output, prefix, next) = match self.choose(t, rules)? {
                    Some((i, rule)) => {
                        (rule.assign.as_ref(), rule.output.as_ref(), format!("Choices[{i}]/"), rule.next)
                    }
                    None => match default {
                        Some(d) => (state.assign.as_ref(), state.output.as_ref(), String::new(), *d),
                        None => return Err(StatesError::new(error::NO_CHOICE_MATCHED, "No Matches!")),
                    },
                };
                let output = self.conclude_jsonata(t, assign, output, &prefix, Sees::default())?;
                let output = output.unwrap_or_else(|| t.input.clone());
                t.phase = Phase::Exit { output, next: Next::State(next) };
            }
            Kind::Wait(wait) => {
                let evaluated = match wait {
                    Wait::Jsonata { template, timestamp } => {
                        let field = if *timestamp { "Timestamp" } else { "Seconds" };
                        Some(self.query(t, template, field, Sees::default())?)
                    }
                    _ => None,
                };
                let due = self.wait_until(wait, &crate::path::Env::of(&t.input), evaluated.as_ref())?;
                t.phase = Phase::Sleeping { due, then: Box::new(Phase::WaitDone) };
            }
            Kind::Parallel { .. } => {
                t.effective = match &state.arguments {
                    Some(a) => self.query(t, a, "Arguments", Sees::default())?,
                    None => t.input.clone(),
                };
                t.fanout = Some(Box::new(Fanout::parallel(state, &t.effective)));
                t.phase = Phase::FanoutStart;
            }
            Kind::Map(map) => {
                let input = t.input.clone();
                t.fanout = Some(Box::new(self.map_fanout(t, map, &input)?));
                t.effective = input;
                t.phase = Phase::FanoutStart;
            }
            Kind::Task(_) | Kind::Fail { .. } => {}
        }
        Ok(())
    }

    /// The first JSONata Choice rule whose `Condition` is true. A condition that is not a boolean fails
    /// the state rather than falling through to `Default`.
    fn choose<'r>(
        &mut self,
        t: &Thread,
        rules: &'r [ChoiceRule],
    ) -> Result<Option<(usize, &'r ChoiceRule)>, StatesError> {
        for (i, rule) in rules.iter().enumerate() {
            if let Test::Condition(c) = &rule.test {
                let field = format!("Choices[{i}]/Condition");
                let v = self.query_as(t, c, &field, Sees::default(), Some(("boolean", Value::is_boolean)))?;
                if v == Value::Bool(true) {
                    return Ok(Some((i, rule)));
                }
            }
        }
        Ok(None)
    }
}

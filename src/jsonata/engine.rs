//! The JSONata evaluator proper (the Cargo feature `jsonata`): `jlens-core` with Step Functions'
//! functions, deterministic time and randomness, and step and depth limits.

use super::{Context, JsonataError, Reads};
use crate::rng::Rng;
use jlens_core::{Bindings, Expression, HostFunction, Node, NodeKind, Options};
use serde_json::Value;
use std::cell::Cell;

/// Evaluation steps one expression may take: ample for real workflows, and it stops a hostile
/// expression (an infinite recursion, a huge range) in well under a second.
const MAX_STEPS: u64 = 10_000_000;
/// Nesting depth of an evaluation; jsonata-js's own tests use far less.
const MAX_DEPTH: usize = 500;
/// Items of an array and bytes of a string or a result that an evaluation may build, in Step
/// Functions' dialect: far above what a 256 KiB payload needs, and low enough that a hostile
/// `[1..9999999]` cannot take the page's memory (the reference language keeps jlens's defaults).
const MAX_ARRAY_ITEMS: usize = 1 << 20;
const MAX_TEXT_BYTES: usize = 1 << 24;

/// A compiled JSONata expression.
#[derive(Clone, Debug)]
pub struct Expr {
    compiled: Expression,
}

impl From<jlens_core::Error> for JsonataError {
    fn from(e: jlens_core::Error) -> Self {
        JsonataError { code: e.code().to_string(), message: e.message(), position: e.position() }
    }
}

impl Expr {
    pub fn compile(text: &str) -> Result<Expr, JsonataError> {
        Ok(Expr { compiled: Expression::compile(text)? })
    }

    pub fn source(&self) -> &str {
        self.compiled.source()
    }

    /// What the expression reads of an input document outside any predicate or function: a field name,
    /// `$` or `$$`. Step Functions gives its expressions no input document, so it refuses these.
    pub fn top_level_reference(&self) -> Option<String> {
        top_level_reference(&self.compiled.ast().root)
    }

    /// What it reads of its bindings (`$states`, variables).
    pub fn reads(&self) -> Reads {
        let reads = self.compiled.reads();
        let fields = |read: &jlens_core::reads::Read| read.fields().map(|f| f.keys().cloned().collect());
        Reads {
            every: reads.every_binding(),
            bindings: reads.bindings().iter().map(|(name, read)| (name.clone(), fields(read))).collect(),
        }
    }

    /// Does it give a function (which has no JSON form), as `function($x){$x}` or `$f := ...`?
    pub fn returns_function(&self) -> bool {
        returns_function(&self.compiled.ast().root)
    }

    /// Evaluates against `input` (`None`: no input). `Ok(None)` means the result is undefined.
    pub fn evaluate(&self, input: Option<&Value>, ctx: &Context) -> Result<Option<Value>, JsonataError> {
        self.evaluate_in(input, &ctx.scope())
    }

    /// Evaluates with bindings prepared once for several expressions.
    pub fn evaluate_in(&self, input: Option<&Value>, scope: &Scope) -> Result<Option<Value>, JsonataError> {
        let outer = DRAWS.replace((scope.seed, scope.draws.get()));
        let result = self.compiled.evaluate_with(input, &scope.bindings, &scope.options);
        scope.draws.set(DRAWS.replace(outer).1);
        Ok(result?)
    }
}

/// The variables, functions and limits of evaluations, prepared once (binding copies each value).
pub struct Scope {
    bindings: Bindings,
    options: Options,
    seed: u64,
    /// `$uuid()` and unseeded `$random()` calls so far: each draws the next number of the seed.
    draws: Cell<u64>,
}

thread_local! {
    /// Step Functions' functions, built once: they read the running evaluation's seed from [`DRAWS`].
    static AWS_FUNCTIONS: Bindings = aws_functions();
    /// The seed of the evaluation running on this thread, and its draws so far.
    static DRAWS: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
}

impl Scope {
    /// Binds one more variable (`name` without the `$`), taking the value without copying it.
    pub fn with(mut self, name: &str, value: Value) -> Scope {
        self.bindings = self.bindings.var(name, value);
        self
    }
}

impl Context<'_> {
    pub fn scope(&self) -> Scope {
        let mut bindings =
            if self.reference_language { Bindings::new() } else { AWS_FUNCTIONS.with(Bindings::clone) };
        for (name, value) in self.variables {
            bindings = bindings.var(*name, value.clone());
        }
        let mut options = Options::new().now(self.now_ms);
        options.seed = Some(self.seed);
        options.max_steps = Some(MAX_STEPS);
        options.max_depth = Some(self.max_depth.unwrap_or(MAX_DEPTH).min(MAX_DEPTH));
        if !self.reference_language {
            options.max_array_length = Some(MAX_ARRAY_ITEMS);
            options.max_string_length = Some(MAX_TEXT_BYTES);
            options.max_result_size = Some(MAX_TEXT_BYTES);
        }
        Scope { bindings, options, seed: self.seed, draws: Cell::new(0) }
    }
}

fn top_level_reference(node: &Node) -> Option<String> {
    fn first<'a>(mut nodes: impl Iterator<Item = &'a Node>) -> Option<String> {
        nodes.find_map(top_level_reference)
    }
    match &node.kind {
        NodeKind::Name { name } => Some(name.clone()),
        NodeKind::Variable { name } if name.is_empty() || name == "$" => Some(format!("${name}")),
        // Later steps read what the first one gave; predicates and functions have their own context.
        NodeKind::Path { steps, .. } => steps.first().and_then(top_level_reference),
        NodeKind::Binary { lhs, rhs, .. }
        | NodeKind::Fallback { lhs, rhs, .. }
        | NodeKind::Apply { lhs, rhs } => first([lhs.as_ref(), rhs.as_ref()].into_iter()),
        NodeKind::Negate { expr } => top_level_reference(expr),
        NodeKind::Bind { rhs, .. } => top_level_reference(rhs),
        NodeKind::Array { items: nodes } | NodeKind::Block { exprs: nodes, .. } => first(nodes.iter()),
        NodeKind::Function { args, .. } | NodeKind::Partial { args, .. } => first(args.iter()),
        NodeKind::Object { pairs } => first(pairs.iter().flat_map(|(k, v)| [k, v])),
        NodeKind::Condition { condition, then, otherwise } => {
            first([condition.as_ref(), then.as_ref()].into_iter().chain(otherwise.as_deref()))
        }
        _ => None,
    }
}

fn returns_function(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Lambda(_) | NodeKind::Partial { .. } | NodeKind::Transform(_) => true,
        NodeKind::Bind { rhs, .. } => returns_function(rhs),
        NodeKind::Block { exprs, .. } => exprs.last().is_some_and(returns_function),
        _ => false,
    }
}

/// The functions Step Functions adds to JSONata (asl-reference §3.6), and `$eval` taken away: bound as
/// a plain variable, calling it fails like calling any undefined function (`T1006`).
fn aws_functions() -> Bindings {
    // `$uuid()` and unseeded `$random()` draw from the evaluation's seed, one draw per call.
    let next = || {
        let (seed, n) = DRAWS.get();
        DRAWS.set((seed, n + 1));
        Rng::new(seed ^ n.wrapping_mul(0x9E37_79B9))
    };
    Bindings::new()
        .var("eval", Value::Null)
        .function(
            "partition",
            host(2, |args| {
                let items = args.first()?.as_ref()?.as_array()?;
                let size = whole(args.get(1)?)?;
                (size >= 1).then(|| {
                    Value::Array(items.chunks(size as usize).map(|c| Value::Array(c.to_vec())).collect())
                })
            }),
        )
        .function(
            "range",
            host(3, |args| {
                let [a, b, c] = [whole(args.first()?)?, whole(args.get(1)?)?, whole(args.get(2)?)?];
                let range = crate::intrinsics::array_range(
                    i32::try_from(a).ok()?,
                    i32::try_from(b).ok()?,
                    i32::try_from(c).ok()?,
                )?;
                // A JSONata sequence: one number comes back alone (recorded: `$range(1, 9, 9)` is `1`).
                match range {
                    Value::Array(mut one) if one.len() == 1 => one.pop(),
                    other => Some(other),
                }
            }),
        )
        .function(
            "hash",
            host(2, |args| {
                let data = args.first()?.as_ref()?.as_str()?;
                let alg = args.get(1)?.as_ref()?.as_str()?;
                crate::intrinsics::hash(data, alg).map(Value::String)
            }),
        )
        .function(
            "parse",
            host(1, |args| crate::intrinsics::string_to_json(args.first()?.as_ref()?.as_str()?)),
        )
        .function(
            "random",
            host(1, move |args| {
                let n = match args.first().and_then(|a| a.as_ref()) {
                    Some(seed) => java_random_double(whole(&Some(seed.clone()))?),
                    None => next().next_f64(),
                };
                serde_json::Number::from_f64(n).map(Value::Number)
            }),
        )
        .function("uuid", host(0, move |_| Some(Value::String(next().uuid()))))
}

/// `new java.util.Random(seed).nextDouble()`: what AWS's seeded `$random(seed)` returns, bit for bit
/// (`$random(42)` is 0.7275636800328681, measured in floci-io/floci#2662).
fn java_random_double(seed: i64) -> f64 {
    const MULTIPLIER: u64 = 0x5_DEEC_E66D;
    const MASK: u64 = (1 << 48) - 1;
    let mut state = (seed as u64 ^ MULTIPLIER) & MASK;
    let mut next = |bits: u32| {
        state = (state.wrapping_mul(MULTIPLIER).wrapping_add(0xB)) & MASK;
        state >> (48 - bits)
    };
    let high = next(26);
    let low = next(27);
    ((high << 27) + low) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A host function whose `None` answer means its arguments were invalid.
fn host(arity: usize, f: impl Fn(&[Option<Value>]) -> Option<Value> + Send + Sync + 'static) -> HostFunction {
    HostFunction::new(arity, move |args, _| match f(args) {
        Some(v) => Ok(Some(v)),
        None => Err(jlens_core::Error::new("D3001").with("message", "Invalid arguments")),
    })
}

/// An integer argument; fractions are rounded down, as AWS documents for these functions.
fn whole(v: &Option<Value>) -> Option<i64> {
    let f = v.as_ref()?.as_f64()?;
    f.is_finite().then(|| f.floor() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn eval(expr: &str, input: Value) -> Result<Option<Value>, JsonataError> {
        Expr::compile(expr)?.evaluate(Some(&input), &Context::default())
    }

    #[test]
    fn expressions_evaluate_with_variables() {
        let vars = [("kind", json!("a"))];
        let ctx = Context { variables: &vars, ..Context::default() };
        let input =
            json!({"items": [{"type": "a", "price": 2.5, "qty": 4}, {"type": "b", "price": 1, "qty": 1}]});
        let e = Expr::compile("$sum(items[type = $kind].(price * qty))").unwrap();
        assert_eq!(e.evaluate(Some(&input), &ctx), Ok(Some(json!(10))));
        assert_eq!(eval("nothing", json!({})), Ok(None));
    }

    #[test]
    fn time_comes_from_the_virtual_clock() {
        let ctx = Context { now_ms: 1_704_067_200_000, ..Context::default() };
        let e = Expr::compile("$now()").unwrap();
        assert_eq!(e.evaluate(None, &ctx), Ok(Some(json!("2024-01-01T00:00:00.000Z"))));
    }

    #[test]
    fn aws_functions_are_there_and_eval_is_not() {
        assert_eq!(eval("$partition([1,2,3,4,5], 2.7)", json!(null)), Ok(Some(json!([[1, 2], [3, 4], [5]]))));
        assert_eq!(eval("$range(0, 10, 3)", json!(null)), Ok(Some(json!([0, 3, 6, 9]))));
        assert_eq!(eval("$range(9, 0, -4)", json!(null)), Ok(Some(json!([9, 5, 1]))));
        assert_eq!(
            eval("$hash('input data', 'SHA-1')", json!(null)),
            Ok(Some(json!("aaff4a450a104cd177d28d18d74485e8cae074b7")))
        );
        assert_eq!(eval("$parse('{\"a\": [1]}').a", json!(null)), Ok(Some(json!([1]))));
        let seeded = eval("[$random(7), $random(7)]", json!(null)).unwrap().unwrap();
        assert_eq!(seeded[0], seeded[1]);
        assert_eq!(eval("$random(42)", json!(null)), Ok(Some(json!(0.7275636800328681))));
        let uuids = eval("[$uuid(), $uuid()]", json!(null)).unwrap().unwrap();
        assert_ne!(uuids[0], uuids[1]);
        assert_eq!(uuids[0].as_str().map(str::len), Some(36));
        assert_eq!(eval("$eval('1 + 1')", json!(null)).unwrap_err().code, "T1006");
        assert_eq!(eval("$partition([1], 0)", json!(null)).unwrap_err().code, "D3001");
    }

    #[test]
    fn unseeded_randomness_follows_the_execution_seed() {
        let run = |seed| {
            let ctx = Context { seed, ..Context::default() };
            Expr::compile("[$random(), $uuid()]").unwrap().evaluate(None, &ctx).unwrap()
        };
        assert_eq!(run(1), run(1));
        assert_ne!(run(1), run(2));
    }

    #[test]
    fn errors_carry_code_and_position_and_runaways_stop() {
        let err = Expr::compile("Account.Order[").unwrap_err();
        assert_eq!(err.code, "S0203");
        let err = eval("($f := function($x) { $f($x + 1) }; $f(0))", json!(null)).unwrap_err();
        assert!(["D1011", "U1006"].contains(&err.code.as_str()), "{err}");
        assert_eq!(eval("$count([1..5000000])", json!(null)).unwrap_err().code, "U1001");
        assert_eq!(eval("$count([1..1000000])", json!(null)), Ok(Some(json!(1_000_000))));
    }
}

//! JSONata expressions (asl-reference §3), evaluated by the `jlens-core` crate behind this small
//! module: compiled once, evaluated deterministically (the simulated clock for `$now()`/`$millis()`,
//! the execution's seed for `$random()`) and bounded in steps, never by wall-clock time.

use jlens_core::{Bindings, Expression, Options};
use serde_json::Value;

/// Evaluation steps one expression may take: ample for real workflows, and it stops a hostile
/// expression (an infinite recursion, a huge range) in well under a second.
const MAX_STEPS: u64 = 10_000_000;
/// Nesting depth of an evaluation; jsonata-js's own tests use far less.
const MAX_DEPTH: usize = 500;

/// A compiled JSONata expression.
#[derive(Clone, Debug)]
pub struct Expr {
    compiled: Expression,
}

/// A JSONata error: its code (`S0202`, `T1006`, ...), message and position in the expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonataError {
    pub code: String,
    pub message: String,
    /// Offset in UTF-16 code units, pointing just after the offending token, when known.
    pub position: Option<usize>,
}

impl std::fmt::Display for JsonataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if let Some(p) = self.position {
            write!(f, " (at position {p})")?;
        }
        Ok(())
    }
}

impl From<jlens_core::Error> for JsonataError {
    fn from(e: jlens_core::Error) -> Self {
        JsonataError { code: e.code().to_string(), message: e.message(), position: e.position() }
    }
}

/// What an evaluation may see besides its input: variables, the virtual time and the seed.
#[derive(Clone, Debug, Default)]
pub struct Context<'a> {
    pub variables: &'a [(&'a str, Value)],
    /// Epoch milliseconds for `$now()` and `$millis()`.
    pub now_ms: i64,
    pub seed: u64,
    /// A tighter nesting limit than the default, when a caller wants one.
    pub max_depth: Option<usize>,
}

impl Expr {
    pub fn compile(text: &str) -> Result<Expr, JsonataError> {
        Ok(Expr { compiled: Expression::compile(text)? })
    }

    pub fn source(&self) -> &str {
        self.compiled.source()
    }

    /// Evaluates against `input` (`None`: no input). `Ok(None)` means the result is undefined.
    pub fn evaluate(&self, input: Option<&Value>, ctx: &Context) -> Result<Option<Value>, JsonataError> {
        let mut bindings = Bindings::new();
        for (name, value) in ctx.variables {
            bindings = bindings.var(*name, value.clone());
        }
        let mut options = Options::new().now(ctx.now_ms);
        options.seed = Some(ctx.seed);
        options.max_steps = Some(MAX_STEPS);
        options.max_depth = Some(ctx.max_depth.unwrap_or(MAX_DEPTH).min(MAX_DEPTH));
        Ok(self.compiled.evaluate_with(input, &bindings, &options)?)
    }
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
    fn errors_carry_code_and_position_and_runaways_stop() {
        let err = Expr::compile("Account.Order[").unwrap_err();
        assert_eq!(err.code, "S0203");
        let err = eval("($f := function($x) { $f($x + 1) }; $f(0))", json!(null)).unwrap_err();
        assert!(["D1011", "U1006"].contains(&err.code.as_str()), "{err}");
    }
}

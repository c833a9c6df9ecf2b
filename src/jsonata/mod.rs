//! JSONata expressions (asl-reference §3), evaluated by the `jlens-core` crate behind this small
//! module: compiled once, evaluated deterministically (the simulated clock for `$now()`/`$millis()`,
//! the execution's seed for `$random()`) and bounded in steps, never by wall-clock time.
//!
//! The evaluator is the Cargo feature `jsonata` (on by default). The playground's lean wasm engine is
//! built without it: there `no_engine.rs` stands in, and every expression fails to compile.

// The only place the feature is read: everything else uses this module's API either way.
#[cfg_attr(not(feature = "jsonata"), path = "no_engine.rs")]
mod engine;
mod template;

pub use engine::{Expr, Scope};
pub use template::{Env, Template, expression_body, type_name};

use serde_json::Value;

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

/// What an evaluation may see besides its input: variables, the virtual time and the seed.
#[derive(Clone, Debug, Default)]
pub struct Context<'a> {
    pub variables: &'a [(&'a str, Value)],
    /// Epoch milliseconds for `$now()` and `$millis()`.
    pub now_ms: i64,
    pub seed: u64,
    /// A tighter nesting limit than the default, when a caller wants one.
    pub max_depth: Option<usize>,
    /// Plain JSONata, without Step Functions' added functions and with `$eval` (the reference suite).
    pub reference_language: bool,
}

/// What an expression reads of its bindings, so that an evaluation binds that and nothing else.
pub struct Reads {
    /// It may read any binding (it calls a function that sees them all).
    pub every: bool,
    /// The bindings it names, each with the fields it reads of it (`None`: it may read all of it).
    pub bindings: Vec<(String, Option<Vec<String>>)>,
}

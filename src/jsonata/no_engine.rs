//! Stands in for `engine.rs` in a build without the Cargo feature `jsonata` (the playground's lean
//! wasm engine, which the page swaps for the full one when a definition uses JSONata): no expression
//! compiles, so a JSONata definition is refused cleanly and nothing else changes.

use super::{Context, JsonataError, Reads};
use serde_json::Value;
use std::convert::Infallible;

/// A compiled expression; none exists in this build, so its methods are never reached.
#[derive(Clone, Debug)]
pub struct Expr(Infallible);

impl Expr {
    pub fn compile(_text: &str) -> Result<Expr, JsonataError> {
        Err(JsonataError {
            code: "Sandbox.NoJsonata".into(),
            message: "this build of the engine has no JSONata evaluator".into(),
            position: None,
        })
    }

    pub fn source(&self) -> &str {
        match self.0 {}
    }

    pub fn top_level_reference(&self) -> Option<String> {
        match self.0 {}
    }

    pub fn reads(&self) -> Reads {
        match self.0 {}
    }

    pub fn returns_function(&self) -> bool {
        match self.0 {}
    }

    pub fn evaluate(&self, _input: Option<&Value>, _ctx: &Context) -> Result<Option<Value>, JsonataError> {
        match self.0 {}
    }

    pub fn evaluate_in(&self, _input: Option<&Value>, _scope: &Scope) -> Result<Option<Value>, JsonataError> {
        match self.0 {}
    }
}

/// Bindings for evaluations; a field value without expressions still asks for one.
pub struct Scope;

impl Scope {
    pub fn with(self, _name: &str, _value: Value) -> Scope {
        self
    }
}

impl Context<'_> {
    pub fn scope(&self) -> Scope {
        Scope
    }
}

//! TEMPORARY stand-in until the real module lands (helper).
use crate::error::StatesError;
use crate::path::Env;
use crate::rng::Rng;
use serde_json::Value;
#[derive(Clone, Debug, PartialEq)]
pub struct Call;
impl Call {
    pub fn parse(_text: &str) -> Result<Call, String> { Err("unsupported".into()) }
    pub fn eval(&self, _env: &Env, _rng: &mut Rng) -> Result<Value, StatesError> { Err(StatesError::intrinsic("x")) }
    pub fn returns_string(&self) -> bool { true }
}
pub fn looks_like_call(text: &str) -> bool { !text.starts_with('$') }

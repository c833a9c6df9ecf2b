//! Runtime errors as AWS reports them: an error name and an optional cause (asl-reference §9).

use serde::{Deserialize, Serialize};

pub const ALL: &str = "States.ALL";
pub const TASK_FAILED: &str = "States.TaskFailed";
pub const RUNTIME: &str = "States.Runtime";
pub const TIMEOUT: &str = "States.Timeout";
pub const RESULT_PATH_MATCH_FAILURE: &str = "States.ResultPathMatchFailure";
pub const NO_CHOICE_MATCHED: &str = "States.NoChoiceMatched";
pub const DATA_LIMIT_EXCEEDED: &str = "States.DataLimitExceeded";
pub const EXCEED_TOLERATED_FAILURE_THRESHOLD: &str = "States.ExceedToleratedFailureThreshold";
pub const QUERY_EVALUATION_ERROR: &str = "States.QueryEvaluationError";
/// A Task with no mocked response left. Ours, not AWS's: a missing mock is a test-setup problem, so
/// like `States.Runtime` it is never retried or caught.
pub const NO_MOCK_RESPONSE: &str = "Sandbox.NoMockResponse";
/// A scripted mock whose expression failed when its Task was called (`{"Return": "{% $nope %}"}`). Ours
/// too, and terminal for the same reason: the mocks, not the workflow, need fixing.
pub const MOCK_ERROR: &str = "Sandbox.MockError";

/// `{error, cause}` exactly as it appears in `ExecutionFailed` and in a Catcher's error output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatesError {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// The JSONata field that failed (`Output/a`, `Items`): the `location` of an `EvaluationFailed` event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

impl StatesError {
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> Self {
        Self::of(Some(error.into()), Some(cause.into()))
    }

    /// An error whose name or cause may be absent (a Fail state, `SendTaskFailure`, a mock).
    pub fn of(error: Option<String>, cause: Option<String>) -> Self {
        StatesError { error, cause, location: None }
    }

    /// `States.QueryEvaluationError` raised by the JSONata field at `location` (when there is one).
    pub fn query(cause: impl Into<String>, location: Option<String>) -> Self {
        StatesError { location, ..Self::new(QUERY_EVALUATION_ERROR, cause) }
    }

    /// `States.Runtime`: never retried, never caught.
    pub fn runtime(cause: impl Into<String>) -> Self {
        Self::new(RUNTIME, cause)
    }

    /// A timeout carries no cause (recorded `TaskTimedOut` / `ExecutionTimedOut` events).
    pub fn timeout() -> Self {
        Self::of(Some(TIMEOUT.into()), None)
    }

    /// The error name used for Retry/Catch matching; an absent name matches only `States.ALL`/`TaskFailed`.
    pub fn name(&self) -> &str {
        self.error.as_deref().unwrap_or("")
    }

    pub fn is_runtime(&self) -> bool {
        self.name() == RUNTIME
    }

    /// Errors that end the execution whatever the Retry and Catch fields say.
    pub fn is_terminal(&self) -> bool {
        matches!(self.name(), RUNTIME | NO_MOCK_RESPONSE | MOCK_ERROR)
    }
}

impl std::fmt::Display for StatesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.name())?;
        if let Some(cause) = &self.cause {
            write!(f, ": {cause}")?;
        }
        Ok(())
    }
}

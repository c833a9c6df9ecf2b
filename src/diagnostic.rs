//! Validation diagnostics in AWS's own terms: severity, code, message, location (asl-reference §15).

use serde::{Deserialize, Serialize};

/// The codes `ValidateStateMachineDefinition` reports. Each doc line shows the smallest trigger.
pub mod code {
    /// Text that is neither JSON nor YAML: `not json`.
    pub const INVALID_JSON_DESCRIPTION: &str = "INVALID_JSON_DESCRIPTION";
    /// Shape or value problems: `{"StartAt": "A"}` (no `States`).
    pub const SCHEMA_VALIDATION_FAILED: &str = "SCHEMA_VALIDATION_FAILED";
    /// A transition to a state outside its `States` block (`"Next": "Nope"`), or a state nothing reaches.
    pub const MISSING_TRANSITION_TARGET: &str = "MISSING_TRANSITION_TARGET";
    /// The top-level `States` has no `End: true`, `Succeed` or `Fail` state: `A -> B -> A`.
    pub const MISSING_END_STATE: &str = "MISSING_END_STATE";
    /// The same state name in two blocks, e.g. in the machine and inside a Parallel branch.
    pub const DUPLICATE_STATE_NAME: &str = "DUPLICATE_STATE_NAME";
    /// A state name that is empty or longer than 80 characters.
    pub const INVALID_STATE_NAME: &str = "INVALID_STATE_NAME";
    /// A Map `Label` that is empty, too long or uses a forbidden character: `"Label": "a b"`.
    pub const INVALID_LABEL_NAME: &str = "INVALID_LABEL_NAME";
    /// Two Map states with the same `Label`.
    pub const DUPLICATE_LABEL_NAME: &str = "DUPLICATE_LABEL_NAME";
    /// A `{% ... %}` string in a JSONata field that is malformed or does not parse: `"Output": "{% 1 + %}"`.
    pub const INVALID_JSONATA_EXPRESSION: &str = "INVALID_JSONATA_EXPRESSION";
    /// A JSONata expression reading what its field does not offer: `"Output": "{% $states.errorOutput %}"`
    /// outside a Catcher.
    pub const UNSUPPORTED_JSONATA_EXPRESSION: &str = "UNSUPPORTED_JSONATA_EXPRESSION";
    /// Nesting beyond what the checker walks (branches in branches, templates in templates).
    pub const TOO_DEEPLY_NESTED: &str = "TOO_DEEPLY_NESTED";
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding. `location` is a JSON-pointer-like path as AWS writes it (`/States/C/Choices[0]/Next`, `/` for
/// the root); it is empty when AWS gives none (`MISSING_END_STATE`, parse errors).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: String,
    pub message: String,
    pub location: String,
    /// Ours, not AWS's: for a problem inside a string value (a JSONata parse error), the UTF-16 index of the
    /// offending character within the string's content, so an editor can underline just that.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<usize>,
}

impl Diagnostic {
    pub fn error(code: &str, message: impl Into<String>, location: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: code.into(),
            message: message.into(),
            location: location.into(),
            offset: None,
        }
    }

    pub fn with_offset(self, offset: Option<usize>) -> Self {
        Diagnostic { offset, ..self }
    }

    pub fn warning(code: &str, message: impl Into<String>, location: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            code: code.into(),
            message: message.into(),
            location: location.into(),
            offset: None,
        }
    }
}

/// `CODE: message at location`, one item of AWS's InvalidDefinition text. A missing location prints as
/// `null`, as CreateStateMachine does (`MISSING_END_STATE: Workflow has no terminal state at null`).
impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let location = if self.location.is_empty() { "null" } else { &self.location };
        write!(f, "{}: {} at {}", self.code, self.message, location)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_matches_aws_item_format() {
        let d =
            Diagnostic::error(code::MISSING_TRANSITION_TARGET, "Missing 'Next' target: B", "/States/A/Next");
        assert_eq!(d.to_string(), "MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next");
        let d = Diagnostic::error(code::MISSING_END_STATE, "Workflow has no terminal state", "");
        assert_eq!(d.to_string(), "MISSING_END_STATE: Workflow has no terminal state at null");
    }

    #[test]
    fn offset_is_serialized_only_when_known() {
        let d = Diagnostic::error(code::INVALID_JSONATA_EXPRESSION, "m", "/Output");
        assert_eq!(serde_json::to_value(&d).unwrap().get("offset"), None);
        let v = serde_json::to_value(d.with_offset(Some(6))).unwrap();
        assert_eq!(v["offset"], 6);
        let back: Diagnostic = serde_json::from_value(v).unwrap();
        assert_eq!(back.offset, Some(6));
    }

    #[test]
    fn severity_serializes_uppercase() {
        let d = Diagnostic::warning("NO_DOLLAR", "m", "/");
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(v["severity"], "WARNING");
    }
}

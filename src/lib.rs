//! ASL Sandbox: an Amazon States Language (AWS Step Functions) interpreter on a simulated clock, with
//! mocked tasks and AWS-shaped execution histories. Deterministic and free of I/O: the CLI (`cli`) and
//! the browser bindings are thin shells over this library.
//!
//! ```
//! use asl_sandbox::exec::{Execution, Options};
//! use serde_json::json;
//!
//! let def = json!({"StartAt": "Wait", "States": {
//!     "Wait": {"Type": "Wait", "Seconds": 86400, "Next": "Done"},
//!     "Done": {"Type": "Pass", "Result": {"ok": true}, "End": true}}});
//! let mut exec = Execution::start(&def, json!({}), Options::default()).unwrap();
//! exec.run(); // a day passes on the virtual clock, instantly
//! assert_eq!(exec.status().as_str(), "SUCCEEDED");
//! assert_eq!(exec.output(), Some(&json!({"ok": true})));
//! assert_eq!(exec.describe()["stopDate"], json!("2024-01-02T00:00:00Z"));
//! ```

pub mod choice;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod clock;
pub mod conformance;
pub mod dataflow;
pub mod diagnostic;
pub mod error;
pub mod exec;
pub mod graph;
pub mod history;
pub mod intrinsics;
pub mod jsonata;
pub mod locate;
pub mod mock;
pub mod model;
pub mod path;
pub mod rng;
pub mod session;
pub mod template;
pub mod timestamp;
pub mod validate;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

//! ASL Sandbox: an Amazon States Language interpreter on a simulated clock.

pub mod choice;
pub mod cli;
pub mod clock;
pub mod conformance;
pub mod dataflow;
pub mod diagnostic;
pub mod error;
pub mod exec;
pub mod history;
pub mod intrinsics;
pub mod mock;
pub mod model;
pub mod path;
pub mod rng;
pub mod template;
pub mod timestamp;
pub mod validate;

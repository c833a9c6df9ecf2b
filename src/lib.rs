//! ASL Sandbox: an Amazon States Language interpreter on a simulated clock.

pub mod choice;
pub mod clock;
pub mod conformance;
pub mod dataflow;
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

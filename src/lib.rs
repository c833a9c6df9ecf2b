//! ASL Sandbox: an Amazon States Language interpreter on a simulated clock.

pub mod error;
pub mod path;
pub mod rng;

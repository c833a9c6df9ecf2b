//! The simulated clock: the only source of "now" for an execution. It never reads the wall clock; it
//! jumps forward when every runnable thread is asleep (Wait states, retry backoff, timeouts).

use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Clock {
    now_ms: i64,
}

/// 2024-01-01T00:00:00Z: the default start of an execution, so runs are reproducible.
pub const DEFAULT_START_MS: i64 = 1_704_067_200_000;

impl Clock {
    pub fn starting_at(ms: i64) -> Self {
        Clock { now_ms: ms }
    }

    pub fn now(&self) -> i64 {
        self.now_ms
    }

    /// Moves time forward to `ms`; never backwards.
    pub fn advance_to(&mut self, ms: i64) {
        self.now_ms = self.now_ms.max(ms);
    }
}

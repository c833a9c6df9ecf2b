//! Wait states on the virtual clock: `Seconds`, `Timestamp`, `SecondsPath`, `TimestampPath` and their
//! runtime errors, worded as recorded on AWS (asl-reference §7).

use super::{Execution, plain};
use crate::error::StatesError;
use crate::model::Wait;
use crate::path::Env;
use crate::timestamp;
use serde_json::Value;

impl Execution {
    /// When a Wait state ends, in epoch milliseconds. `evaluated`: the value of a JSONata `Seconds` or
    /// `Timestamp`, which its state evaluates first.
    pub(super) fn wait_until(
        &self,
        wait: &Wait,
        env: &Env,
        evaluated: Option<&Value>,
    ) -> Result<i64, StatesError> {
        let now = self.clock.now();
        let seconds = |s: i64| -> Result<i64, StatesError> {
            if s > i32::MAX as i64 {
                return Err(StatesError::runtime("Wait state delay is too long."));
            }
            Ok(now + s * 1000)
        };
        let until_timestamp = |text: &str, err: &dyn Fn() -> StatesError| -> Result<i64, StatesError> {
            let nanos = timestamp::parse(text).ok_or_else(err)?;
            // Sub-second parts are truncated, as AWS does.
            let ms = (nanos.div_euclid(1_000_000_000) * 1000) as i64;
            if (ms - now) / 1000 > i32::MAX as i64 {
                return Err(StatesError::runtime("Wait state delay is too long."));
            }
            Ok(ms.max(now))
        };
        match wait {
            Wait::Jsonata { timestamp: true, .. } => {
                let v = evaluated.unwrap_or(&Value::Null);
                let bad = || {
                    let cause = format!(
                        "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {}",
                        plain(v)
                    );
                    StatesError::query(cause, Some("Timestamp".into()))
                };
                until_timestamp(v.as_str().ok_or_else(bad)?, &bad)
            }
            Wait::Jsonata { timestamp: false, .. } => {
                let v = evaluated.unwrap_or(&Value::Null);
                match v.as_u64() {
                    Some(n) => seconds(n.min(i64::MAX as u64) as i64),
                    // The wording is ours: no recorded run shows it.
                    None => Err(StatesError::query(
                        format!("The Seconds field must be a non-negative integer, but was: {}", plain(v)),
                        Some("Seconds".into()),
                    )),
                }
            }
            Wait::Seconds(s) => seconds(*s as i64),
            Wait::Timestamp(text) => until_timestamp(text, &|| StatesError::runtime("invalid timestamp")),
            Wait::SecondsPath(p) => {
                let v = p.select(env).map_err(|_| {
                    StatesError::runtime(format!(
                        "The SecondsPath parameter does not reference an input value: {p}"
                    ))
                })?;
                if let Some(n) = v.as_i64() {
                    if n < 0 {
                        return Err(StatesError::runtime(format!(
                            "The SecondsPath parameter references a negative value: {p} == {n}"
                        )));
                    }
                    return seconds(n);
                }
                Err(StatesError::runtime(format!(
                    "The SecondsPath parameter cannot be parsed as a long value: {p} == {}",
                    plain(&v)
                )))
            }
            Wait::TimestampPath(p) => {
                let v = p.select(env).map_err(|_| {
                    StatesError::runtime(format!(
                        "The TimestampPath parameter does not reference an input value: {p}"
                    ))
                })?;
                let bad = || {
                    StatesError::runtime(format!(
                        "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {p} == {}",
                        plain(&v)
                    ))
                };
                match v.as_str() {
                    Some(s) => until_timestamp(s, &bad),
                    None => Err(bad()),
                }
            }
        }
    }
}

//! WebAssembly bindings for the playground (wasm32 only; the API is www/engine-api.md). Each export
//! has the same four beats: take the arguments, call the engine (`session`, `exec`), serialize the
//! answer, turn any error into a JS `Error`. No ASL logic lives here.

use crate::exec::Execution;
use crate::session::{self, SessionOptions};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn init_panic_hook() {
    console_error_panic_hook::set_once();
}

/// Plain JS objects (not Maps), numbers as numbers: what the page expects.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

#[wasm_bindgen]
pub fn validate(definition: &str) -> Result<JsValue, JsError> {
    to_js(&session::validate_text(definition))
}

#[wasm_bindgen]
pub fn graph(definition: &str) -> Result<JsValue, JsError> {
    to_js(&session::graph_text(definition).map_err(|e| JsError::new(&e))?)
}

/// One execution, driven from the page's worker.
#[wasm_bindgen]
pub struct Session {
    exec: Execution,
}

#[wasm_bindgen]
impl Session {
    #[wasm_bindgen(constructor)]
    pub fn new(definition: &str, input: &str, options: JsValue) -> Result<Session, JsError> {
        let options: SessionOptions = if options.is_undefined() || options.is_null() {
            SessionOptions::default()
        } else {
            serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&format!("bad options: {e}")))?
        };
        let exec = session::start(definition, input, &options).map_err(|e| JsError::new(&e))?;
        Ok(Session { exec })
    }

    pub fn step(&mut self) -> bool {
        self.exec.step()
    }

    pub fn run(&mut self, budget: usize) -> String {
        session::run(&mut self.exec, budget, false).into()
    }

    #[wasm_bindgen(js_name = runUnanswered)]
    pub fn run_unanswered(&mut self, budget: usize) -> String {
        session::run(&mut self.exec, budget, true).into()
    }

    pub fn status(&self) -> String {
        self.exec.status().as_str().into()
    }

    #[wasm_bindgen(js_name = isBlocked)]
    pub fn is_blocked(&self) -> bool {
        self.exec.is_blocked()
    }

    pub fn describe(&self) -> Result<JsValue, JsError> {
        to_js(&self.exec.describe())
    }

    pub fn now(&self) -> String {
        crate::timestamp::format_millis(self.exec.now_ms())
    }

    #[wasm_bindgen(js_name = nowMs)]
    pub fn now_ms(&self) -> f64 {
        self.exec.now_ms() as f64
    }

    #[wasm_bindgen(js_name = eventCount)]
    pub fn event_count(&self) -> usize {
        self.exec.history().len()
    }

    pub fn events(&self, from: usize, to: usize) -> Result<JsValue, JsError> {
        let events = self.exec.history().events();
        let to = to.min(events.len());
        let from = from.min(to);
        let json: Vec<_> = events[from..to].iter().map(|e| e.to_aws_json()).collect();
        to_js(&json)
    }

    #[wasm_bindgen(js_name = stateStatuses)]
    pub fn state_statuses(&self, upto_event: u32) -> Result<JsValue, JsError> {
        to_js(&self.exec.state_statuses(upto_event))
    }

    pub fn inspection(&self, state: &str, upto_event: u32) -> Result<JsValue, JsError> {
        to_js(&self.exec.inspection(state, upto_event))
    }

    #[wasm_bindgen(js_name = pendingTasks)]
    pub fn pending_tasks(&self) -> Result<JsValue, JsError> {
        to_js(&self.exec.pending_tasks())
    }

    #[wasm_bindgen(js_name = sendTaskSuccess)]
    pub fn send_task_success(&mut self, token: &str, output: &str) -> Result<(), JsError> {
        let output = serde_json::from_str(output)
            .map_err(|e| JsError::new(&format!("the output is not JSON: {e}")))?;
        self.exec.send_task_success(token, output).map_err(|e| JsError::new(&e))
    }

    #[wasm_bindgen(js_name = sendTaskFailure)]
    pub fn send_task_failure(&mut self, token: &str, error: &str, cause: &str) -> Result<(), JsError> {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        self.exec.send_task_failure(token, opt(error), opt(cause)).map_err(|e| JsError::new(&e))
    }

    #[wasm_bindgen(js_name = sendTaskHeartbeat)]
    pub fn send_task_heartbeat(&mut self, token: &str) -> Result<(), JsError> {
        self.exec.send_task_heartbeat(token).map_err(|e| JsError::new(&e))
    }

    pub fn snapshot(&self) -> String {
        self.exec.snapshot().to_string()
    }

    pub fn restore(snapshot: &str) -> Result<Session, JsError> {
        let value =
            serde_json::from_str(snapshot).map_err(|e| JsError::new(&format!("not a snapshot: {e}")))?;
        Ok(Session { exec: Execution::restore(&value).map_err(|e| JsError::new(&e))? })
    }
}

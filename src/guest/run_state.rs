//! State of the run in flight on a guest context: logs, tool calls, the program's outcome.
//! Lives on the engine thread only (`Rc`), shared by the host functions the guest calls.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::{Notify, Semaphore};

use crate::error::RunError;
use crate::limits::Limits;
use crate::run::control::{CancelReason, RunControl};
use crate::run::report::{EventSink, JsonText, LogEntry, LogLevel, RunEvent, ToolCallInfo};
use crate::source::PreparedSource;
use crate::tools::{tool_path, CallCancel, CallEventSink, ToolRegistry};

/// The marker appended once when console output exceeds `maxLogBytes`.
pub const LOG_TRUNCATED_MARKER: &str = "[console output truncated: maxLogBytes reached]";

/// What every console entry counts against `maxLogBytes` at least.
pub const MIN_LOG_ENTRY_BYTES: usize = 16;

/// What the program produced: JSON text of its value (`None` = undefined), or an error.
pub type Outcome = Result<Option<String>, RunError>;

/// A call just recorded by [`RunState::begin_call`].
pub struct StartedCall {
  /// Its position in `RunResult.toolCalls`, for [`RunState::finish_call`].
  pub slot: usize,
  pub id: String,
  pub cancel: CallCancel,
  /// Turns what the backend reports during the call into `onEvent` events (if anyone listens).
  pub events: Option<CallEventSink>,
}

pub struct RunState {
  pub limits: Limits,
  pub started: Instant,
  pub control: Arc<RunControl>,
  pub registry: Arc<ToolRegistry>,
  pub source: PreparedSource,
  events: Option<EventSink>,
  call_ids: Arc<AtomicU64>,
  pub concurrency: Arc<Semaphore>,
  logs: RefCell<Vec<LogEntry>>,
  log_bytes: Cell<usize>,
  logs_truncated: Cell<bool>,
  /// Tool calls attempted, counted before their input is serialised.
  call_attempts: Cell<usize>,
  /// Bytes of tool inputs and outputs kept in the call records so far.
  recorded_bytes: Cell<usize>,
  calls: RefCell<Vec<ToolCallInfo>>,
  pending: RefCell<BTreeMap<usize, CallCancel>>,
  outcome: RefCell<Option<Outcome>>,
  settled: Notify,
  /// Warnings found while the program ran (values converted for JSON).
  warnings: RefCell<Vec<String>>,
  /// Rejected promises with no handler yet, by identity, with the error each would report.
  unhandled: RefCell<Vec<(usize, RunError)>>,
}

impl RunState {
  pub fn new(
    limits: Limits,
    control: Arc<RunControl>,
    registry: Arc<ToolRegistry>,
    source: PreparedSource,
    events: Option<EventSink>,
    call_ids: Arc<AtomicU64>,
  ) -> Rc<Self> {
    Rc::new(RunState {
      limits,
      started: Instant::now(),
      concurrency: Arc::new(Semaphore::new(limits.max_concurrent_tool_calls as usize)),
      control,
      registry,
      source,
      events,
      call_ids,
      logs: RefCell::default(),
      log_bytes: Cell::new(0),
      logs_truncated: Cell::new(false),
      call_attempts: Cell::new(0),
      recorded_bytes: Cell::new(0),
      calls: RefCell::default(),
      pending: RefCell::default(),
      outcome: RefCell::default(),
      settled: Notify::new(),
      warnings: RefCell::default(),
      unhandled: RefCell::default(),
    })
  }

  pub fn elapsed_ms(&self) -> f64 {
    self.started.elapsed().as_secs_f64() * 1000.0
  }

  fn emit(&self, event: RunEvent) {
    if let Some(sink) = &self.events {
      sink(event);
    }
  }

  /// Captures one console line, enforcing `maxLogBytes` with a single marker entry.
  pub fn push_log(&self, level: LogLevel, message: String) {
    if self.logs_truncated.get() {
      return;
    }
    // An empty line still costs something, so a flood of `console.log()` is bounded too.
    let used = self.log_bytes.get() + message.len().max(MIN_LOG_ENTRY_BYTES);
    let entry = if used > self.limits.max_log_bytes {
      self.logs_truncated.set(true);
      LogEntry {
        level: LogLevel::Warn,
        message: LOG_TRUNCATED_MARKER.to_string(),
        time_ms: self.elapsed_ms(),
      }
    } else {
      self.log_bytes.set(used);
      LogEntry {
        level,
        message,
        time_ms: self.elapsed_ms(),
      }
    };
    self.emit(RunEvent::log(&entry));
    self.logs.borrow_mut().push(entry);
  }

  /// Counts one more tool call attempt; returns the count so far.
  pub fn count_call_attempt(&self) -> usize {
    let n = self.call_attempts.get() + 1;
    self.call_attempts.set(n);
    n
  }

  /// JSON text to keep in a call record, within `maxRecordedBytes` for the whole run; past it,
  /// a JSON string saying what was left out.
  fn recorded(&self, json: Option<String>) -> Option<JsonText> {
    let json = json?;
    let used = self.recorded_bytes.get() + json.len();
    if used <= self.limits.max_recorded_bytes {
      self.recorded_bytes.set(used);
      return Some(JsonText(json));
    }
    let marker = format!(
      "[not recorded: {} bytes of JSON past maxRecordedBytes]",
      json.len()
    );
    Some(JsonText(serde_json::Value::String(marker).to_string()))
  }

  /// Records a new call to registry entry `index` and emits its `tool-call` event.
  pub fn begin_call(&self, index: usize, input_json: Option<String>) -> StartedCall {
    let entry = &self.registry.entries()[index];
    let record = ToolCallInfo {
      id: format!("call_{}", self.call_ids.fetch_add(1, Ordering::Relaxed) + 1),
      tool: entry.spec.name.clone(),
      namespace: entry.spec.namespace.clone(),
      server: entry.backend.server_name(),
      input: self.recorded(input_json),
      ok: false,
      output: None,
      error: None,
      start_ms: self.elapsed_ms(),
      duration_ms: 0.0,
    };
    self.emit(RunEvent::tool_call(&record));
    let events = self.events.clone().map(|sink| -> CallEventSink {
      // Only what names the call: its input may be large.
      let call = ToolCallInfo {
        id: record.id.clone(),
        tool: record.tool.clone(),
        namespace: record.namespace.clone(),
        server: record.server.clone(),
        input: None,
        ok: false,
        output: None,
        error: None,
        start_ms: record.start_ms,
        duration_ms: 0.0,
      };
      let started = self.started;
      Arc::new(move |event| {
        let at = started.elapsed().as_secs_f64() * 1000.0;
        sink(RunEvent::during_call(&call, event, at))
      })
    });
    let id = record.id.clone();
    let mut calls = self.calls.borrow_mut();
    let slot = calls.len();
    calls.push(record);
    let cancel = CallCancel::default();
    self.pending.borrow_mut().insert(slot, cancel.clone());
    StartedCall {
      slot,
      id,
      cancel,
      events,
    }
  }

  /// Records how call `slot` ended and emits its `tool-result` or `tool-error` event.
  pub fn finish_call(&self, slot: usize, result: Result<Option<String>, String>) {
    if self.pending.borrow_mut().remove(&slot).is_none() {
      return; // already cancelled and reported
    }
    let (output, error) = match result {
      Ok(output) => (self.recorded(output), None),
      Err(message) => (None, Some(crate::error::bounded(message))),
    };
    let mut calls = self.calls.borrow_mut();
    let Some(call) = calls.get_mut(slot) else { return };
    call.duration_ms = self.elapsed_ms() - call.start_ms;
    call.ok = error.is_none();
    call.output = output;
    call.error = error;
    self.emit(RunEvent::tool_done(call));
  }

  /// Cancels every call still pending (their host `ctx.signal` aborts) and returns
  /// `(tool path, call id)` of each.
  pub fn cancel_pending(&self, reason: CancelReason) -> Vec<(String, String)> {
    let pending = std::mem::take(&mut *self.pending.borrow_mut());
    let mut calls = self.calls.borrow_mut();
    let now = self.elapsed_ms();
    let mut names = Vec::new();
    for (slot, cancel) in pending {
      cancel.cancel(reason);
      if let Some(call) = calls.get_mut(slot) {
        call.error = Some(format!("Cancelled: {}", reason.message()));
        call.duration_ms = now - call.start_ms;
        self.emit(RunEvent::tool_done(call));
        names.push((tool_path(call.namespace.as_deref(), &call.tool), call.id.clone()));
      }
    }
    names
  }

  pub fn set_outcome(&self, outcome: Outcome) {
    let mut slot = self.outcome.borrow_mut();
    if slot.is_none() {
      *slot = Some(outcome);
      self.settled.notify_one();
    }
  }

  /// The program's outcome; a rejection still unhandled when it settled replaces a value.
  pub fn take_outcome(&self) -> Option<Outcome> {
    let outcome = self.outcome.borrow_mut().take();
    match outcome {
      Some(Ok(_)) if !self.unhandled.borrow().is_empty() => {
        Some(Err(self.unhandled.borrow_mut().remove(0).1))
      }
      other => other,
    }
  }

  /// A promise rejected with no handler (see `guest::rejections`).
  pub fn rejection_unhandled(&self, promise: usize, err: RunError) {
    self.unhandled.borrow_mut().push((promise, err));
  }

  /// A handler was attached to a promise reported unhandled.
  pub fn rejection_handled(&self, promise: usize) {
    self.unhandled.borrow_mut().retain(|(p, _)| *p != promise);
  }

  /// Fails the run if `promise` is still unhandled (the job queue has drained since).
  pub fn fail_if_unhandled(&self, promise: usize) {
    let mut unhandled = self.unhandled.borrow_mut();
    if let Some(i) = unhandled.iter().position(|(p, _)| *p == promise) {
      let (_, err) = unhandled.remove(i);
      drop(unhandled);
      self.set_outcome(Err(err));
    }
  }

  /// Resolves once the program's outcome is known.
  pub async fn settled(&self) {
    if self.outcome.borrow().is_some() {
      return;
    }
    self.settled.notified().await
  }

  pub fn take_logs(&self) -> Vec<LogEntry> {
    std::mem::take(&mut *self.logs.borrow_mut())
  }

  pub fn push_warning(&self, warning: String) {
    self.warnings.borrow_mut().push(warning);
  }

  pub fn take_warnings(&self) -> Vec<String> {
    std::mem::take(&mut *self.warnings.borrow_mut())
  }

  /// `(tool path, output JSON)` of the last few successful calls, newest first (for hints).
  pub fn recent_outputs(&self) -> Vec<(String, String)> {
    let calls = self.calls.borrow();
    (calls.iter().rev())
      .filter(|c| c.ok)
      .filter_map(|c| {
        Some((
          tool_path(c.namespace.as_deref(), &c.tool),
          c.output.as_ref()?.0.clone(),
        ))
      })
      .take(8)
      .collect()
  }

  pub fn take_calls(&self) -> Vec<ToolCallInfo> {
    std::mem::take(&mut *self.calls.borrow_mut())
  }
}

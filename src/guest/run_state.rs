//! State of the run in flight on a guest context: logs, tool calls, the program's outcome.
//! Lives on the engine thread only (`Rc`), shared by the host functions the guest calls.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::{Notify, Semaphore};
use tokio_util::sync::CancellationToken;

use crate::engine::control::RunControl;
use crate::engine::report::{EventSink, LogEntry, LogLevel, RunEvent, ToolCallRecord};
use crate::error::RunError;
use crate::limits::Limits;
use crate::source::PreparedSource;
use crate::tools::ToolRegistry;

/// The marker appended once when console output exceeds `maxLogBytes`.
pub const LOG_TRUNCATED_MARKER: &str = "[console output truncated: maxLogBytes reached]";

/// What the program produced: JSON text of its value (`None` = undefined), or an error.
pub type Outcome = Result<Option<String>, RunError>;

struct PendingCall {
  tool: String,
  cancel: CancellationToken,
  reason: Arc<Mutex<Option<String>>>,
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
  calls: RefCell<Vec<ToolCallRecord>>,
  pending: RefCell<BTreeMap<usize, PendingCall>>,
  outcome: RefCell<Option<Outcome>>,
  settled: Notify,
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
      calls: RefCell::default(),
      pending: RefCell::default(),
      outcome: RefCell::default(),
      settled: Notify::new(),
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
    let time_ms = self.elapsed_ms();
    let used = self.log_bytes.get() + message.len();
    if used > self.limits.max_log_bytes {
      self.logs_truncated.set(true);
      let entry = LogEntry {
        level: LogLevel::Warn,
        message: LOG_TRUNCATED_MARKER.to_string(),
        time_ms,
      };
      self.emit(RunEvent::Log {
        level: entry.level,
        message: entry.message.clone(),
        time_ms,
      });
      self.logs.borrow_mut().push(entry);
      return;
    }
    self.log_bytes.set(used);
    self.emit(RunEvent::Log {
      level,
      message: message.clone(),
      time_ms,
    });
    self.logs.borrow_mut().push(LogEntry {
      level,
      message,
      time_ms,
    });
  }

  pub fn tool_calls_started(&self) -> usize {
    self.calls.borrow().len()
  }

  /// Records a new call to registry entry `index`; returns its slot, id, cancel token and reason cell.
  pub fn begin_call(
    &self,
    index: usize,
    input_json: Option<String>,
  ) -> (usize, String, CancellationToken, Arc<Mutex<Option<String>>>) {
    let entry = &self.registry.entries()[index];
    let id = format!("call_{}", self.call_ids.fetch_add(1, Ordering::Relaxed) + 1);
    let start_ms = self.elapsed_ms();
    self.emit(RunEvent::ToolCall {
      id: id.clone(),
      tool: entry.spec.name.clone(),
      namespace: entry.spec.namespace.clone(),
      input_json: input_json.clone(),
      time_ms: start_ms,
    });
    let mut calls = self.calls.borrow_mut();
    let slot = calls.len();
    calls.push(ToolCallRecord {
      id: id.clone(),
      tool: entry.spec.name.clone(),
      namespace: entry.spec.namespace.clone(),
      input_json,
      ok: None,
      output_json: None,
      error: None,
      start_ms,
      duration_ms: 0.0,
    });
    let cancel = CancellationToken::new();
    let reason = Arc::new(Mutex::new(None));
    self.pending.borrow_mut().insert(
      slot,
      PendingCall {
        tool: entry.spec.path(),
        cancel: cancel.clone(),
        reason: reason.clone(),
      },
    );
    (slot, id, cancel, reason)
  }

  /// Records how call `slot` ended.
  pub fn finish_call(&self, slot: usize, result: Result<Option<String>, String>) {
    if self.pending.borrow_mut().remove(&slot).is_none() {
      return; // already cancelled and reported
    }
    let mut calls = self.calls.borrow_mut();
    let Some(call) = calls.get_mut(slot) else { return };
    call.duration_ms = self.elapsed_ms() - call.start_ms;
    let tool = match &call.namespace {
      Some(ns) => format!("{ns}.{}", call.tool),
      None => call.tool.clone(),
    };
    match result {
      Ok(output) => {
        call.ok = Some(true);
        self.emit(RunEvent::ToolResult {
          id: call.id.clone(),
          tool,
          output_json: output.clone(),
          duration_ms: call.duration_ms,
        });
        call.output_json = output;
      }
      Err(message) => {
        call.ok = Some(false);
        self.emit(RunEvent::ToolError {
          id: call.id.clone(),
          tool,
          error: message.clone(),
          duration_ms: call.duration_ms,
        });
        call.error = Some(message);
      }
    }
  }

  /// Cancels every call still pending (their host `ctx.signal` aborts) and returns
  /// `(tool path, call id)` of each.
  pub fn cancel_pending(&self, reason: &str) -> Vec<(String, String)> {
    let pending = std::mem::take(&mut *self.pending.borrow_mut());
    let mut calls = self.calls.borrow_mut();
    let now = self.elapsed_ms();
    let mut names = Vec::new();
    for (slot, p) in pending {
      if let Ok(mut r) = p.reason.lock() {
        *r = Some(reason.to_string());
      }
      p.cancel.cancel();
      if let Some(call) = calls.get_mut(slot) {
        call.ok = Some(false);
        call.error = Some(format!("Cancelled: {reason}"));
        call.duration_ms = now - call.start_ms;
        self.emit(RunEvent::ToolError {
          id: call.id.clone(),
          tool: p.tool.clone(),
          error: format!("Cancelled: {reason}"),
          duration_ms: call.duration_ms,
        });
        names.push((p.tool, call.id.clone()));
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

  pub fn take_outcome(&self) -> Option<Outcome> {
    self.outcome.borrow_mut().take()
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

  pub fn take_calls(&self) -> Vec<ToolCallRecord> {
    std::mem::take(&mut *self.calls.borrow_mut())
  }
}

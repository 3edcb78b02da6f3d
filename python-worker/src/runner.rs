//! One run: monty's REPL state machine driven to its end. Every tool call is answered with a
//! pending future (tools are awaitables); when every task waits, the calls made so far go to
//! the addon as one batch and the run resumes with their results.

use std::borrow::Cow;
use std::collections::HashMap;
use std::time::Duration;

use monty::{MontyRepl, ReplProgress, ReplStartError};
use monty_types::{
  CompileOptions, DictPairs, ExcType, ExtFunctionResult, MontyClassInstance, MontyClassType, MontyException,
  MontyObject, MontyUuid, NameLookupResult, PrintWriter, PrintWriterCallback, ResourceLimits,
  ResourceTracker,
};

use crate::program::accept_top_level_return;
use crate::protocol::{Call, CallResult, PythonError, Reply, ToolName};
use crate::values::{to_json, to_python, tool_input};

/// The model's file name in tracebacks.
const SCRIPT: &str = "main.py";

/// What the run needs from the addon: sending replies and waiting for a batch's results.
pub trait Host {
  fn send(&mut self, reply: &Reply);
  /// The results of the batch just sent; `None` when the addon is gone.
  fn results(&mut self) -> Option<Vec<CallResult>>;
}

/// The run's limits, as the addon sent them.
pub struct RunLimits {
  pub timeout: Duration,
  pub memory_bytes: usize,
  /// Print output past this many bytes is not sent (the addon would drop it).
  pub max_log_bytes: usize,
}

/// The tools by Python name: plain functions and one level of namespaces.
struct Names {
  by_python: HashMap<String, u32>,
  namespaces: HashMap<String, Vec<(String, String)>>,
}

impl Names {
  fn new(tools: &[ToolName]) -> Names {
    let mut names = Names {
      by_python: HashMap::new(),
      namespaces: HashMap::new(),
    };
    for tool in tools {
      names.by_python.insert(tool.python.clone(), tool.index);
      if let Some((ns, attr)) = tool.python.split_once('.') {
        (names.namespaces.entry(ns.to_string()).or_default()).push((attr.to_string(), tool.python.clone()));
      }
    }
    names
  }

  /// A global name the program read that it never defined: a tool, a namespace of tools (a
  /// named tuple of functions), or undefined (`NameError`).
  fn lookup(&self, name: &str) -> NameLookupResult {
    let function = |python: &str| MontyObject::Function {
      name: python.to_string(),
      docstring: None,
    };
    if let Some(attrs) = self.namespaces.get(name) {
      return NameLookupResult::Value(namespace_object(name, attrs, function));
    }
    if self.by_python.contains_key(name) && !name.contains('.') {
      return NameLookupResult::Value(function(name));
    }
    NameLookupResult::Undefined
  }
}

/// A namespace of tools as a host object whose attributes are the tool functions. Its ids
/// come from its name (one class per namespace); nothing routes to them, every attribute is
/// sent eagerly.
fn namespace_object(
  name: &str,
  attrs: &[(String, String)],
  function: impl Fn(&str) -> MontyObject,
) -> MontyObject {
  let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
    (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
  });
  let id = |n: u128| MontyUuid::from_u128((u128::from(hash) << 64) | n);
  MontyObject::ClassInstance(Box::new(MontyClassInstance {
    class_type: MontyClassType {
      name: name.to_string(),
      id: id(1),
      host_defined: true,
      is_dataclass: false,
      attrs: DictPairs::from(Vec::new()),
    },
    instance_id: id(2),
    attrs: attrs
      .iter()
      .map(|(attr, python)| (MontyObject::String(attr.clone()), function(python)))
      .collect(),
  }))
}

/// Sends each `print()` line as it completes, until `budget` bytes were sent (then a line
/// past it is still sent once, so the addon marks the output truncated, and nothing more).
struct Printer<'h, H: Host> {
  host: &'h mut H,
  line: String,
  budget: usize,
}

impl<H: Host> Printer<'_, H> {
  fn flush(&mut self) {
    if !self.line.is_empty() {
      self.send_line();
    }
  }

  fn send_line(&mut self) {
    let text = std::mem::take(&mut self.line);
    if self.budget == 0 {
      return;
    }
    // Every line costs at least a little, as the addon counts it.
    self.budget = self.budget.saturating_sub(text.len().max(16));
    let mut text = text;
    if text.len() > self.budget.max(1024) {
      let mut cut = self.budget.max(1024);
      while !text.is_char_boundary(cut) {
        cut -= 1;
      }
      text.truncate(cut);
      self.budget = 0;
    }
    self.host.send(&Reply::Print { text });
  }
}

impl<H: Host> PrintWriterCallback for Printer<'_, H> {
  fn stdout_write(&mut self, output: Cow<'_, str>) -> Result<(), MontyException> {
    // A line is never kept past what could still be sent.
    if self.line.len() <= self.budget {
      self.line.push_str(&output);
    }
    Ok(())
  }

  fn stdout_push(&mut self, end: char) -> Result<(), MontyException> {
    if end == '\n' {
      self.send_line();
    } else if self.line.len() <= self.budget {
      self.line.push(end);
    }
    Ok(())
  }
}

/// Runs `code` in `repl` (a session's, or a fresh one) and returns the REPL to keep and the
/// `Done` reply. `None` as the REPL: the addon went away mid-run.
pub fn run<H: Host>(
  repl: MontyRepl,
  code: &str,
  tools: &[ToolName],
  limits: &RunLimits,
  host: &mut H,
) -> (Option<MontyRepl>, Reply) {
  let names = Names::new(tools);
  let mut repl = repl;
  *repl.tracker_mut() = ResourceTracker::new(ResourceLimits {
    max_duration: Some(limits.timeout),
    max_memory: Some(limits.memory_bytes),
    // The addon counts tool calls against maxToolCalls; this is only monty's backstop.
    max_suspensions: usize::MAX,
    ..ResourceLimits::default()
  });
  let code = accept_top_level_return(code);
  let mut printer = Printer {
    host,
    line: String::new(),
    budget: limits.max_log_bytes.saturating_add(1),
  };
  let mut batch: Vec<Call> = Vec::new();
  let mut progress = repl.feed_start(&code, vec![], PrintWriter::Callback(&mut printer));
  let outcome = loop {
    let step = match progress {
      Err(failed) => {
        let ReplStartError { repl, error } = *failed;
        break (Some(repl), Err(error));
      }
      Ok(step) => step,
    };
    let print = PrintWriter::Callback(&mut printer);
    progress = match step {
      ReplProgress::Complete { repl, value } => break (Some(repl), Ok(value)),
      ReplProgress::NameLookup(lookup) => {
        let answer = names.lookup(&lookup.name);
        lookup.resume(answer, print)
      }
      ReplProgress::FunctionCall(call) => match names.by_python.get(&call.function_name) {
        None => {
          let message = format!("{} is not a tool", call.function_name);
          call.resume(MontyException::new(ExcType::NameError, Some(message)), print)
        }
        Some(&index) => match tool_input(&call.function_name, &call.args, &call.kwargs) {
          Err(message) => call.resume(MontyException::new(ExcType::TypeError, Some(message)), print),
          Ok(input) => {
            batch.push(Call {
              call: call.call_id,
              index,
              input,
            });
            call.resume_pending(print)
          }
        },
      },
      ReplProgress::OsCall(call) => {
        let message = "this sandbox has no file system, environment, network or clock access; use the tools";
        let error = MontyException::new(ExcType::PermissionError, Some(message.into()));
        call.resume(ExtFunctionResult::Error(error), print)
      }
      ReplProgress::ResolveFutures(waiting) => {
        printer.flush();
        printer.host.send(&Reply::Calls {
          calls: std::mem::take(&mut batch),
        });
        let Some(results) = printer.host.results() else {
          return (
            None,
            done(Err(MontyException::runtime_error("the addon went away"))),
          );
        };
        let answers = results.into_iter().map(answer).collect();
        waiting.resume(answers, PrintWriter::Callback(&mut printer))
      }
    };
  };
  printer.flush();
  let (repl, result) = outcome;
  (repl, done(result))
}

fn answer(result: CallResult) -> (u32, ExtFunctionResult) {
  let outcome = match (result.value, result.error) {
    (_, Some(error)) => ExtFunctionResult::Error(MontyException::new(
      exception_type(&error.exception),
      Some(error.message),
    )),
    (Some(value), None) => ExtFunctionResult::Return(to_python(&value)),
    (None, None) => ExtFunctionResult::Return(MontyObject::None),
  };
  (result.call, outcome)
}

fn exception_type(name: &str) -> ExcType {
  name.parse().unwrap_or(ExcType::RuntimeError)
}

/// A fresh REPL for a run that keeps no globals.
pub fn fresh_repl() -> MontyRepl {
  MontyRepl::new(SCRIPT, ResourceTracker::default(), CompileOptions::default())
}

fn done(result: Result<MontyObject, MontyException>) -> Reply {
  match result {
    Ok(MontyObject::None) => Reply::Done {
      value: None,
      error: None,
    },
    Ok(value) => Reply::Done {
      value: Some(to_json(&value)),
      error: None,
    },
    Err(exception) => Reply::Done {
      value: None,
      error: Some(python_error(&exception)),
    },
  }
}

/// A Python exception as the addon reports it, with the innermost position in the program.
pub fn python_error(exception: &MontyException) -> PythonError {
  let exc_type = exception.exc_type();
  let message = exception.message().unwrap_or_default().to_string();
  let kind = match exc_type {
    ExcType::MemoryError => "memory",
    ExcType::TimeoutError if message.starts_with("time limit exceeded") => "timeout",
    _ => "program",
  };
  let frame = exception
    .traceback()
    .iter()
    .rev()
    .find(|f| f.filename.starts_with(SCRIPT) || f.filename.starts_with('<'));
  let frame = frame.or(exception.traceback().last());
  PythonError {
    exception: format!("{exc_type}"),
    message,
    kind: kind.to_string(),
    line: frame.map(|f| f.start.line),
    column: frame.map(|f| f.start.column),
    traceback: exception.to_string(),
  }
}

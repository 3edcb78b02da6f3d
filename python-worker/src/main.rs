//! `quickjs-codemode-python`: the Python worker of quickjs-codemode. It runs model-written
//! Python with monty (pydantic's interpreter in Rust) in a process of its own, so that what
//! can end a process (a native stack overflow in the parser, the hard memory cap, a runaway
//! bigint) ends this one and never Node. The addon spawns it, speaks JSON lines with it
//! (`protocol.rs`) and kills it at the run's deadline.
//!
//! Memory: monty-alloc is the global allocator; each run arms it with the run's cap (a
//! `MemoryError` past it, exit code 65 past the hard ceiling a little above it).

mod program;
mod protocol;
mod runner;
mod values;

use std::io::{BufRead, Write};
use std::time::Duration;

use protocol::{CallResult, Reply, Request};

#[global_allocator]
static ALLOC: monty_alloc::LimitedAllocator = monty_alloc::LimitedAllocator;

/// The interpreter's stack: ruff's parser and AST drop recurse per nesting level and per
/// operand of a flat `1+1+…` chain; 256 MiB of address space (touched only as used) carries
/// any source within the addon's size limit.
const STACK_BYTES: usize = 256 * 1024 * 1024;

/// stdin and stdout as the run's [`runner::Host`].
struct Stdio {
  input: std::io::StdinLock<'static>,
  output: std::io::Stdout,
}

impl runner::Host for Stdio {
  fn send(&mut self, reply: &Reply) {
    let mut out = self.output.lock();
    // The addon gone: the next read ends the process.
    let _ = out.write_all(protocol::line(reply).as_bytes());
    let _ = out.flush();
  }

  fn results(&mut self) -> Option<Vec<CallResult>> {
    loop {
      match self.next()? {
        Request::Results { results } => return Some(results),
        Request::Run { .. } => continue, // out of order: ignored
      }
    }
  }
}

impl Stdio {
  fn next(&mut self) -> Option<Request> {
    let mut line = String::new();
    loop {
      line.clear();
      if self.input.read_line(&mut line).ok()? == 0 {
        return None;
      }
      if let Some(request) = protocol::parse(line.trim_end()) {
        return Some(request);
      }
    }
  }
}

fn serve() {
  let mut io = Stdio {
    input: std::io::stdin().lock(),
    output: std::io::stdout(),
  };
  let mut session: Option<monty::MontyRepl> = None;
  while let Some(request) = io.next() {
    let Request::Run {
      code,
      tools,
      timeout_ms,
      memory_bytes,
      max_log_bytes,
      keep_globals,
    } = request
    else {
      continue;
    };
    let repl = match session.take() {
      Some(repl) if keep_globals => repl,
      other => {
        drop(other);
        runner::fresh_repl()
      }
    };
    let memory_bytes = usize::try_from(memory_bytes).unwrap_or(usize::MAX);
    if monty_alloc::set_limit(Some(memory_bytes), false).is_err() {
      std::process::exit(70);
    }
    let limits = runner::RunLimits {
      timeout: Duration::from_millis(timeout_ms),
      memory_bytes,
      max_log_bytes: usize::try_from(max_log_bytes).unwrap_or(usize::MAX),
    };
    let (repl, reply) = runner::run(repl, &code, &tools, &limits, &mut io);
    let Some(repl) = repl else { return };
    session = Some(repl);
    runner::Host::send(&mut io, &reply);
  }
}

/// Ends the worker when its parent (Node) is gone, however it went (even SIGKILL): a busy
/// program never reads the stdin whose end would tell it. Polls the parent's pid.
#[cfg(unix)]
fn exit_with_parent() {
  // SAFETY: getppid has no preconditions and cannot fail.
  let parent = unsafe { libc::getppid() };
  let _ = std::thread::Builder::new()
    .name("parent-watch".into())
    .stack_size(64 * 1024)
    .spawn(move || loop {
      std::thread::sleep(Duration::from_millis(100));
      // SAFETY: as above.
      if unsafe { libc::getppid() } != parent {
        std::process::exit(0);
      }
    });
}

#[cfg(not(unix))]
fn exit_with_parent() {}

fn main() {
  exit_with_parent();
  let worker = std::thread::Builder::new()
    .name("python".into())
    .stack_size(STACK_BYTES)
    .spawn(serve);
  match worker.map(|w| w.join()) {
    Ok(Ok(())) => {}
    _ => std::process::exit(70),
  }
}

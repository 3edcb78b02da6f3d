//! One worker process: spawned with piped stdio, its replies read on a thread of their own
//! into a channel the run awaits, killed (SIGKILL) and reaped when dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

use super::locate::worker_path;
use super::protocol::{self, Reply, Request};

/// How long a worker whose stdout closed may take to exit before it is killed.
const EXIT_GRACE: Duration = Duration::from_secs(1);

/// How much of the worker's stderr is kept for a crash report.
const STDERR_TAIL_BYTES: usize = 2048;

/// A running worker.
pub struct Worker {
  child: Child,
  stdin: ChildStdin,
  replies: UnboundedReceiver<Reply>,
  stderr: Arc<Mutex<String>>,
  /// The thread reading stderr: it ends when the process does (nothing else holds the pipe).
  stderr_reader: Option<std::thread::JoinHandle<()>>,
}

/// How a worker that stopped answering ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Death {
  /// Exit code 65: the memory cap's hard ceiling.
  OutOfMemory,
  /// Any other exit or signal, with what the worker wrote on stderr last.
  Crashed(String),
}

impl Worker {
  /// Starts a worker; `Err` says why it could not be started.
  pub fn spawn() -> Result<Worker, String> {
    let path = worker_path()?;
    Worker::start(Command::new(&path))
      .map_err(|e| format!("The Python worker {} could not be started: {e}", path.display()))
  }

  /// Starts `command` as a worker: piped stdio, no environment.
  fn start(mut command: Command) -> Result<Worker, String> {
    let mut child = command
      .stdin(Stdio::piped())
      .stdout(Stdio::piped())
      .stderr(Stdio::piped())
      .env_clear()
      .spawn()
      .map_err(|e| e.to_string())?;
    let stdin = child.stdin.take().ok_or("no stdin")?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let stderr_pipe = child.stderr.take().ok_or("no stderr")?;
    let (tx, replies) = unbounded_channel();
    let reader = std::thread::Builder::new()
      .name("codemode-python-out".into())
      .spawn(move || {
        for line in BufReader::new(stdout).lines() {
          let Ok(line) = line else { break };
          if let Some(reply) = protocol::parse::<Reply>(&line) {
            if tx.send(reply).is_err() {
              break;
            }
          }
        }
      });
    let stderr = Arc::new(Mutex::new(String::new()));
    let tail = stderr.clone();
    let err_reader = std::thread::Builder::new()
      .name("codemode-python-err".into())
      .spawn(move || keep_tail(stderr_pipe, &tail));
    let (Ok(_), Ok(err_reader)) = (reader, err_reader) else {
      let _ = child.kill();
      let _ = child.wait();
      return Err("The Python worker's reader thread could not be started.".into());
    };
    Ok(Worker {
      child,
      stdin,
      replies,
      stderr,
      stderr_reader: Some(err_reader),
    })
  }

  /// The worker's process id.
  pub fn pid(&self) -> u32 {
    self.child.id()
  }

  /// True while the process has not exited.
  pub fn is_alive(&mut self) -> bool {
    matches!(self.child.try_wait(), Ok(None))
  }

  /// Sends one request; `false` if the worker is gone.
  pub fn send(&mut self, request: &Request) -> bool {
    let line = protocol::line(request);
    self.stdin.write_all(line.as_bytes()).is_ok() && self.stdin.flush().is_ok()
  }

  /// The next reply; `None` once the worker's stdout closed (it exited or was killed).
  pub async fn recv(&mut self) -> Option<Reply> {
    self.replies.recv().await
  }

  /// Kills the worker now (SIGKILL) and reaps it.
  pub fn kill(&mut self) {
    let _ = self.child.kill();
    let _ = self.child.wait();
  }

  /// After `recv` returned `None`: how the worker ended. Its stdout closes as it exits, so the
  /// status comes at once; a worker still there after a moment is killed (never waited on).
  pub fn death(&mut self) -> Death {
    let deadline = Instant::now() + EXIT_GRACE;
    while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
      std::thread::sleep(Duration::from_millis(5));
    }
    let _ = self.child.kill();
    let status = self.child.wait();
    // Everything it wrote on stderr, now that the process is gone.
    if let Some(reader) = self.stderr_reader.take() {
      let _ = reader.join();
    }
    let tail = self
      .stderr
      .lock()
      .map(|s| s.trim().to_string())
      .unwrap_or_default();
    match status {
      Ok(status) if status.code() == Some(OOM_EXIT_CODE) => Death::OutOfMemory,
      Ok(status) => Death::Crashed(describe(status, &tail)),
      Err(e) => Death::Crashed(e.to_string()),
    }
  }
}

impl Drop for Worker {
  fn drop(&mut self) {
    self.kill();
  }
}

/// monty-alloc's exit code past the hard memory ceiling (`monty_types::OOM_EXIT_CODE`).
const OOM_EXIT_CODE: i32 = 65;

fn describe(status: ExitStatus, tail: &str) -> String {
  #[cfg(unix)]
  let how = {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
      (_, Some(signal)) => format!("was ended by signal {signal}"),
      (Some(code), _) => format!("exited with code {code}"),
      _ => "ended".to_string(),
    }
  };
  #[cfg(not(unix))]
  let how = format!("exited with {status}");
  if tail.is_empty() {
    format!("The Python worker {how}.")
  } else {
    format!("The Python worker {how}: {tail}")
  }
}

fn keep_tail(mut pipe: impl Read, tail: &Mutex<String>) {
  let mut buf = [0u8; 1024];
  while let Ok(n) = pipe.read(&mut buf) {
    if n == 0 {
      break;
    }
    let Ok(mut text) = tail.lock() else { break };
    text.push_str(&String::from_utf8_lossy(&buf[..n]));
    if text.len() > STDERR_TAIL_BYTES {
      let mut cut = text.len() - STDERR_TAIL_BYTES;
      while !text.is_char_boundary(cut) {
        cut += 1;
      }
      text.drain(..cut);
    }
  }
}

#[cfg(all(test, unix))]
mod tests {
  use super::*;

  fn shell(script: &str) -> Worker {
    let mut command = Command::new("/bin/sh");
    command.args(["-c", script]);
    Worker::start(command).expect("sh starts")
  }

  fn ended(mut worker: Worker) -> Death {
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    // Whatever it printed that is not a reply is skipped; the stream ends with the process.
    while rt.block_on(worker.recv()).is_some() {}
    worker.death()
  }

  #[test]
  fn replies_are_read_line_by_line() {
    let mut worker =
      shell(r#"read line; echo '{"type":"print","text":"got it"}'; echo 'not json'; echo '{"type":"done"}'"#);
    assert!(worker.send(&Request::Results { results: vec![] }));
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    assert_eq!(
      rt.block_on(worker.recv()),
      Some(Reply::Print {
        text: "got it".into()
      })
    );
    assert_eq!(
      rt.block_on(worker.recv()),
      Some(Reply::Done {
        value: None,
        error: None
      })
    );
    assert_eq!(rt.block_on(worker.recv()), None);
  }

  #[test]
  fn exit_65_is_out_of_memory_and_a_signal_a_crash_with_stderr() {
    assert_eq!(ended(shell("exit 65")), Death::OutOfMemory);
    let Death::Crashed(message) = ended(shell("echo 'thread overflowed its stack' >&2; kill -SEGV $$"))
    else {
      panic!("not a crash")
    };
    assert!(message.contains("signal 11"), "{message}");
    assert!(message.contains("overflowed its stack"), "{message}");
    let Death::Crashed(message) = ended(shell("exit 3")) else {
      panic!("not a crash")
    };
    assert!(message.contains("exited with code 3"), "{message}");
  }

  #[test]
  fn a_dropped_worker_is_killed() {
    let worker = shell("sleep 30");
    let pid = worker.pid() as i32;
    drop(worker);
    // SAFETY: signal 0 only asks whether the process exists.
    let exists = unsafe { libc::kill(pid, 0) } == 0;
    assert!(!exists, "the process is gone (killed and reaped)");
  }
}

//! The last few lines a stdio server wrote to stderr, kept to explain why it failed to start or
//! died ("Error: Cannot find module …").

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::sync::Notify;

/// Bytes of stderr kept.
const KEEP_BYTES: usize = 4096;
/// Characters of the tail shown in a message.
const SHOW_CHARS: usize = 1200;

#[derive(Default)]
struct Inner {
  bytes: Mutex<VecDeque<u8>>,
  ended: Notify,
  done: std::sync::atomic::AtomicBool,
}

/// A ring buffer fed by a task reading the child's stderr to its end.
#[derive(Clone, Default)]
pub struct StderrTail(Arc<Inner>);

impl StderrTail {
  /// Reads `stderr` on the current runtime until it closes.
  pub fn spawn(mut stderr: impl tokio::io::AsyncRead + Unpin + Send + 'static) -> StderrTail {
    let tail = StderrTail::default();
    let inner = tail.0.clone();
    tokio::spawn(async move {
      let mut chunk = [0u8; 1024];
      while let Ok(n @ 1..) = stderr.read(&mut chunk).await {
        if let Ok(mut bytes) = inner.bytes.lock() {
          bytes.extend(&chunk[..n]);
          let excess = bytes.len().saturating_sub(KEEP_BYTES);
          bytes.drain(..excess);
        }
      }
      inner.done.store(true, std::sync::atomic::Ordering::SeqCst);
      inner.ended.notify_waiters();
    });
    tail
  }

  /// Waits up to `wait` for the stream to end (a dying server's last words arrive just after
  /// its stdout closes), then returns the tail.
  pub async fn settled(&self, wait: Duration) -> String {
    let ended = self.0.ended.notified();
    if !self.0.done.load(std::sync::atomic::Ordering::SeqCst) {
      let _ = tokio::time::timeout(wait, ended).await;
    }
    self.text()
  }

  /// The last lines, trimmed, at most [`SHOW_CHARS`] characters (cut at the front).
  pub fn text(&self) -> String {
    let bytes: Vec<u8> = match self.0.bytes.lock() {
      Ok(b) => b.iter().copied().collect(),
      Err(_) => return String::new(),
    };
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim();
    let count = text.chars().count();
    if count <= SHOW_CHARS {
      return text.to_string();
    }
    format!("…{}", text.chars().skip(count - SHOW_CHARS).collect::<String>())
  }

  /// `" Its stderr ended with:\n<tail>"`, or nothing when it wrote none.
  pub fn explain(tail: &str) -> String {
    if tail.is_empty() {
      String::new()
    } else {
      format!("\nIts stderr ended with:\n{tail}")
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[tokio::test]
  async fn keeps_the_end_of_a_long_stream() {
    let (mut writer, reader) = tokio::io::duplex(64);
    let tail = StderrTail::spawn(reader);
    use tokio::io::AsyncWriteExt;
    for i in 0..2000 {
      writer.write_all(format!("line {i}\n").as_bytes()).await.unwrap();
    }
    drop(writer);
    let text = tail.settled(Duration::from_secs(5)).await;
    assert!(text.ends_with("line 1999"), "{text}");
    assert!(text.starts_with('…') && text.chars().count() <= SHOW_CHARS + 1);
    assert!(StderrTail::explain(&text).contains("stderr ended with"));
    assert_eq!(StderrTail::explain(""), "");
  }
}

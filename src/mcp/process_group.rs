//! Stdio servers run in process groups of their own (`npx` makes the real server a grandchild,
//! so killing the direct child is not enough), and every live group is known here, so a close
//! or the host's exit can stop the whole tree.
//!
//! Their own group also means a terminal's Ctrl-C does not reach them directly: the host's exit
//! hooks (`api/exit_hooks.js`) call [`kill_all_now`] instead, and a host killed with SIGKILL
//! leaves them to notice their closed stdin.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::{Duration, Instant};

static LIVE: Mutex<BTreeSet<i32>> = Mutex::new(BTreeSet::new());

/// How long [`kill_all_now`] waits between SIGTERM and SIGKILL.
const EXIT_GRACE: Duration = Duration::from_millis(100);

/// Remembers the live group `pgid` (the pid of its leader).
pub fn register(pgid: i32) {
  if let Ok(mut live) = LIVE.lock() {
    live.insert(pgid);
  }
}

fn forget(pgid: i32) {
  if let Ok(mut live) = LIVE.lock() {
    live.remove(&pgid);
  }
}

/// Sends `signal` to every process of group `pgid`; false if none is left.
fn signal(pgid: i32, signal: i32) -> bool {
  if pgid <= 1 {
    return false; // never the caller's own group or every process
  }
  // SAFETY: kill(2) with a negative pid signals a process group; it touches no memory of ours.
  unsafe { libc::kill(-pgid, signal) == 0 }
}

/// Whether any process of group `pgid` is left (zombies not yet reaped count).
pub fn alive(pgid: i32) -> bool {
  signal(pgid, 0)
}

/// Stops group `pgid`: SIGTERM, up to `grace` to exit, then SIGKILL for whatever is left.
pub async fn terminate(pgid: i32, grace: Duration) {
  if signal(pgid, libc::SIGTERM) {
    let until = Instant::now() + grace;
    while alive(pgid) && Instant::now() < until {
      tokio::time::sleep(Duration::from_millis(20)).await;
    }
    signal(pgid, libc::SIGKILL);
  }
  forget(pgid);
}

/// Stops every live group at once, blocking for at most [`EXIT_GRACE`]: for the host's exit,
/// when there is no time for a polite shutdown. Returns how many groups there were.
pub fn kill_all_now() -> usize {
  let groups: Vec<i32> = match LIVE.lock() {
    Ok(mut live) => std::mem::take(&mut *live).into_iter().collect(),
    Err(_) => return 0,
  };
  let running: Vec<i32> = groups
    .iter()
    .copied()
    .filter(|g| signal(*g, libc::SIGTERM))
    .collect();
  let until = Instant::now() + EXIT_GRACE;
  while running.iter().any(|g| alive(*g)) && Instant::now() < until {
    std::thread::sleep(Duration::from_millis(10));
  }
  for g in &running {
    signal(*g, libc::SIGKILL);
  }
  groups.len()
}

#[cfg(test)]
mod tests {
  use super::*;
  use std::os::unix::process::CommandExt;

  #[tokio::test]
  async fn terminate_stops_a_group_and_its_grandchildren() {
    // A shell (the leader) whose child ignores SIGTERM: only SIGKILL to the group ends both.
    let mut child = std::process::Command::new("sh")
      .args(["-c", "sh -c 'trap \"\" TERM; sleep 30' & wait"])
      .process_group(0)
      .spawn()
      .unwrap();
    let pgid = child.id() as i32;
    register(pgid);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(alive(pgid));
    terminate(pgid, Duration::from_millis(200)).await;
    let _ = child.wait();
    // The grandchild is reparented and reaped by init; give it a moment.
    let until = Instant::now() + Duration::from_secs(2);
    while alive(pgid) && Instant::now() < until {
      tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!alive(pgid), "the group is gone");
    assert!(!LIVE.lock().unwrap().contains(&pgid));
  }

  #[test]
  fn groups_below_two_are_never_signalled() {
    assert!(!signal(0, 0) && !signal(1, 0) && !signal(-5, 0));
  }
}

//! Giving back the stack pages an idle thread no longer uses.
//!
//! Building a sandbox and running a program touch tens of KB of an engine thread's stack
//! (QuickJS's parser and interpreter, rquickjs's futures); once touched, those pages stay
//! resident for the thread's life. A live session owns its thread, so thousands of idle
//! sessions would each keep ~40 KB of dead stack. When a session thread goes idle it discards
//! the pages below its current frame (`MADV_DONTNEED`: the kernel hands back zero pages on the
//! next touch, so nothing changes for the program but a few page faults on its next run).

/// Kept below the caller's frame: room for this function and the `madvise` call itself (a signal
/// handler that runs meanwhile only writes below the stack pointer too, where nothing is live).
#[cfg(target_os = "linux")]
const KEEP_BELOW_FRAME: usize = 4 << 10;

/// Discards the resident pages of the calling thread's stack below its current frame; returns
/// the bytes of address range given back (0 where the platform offers no such call).
///
/// Only for threads this crate spawned (their stacks are ordinary private mappings); call it
/// from a shallow frame, between jobs.
#[cfg(target_os = "linux")]
pub fn release_unused_stack() -> usize {
  let Some((low, _high)) = current_stack_bounds() else {
    return 0;
  };
  let marker = 0u8;
  let frame = std::hint::black_box(&marker) as *const u8 as usize;
  let page = page_size();
  let start = low.div_ceil(page) * page;
  let end = (frame.saturating_sub(KEEP_BELOW_FRAME)) / page * page;
  if end <= start {
    return 0;
  }
  // SAFETY: [start, end) lies inside this thread's own stack mapping, strictly below the live
  // frames (the stack grows down and `end` is KEEP_BELOW_FRAME under this frame), so no live
  // data is there; MADV_DONTNEED on a private anonymous mapping only makes the next touch see
  // zeroed pages, which is what unused stack is allowed to hold.
  let rc = unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED) };
  if rc == 0 {
    end - start
  } else {
    0
  }
}

#[cfg(not(target_os = "linux"))]
pub fn release_unused_stack() -> usize {
  0
}

#[cfg(target_os = "linux")]
fn page_size() -> usize {
  // SAFETY: sysconf has no preconditions.
  let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
  if size > 0 {
    size as usize
  } else {
    4096
  }
}

/// The calling thread's stack as `[low, high)` addresses.
#[cfg(target_os = "linux")]
fn current_stack_bounds() -> Option<(usize, usize)> {
  // SAFETY: the attr is initialised by pthread_getattr_np before it is read and destroyed once;
  // pthread_attr_getstack writes only through the two out-pointers.
  unsafe {
    let mut attr: libc::pthread_attr_t = std::mem::zeroed();
    if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
      return None;
    }
    let mut addr: *mut libc::c_void = std::ptr::null_mut();
    let mut size: libc::size_t = 0;
    let rc = libc::pthread_attr_getstack(&attr, &mut addr, &mut size);
    libc::pthread_attr_destroy(&mut attr);
    if rc != 0 || addr.is_null() {
      return None;
    }
    Some((addr as usize, addr as usize + size))
  }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
  use super::*;

  /// Touches `bytes` of stack below this frame, so there is something to give back.
  #[inline(never)]
  fn touch_stack(bytes: usize) -> u8 {
    let mut buf = [0u8; 64 << 10];
    let n = bytes.min(buf.len());
    for i in (0..n).step_by(512) {
      buf[i] = i as u8;
    }
    std::hint::black_box(&buf)[n / 2]
  }

  fn resident_kb_of_thread_stack() -> usize {
    let (low, high) = current_stack_bounds().unwrap();
    let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
    let mut inside = false;
    let mut rss = 0;
    for line in smaps.lines() {
      if let Some(range) = line.split_whitespace().next().filter(|r| r.contains('-')) {
        if let Some((a, b)) = range.split_once('-') {
          if let (Ok(a), Ok(b)) = (usize::from_str_radix(a, 16), usize::from_str_radix(b, 16)) {
            inside = a < high && b > low;
            continue;
          }
        }
      }
      if inside {
        if let Some(kb) = line.strip_prefix("Rss:") {
          rss += kb
            .trim()
            .trim_end_matches(" kB")
            .trim()
            .parse::<usize>()
            .unwrap_or(0);
        }
      }
    }
    rss
  }

  #[test]
  fn a_thread_gives_back_the_stack_it_touched_and_keeps_working() {
    let handle = std::thread::Builder::new()
      .stack_size(2 << 20)
      .spawn(|| {
        std::hint::black_box(touch_stack(60 << 10));
        let touched = resident_kb_of_thread_stack();
        let released = release_unused_stack();
        let after = resident_kb_of_thread_stack();
        // The stack still works (and reads back zeros, then what was written) afterwards.
        let again = touch_stack(60 << 10);
        (touched, released, after, again)
      })
      .unwrap();
    let (touched, released, after, again) = handle.join().unwrap();
    assert!(
      touched >= 60,
      "the test touched 60 KB of stack, smaps says {touched} KB"
    );
    assert!(
      released >= 1 << 20,
      "the untouched range is released too: {released} B"
    );
    assert!(
      after + 40 <= touched,
      "resident stack went from {touched} KB to {after} KB"
    );
    assert_eq!(again, touch_stack(60 << 10));
  }
}

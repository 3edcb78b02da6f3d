//! The guest heap allocator: libc malloc with the run's memory limit enforced here, and a flag
//! that records a refused allocation. QuickJS only enforces its own limit with its default
//! allocator; owning the allocator lets a breach end the run as `MEMORY_LIMIT` even when the
//! guest catches the out-of-memory error (or QuickJS can only throw `null`).

use std::cell::Cell;
use std::rc::Rc;

/// Limit and usage shared between a runtime's allocator and its sandbox (same thread).
#[derive(Debug, Default)]
pub struct HeapMeter {
  limit: Cell<usize>,
  used: Cell<usize>,
  exhausted: Cell<bool>,
}

impl HeapMeter {
  pub fn set_limit(&self, limit: usize) {
    self.limit.set(limit);
  }

  /// True once an allocation was refused since the last [`HeapMeter::reset_exhausted`].
  pub fn exhausted(&self) -> bool {
    self.exhausted.get()
  }

  pub fn reset_exhausted(&self) {
    self.exhausted.set(false);
  }

  pub fn used(&self) -> usize {
    self.used.get()
  }

  /// Whether `extra` more bytes fit; records the refusal otherwise.
  fn admit(&self, extra: usize) -> bool {
    let limit = self.limit.get();
    if limit != 0 && self.used.get().saturating_add(extra) > limit {
      self.exhausted.set(true);
      return false;
    }
    true
  }
}

pub struct MeteredAllocator {
  meter: Rc<HeapMeter>,
}

impl MeteredAllocator {
  pub fn new(meter: Rc<HeapMeter>) -> Self {
    MeteredAllocator { meter }
  }
}

fn usable(ptr: *mut u8) -> usize {
  if ptr.is_null() {
    0
  } else {
    // SAFETY: `ptr` is non-null and came from this allocator's malloc/calloc/realloc.
    unsafe { block_size(ptr.cast()) }
  }
}

/// The usable size of a live block from the C allocator, as each platform asks it.
///
/// # Safety
/// `ptr` must be a live block returned by `libc::malloc`, `calloc` or `realloc`.
#[cfg(not(any(target_vendor = "apple", windows)))]
unsafe fn block_size(ptr: *mut libc::c_void) -> usize {
  // SAFETY: forwarded from the caller (glibc, musl and the BSDs have malloc_usable_size).
  unsafe { libc::malloc_usable_size(ptr) }
}

/// The usable size of a live block from the C allocator (macOS: `malloc_size`).
///
/// # Safety
/// `ptr` must be a live block returned by `libc::malloc`, `calloc` or `realloc`.
#[cfg(target_vendor = "apple")]
unsafe fn block_size(ptr: *mut libc::c_void) -> usize {
  // SAFETY: forwarded from the caller; malloc_size reads the zone's record of the block.
  unsafe { libc::malloc_size(ptr.cast_const()) }
}

/// The usable size of a live block from the C allocator (Windows: the CRT's `_msize`).
///
/// # Safety
/// `ptr` must be a live block returned by `libc::malloc`, `calloc` or `realloc`.
#[cfg(windows)]
unsafe fn block_size(ptr: *mut libc::c_void) -> usize {
  extern "C" {
    fn _msize(ptr: *mut libc::c_void) -> usize;
  }
  // SAFETY: forwarded from the caller; the block comes from the same CRT heap `_msize` reads.
  unsafe { _msize(ptr) }
}

// SAFETY: every pointer handed out comes from libc's allocator and is released by it; usage is
// counted with the platform's usable-size query on both sides, so the meter stays exact.
unsafe impl rquickjs::allocator::Allocator for MeteredAllocator {
  fn alloc(&mut self, size: usize) -> *mut u8 {
    if !self.meter.admit(size) {
      return std::ptr::null_mut();
    }
    // SAFETY: malloc has no preconditions; a null result is handled below.
    let ptr = unsafe { libc::malloc(size.max(1)) }.cast::<u8>();
    self.meter.used.set(self.meter.used.get() + usable(ptr));
    ptr
  }

  fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
    let Some(total) = count.checked_mul(size) else {
      return std::ptr::null_mut();
    };
    if !self.meter.admit(total) {
      return std::ptr::null_mut();
    }
    // SAFETY: calloc has no preconditions (it checks the product); a null result is handled below.
    let ptr = unsafe { libc::calloc(count.max(1), size.max(1)) }.cast::<u8>();
    self.meter.used.set(self.meter.used.get() + usable(ptr));
    ptr
  }

  unsafe fn dealloc(&mut self, ptr: *mut u8) {
    self
      .meter
      .used
      .set(self.meter.used.get().saturating_sub(usable(ptr)));
    // SAFETY: the caller (QuickJS) passes a pointer from this allocator, freed once.
    unsafe { libc::free(ptr.cast()) };
  }

  unsafe fn realloc(&mut self, ptr: *mut u8, new_size: usize) -> *mut u8 {
    let old = usable(ptr);
    if new_size > old && !self.meter.admit(new_size - old) {
      return std::ptr::null_mut();
    }
    // SAFETY: the caller passes a pointer from this allocator; on failure it stays valid.
    let out = unsafe { libc::realloc(ptr.cast(), new_size.max(1)) }.cast::<u8>();
    if !out.is_null() {
      self
        .meter
        .used
        .set(self.meter.used.get().saturating_sub(old) + usable(out));
    }
    out
  }

  unsafe fn usable_size(ptr: *mut u8) -> usize {
    usable(ptr)
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use rquickjs::allocator::Allocator;

  #[test]
  fn refuses_past_the_limit_and_tracks_usage() {
    let meter = Rc::new(HeapMeter::default());
    meter.set_limit(1 << 20);
    let mut a = MeteredAllocator::new(meter.clone());
    let p = a.alloc(1000);
    assert!(!p.is_null());
    assert!(meter.used() >= 1000);
    assert!(a.alloc(2 << 20).is_null());
    assert!(meter.exhausted());
    // SAFETY: `p` came from `a.alloc` and is freed once.
    unsafe { a.dealloc(p) };
    assert_eq!(meter.used(), 0);
  }
}

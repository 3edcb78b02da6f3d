//! Data that a module above `tools` derives from one registry snapshot (the discovery search
//! index), built on first use and kept with the snapshot, so every run and session holding that
//! snapshot shares it and a new tool list starts afresh. Typed by its builder: `tools` never
//! learns the types of the modules above it.

use std::any::Any;
use std::sync::{Arc, Mutex};

/// A small map from a type to the one value of that type derived from a registry.
#[derive(Default)]
pub struct Derived {
  values: Mutex<Vec<Arc<dyn Any + Send + Sync>>>,
}

impl Derived {
  /// The value of type `T`, built by `build` the first time it is asked for.
  pub fn get_or_build<T: Any + Send + Sync>(&self, build: impl FnOnce() -> T) -> Arc<T> {
    // A panic while building poisons the lock but leaves the list intact: keep using it.
    let mut values = self
      .values
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(found) = values.iter().find_map(|v| v.clone().downcast::<T>().ok()) {
      return found;
    }
    let built = Arc::new(build());
    values.push(built.clone());
    built
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn builds_each_type_once() {
    let derived = Derived::default();
    let mut builds = 0;
    let a = derived.get_or_build(|| {
      builds += 1;
      42u32
    });
    let b = derived.get_or_build(|| {
      builds += 1;
      7u32
    });
    assert_eq!((*a, *b, builds), (42, 42, 1));
    assert_eq!(*derived.get_or_build(|| String::from("other type")), "other type");
  }
}

//! `ERROR_CODES`: the stable run error codes as a frozen JS object, made from [`ErrorCode::ALL`].
//! Its typings (`RunErrorCode`, `ERROR_CODES`) are in `typings-header.d.ts`, derived from the
//! union on `RunErrorInfo.code`, which a test keeps equal to the same list.

use napi::bindgen_prelude::{JsObjectValue, Object};
use napi::Env;
use napi_derive::napi;

use crate::error::ErrorCode;

/// Adds `ERROR_CODES` to the module's exports when Node loads it.
#[napi(module_exports)]
#[cfg_attr(test, allow(dead_code))] // registered with Node at load; unit tests never load it
pub fn add_error_codes(mut exports: Object, env: Env) -> napi::Result<()> {
  let mut codes = Object::new(&env)?;
  for code in ErrorCode::ALL {
    codes.set_named_property(code.as_str(), code.as_str())?;
  }
  codes.freeze()?;
  exports.set_named_property("ERROR_CODES", codes)
}

#[cfg(test)]
mod tests {
  use super::*;

  /// The typings' union (written once, on `RunErrorInfo.code`) lists exactly `ErrorCode::ALL`.
  #[test]
  fn the_typings_union_matches_the_rust_list() {
    let source = include_str!("result.rs");
    let start = source
      .find("ts_type = \"'SYNTAX_ERROR'")
      .expect("the union in result.rs")
      + "ts_type = \"".len();
    let end = start + source[start..].find('"').unwrap();
    let union: Vec<&str> = source[start..end]
      .split(" | ")
      .map(|c| c.trim_matches('\''))
      .collect();
    let all: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(union, all);
  }
}

//! UTF-8 for `TextEncoder` / `TextDecoder` (WHATWG Encoding Standard). The guest script hands
//! over well-formed strings (lone surrogates already replaced by U+FFFD) and `Uint8Array`s.
//!
//! Bytes live in QuickJS memory (`JS_NewArrayBufferCopy`), so they count against the run's
//! memory limit; the Rust copies made on the way are transient.

use std::ptr::NonNull;

use rquickjs::{Array, ArrayBuffer, Ctx, Exception, Object, TypedArray, Value};

/// Decoder flags passed by `encoding.js`.
const FATAL: u32 = 1;
const STREAM: u32 = 2;

/// The live bytes of a view, or `None` when its buffer is detached or the view is out of bounds
/// (a shrunk resizable buffer): those read as empty, as on the web. QuickJS throws while
/// answering that; the exception is dropped so it cannot surface later.
pub fn view_bytes<'js>(ctx: &Ctx<'js>, view: &TypedArray<'js, u8>) -> Option<NonNull<[u8]>> {
  let raw = view.as_raw();
  if raw.is_none() && ctx.has_exception() {
    let _ = ctx.catch();
  }
  raw
}

/// `encode(string)`: a new `Uint8Array` with the UTF-8 bytes.
pub fn encode<'js>(ctx: &Ctx<'js>, text: &str) -> rquickjs::Result<TypedArray<'js, u8>> {
  let buffer = ArrayBuffer::new_copy(ctx.clone(), text.as_bytes())?;
  TypedArray::from_arraybuffer(buffer)
}

/// `encodeInto(string, uint8Array)`: writes as many whole characters as fit and returns
/// `{ read, written }` (read in UTF-16 code units, as the standard counts them).
pub fn encode_into<'js>(
  ctx: &Ctx<'js>,
  text: &str,
  dest: &TypedArray<'js, u8>,
) -> rquickjs::Result<Object<'js>> {
  let mut read = 0usize;
  let mut written = 0usize;
  if let Some(raw) = view_bytes(ctx, dest) {
    let capacity = raw.len();
    let base = raw.cast::<u8>().as_ptr();
    for ch in text.chars() {
      let len = ch.len_utf8();
      if written + len > capacity {
        break;
      }
      let mut buf = [0u8; 4];
      let bytes = ch.encode_utf8(&mut buf).as_bytes();
      // SAFETY: `base..base + capacity` is the view's live backing store (checked just above by
      // `as_raw`), `written + len <= capacity`, and no JavaScript runs while we write.
      unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), base.add(written), len) };
      written += len;
      read += ch.len_utf16();
    }
  }
  let result = Object::new(ctx.clone())?;
  result.set("read", read as f64)?;
  result.set("written", written as f64)?;
  Ok(result)
}

/// Length of the prefix of `bytes` that does not end in an incomplete (but so far valid) UTF-8
/// sequence; a streaming decoder keeps the rest for the next chunk.
fn complete_prefix(bytes: &[u8]) -> usize {
  let len = bytes.len();
  for start in (len.saturating_sub(3)..len).rev() {
    let b = bytes[start];
    if b < 0x80 {
      return len;
    }
    if b >= 0xC0 {
      return match std::str::from_utf8(&bytes[start..]) {
        Err(e) if e.valid_up_to() == 0 && e.error_len().is_none() => start,
        _ => len,
      };
    }
  }
  len
}

/// `decode(uint8Array, flags)`: the text, with U+FFFD for each maximal invalid subpart (the
/// replacement rule of the Encoding Standard, which `String::from_utf8_lossy` follows), or a
/// TypeError when `FATAL` is set. With `STREAM` it returns `[text, bytesConsumed]`.
pub fn decode<'js>(ctx: &Ctx<'js>, input: &TypedArray<'js, u8>, flags: u32) -> rquickjs::Result<Value<'js>> {
  // Copy out first: nothing below may run JavaScript while a slice of the buffer is alive,
  // and the copy is what becomes the string anyway.
  let bytes: Vec<u8> = match view_bytes(ctx, input) {
    // SAFETY: the pointer is the view's live backing store and no JavaScript runs while it is read.
    Some(raw) => unsafe { raw.as_ref() }.to_vec(),
    None => Vec::new(),
  };
  let end = if flags & STREAM != 0 {
    complete_prefix(&bytes)
  } else {
    bytes.len()
  };
  let slice = &bytes[..end];
  let text = if flags & FATAL != 0 {
    match std::str::from_utf8(slice) {
      Ok(s) => std::borrow::Cow::Borrowed(s),
      Err(_) => {
        return Err(Exception::throw_type(
          ctx,
          "The encoded data was not valid for encoding utf-8",
        ))
      }
    }
  } else {
    String::from_utf8_lossy(slice)
  };
  let text = rquickjs::String::from_str(ctx.clone(), &text)?;
  if flags & STREAM == 0 {
    return Ok(text.into_value());
  }
  let pair = Array::new(ctx.clone())?;
  pair.set(0, text)?;
  pair.set(1, end as f64)?;
  Ok(pair.into_value())
}

#[cfg(test)]
mod tests {
  use super::complete_prefix;

  #[test]
  fn incomplete_tails_are_held_back_and_invalid_ones_are_not() {
    assert_eq!(complete_prefix(b"abc"), 3);
    assert_eq!(complete_prefix(&[0x61, 0xF0, 0x9F, 0x98]), 1);
    assert_eq!(complete_prefix(&[0x61, 0xF0, 0x9F]), 1);
    assert_eq!(complete_prefix(&[0x61, 0xE2]), 1);
    assert_eq!(complete_prefix(&[0xF0, 0x9F, 0x98, 0x80]), 4);
    // E0 80 can never become valid: decode it now (as replacement characters).
    assert_eq!(complete_prefix(&[0x61, 0xE0, 0x80]), 3);
    assert_eq!(complete_prefix(&[0x61, 0x80]), 2);
    assert_eq!(complete_prefix(&[]), 0);
  }
}

//! The `application/x-www-form-urlencoded` parser and serializer of the URL Standard, for
//! `URLSearchParams`, done by the `form_urlencoded` crate (re-exported by `url`).

use rquickjs::{Array, Ctx};
use url::form_urlencoded;

use super::text;

/// `formParse(string)`: the name/value list as a flat array `[n0, v0, n1, v1, ...]`
/// (percent-decoded, `+` as space, invalid UTF-8 as U+FFFD).
pub fn parse<'js>(ctx: &Ctx<'js>, input: &str) -> rquickjs::Result<Array<'js>> {
  let list = Array::new(ctx.clone())?;
  let mut i = 0;
  for (name, value) in form_urlencoded::parse(input.as_bytes()) {
    list.set(i, name.as_ref())?;
    list.set(i + 1, value.as_ref())?;
    i += 2;
  }
  Ok(list)
}

/// `formSerialize(list)`: the flat name/value list serialized (spaces as `+`).
pub fn serialize(list: &Array<'_>) -> rquickjs::Result<String> {
  let mut out = form_urlencoded::Serializer::new(String::new());
  let mut i = 0;
  while i + 1 < list.len() {
    let name: rquickjs::String = list.get(i)?;
    let value: rquickjs::String = list.get(i + 1)?;
    out.append_pair(&text(&name), &text(&value));
    i += 2;
  }
  Ok(out.finish())
}

//! WHATWG URL parsing and setters for the guest's `URL` class, done by the `url` crate (which
//! implements the URL Standard, including the `quirks` module of JS-API setters and getters).

use rquickjs::{Array, Ctx, Exception, Value};
use url::{quirks, Url};

/// The components handed to the guest, in this order (`url.js` reads them by index).
fn components<'js>(ctx: &Ctx<'js>, url: &Url) -> rquickjs::Result<Value<'js>> {
  let parts: [&str; 10] = [
    quirks::href(url),
    quirks::protocol(url),
    quirks::username(url),
    quirks::password(url),
    quirks::host(url),
    quirks::hostname(url),
    quirks::port(url),
    quirks::pathname(url),
    quirks::search(url),
    quirks::hash(url),
  ];
  let array = Array::new(ctx.clone())?;
  for (i, part) in parts.iter().enumerate() {
    array.set(i, *part)?;
  }
  array.set(parts.len(), quirks::origin(url))?;
  Ok(array.into_value())
}

/// `urlParse(input, base?)`: the components of the parsed URL, or `null` when it is invalid.
pub fn parse<'js>(ctx: &Ctx<'js>, input: &str, base: Option<&str>) -> rquickjs::Result<Value<'js>> {
  let parsed = match base {
    None => Url::parse(input),
    Some(base) => match Url::parse(base) {
      Ok(base) => Url::options().base_url(Some(&base)).parse(input),
      Err(_) => return Ok(Value::new_null(ctx.clone())),
    },
  };
  match parsed {
    Ok(url) => components(ctx, &url),
    Err(_) => Ok(Value::new_null(ctx.clone())),
  }
}

/// Which component a setter changes; the numbers are the ones `url.js` passes.
#[derive(Clone, Copy)]
enum Field {
  Href,
  Protocol,
  Username,
  Password,
  Host,
  Hostname,
  Port,
  Pathname,
  Search,
  Hash,
}

impl Field {
  fn from_index(i: u32) -> Option<Field> {
    Some(match i {
      0 => Field::Href,
      1 => Field::Protocol,
      2 => Field::Username,
      3 => Field::Password,
      4 => Field::Host,
      5 => Field::Hostname,
      6 => Field::Port,
      7 => Field::Pathname,
      8 => Field::Search,
      9 => Field::Hash,
      _ => return None,
    })
  }
}

/// `urlSet(href, field, value)`: the components after running the URL Standard's setter for
/// `field` on `href`. Setters other than `href` ignore values they cannot use, as on the web;
/// an invalid `href` throws a TypeError.
pub fn set<'js>(ctx: &Ctx<'js>, href: &str, field: u32, value: &str) -> rquickjs::Result<Value<'js>> {
  let Some(field) = Field::from_index(field) else {
    return Err(Exception::throw_internal(ctx, "unknown URL field"));
  };
  let mut url = match Url::parse(href) {
    Ok(url) => url,
    Err(_) => return Err(Exception::throw_type(ctx, "Invalid URL")),
  };
  match field {
    Field::Href => {
      if quirks::set_href(&mut url, value).is_err() {
        return Err(Exception::throw_type(ctx, &format!("Invalid URL: {value}")));
      }
    }
    Field::Protocol => {
      let _ = quirks::set_protocol(&mut url, value);
    }
    Field::Username => {
      let _ = quirks::set_username(&mut url, value);
    }
    Field::Password => {
      let _ = quirks::set_password(&mut url, value);
    }
    Field::Host => {
      let _ = quirks::set_host(&mut url, value);
    }
    Field::Hostname => {
      let _ = quirks::set_hostname(&mut url, value);
    }
    Field::Port => {
      let _ = quirks::set_port(&mut url, value);
    }
    Field::Pathname => quirks::set_pathname(&mut url, value),
    Field::Search => quirks::set_search(&mut url, value),
    Field::Hash => quirks::set_hash(&mut url, value),
  }
  components(ctx, &url)
}

//! JSON text laid out like `JSON.stringify(value, null, 2)`, for the value in `result_text`.
//! Widths are UTF-16 code units, like JS `string.length`.

/// A layout in progress, and its result.
pub struct Pretty {
  /// The first characters of the laid-out text, at most `cap` of them.
  pub text: String,
  /// The width of the whole laid-out text.
  pub width: usize,
  /// Whether the layout spans lines (a non-empty object or array).
  pub multiline: bool,
  cap: usize,
  full: bool,
}

impl Pretty {
  fn push(&mut self, c: char) {
    let w = c.len_utf16();
    if !self.full && self.width + w <= self.cap {
      self.text.push(c);
    } else {
      self.full = true;
    }
    self.width += w;
  }

  fn newline(&mut self, depth: usize) {
    self.multiline = true;
    self.push('\n');
    if self.full {
      self.width += 2 * depth;
    } else {
      (0..2 * depth).for_each(|_| self.push(' '));
    }
  }
}

/// JSON text laid out like `JSON.stringify(value, null, 2)`: at most `cap` characters of it,
/// and the width of all of it, in one pass. Indentation grows with depth, so the full text can
/// be quadratic in the input; it is counted, never built.
pub fn pretty_json(json: &str, cap: usize) -> Pretty {
  let mut out = Pretty {
    text: String::new(),
    width: 0,
    multiline: false,
    cap,
    full: false,
  };
  let mut depth = 0usize;
  let mut chars = json.chars().peekable();
  while let Some(c) = chars.next() {
    match c {
      '"' => {
        out.push(c);
        while let Some(c) = chars.next() {
          out.push(c);
          match c {
            '\\' => chars.next().into_iter().for_each(|c| out.push(c)),
            '"' => break,
            _ => {}
          }
        }
      }
      '{' | '[' => {
        while chars.next_if(|c| c.is_ascii_whitespace()).is_some() {}
        out.push(c);
        if let Some(close) = chars.next_if(|n| *n == if c == '{' { '}' } else { ']' }) {
          out.push(close);
        } else {
          depth += 1;
          out.newline(depth);
        }
      }
      '}' | ']' => {
        depth = depth.saturating_sub(1);
        out.newline(depth);
        out.push(c);
      }
      ',' => {
        out.push(c);
        out.newline(depth);
      }
      ':' => {
        out.push(c);
        out.push(' ');
      }
      c if c.is_ascii_whitespace() => {}
      c => out.push(c),
    }
  }
  out
}

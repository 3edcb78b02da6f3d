//! What the model reads after a run: a `RunResult` as text (`formatResult`), within a size budget.
//!
//! Sections, each only when it has something to say: `Error:` (name, message, position, the
//! offending line of the model's code, `Hint:`), `Result:` (the value as 2-space JSON), `Console:`,
//! `Warnings:` and a one-line `Tool calls:` summary. Past the budget the error and its hint stay;
//! the value, the console and the warnings share the rest, each cut with a marker that says how
//! much is missing. Sizes are counted in UTF-16 code units, like JS `string.length`. Rendering is
//! deterministic and linear in the size of its input.

use super::json_layout::pretty_json;
use crate::run::report::RunReport;

/// The default size budget of [`format_result`], in characters.
pub const DEFAULT_MAX_CHARS: usize = 20_000;

/// Between two sections.
const SEP: &str = "\n\n";
/// Most characters of an error name, a log level, a tool name or a reason shown.
const NAME_CHARS: usize = 64;
const REASON_CHARS: usize = 300;
/// Frames show at most this many characters of the offending line around the column.
const FRAME_CHARS: usize = 120;
/// Distinct failed tools named in the summary.
const FAILED_NAMES: usize = 3;

/// The program's value as the renderer receives it.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueText {
  /// No value: `undefined`, or none on a failed run.
  Absent,
  /// The value as JSON text (compact or not); it is shown laid out with a 2-space indent.
  Json(String),
  /// A value with no JSON form, with the reason (a BigInt, a cycle, ...).
  Unshowable(String),
}

/// `RunResult.error`, as far as it is known.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorText {
  pub name: String,
  pub message: String,
  pub hint: Option<String>,
  pub line: Option<u32>,
  pub column: Option<u32>,
  /// The failing tool's path, for an uncaught `ToolError`.
  pub tool: Option<String>,
}

/// One console line.
#[derive(Debug, Clone, PartialEq)]
pub struct LogText {
  pub level: String,
  pub message: String,
}

/// Tool calls, counted as they are read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ToolSummary {
  pub total: usize,
  pub failed: usize,
  /// The first few distinct tools that failed (`namespace.name`).
  pub failed_names: Vec<String>,
}

impl ToolSummary {
  pub fn add(&mut self, name: &str, ok: bool) {
    self.total += 1;
    if ok {
      return;
    }
    self.failed += 1;
    if self.failed_names.len() > FAILED_NAMES {
      return;
    }
    let name = cut_marked(name, NAME_CHARS);
    if !self.failed_names.contains(&name) {
      self.failed_names.push(name);
    }
  }
}

/// The parts of a `RunResult` the text shows; any of them may be missing.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultText {
  /// `RunResult.ok`; `None` when it was not a boolean.
  pub ok: Option<bool>,
  pub value: ValueText,
  pub error: Option<ErrorText>,
  pub logs: Vec<LogText>,
  pub warnings: Vec<String>,
  pub tool_calls: ToolSummary,
}

impl Default for ResultText {
  fn default() -> Self {
    ResultText {
      ok: None,
      value: ValueText::Absent,
      error: None,
      logs: Vec::new(),
      warnings: Vec::new(),
      tool_calls: ToolSummary::default(),
    }
  }
}

impl ResultText {
  /// The text parts of a run's report (for Rust callers; JS results are read in `api`).
  pub fn from_report(report: &RunReport) -> ResultText {
    let value = match &report.value_json {
      None => ValueText::Absent,
      Some(json) => ValueText::Json(json.clone()),
    };
    let mut tool_calls = ToolSummary::default();
    for call in &report.tool_calls {
      match &call.namespace {
        Some(ns) => tool_calls.add(&format!("{ns}.{}", call.tool), call.ok),
        None => tool_calls.add(&call.tool, call.ok),
      }
    }
    ResultText {
      ok: Some(report.ok()),
      value,
      error: report.error.as_ref().map(|e| ErrorText {
        name: e.name.clone(),
        message: e.message.clone(),
        hint: Some(e.hint.clone()),
        line: e.line,
        column: e.column,
        tool: e.tool.clone(),
      }),
      logs: (report.logs.iter())
        .map(|l| LogText {
          level: l.level.as_str().to_string(),
          message: l.message.clone(),
        })
        .collect(),
      warnings: report.warnings.clone(),
      tool_calls,
    }
  }
}

/// The model-facing text of a run's result, at most `max_chars` characters (UTF-16 units).
/// `code` is the program the model sent, for the offending line of an error.
pub fn format_result(result: &ResultText, code: Option<&str>, max_chars: usize) -> String {
  let tools = tool_line(&result.tool_calls);
  let error = match &result.error {
    Some(e) => Some(error_block(e, code, max_chars)),
    None if result.ok == Some(false) => {
      Some("Error: the run failed; its result has no error details.".into())
    }
    None => None,
  };
  let fixed = [&tools, &error]
    .iter()
    .filter_map(|s| s.as_ref().map(|s| width(s) + SEP.len()))
    .sum::<usize>();
  let shared = max_chars.saturating_sub(fixed);

  let value_failed_run = result.error.is_some() || result.ok == Some(false);
  let value = match &result.value {
    ValueText::Absent if value_failed_run => None,
    ValueText::Absent => Some(Part::Fixed(
      "Result: undefined (the program returned nothing)".into(),
    )),
    ValueText::Unshowable(reason) => Some(Part::Fixed(format!(
      "Result: (no JSON form: {})",
      first_line(reason, REASON_CHARS)
    ))),
    ValueText::Json(json) => Some(Part::Value(json)),
  };
  let logs: Vec<String> = (result.logs.iter())
    .map(|l| match l.level.as_str() {
      "log" | "" => l.message.clone(),
      level => format!("[{}] {}", cut_marked(level, NAME_CHARS), l.message),
    })
    .collect();
  let warnings: Vec<String> = result.warnings.iter().map(|w| format!("- {w}")).collect();
  let lists = [
    ("Console:", &logs, "console"),
    ("Warnings:", &warnings, "warning"),
  ];

  let demands = [
    value.as_ref().map_or(0, |v| v.demand()),
    list_demand(lists[0].0, &logs),
    list_demand(lists[1].0, &warnings),
  ];
  let allot = share(&demands, shared);

  let mut sections: Vec<String> = error.into_iter().collect();
  sections.extend(value.map(|v| v.render(allot[0].saturating_sub(SEP.len()))));
  for (i, (header, lines, what)) in lists.iter().enumerate() {
    if !lines.is_empty() {
      sections.push(render_list(
        header,
        lines,
        what,
        allot[i + 1].saturating_sub(SEP.len()),
      ));
    }
  }
  sections.extend(tools);
  let text = sections.join(SEP);
  // Only a budget too small for the markers themselves gets here.
  cut(&text, max_chars).0.to_string()
}

/// The value section, fixed or cut to its allotment.
enum Part<'a> {
  Fixed(String),
  Value(&'a str),
}

impl Part<'_> {
  fn demand(&self) -> usize {
    match self {
      Part::Fixed(text) => width(text) + SEP.len(),
      Part::Value(json) => "Result:\n".len() + pretty_json(json, 0).width + SEP.len(),
    }
  }

  fn render(&self, max: usize) -> String {
    let json = match self {
      Part::Fixed(text) => return text.clone(),
      Part::Value(json) => *json,
    };
    let pretty = pretty_json(json, max.saturating_sub("Result:\n".len()));
    let header = if pretty.multiline { "Result:\n" } else { "Result: " };
    if header.len() + pretty.width <= max {
      return format!("{header}{}", pretty.text);
    }
    let marker = |n: usize| format!("\n… [{} more characters of the value]", thousands(n));
    let room = max.saturating_sub(header.len() + width(&marker(pretty.width)));
    let (kept, _) = cut(&pretty.text, room);
    format!("{header}{kept}{}", marker(pretty.width - width(kept)))
  }
}

fn list_demand(header: &str, lines: &[String]) -> usize {
  if lines.is_empty() {
    return 0;
  }
  header.len() + lines.iter().map(|l| 1 + width(l)).sum::<usize>() + SEP.len()
}

/// A list section within `max` characters: whole if it fits; else long lines cut, then the first
/// and last lines that fit with a marker for the lines between.
fn render_list(header: &str, lines: &[String], what: &str, max: usize) -> String {
  let widths: Vec<usize> = lines.iter().map(|l| width(l)).collect();
  let total = widths.iter().map(|w| w + 1).sum::<usize>();
  if header.len() + total <= max {
    return std::iter::once(header)
      .chain(lines.iter().map(String::as_str))
      .collect::<Vec<_>>()
      .join("\n");
  }
  let body = max.saturating_sub(header.len());
  let line_cap = (body / 4).clamp(80, 2000);
  let gap_marker = |n: usize, chars: usize| {
    format!(
      "… [{} more {what} lines ({} characters) not shown]",
      thousands(n),
      thousands(chars)
    )
  };
  let room = body.saturating_sub(1 + width(&gap_marker(lines.len(), total)));
  let shown = |i: usize| {
    if widths[i] <= line_cap {
      lines[i].clone()
    } else {
      let marker = |n: usize| format!("… [{} more characters of this line]", thousands(n));
      let (kept, rest) = cut(&lines[i], line_cap.saturating_sub(width(&marker(widths[i]))));
      format!("{kept}{}", marker(rest))
    }
  };

  let mut used = 0;
  let mut head = Vec::new();
  while head.len() < lines.len() {
    let line = shown(head.len());
    if used + 1 + width(&line) > room / 2 {
      break;
    }
    used += 1 + width(&line);
    head.push(line);
  }
  let mut tail = Vec::new();
  while head.len() + tail.len() < lines.len() {
    let line = shown(lines.len() - 1 - tail.len());
    if used + 1 + width(&line) > room {
      break;
    }
    used += 1 + width(&line);
    tail.push(line);
  }
  let mut out = vec![header.to_string()];
  out.extend(head.iter().cloned());
  let omitted = head.len()..lines.len() - tail.len();
  if !omitted.is_empty() {
    let chars = widths[omitted.clone()].iter().map(|w| w + 1).sum();
    out.push(gap_marker(omitted.len(), chars));
  }
  out.extend(tail.into_iter().rev());
  out.join("\n")
}

/// The error with its position, the offending line of `code` and the hint. The message is cut
/// to half the budget and the hint to a quarter, so both always show.
fn error_block(e: &ErrorText, code: Option<&str>, max_chars: usize) -> String {
  let name = cut_marked(&e.name, NAME_CHARS);
  let message = cut_marked(&e.message, (max_chars / 2).max(NAME_CHARS));
  let mut out = match (name.is_empty(), message.is_empty()) {
    (true, true) => "Error: (no message)".to_string(),
    (true, false) => format!("Error: {message}"),
    (false, true) => format!("Error: {name}"),
    (false, false) => format!("Error: {name}: {message}"),
  };
  if let Some(tool) = e.tool.as_deref().filter(|t| !t.is_empty()) {
    out.push_str(&format!(" (from tools.{})", cut_marked(tool, NAME_CHARS)));
  }
  if let Some(line) = e.line.filter(|l| *l > 0) {
    let frame = code
      .filter(|_| !e.message.contains(&format!("> {line} | ")))
      .and_then(|code| code_frame(code, line, e.column.unwrap_or(0)));
    let at = match e.column.filter(|c| *c > 0) {
      Some(column) => format!("At line {line}, column {column}"),
      None => format!("At line {line}"),
    };
    match frame {
      Some(frame) => out.push_str(&format!("\n{at}:\n{frame}")),
      None => out.push_str(&format!("\n{at}.")),
    }
  }
  if let Some(hint) = e.hint.as_deref().filter(|h| !h.is_empty()) {
    out.push_str(&format!(
      "\nHint: {}",
      cut_marked(hint, (max_chars / 4).max(NAME_CHARS))
    ));
  }
  out
}

/// The offending line with its number and a caret under the column, at most [`FRAME_CHARS`]
/// characters of it around the column.
fn code_frame(code: &str, line: u32, column: u32) -> Option<String> {
  let src = code.lines().nth(line as usize - 1)?;
  let chars: Vec<char> = src.chars().collect();
  let col = (column.max(1) as usize - 1).min(chars.len());
  let (start, end) = if chars.len() <= FRAME_CHARS {
    (0, chars.len())
  } else {
    let start = col.saturating_sub(FRAME_CHARS / 2).min(chars.len() - FRAME_CHARS);
    (start, start + FRAME_CHARS)
  };
  let before = if start > 0 { "…" } else { "" };
  let after = if end < chars.len() { "…" } else { "" };
  let shown: String = chars[start..end].iter().collect();
  let pad: String = (before.chars().chain(chars[start..col].iter().copied()))
    .map(|c| if c == '\t' { '\t' } else { ' ' })
    .collect();
  let gutter = format!("{line} | ");
  let column_line = if column > 0 {
    format!("\n  {}| {pad}^", " ".repeat(gutter.len() - 2))
  } else {
    String::new()
  };
  Some(format!("> {gutter}{before}{shown}{after}{column_line}"))
}

fn tool_line(tools: &ToolSummary) -> Option<String> {
  if tools.total == 0 {
    return None;
  }
  if tools.failed == 0 {
    return Some(format!("Tool calls: {}", thousands(tools.total)));
  }
  let mut names = tools
    .failed_names
    .iter()
    .take(FAILED_NAMES)
    .cloned()
    .collect::<Vec<_>>();
  if tools.failed_names.len() > FAILED_NAMES {
    names.push("…".into());
  }
  Some(format!(
    "Tool calls: {} ({} failed: {})",
    thousands(tools.total),
    thousands(tools.failed),
    names.join(", ")
  ))
}

/// Splits `budget` between sections wanting `demands`: the smallest are served first, and each
/// gets at most an equal share of what is left (max-min fairness).
fn share(demands: &[usize], budget: usize) -> Vec<usize> {
  let mut order: Vec<usize> = (0..demands.len()).collect();
  order.sort_by_key(|&i| demands[i]);
  let mut allot = vec![0; demands.len()];
  let mut left = budget;
  for (k, &i) in order.iter().enumerate() {
    let give = demands[i].min(left / (demands.len() - k));
    allot[i] = give;
    left -= give;
  }
  allot
}

/// Length as JS counts it (UTF-16 code units).
fn width(s: &str) -> usize {
  s.chars().map(char::len_utf16).sum()
}

/// The longest prefix of `s` at most `max` UTF-16 units wide, and the width of the rest.
fn cut(s: &str, max: usize) -> (&str, usize) {
  let mut used = 0;
  for (i, c) in s.char_indices() {
    if used + c.len_utf16() > max {
      return (&s[..i], width(&s[i..]));
    }
    used += c.len_utf16();
  }
  (s, 0)
}

/// `s` within `max` characters, its end replaced by a marker when cut.
fn cut_marked(s: &str, max: usize) -> String {
  let total = width(s);
  if total <= max {
    return s.to_string();
  }
  let marker = |n: usize| format!("… [{} more characters]", thousands(n));
  let (kept, rest) = cut(s, max.saturating_sub(width(&marker(total))));
  format!("{kept}{}", marker(rest))
}

fn first_line(s: &str, max: usize) -> String {
  cut_marked(s.lines().next().unwrap_or(""), max)
}

/// `12345` → `12,345`.
fn thousands(n: usize) -> String {
  let digits = n.to_string();
  let mut out = String::new();
  for (i, d) in digits.chars().enumerate() {
    if i > 0 && (digits.len() - i).is_multiple_of(3) {
      out.push(',');
    }
    out.push(d);
  }
  out
}

#[cfg(test)]
#[path = "result_text_tests.rs"]
mod tests;

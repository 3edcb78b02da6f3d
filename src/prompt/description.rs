//! The text a model gets for the code tool, within a size budget that always holds.
//!
//! Short instructions, then the tools at the most detail that fits `max_chars`:
//! 1. every tool's compact declaration (its call signature, input and output types, one-line
//!    docs);
//! 2. past the budget, how to search from code (`codemode.searchTools`) plus a compact index, one
//!    line per tool;
//! 3. the namespaces with their tool counts and most common verbs;
//! 4. just the namespaces (as many as fit);
//! 5. a bare instruction to search, cut to the budget if even that is too long.
//!
//! Lengths are counted as JavaScript does (UTF-16 code units), so `description.length <= maxChars`
//! holds on the JS side.

use super::declarations::{compact_declarations, js_len};
use super::discovery::guest_path;
use crate::codegen::is_identifier_name;
use crate::limits::Limits;
use crate::tools::ToolRegistry;

/// The default size budget (characters).
pub const DEFAULT_MAX_CHARS: usize = 4000;

/// Most verbs shown for one namespace.
const MAX_VERBS: usize = 4;
/// Longest tool summary in the index.
const INDEX_SUMMARY_CHARS: usize = 90;

/// The tool description for a model, at most `max_chars` UTF-16 code units long.
pub fn description(registry: &ToolRegistry, limits: &Limits, max_chars: usize) -> String {
  let head = instructions(limits);
  let fits = |text: &str| js_len(text) <= max_chars;
  if registry.is_empty() {
    let text = format!("{head}There are no tools yet.\n");
    if fits(&text) {
      return text;
    }
    return cut("There are no tools yet.", max_chars);
  }
  if fits(&head) {
    let frame = format!("{head}```ts\n```\n");
    let room = max_chars.saturating_sub(js_len(&frame));
    if let Some(tools) = compact_declarations(registry, room) {
      return format!("{head}```ts\n{tools}```\n");
    }
    let intro = format!("{head}{}", discovery(registry.len()));
    if fits(&intro) {
      let room = max_chars - js_len(&intro);
      let body = index(registry, room)
        .or_else(|| namespace_outline(registry, room))
        .or_else(|| namespace_names(registry, room));
      if let Some(body) = body {
        return format!("{intro}{body}");
      }
    }
  }
  bare(registry, max_chars)
}

/// Most characters of one MCP server's `instructions` in the description.
const NOTE_CHARS: usize = 400;

/// [`description`] with MCP servers' `instructions` (`(server, text)`) after the opening lines:
/// each whitespace-collapsed and cut to [`NOTE_CHARS`], together at most a quarter of the
/// budget (those that do not fit are left out); the tools get the rest.
pub fn description_with_notes(
  registry: &ToolRegistry,
  limits: &Limits,
  max_chars: usize,
  notes: &[(String, String)],
) -> String {
  let mut text = String::new();
  for (server, note) in notes {
    let flat = note.split_whitespace().collect::<Vec<_>>().join(" ");
    let full = format!("Server {server} says: {flat}");
    let mut line = if js_len(&full) <= NOTE_CHARS {
      full
    } else {
      format!("{}…", cut(&full, NOTE_CHARS - 1))
    };
    line.push('\n');
    if js_len(&text) + js_len(&line) > max_chars / 4 {
      break;
    }
    text.push_str(&line);
  }
  let head = instructions(limits);
  let rest = description(registry, limits, max_chars - js_len(&text));
  match rest.strip_prefix(&head) {
    Some(tools) if !text.is_empty() => format!("{head}{text}{tools}"),
    _ => rest,
  }
}

/// How to write a program, the error classes, and the limits.
fn instructions(limits: &Limits) -> String {
  format!(
    "Run JavaScript or TypeScript in a sandbox: write the body of an async function. \
     Call tools with `await tools.name(input)`, in parallel with `Promise.all`. \
     `return` the result as JSON; only it and console output come back, so filter in code.\n\
     A failing tool throws `ToolError` with `.message`; a bad input throws `ToolInputError` with `.issues`.\n\
     No network, files or imports. Per run: {} s, {} tool calls, {} MiB.\n",
    limits.timeout().as_secs_f64(),
    limits.max_tool_calls,
    limits.memory_limit_bytes >> 20
  )
}

/// How to find tools from code, when they are not all shown.
fn discovery(count: usize) -> String {
  let tools = if count == 1 { "tool" } else { "tools" };
  format!(
    "{count} {tools}, too many to show here; find them from code first: \
     `await codemode.searchTools(\"what you need\", {{ detail: \"full\" }})` gives the best matches with \
     their declarations, `codemode.describeTool(\"ns.name\")` one tool, `codemode.listTools({{ namespace }})` a namespace.\n"
  )
}

/// The shortest text: how to search, cut to `max_chars` when even that is too long.
fn bare(registry: &ToolRegistry, max_chars: usize) -> String {
  let long = format!(
    "Run JavaScript in a sandbox. {} tools: find them with `await codemode.searchTools(\"what you need\")`, then call `await tools.<namespace>.<name>(input)`.\n",
    registry.len()
  );
  if js_len(&long) <= max_chars {
    return long;
  }
  cut(
    "Find tools with `await codemode.searchTools(\"query\")`.",
    max_chars,
  )
}

/// One line per tool (`- tools.github.createIssue — Open an issue.`), if all fit in `room`.
fn index(registry: &ToolRegistry, room: usize) -> Option<String> {
  let mut out = String::from("The tools:\n");
  let mut len = js_len(&out);
  for (i, e) in registry.entries().iter().enumerate() {
    let desc = e
      .spec
      .description
      .as_deref()
      .map(|d| summary(d, INDEX_SUMMARY_CHARS))
      .unwrap_or_default();
    let sep = if desc.is_empty() { "" } else { " — " };
    let line = format!("- {}{sep}{desc}\n", guest_path(registry, i));
    len += js_len(&line);
    if len > room {
      return None;
    }
    out.push_str(&line);
  }
  Some(out)
}

/// The tools of one namespace (`None`: the tools outside any namespace), in registry order.
struct Group {
  /// How the guest reaches it: `tools.github`, `tools["my ns"]`; `None` for the top level.
  path: Option<String>,
  count: usize,
  /// First words of the tool names with their counts, in first-seen order.
  verbs: Vec<(String, usize)>,
}

fn groups(registry: &ToolRegistry) -> Vec<Group> {
  let mut out: Vec<Group> = Vec::new();
  let mut at: std::collections::HashMap<Option<&str>, usize> = Default::default();
  for (i, e) in registry.entries().iter().enumerate() {
    let ns = e.spec.namespace.as_deref();
    let slot = *at.entry(ns).or_insert_with(|| {
      let alias = registry.names(i).and_then(|n| n.namespace_alias.as_deref());
      let path = ns.map(|ns| match alias {
        Some(a) if is_identifier_name(a) => format!("tools.{a}"),
        _ => format!("tools[{}]", serde_json::Value::String(ns.to_string())),
      });
      out.push(Group {
        path,
        count: 0,
        verbs: Vec::new(),
      });
      out.len() - 1
    });
    let group = &mut out[slot];
    group.count += 1;
    let verb = first_word(&e.spec.name);
    match group.verbs.iter_mut().find(|(v, _)| *v == verb) {
      Some((_, n)) => *n += 1,
      None if !verb.is_empty() => group.verbs.push((verb, 1)),
      None => {}
    }
  }
  out
}

/// One line per namespace with its tool count and most common verbs, if all fit in `room`:
/// `- tools.github: 26 tools (create, list, get, update)`.
fn namespace_outline(registry: &ToolRegistry, room: usize) -> Option<String> {
  let mut out = String::from("Namespaces, with their tool counts and common verbs:\n");
  let mut len = js_len(&out);
  for group in groups(registry) {
    let mut verbs = group.verbs.clone();
    // Stable: equal counts keep first-seen order.
    verbs.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    let verbs: Vec<&str> = verbs.iter().take(MAX_VERBS).map(|(v, _)| v.as_str()).collect();
    let tools = if group.count == 1 { "tool" } else { "tools" };
    let what = match &group.path {
      Some(path) => path.clone(),
      None => "top level (`tools.name`)".to_string(),
    };
    let line = format!("- {what}: {} {tools} ({})\n", group.count, verbs.join(", "));
    len += js_len(&line);
    if len > room {
      return None;
    }
    out.push_str(&line);
  }
  Some(out)
}

/// The namespaces on one line, as many as fit in `room`, then how many were left out:
/// `Namespaces: tools.github, tools.slack (+12 more).`
fn namespace_names(registry: &ToolRegistry, room: usize) -> Option<String> {
  let groups = groups(registry);
  let total = groups.len();
  let mut out = String::from("Namespaces: ");
  for (shown, group) in groups.iter().enumerate() {
    let name = match &group.path {
      Some(path) => path.as_str(),
      None => "top-level tools",
    };
    let sep = if shown == 0 { "" } else { ", " };
    // Keep room for the longest possible ending.
    let ending = format!(" (+{} more).\n", total - shown);
    if js_len(&out) + js_len(sep) + js_len(name) + js_len(&ending) > room {
      if shown == 0 {
        return None;
      }
      out.push_str(&format!(" (+{} more).\n", total - shown));
      return Some(out);
    }
    out.push_str(sep);
    out.push_str(name);
  }
  out.push_str(".\n");
  (js_len(&out) <= room).then_some(out)
}

/// The first word of a tool name, lowercase: `createIssue`, `create_issue`, `create-issue` →
/// `create`.
fn first_word(name: &str) -> String {
  let mut out = String::new();
  let mut prev_lower = false;
  for c in name.chars() {
    if !c.is_alphanumeric() {
      if out.is_empty() {
        continue;
      }
      break;
    }
    if c.is_uppercase() && prev_lower {
      break;
    }
    prev_lower = c.is_lowercase() || c.is_ascii_digit();
    out.extend(c.to_lowercase());
  }
  out
}

/// First sentence (or line) of a description, at most `max` characters.
fn summary(text: &str, max: usize) -> String {
  let line = text.lines().next().unwrap_or("").trim();
  let sentence = match line.find(". ") {
    Some(i) => &line[..=i],
    None => line,
  };
  if sentence.chars().count() <= max {
    sentence.to_string()
  } else {
    format!(
      "{}…",
      sentence
        .chars()
        .take(max.saturating_sub(1))
        .collect::<String>()
        .trim_end()
    )
  }
}

/// `text` cut to at most `max` UTF-16 code units, on a character boundary.
pub(crate) fn cut(text: &str, max: usize) -> String {
  let mut len = 0;
  text
    .chars()
    .take_while(|c| {
      len += c.len_utf16();
      len <= max
    })
    .collect()
}

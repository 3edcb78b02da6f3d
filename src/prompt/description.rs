//! The text a model gets for the code tool: short instructions, then either every tool's
//! declaration or, past a size budget, a compact index plus how to use discovery.

use super::declarations::declarations;
use super::discovery::guest_path;
use crate::limits::Limits;
use crate::tools::ToolRegistry;

/// The default size budget (characters) before the description switches to the compact index.
pub const DEFAULT_MAX_CHARS: usize = 4000;

fn instructions(limits: &Limits) -> String {
  format!(
    "Run JavaScript or TypeScript in a sandbox to use the tools below. Write the body of an async function:\n\
     - Call tools with `await tools.name(input)`; run independent calls in parallel with `await Promise.all([...])`.\n\
     - `return` the final result as JSON data. Only the returned value and console output come back, so filter and summarise in code.\n\
     - console.log/info/warn/error output is visible to you.\n\
     - A failing tool throws ToolError (catch it with try/catch); an invalid input throws ToolInputError listing every problem.\n\
     - No network, file system, require or import: the tools are the only way out.\n\
     - Limits per run: {} s, {} tool calls, {} MiB of memory.\n",
    limits.timeout().as_secs_f64(),
    limits.max_tool_calls,
    limits.memory_limit_bytes >> 20
  )
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

/// A compact index of all tools: one line each, grouped by namespace.
fn index(registry: &ToolRegistry) -> String {
  let mut out = String::new();
  for (i, e) in registry.entries().iter().enumerate() {
    let desc = e
      .spec
      .description
      .as_deref()
      .map(|d| summary(d, 90))
      .unwrap_or_default();
    let sep = if desc.is_empty() { "" } else { " — " };
    out.push_str(&format!("- {}{sep}{desc}\n", guest_path(registry, i)));
  }
  out
}

/// The tool description for a model; `max_chars` is the budget for the full declarations.
pub fn description(registry: &ToolRegistry, limits: &Limits, max_chars: usize) -> String {
  let head = instructions(limits);
  let decls = declarations(registry);
  let full = format!("{head}\nThe tools, as TypeScript declarations:\n```ts\n{decls}```\n");
  if full.chars().count() <= max_chars {
    return full;
  }
  format!(
    "{head}\nThere are {} tools; their declarations are too long to list. Find what you need from code first:\n\
     - `await codemode.searchTools(\"what you need\", {{ detail: \"full\" }})` — best matches with their TypeScript declarations\n\
     - `await codemode.describeTool(\"namespace.name\")` — one tool's declaration and schemas\n\
     - `await codemode.listTools({{ namespace: \"name\" }})` — every tool of a namespace\n\
     Then call them in the same or a later run. The tools:\n{}",
    registry.len(),
    index(registry)
  )
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn summaries_keep_the_first_sentence_within_bounds() {
    assert_eq!(summary("Open an issue. Needs a repo.", 90), "Open an issue.");
    assert_eq!(summary("abcdefghij", 5), "abcd…");
    assert_eq!(summary("one\ntwo", 90), "one");
  }
}

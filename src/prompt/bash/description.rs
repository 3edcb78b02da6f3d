//! The code tool's description when its language is Bash: the command convention in a few
//! lines, then one usage line per tool while they fit the budget (else: run `tools`).

use super::commands::tool_commands;
use crate::limits::Limits;
use crate::prompt::declarations::js_len;
use crate::prompt::description::cut;
use crate::tools::ToolRegistry;

/// How to write a script, how tools work as commands, and the limits.
fn instructions(limits: &Limits) -> String {
  format!(
    "Run a Bash script in a sandboxed virtual shell (bash syntax, pipes, loops, grep/sed/awk/jq/sort/head …). \
     The script's stdout, stderr and exit code come back; stdout that is JSON also comes back parsed.\n\
     Every tool is a command: `ns.tool --field value` (numbers and booleans by the tool's schema, objects as JSON), \
     one JSON argument `tool '{{\"a\":1}}'`, or JSON on stdin `echo '{{\"a\":1}}' | tool`. \
     It prints its result as JSON (text as is), so `tool ... | jq .field` works; \
     a failure prints the error on stderr and exits 1 (2 for invalid input). \
     `tools` lists the tools, `<tool> --help` shows one's fields.\n\
     Files live in a virtual filesystem; no host files, no network. Per run: {} s, {} tool calls, {} MiB.\n",
    limits.timeout().as_secs_f64(),
    limits.max_tool_calls,
    limits.memory_limit_bytes >> 20
  )
}

/// The Bash description, at most `max_chars` UTF-16 code units long.
pub fn description(registry: &ToolRegistry, limits: &Limits, max_chars: usize) -> String {
  let head = instructions(limits);
  let mut text = head.clone();
  if registry.is_empty() {
    text.push_str("There are no tools yet.\n");
  } else {
    let mut lines = String::from("The tools:\n");
    for c in tool_commands(registry) {
      lines.push_str(&c.usage);
      lines.push('\n');
    }
    if js_len(&text) + js_len(&lines) <= max_chars {
      text.push_str(&lines);
    } else {
      text.push_str(&format!(
        "{} tools, too many to show here: run `tools` to list them and `<tool> --help` for one.\n",
        registry.len()
      ));
    }
  }
  if js_len(&text) <= max_chars {
    return text;
  }
  cut(&text, max_chars)
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::tools::test_support;

  #[test]
  fn shows_usage_lines_within_the_budget() {
    let registry = ToolRegistry::new(vec![
      test_support::entry(Some("weather"), "getWeather", Some("Current weather")),
      test_support::entry(None, "get-sum", None),
    ])
    .unwrap();
    let limits = Limits::default();
    let text = description(&registry, &limits, 4000);
    assert!(text.contains("weather.getWeather"), "{text}");
    assert!(text.contains("get-sum"), "{text}");
    assert!(text.contains("--help"), "{text}");
    let short = description(&registry, &limits, 300);
    assert!(js_len(&short) <= 300);
  }
}

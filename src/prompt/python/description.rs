//! The code tool's description when its language is Python: how tools are called, then the
//! tools' stubs while they fit the budget (as many whole tools as fit, then a count of the rest).

use super::stubs::tool_stub;
use crate::limits::Limits;
use crate::prompt::declarations::js_len;
use crate::prompt::description::cut;
use crate::tools::python_names::python_paths;
use crate::tools::ToolRegistry;

fn instructions(limits: &Limits) -> String {
  format!(
    "Run a Python program (monty: a sandboxed Python subset; no file system, environment, network or third-party packages). \
     Every tool is an async function: `await weather.get_weather(city=\"Oslo\")` (keyword arguments, or one dict); \
     run calls in parallel with `await asyncio.gather(...)`. A failed tool call raises (RuntimeError; ValueError for invalid input). \
     The value of the last expression (or a top-level `return`) is the result, as JSON; `print` output comes back as logs.\n\
     Per run: {} s, {} tool calls, {} MiB.\n",
    limits.timeout().as_secs_f64(),
    limits.max_tool_calls,
    limits.memory_limit_bytes >> 20
  )
}

/// The tools without a stub, by name while they fit: `3 more tools, not shown above: a.b, c, and 1 more.`
fn names_of_the_rest(rest: &[String], used: usize, max_chars: usize) -> String {
  let mut line = format!(
    "{} more tools, not shown above (call them the same way): ",
    rest.len()
  );
  let mut listed = 0;
  for path in rest {
    // Room kept for "and N more.".
    if used + js_len(&line) + js_len(path) + 2 + 24 > max_chars {
      break;
    }
    line.push_str(path);
    line.push_str(", ");
    listed += 1;
  }
  if listed < rest.len() {
    line.push_str(&format!("and {} more.\n", rest.len() - listed));
  } else {
    line.truncate(line.len() - 2);
    line.push_str(".\n");
  }
  line
}

/// The Python description, at most `max_chars` UTF-16 code units long.
pub fn description(registry: &ToolRegistry, limits: &Limits, max_chars: usize) -> String {
  let mut text = instructions(limits);
  let specs: Vec<_> = registry.entries().iter().map(|e| e.spec.clone()).collect();
  if specs.is_empty() {
    text.push_str("There are no tools yet.\n");
  } else {
    text.push_str("The tools:\n```python\n");
    let paths = python_paths(&specs);
    let mut shown = 0;
    let mut class: Option<&str> = None;
    for (spec, path) in specs.iter().zip(&paths) {
      // A namespace is a class of static methods, opened when its first tool is shown.
      let stub = match path.split_once('.') {
        None => tool_stub(spec, path, ""),
        Some((ns, name)) => {
          let head = if class == Some(ns) {
            String::new()
          } else {
            format!("class {ns}:\n")
          };
          format!("{head}{}", tool_stub(spec, name, "    "))
        }
      };
      // Room kept for the closing fence and the count of the tools left out.
      if js_len(&text) + js_len(&stub) + 64 > max_chars {
        break;
      }
      text.push_str(&stub);
      class = path.split_once('.').map(|(ns, _)| ns);
      shown += 1;
    }
    text.push_str("```\n");
    if shown < specs.len() {
      text.push_str(&names_of_the_rest(&paths[shown..], js_len(&text), max_chars));
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

  #[test]
  fn the_tools_left_out_are_named_while_they_fit_then_counted() {
    let rest: Vec<String> = ["a.one", "a.two", "three"]
      .iter()
      .map(|s| s.to_string())
      .collect();
    assert_eq!(
      names_of_the_rest(&rest, 0, 1000),
      "3 more tools, not shown above (call them the same way): a.one, a.two, three.\n"
    );
    let head = "3 more tools, not shown above (call them the same way): ".len();
    assert_eq!(
      names_of_the_rest(&rest, 0, head + 8 + 24),
      "3 more tools, not shown above (call them the same way): a.one, and 2 more.\n"
    );
  }
}

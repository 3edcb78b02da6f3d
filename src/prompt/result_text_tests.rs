use super::*;
use crate::error::{ErrorCode, RunError};
use crate::prompt::json_layout::pretty_json;
use crate::run::report::{LogEntry, LogLevel, RunReport, ToolCallInfo};

fn ok(value: ValueText) -> ResultText {
  ResultText {
    ok: Some(true),
    value,
    ..ResultText::default()
  }
}

fn json(text: &str) -> ValueText {
  ValueText::Json(text.to_string())
}

fn log(level: &str, message: &str) -> LogText {
  LogText {
    level: level.into(),
    message: message.into(),
  }
}

fn failed(error: ErrorText) -> ResultText {
  ResultText {
    ok: Some(false),
    error: Some(error),
    ..ResultText::default()
  }
}

fn type_error(line: Option<u32>, column: Option<u32>) -> ErrorText {
  ErrorText {
    name: "TypeError".into(),
    message: "bad".into(),
    hint: Some("Fix it.".into()),
    line,
    column,
    tool: None,
  }
}

fn render(r: &ResultText) -> String {
  format_result(r, None, DEFAULT_MAX_CHARS)
}

#[test]
fn values_scalar_on_one_line_and_objects_below_the_header() {
  assert_eq!(render(&ok(json("2"))), "Result: 2");
  assert_eq!(render(&ok(json("{\n  \"a\": 1\n}"))), "Result:\n{\n  \"a\": 1\n}");
  assert_eq!(
    render(&ok(ValueText::Absent)),
    "Result: undefined (the program returned nothing)"
  );
  assert_eq!(
    render(&ok(ValueText::Unshowable(
      "TypeError: Do not know how to serialize a BigInt".into()
    ))),
    "Result: (no JSON form: TypeError: Do not know how to serialize a BigInt)"
  );
}

#[test]
fn console_lines_show_their_level_unless_log() {
  let r = ResultText {
    logs: vec![log("log", "x"), log("warn", "w"), log("error", "e")],
    warnings: vec!["careful".into()],
    ..ok(json("1"))
  };
  assert_eq!(
    render(&r),
    "Result: 1\n\nConsole:\nx\n[warn] w\n[error] e\n\nWarnings:\n- careful"
  );
}

#[test]
fn errors_show_position_frame_and_hint() {
  let code = "const a = 1\nfunction f() { throw new TypeError('bad') }\nf()";
  let r = failed(type_error(Some(2), Some(16)));
  assert_eq!(
    format_result(&r, Some(code), DEFAULT_MAX_CHARS),
    "Error: TypeError: bad\nAt line 2, column 16:\n> 2 | function f() { throw new TypeError('bad') }\n    |                ^\nHint: Fix it."
  );
  assert_eq!(
    render(&r),
    "Error: TypeError: bad\nAt line 2, column 16.\nHint: Fix it."
  );
  // A line past the end of the code: no frame.
  let r = failed(type_error(Some(9), Some(1)));
  assert_eq!(
    format_result(&r, Some(code), DEFAULT_MAX_CHARS),
    "Error: TypeError: bad\nAt line 9, column 1.\nHint: Fix it."
  );
  assert_eq!(
    render(&failed(type_error(None, None))),
    "Error: TypeError: bad\nHint: Fix it."
  );
}

#[test]
fn a_frame_already_in_the_message_is_not_repeated() {
  let r = failed(ErrorText {
    name: "SyntaxError".into(),
    message: "Unexpected token (code.js:2:11)\n> 2 | const y = ;\n    |           ^".into(),
    hint: None,
    line: Some(2),
    column: Some(11),
    tool: None,
  });
  assert_eq!(
    format_result(&r, Some("const x = 1;\nconst y = ;\n"), DEFAULT_MAX_CHARS),
    "Error: SyntaxError: Unexpected token (code.js:2:11)\n> 2 | const y = ;\n    |           ^\nAt line 2, column 11."
  );
}

#[test]
fn long_source_lines_are_framed_around_the_column() {
  let code = format!("{}boom(){}", "a".repeat(500), "b".repeat(500));
  let text = format_result(
    &failed(type_error(Some(1), Some(501))),
    Some(&code),
    DEFAULT_MAX_CHARS,
  );
  let frame: Vec<&str> = text.lines().skip(2).take(2).collect();
  assert!(
    frame[0].starts_with("> 1 | …a") && frame[0].ends_with("b…"),
    "{text}"
  );
  let column_of = |s: &str, pat: &str| s.find(pat).map(|at| s[..at].chars().count());
  assert_eq!(column_of(frame[0], "boom"), column_of(frame[1], "^"), "{text}");
  assert!(width(frame[0]) < FRAME_CHARS + 10);
}

#[test]
fn failed_runs_without_details_and_tool_summaries() {
  let r = ResultText {
    ok: Some(false),
    ..ResultText::default()
  };
  assert_eq!(
    render(&r),
    "Error: the run failed; its result has no error details."
  );
  let mut tools = ToolSummary::default();
  tools.add("a", true);
  assert_eq!(
    render(&ResultText {
      tool_calls: tools.clone(),
      ..ok(json("1"))
    }),
    "Result: 1\n\nTool calls: 1"
  );
  for name in ["gh.b", "c", "gh.b", "d", "e"] {
    tools.add(name, false);
  }
  assert_eq!(
    render(&ResultText {
      tool_calls: tools,
      ..ok(json("1"))
    }),
    "Result: 1\n\nTool calls: 6 (5 failed: gh.b, c, d, …)"
  );
}

#[test]
fn a_huge_value_is_cut_with_a_marker_within_the_budget() {
  let value = format!("\"{}\"", "x".repeat(100_000));
  let text = format_result(&ok(json(&value)), None, 1_000);
  assert!(width(&text) <= 1_000, "{}", width(&text));
  assert!(text.starts_with("Result: \"xxx"));
  let marker = text.lines().last().unwrap_or("");
  assert!(
    marker.starts_with("… [") && marker.ends_with(" more characters of the value]"),
    "{marker}"
  );
  let cut: usize = marker
    .trim_start_matches("… [")
    .split(' ')
    .next()
    .unwrap_or("")
    .replace(',', "")
    .parse()
    .unwrap_or(0);
  let kept = width(text.lines().next().unwrap_or("")) - "Result: ".len();
  assert_eq!(kept + cut, value.len());
}

#[test]
fn huge_logs_keep_head_and_tail_and_share_with_the_value() {
  let logs: Vec<LogText> = (0..10_000).map(|i| log("log", &format!("line {i}"))).collect();
  let r = ResultText {
    logs,
    ..ok(json(&format!("\"{}\"", "v".repeat(50_000))))
  };
  let text = format_result(&r, None, 4_000);
  assert!(width(&text) <= 4_000, "{}", width(&text));
  assert!(
    text.contains("\nline 0\n") && text.contains("\nline 9999"),
    "{text}"
  );
  assert!(text.contains(" more console lines ("), "{text}");
  assert!(text.contains(" more characters of the value]"));
  // Both got a fair part of the budget.
  let value_part = text.find("Console:").unwrap_or(0);
  assert!(value_part > 1_500 && value_part < 2_500, "{value_part}");
}

#[test]
fn a_long_single_log_line_is_cut() {
  let r = ResultText {
    logs: vec![
      log("log", "short"),
      log("info", &"z".repeat(50_000)),
      log("log", "end"),
    ],
    ..ok(ValueText::Absent)
  };
  let text = format_result(&r, None, 5_000);
  assert!(width(&text) <= 5_000);
  assert!(text.contains("\nshort\n[info] zzz"), "{text}");
  assert!(text.contains(" more characters of this line]\nend"), "{text}");
}

#[test]
fn error_and_hint_survive_any_budget_that_can_hold_them() {
  let r = ResultText {
    logs: vec![log("log", &"l".repeat(30_000))],
    error: Some(ErrorText {
      message: "m".repeat(30_000),
      hint: Some("Do the fix.".into()),
      ..type_error(None, None)
    }),
    ok: Some(false),
    ..ResultText::default()
  };
  for max in [300, 1_000, 20_000] {
    let text = format_result(&r, None, max);
    assert!(width(&text) <= max, "{max}: {}", width(&text));
    assert!(text.contains("\nHint: Do the fix."), "{max}: {text}");
    assert!(text.contains("more characters]"), "{max}");
  }
}

#[test]
fn tiny_budgets_and_wide_characters_keep_the_promise() {
  let emoji = format!("\"{}\"", "😀".repeat(5_000));
  let r = ResultText {
    logs: vec![log("log", &"é😀".repeat(3_000))],
    warnings: vec!["😀".repeat(3_000)],
    ..ok(json(&emoji))
  };
  for max in [0, 1, 7, 50, 333, 2_001, 20_000] {
    let text = format_result(&r, None, max);
    assert!(width(&text) <= max, "{max}: {}", width(&text));
  }
  // A surrogate pair is never split.
  let text = format_result(&r, None, 2_001);
  assert!(!text.contains('\u{FFFD}'));
}

#[test]
fn the_same_input_gives_the_same_text() {
  let r = ResultText {
    logs: (0..500)
      .map(|i| log("debug", &format!("{i}").repeat(i)))
      .collect(),
    ..ok(json(&"[1,2,3]".repeat(2_000)))
  };
  assert_eq!(
    format_result(&r, None, 3_000),
    format_result(&r.clone(), None, 3_000)
  );
}

#[test]
fn share_serves_small_demands_first() {
  assert_eq!(share(&[10, 1_000, 1_000], 1_010), vec![10, 500, 500]);
  assert_eq!(share(&[10, 20, 0], 1_000), vec![10, 20, 0]);
  assert_eq!(share(&[600, 100, 600], 1_000), vec![450, 100, 450]);
}

#[test]
fn numbers_have_thousands_separators() {
  assert_eq!(thousands(0), "0");
  assert_eq!(thousands(999), "999");
  assert_eq!(thousands(12_345), "12,345");
  assert_eq!(thousands(1_234_567), "1,234,567");
}

#[test]
fn from_report_renders_a_run_report() {
  let mut report = RunReport::failed(RunError::new(ErrorCode::Timeout, "TimeoutError", "Too slow."));
  report.logs.push(LogEntry {
    level: LogLevel::Warn,
    message: "w".into(),
    time_ms: 0.0,
  });
  report.tool_calls.push(ToolCallInfo {
    id: "call_1".into(),
    tool: "get".into(),
    namespace: Some("gh".into()),
    server: None,
    input: None,
    ok: false,
    output: None,
    error: Some("nope".into()),
    start_ms: 0.0,
    duration_ms: 1.0,
  });
  let text = render(&ResultText::from_report(&report));
  assert_eq!(
    text,
    format!(
      "Error: TimeoutError: Too slow.\nHint: {}\n\nConsole:\n[warn] w\n\nTool calls: 1 (1 failed: gh.get)",
      ErrorCode::Timeout.default_hint()
    )
  );
  let mut report = RunReport::failed(RunError::new(ErrorCode::Timeout, "", ""));
  report.error = None;
  report.value_json = Some("{\"a\":[1]}".into());
  assert_eq!(
    render(&ResultText::from_report(&report)),
    "Result:\n{\n  \"a\": [\n    1\n  ]\n}"
  );
}

#[test]
fn json_is_laid_out_like_json_stringify_with_two_spaces() {
  let compact = r#"{"a":[],"b":{},"c":[1,{"d":"x,y:{z}[\"q\\]"}],"e":null}"#;
  let expected = "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    {\n      \"d\": \"x,y:{z}[\\\"q\\\\]\"\n    }\n  ],\n  \"e\": null\n}";
  let pretty = pretty_json(compact, usize::MAX);
  assert_eq!(pretty.text, expected);
  assert_eq!(pretty.width, width(expected));
  assert!(pretty.multiline);
  // Whitespace outside strings is ignored, so laid-out text comes out the same.
  assert_eq!(pretty_json(expected, usize::MAX).text, expected);
  let scalar = pretty_json("\"a b\"", usize::MAX);
  assert_eq!((scalar.text.as_str(), scalar.multiline), ("\"a b\"", false));
}

#[test]
fn deep_values_are_counted_not_built() {
  // Laid out, 100,000 levels would be ~10^10 characters of indentation.
  let depth = 100_000;
  let json = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
  let pretty = pretty_json(&json, 1_000);
  assert!(width(&pretty.text) <= 1_000);
  let expected_width = 2 * depth + 2 * (depth - 1) + 2 * (depth - 1) * (depth - 1);
  assert_eq!(pretty.width, expected_width);
  let text = format_result(&ok(ValueText::Json(json)), None, 2_000);
  assert!(width(&text) <= 2_000);
  let (kept, marker) = text.split_once("\n… [").unwrap_or_default();
  let cut: usize = marker
    .split(' ')
    .next()
    .unwrap_or("")
    .replace(',', "")
    .parse()
    .unwrap_or(0);
  assert_eq!(width(kept) - "Result:\n".len() + cut, expected_width);
}

#[test]
fn many_warnings_are_cut_like_console_lines() {
  let r = ResultText {
    warnings: (0..1_000).map(|i| format!("warning number {i}")).collect(),
    ..ok(json("1"))
  };
  let text = format_result(&r, None, 1_000);
  assert!(width(&text) <= 1_000);
  assert!(text.contains("\nWarnings:\n- warning number 0\n"), "{text}");
  assert!(text.contains(" more warning lines ("), "{text}");
  assert!(text.ends_with("- warning number 999"), "{text}");
}

#[test]
fn an_uncaught_tool_error_names_its_tool() {
  let r = failed(ErrorText {
    tool: Some("gh.createIssue".into()),
    ..type_error(Some(1), None)
  });
  assert_eq!(
    render(&r),
    "Error: TypeError: bad (from tools.gh.createIssue)\nAt line 1.\nHint: Fix it."
  );
}

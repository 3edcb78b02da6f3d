//! An MCP `CallToolResult` as the value the guest gets: `structuredContent` when present, else a
//! single text block (parsed when it is JSON), else the content blocks as data (images, audio
//! and resources keep `{ type, mimeType, data }` so the host can pass them on). `isError`
//! becomes a failed call carrying the server's text.

use serde_json::Value;

use crate::tools::{ToolFailure, ToolFailureCode, ToolReply};

/// The guest's view of a `tools/call` result (its JSON form).
pub fn unwrap_result(result: &Value) -> ToolReply {
  let content = result.get("content").and_then(Value::as_array);
  let blocks: &[Value] = content.map(Vec::as_slice).unwrap_or(&[]);
  if result.get("isError").and_then(Value::as_bool) == Some(true) {
    return ToolReply::Err(ToolFailure::new(ToolFailureCode::ToolFailed, error_text(blocks)));
  }
  let value = match result.get("structuredContent") {
    Some(structured) => Some(structured.clone()),
    None => match blocks {
      [] => None,
      [only] if only.get("type").and_then(Value::as_str) == Some("text") => {
        let text = only.get("text").and_then(Value::as_str).unwrap_or_default();
        Some(json_or_text(text))
      }
      many => Some(Value::Array(many.to_vec())),
    },
  };
  ToolReply::Ok(value.map(|v| v.to_string()))
}

/// The text of a failed call: its text blocks, one per line, or a generic line when it has none.
fn error_text(blocks: &[Value]) -> String {
  let texts: Vec<&str> = blocks
    .iter()
    .filter(|b| b.get("type").and_then(Value::as_str) == Some("text"))
    .filter_map(|b| b.get("text").and_then(Value::as_str))
    .collect();
  if texts.is_empty() {
    "The MCP tool reported an error without a message.".to_string()
  } else {
    texts.join("\n")
  }
}

/// A text that is JSON becomes that value (servers often put their JSON in a text block);
/// anything else stays the text.
fn json_or_text(text: &str) -> Value {
  serde_json::from_str::<Value>(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

#[cfg(test)]
mod tests {
  use super::*;
  use serde_json::json;

  fn ok(v: Value) -> Option<Value> {
    match unwrap_result(&v) {
      ToolReply::Ok(text) => text.map(|t| serde_json::from_str(&t).unwrap()),
      ToolReply::Err(f) => panic!("expected a value, got {f:?}"),
    }
  }

  #[test]
  fn structured_content_wins() {
    let r =
      json!({ "content": [{ "type": "text", "text": "{\"a\":1}" }], "structuredContent": { "temp": 21 } });
    assert_eq!(ok(r), Some(json!({ "temp": 21 })));
    assert_eq!(
      ok(json!({ "content": [], "structuredContent": null })),
      Some(Value::Null)
    );
  }

  #[test]
  fn a_single_text_block_is_json_or_text() {
    let text = |t: &str| json!({ "content": [{ "type": "text", "text": t }] });
    assert_eq!(ok(text("{\"items\":[1,2]}")), Some(json!({ "items": [1, 2] })));
    assert_eq!(ok(text(" [1] ")), Some(json!([1])));
    assert_eq!(ok(text("Echo: hi")), Some(json!("Echo: hi")));
    assert_eq!(ok(text("42")), Some(json!(42)));
    assert_eq!(ok(text("{not json")), Some(json!("{not json")));
    assert_eq!(ok(json!({ "content": [] })), None);
  }

  #[test]
  fn other_content_stays_as_blocks() {
    let image = json!({ "type": "image", "mimeType": "image/png", "data": "iVBOR" });
    let r = json!({ "content": [{ "type": "text", "text": "a tiny image" }, image.clone()] });
    assert_eq!(
      ok(r),
      Some(json!([{ "type": "text", "text": "a tiny image" }, image]))
    );
    let audio = json!({ "content": [{ "type": "audio", "mimeType": "audio/wav", "data": "UklG" }] });
    assert_eq!(ok(audio).unwrap()[0]["mimeType"], "audio/wav");
  }

  #[test]
  fn is_error_carries_the_server_text() {
    let r = json!({ "isError": true, "content": [{ "type": "text", "text": "No such city" }, { "type": "text", "text": "try another" }] });
    assert_eq!(
      unwrap_result(&r),
      ToolReply::Err(ToolFailure::new(
        ToolFailureCode::ToolFailed,
        "No such city\ntry another"
      ))
    );
    match unwrap_result(&json!({ "isError": true })) {
      ToolReply::Err(f) => assert!(f.message.contains("without a message")),
      other => panic!("{other:?}"),
    }
  }
}

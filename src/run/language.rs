//! The language of a run's code, with what only that language takes.

/// JavaScript/TypeScript (the default), a Bash script run by the virtual shell, or Python run
/// by monty in a worker process.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Language {
  #[default]
  JavaScript,
  Bash(BashRun),
  Python,
}

/// A Bash run's virtual files: written before the script runs, and read back after it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BashRun {
  /// `(path, text)` pairs written to the shell's filesystem before the script runs.
  pub files: Vec<(String, String)>,
  /// Paths whose text is returned in the value's `files` (`null` for a missing file).
  pub return_files: Vec<String>,
}

impl BashRun {
  /// The options the guest's Bash driver reads, as JSON text; `max_result_bytes` bounds the
  /// stdout and stderr it returns (see the driver's `bounded`).
  pub fn options_json(&self, max_result_bytes: usize) -> String {
    let files: serde_json::Map<String, serde_json::Value> = self
      .files
      .iter()
      .map(|(p, t)| (p.clone(), serde_json::Value::String(t.clone())))
      .collect();
    let mut o = serde_json::Map::new();
    o.insert("maxResultBytes".into(), (max_result_bytes as u64).into());
    if !files.is_empty() {
      o.insert("files".into(), files.into());
    }
    if !self.return_files.is_empty() {
      o.insert("returnFiles".into(), self.return_files.clone().into());
    }
    serde_json::Value::Object(o).to_string()
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn options_name_only_what_is_set() {
    assert_eq!(BashRun::default().options_json(100), r#"{"maxResultBytes":100}"#);
    let run = BashRun {
      files: vec![("/a.txt".into(), "x".into())],
      return_files: vec!["/b".into()],
    };
    assert_eq!(
      run.options_json(7),
      r#"{"maxResultBytes":7,"files":{"/a.txt":"x"},"returnFiles":["/b"]}"#
    );
  }
}

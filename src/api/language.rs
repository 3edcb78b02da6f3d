//! The `language` run option and the Bash-only options that come with it (`files`,
//! `returnFiles`), read into a [`Language`].

use std::collections::HashMap;

use crate::error::HostError;
use crate::run::language::{BashRun, Language};

/// The languages `run` accepts, as `/runtimes` and the CLI list them.
pub const LANGUAGES: &[&str] = &["javascript", "typescript", "bash", "python"];

fn invalid(message: String) -> HostError {
  HostError::InvalidOptions(message)
}

fn check_path(option: &str, path: &str) -> Result<(), HostError> {
  if !path.starts_with('/') || path.contains('\0') {
    return Err(invalid(format!(
      "options.{option}: \"{path}\" is not an absolute path of the virtual filesystem (like \"/data/in.csv\")."
    )));
  }
  Ok(())
}

/// The run's language from `language`, `files` and `returnFiles`; misuse is an
/// `ERR_INVALID_OPTIONS` error.
pub fn language_of(
  language: Option<&str>,
  files: Option<&HashMap<String, String>>,
  return_files: Option<&Vec<String>>,
) -> Result<Language, HostError> {
  match language.unwrap_or("javascript") {
    "javascript" | "typescript" | "python" => {
      if files.is_some() || return_files.is_some() {
        return Err(invalid(
          "options.files and options.returnFiles apply to Bash runs only (language: 'bash').".into(),
        ));
      }
      Ok(if language == Some("python") {
        Language::Python
      } else {
        Language::JavaScript
      })
    }
    "bash" => {
      let mut seeded = Vec::new();
      if let Some(files) = files {
        let mut paths: Vec<&String> = files.keys().collect();
        paths.sort();
        for path in paths {
          check_path("files", path)?;
          seeded.push((path.clone(), files[path].clone()));
        }
      }
      let wanted = return_files.cloned().unwrap_or_default();
      for path in &wanted {
        check_path("returnFiles", path)?;
      }
      Ok(Language::Bash(BashRun {
        files: seeded,
        return_files: wanted,
      }))
    }
    other => Err(invalid(format!(
      "options.language must be one of {}; got \"{other}\".",
      LANGUAGES
        .iter()
        .map(|l| format!("'{l}'"))
        .collect::<Vec<_>>()
        .join(", ")
    ))),
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn javascript_is_the_default_and_files_need_bash() {
    assert_eq!(language_of(None, None, None).unwrap(), Language::JavaScript);
    let files = HashMap::from([("/a".to_string(), "x".to_string())]);
    assert!(language_of(None, Some(&files), None).is_err());
    assert_eq!(language_of(Some("python"), None, None).unwrap(), Language::Python);
    assert!(language_of(Some("python"), Some(&files), None).is_err());
    assert!(language_of(Some("ruby"), None, None).is_err());
    let Language::Bash(run) = language_of(Some("bash"), Some(&files), Some(&vec!["/a".into()])).unwrap()
    else {
      panic!("not bash")
    };
    assert_eq!(run.files, vec![("/a".to_string(), "x".to_string())]);
    let relative = vec!["a.txt".to_string()];
    assert!(language_of(Some("bash"), None, Some(&relative)).is_err());
  }
}

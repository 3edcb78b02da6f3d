//! What the model reads about its tools: the `.d.ts` declarations, the code tool's description,
//! and the answers of the guest's `codemode` discovery API; and what it reads after a run, the
//! result as text (`result_text`). It sits above `tools` and `codegen` because it needs both:
//! the registry's tools and their schemas rendered as TypeScript.

pub mod bash;
pub mod python;
pub mod declarations;
pub mod description;
pub mod discovery;
mod json_layout;
pub mod result_text;
pub mod search;

#[cfg(test)]
mod description_tests;
#[cfg(test)]
mod observed_tests;

//! What the model reads about the Bash language: its tools as commands (`commands.rs`) and the
//! code tool's description for Bash (`description.rs`).

pub mod commands;
pub mod description;

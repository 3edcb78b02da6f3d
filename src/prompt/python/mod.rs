//! What the model reads about the Python language: each tool as an `async def` stub with
//! `TypedDict`s from its JSON Schemas (`stubs.rs`), and the code tool's description for Python
//! (`description.rs`).

pub mod description;
pub mod stubs;

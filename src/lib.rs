//! quickjs-codemode: run model-written code in an isolated native QuickJS sandbox with tools.
//!
//! This file holds crate attributes and module wiring; the napi exports live in [`api`].
//!
//! Modules are listed in dependency order: each may import only the modules listed after it
//! (ARCHITECTURE.md explains the order; the `dependency_order` test enforces it).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
#![deny(clippy::undocumented_unsafe_blocks)]

pub mod api;
pub mod instance;
pub mod mcp;
pub mod engine;
pub mod guest;
pub mod prompt;
pub mod tools;
pub mod source;
pub mod codegen;
pub mod run;
pub mod limits;
pub mod error;

#[cfg(test)]
mod dependency_order;

//! quickjs-codemode: run model-written code in an isolated native QuickJS sandbox with tools.
//!
//! This file holds crate attributes and module wiring; the napi exports live in [`api`].
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod api;
pub mod codegen;
pub mod engine;
pub mod error;
pub mod guest;
pub mod limits;
pub mod source;
pub mod tools;

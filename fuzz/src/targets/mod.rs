//! The targets: `source` (the TypeScript step), `codegen` (JSON Schema → TypeScript), `json`
//! (values through a real sandbox and a tool, both ways), `runs` (random programs under tight
//! limits, the deadline asserted).

pub mod codegen;
pub mod json;
pub mod runs;
pub mod source;

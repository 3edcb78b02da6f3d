//! The Python language, host side: a worker process running monty (`python-worker/`), found
//! beside the addon (`locate.rs`), spawned and spoken to in JSON lines (`worker.rs`,
//! `protocol.rs`), a few kept warm (`pool.rs`). The run loop that forwards its tool calls is
//! `engine::python`.

pub mod locate;
pub mod pool;
pub mod worker;

/// The messages between the addon and the worker: the worker's own source file, so both
/// sides always agree.
#[path = "../../../python-worker/src/protocol.rs"]
pub mod protocol;

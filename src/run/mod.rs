//! The vocabulary of one run, shared by the engine (which drives runs) and the guest (whose host
//! functions record what the program does): how a run is stopped ([`control`]) and what it
//! reports ([`report`]). A leaf: it knows nothing of QuickJS, tools or Node.

pub mod control;
pub mod report;
pub mod language;

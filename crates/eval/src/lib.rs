//! Measuring instruments: `dyad eval` (accuracy against gold sets) and
//! `dyad bench` (throughput, load time, memory). Every accuracy or speed
//! claim in dyad's docs comes from these.

pub mod bench;
pub mod gold;
pub mod location;
pub mod newsdev;
pub mod score;

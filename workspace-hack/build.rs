//! Empty: without a build script cargo would ignore the crate's `[build-dependencies]`, which
//! unify the features of the crates compiled for build scripts and proc-macros.

fn main() {}

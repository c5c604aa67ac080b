//! No code. Both cargo commands of `scripts/test.sh` build this crate, so each enables the same
//! features of the third-party crates listed in its `Cargo.toml` and cargo compiles those once
//! for the two (see `scripts/workspace-hack.mjs`).

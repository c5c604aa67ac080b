//! `lever-provider`: the compute-provider agent of Lever's inference market.
//!
//! It registers a provider, follows the chain, takes the jobs offered to it (or free slots of
//! its models' jobs), fetches and checks the model a job names, runs it with tract, commits and
//! reveals the canonical output, and settles. See the README's "Run a provider" section.

pub mod agent;
pub mod chain;
pub mod config;
pub mod encoding;
pub mod fetch;
pub mod model;

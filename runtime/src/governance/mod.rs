//! Lever's governance: OpenGov (`pallet-referenda` with tracks, `pallet-conviction-voting`,
//! `pallet-scheduler`, `pallet-preimage`), a risk council (`pallet-collective` with
//! `pallet-membership`) for emergencies, and a treasury (`pallet-treasury`).
//!
//! - [`origins`] declares the origins a referendum's track dispatches with (`RiskAdmin`,
//!   `Treasurer`, `Arbiter`; the root track dispatches as root) and the chain's choice of
//!   production or dev-chain periods.
//! - [`tracks`] holds the tracks: who may ask for what, with which deposits, periods and curves.
//!
//! Which origin each pallet accepts for what is written in `configs::governance`, next to the
//! pallets' configurations.

pub mod origins;
pub mod tracks;

pub use origins::pallet_custom_origins;

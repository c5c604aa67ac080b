//! Models and providers: registration, updates, pause, unregistering and unbonding.

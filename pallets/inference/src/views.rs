//! What clients read (served by the runtime API `InferenceApi`).

use crate::{pallet::*, types::*};
use alloc::vec::Vec;

impl<T: Config> Pallet<T> {
	/// The open jobs a provider accepted or was matched to (offers it was named in are in
	/// `JobOffered` events and in each job's slots).
	pub fn provider_jobs(provider: &T::AccountId) -> Vec<JobId> {
		Providers::<T>::get(provider).map(|p| p.jobs.into_inner()).unwrap_or_default()
	}

	/// The providers offering `model`, cheapest first, with their prices.
	pub fn model_offers(model: ModelId) -> Vec<Offer<T::AccountId>> {
		Offers::<T>::get(model).into_inner()
	}
}

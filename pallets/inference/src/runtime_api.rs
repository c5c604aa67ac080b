//! `InferenceApi`: the job market for clients, callable from polkadot.js as
//! `api.call.inferenceApi.*` with no custom types (the types come from the runtime's metadata).

use crate::types::{JobId, ModelId, Offer};
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Read-only job-market queries.
	pub trait InferenceApi<AccountId, Job, Provider, Model> where
		AccountId: Codec,
		Job: Codec,
		Provider: Codec,
		Model: Codec,
	{
		/// A job's state, assignments and results; `None` once closed (see its `JobClosed`
		/// event).
		fn job(job: JobId) -> Option<Job>;
		/// A user's open jobs.
		fn user_jobs(user: AccountId) -> Vec<JobId>;
		/// A provider's record: stake, offers, capacity, open jobs, reputation.
		fn provider(provider: AccountId) -> Option<Provider>;
		/// The open jobs a provider accepted or was matched to (offers it was named in are in
		/// `JobOffered` events and in each job's slots).
		fn provider_jobs(provider: AccountId) -> Vec<JobId>;
		/// A model.
		fn model(model: ModelId) -> Option<Model>;
		/// A model's providers and their prices, cheapest first.
		fn model_offers(model: ModelId) -> Vec<Offer<AccountId>>;
	}
}

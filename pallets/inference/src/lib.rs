//! # Lever inference market
//!
//! A DePIN marketplace for AI inference. Model developers register models; compute providers
//! stake LEV and offer to serve models at a price; users post jobs whose payment is held in
//! escrow; providers deliver results; the chain pays the providers and the model's owner, takes
//! a protocol fee, refunds the rest, and slashes providers who cheat or vanish.
//!
//! ## Key concepts
//!
//! - **Models** ([`Model`]) hold a LEV deposit from their owner, name the asset jobs are paid
//!   in, and a royalty per completed job. Retired models take no new jobs.
//! - **Providers** ([`Provider`]) hold a LEV stake (at least `MinProviderStake`), a capacity of
//!   concurrent jobs and a price per served model. Every model keeps its offers in a bounded
//!   list sorted by price ([`Offers`]), so matching never scans all providers.
//! - **Jobs** ([`Job`]): `post_job` moves `k × max_price + royalty + fee` of the model's asset
//!   into escrow and assigns the k cheapest eligible providers among the first
//!   `MaxMatchScan` offers (reputation breaks ties); unfilled slots stay open for eligible
//!   providers to `claim` until the deadline. Each assigned provider submits its result; when
//!   all are in, the majority (more than k/2 identical content hashes) wins, the minority is
//!   slashed, and a challenge window opens. The job's user may `dispute` for free, anyone else
//!   with a LEV bond; the `ArbiterOrigin` resolves. Without a dispute anyone may `finalize`.
//! - **Settlement** happens in one place ([`Pallet::close`]): winners are paid their prices, the
//!   owner its royalty, the treasury the fee on what was paid, and the user the rest; the
//!   `JobClosed` event lists every unit. Jobs past their deadline can be `expire`d by anyone,
//!   who earns `ExpireReward` of what the no-shows are slashed.
//! - **Slashing** moves `SlashFraction` of a provider's stake from its hold: `SlashToUser` of
//!   it to the job's user, the rest to the treasury (less the expirer's reward).
//!
//! ## Storage economics
//!
//! Models and providers hold LEV (deposit, stake) while they exist. A job lives in storage
//! only while open; its closing event is its record. Each user has at most `MaxJobsPerUser`
//! open jobs and each provider at most its capacity.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod escrow;
pub mod invariants;
pub mod jobs;
pub mod models;
pub mod providers;
pub mod runtime_api;
pub mod settlement;
pub mod stake;
pub mod traits;
pub mod types;
pub mod views;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, fungibles},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;
	use sp_runtime::Permill;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Bytes of inline job data.
	pub type DataOf<T> = JobData<<T as Config>::MaxDataLen, <T as Config>::MaxUriLen>;
	/// Short texts: names, formats, endpoints.
	pub type TextOf<T> = BoundedVec<u8, <T as Config>::MaxTextLen>;
	/// A URI.
	pub type UriOf<T> = BoundedVec<u8, <T as Config>::MaxUriLen>;
	/// A model's name, weights and formats.
	pub type ModelInfoOf<T> = ModelInfo<<T as Config>::MaxTextLen, <T as Config>::MaxUriLen>;
	/// A stored model.
	pub type ModelOf<T> = Model<
		<T as frame_system::Config>::AccountId,
		<T as Config>::AssetKind,
		<T as Config>::MaxTextLen,
		<T as Config>::MaxUriLen,
	>;
	/// A stored provider.
	pub type ProviderOf<T> = Provider<
		BlockNumberFor<T>,
		<T as Config>::MaxModelsPerProvider,
		<T as Config>::MaxCapacity,
		<T as Config>::MaxTextLen,
	>;
	/// A provider's offers: models with its price for each.
	pub type OffersOf<T> = BoundedVec<ModelOffer, <T as Config>::MaxModelsPerProvider>;
	/// A stored job.
	pub type JobOf<T> = Job<
		<T as frame_system::Config>::AccountId,
		<T as Config>::AssetKind,
		BlockNumberFor<T>,
		<T as Config>::MaxDataLen,
		<T as Config>::MaxUriLen,
		<T as Config>::MaxRedundancy,
	>;

	/// Why this pallet holds LEV.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A provider's stake.
		ProviderStake,
		/// A model's storage deposit.
		ModelDeposit,
		/// A dispute's bond.
		DisputeBond,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;

		/// LEV: stakes, deposits and bonds are holds on it.
		type Currency: fungible::MutateHold<
				Self::AccountId,
				Reason = Self::RuntimeHoldReason,
				Balance = Balance,
			> + fungible::Mutate<Self::AccountId>;

		/// The assets jobs are paid in (LEV or a `pallet-assets` id).
		type AssetKind: Parameter + MaxEncodedLen + Ord + MaybeSerializeDeserialize;

		/// Where job payments move: every asset through one `fungibles` implementation.
		type Assets: fungibles::Mutate<
			Self::AccountId,
			AssetId = Self::AssetKind,
			Balance = Balance,
		>;

		/// Resolves disputes.
		type ArbiterOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Receives protocol fees and the treasury's share of slashes.
		type TreasuryAccount: Get<Self::AccountId>;

		/// The pallet account's id: it holds job escrow.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Least LEV a provider stakes.
		#[pallet::constant]
		type MinProviderStake: Get<Balance>;

		/// LEV held for a model's storage.
		#[pallet::constant]
		type ModelDeposit: Get<Balance>;

		/// LEV held from someone other than the job's user who disputes it.
		#[pallet::constant]
		type DisputeBond: Get<Balance>;

		/// The protocol's fee on what providers are paid (rounded up), to the treasury.
		#[pallet::constant]
		type ProtocolFee: Get<Permill>;

		/// Share of a provider's stake slashed per failed job (rounded up).
		#[pallet::constant]
		type SlashFraction: Get<Permill>;

		/// Share of a slash that goes to the job's user; the rest to the treasury.
		#[pallet::constant]
		type SlashToUser: Get<Permill>;

		/// Share of a slash paid to whoever calls `expire` (out of the treasury's share).
		#[pallet::constant]
		type ExpireReward: Get<Permill>;

		/// Blocks after agreed results during which a job can be disputed.
		#[pallet::constant]
		type ChallengeWindow: Get<BlockNumberFor<Self>>;

		/// Blocks between `unregister` and `withdraw_stake`.
		#[pallet::constant]
		type UnbondingPeriod: Get<BlockNumberFor<Self>>;

		/// Most providers one job may ask for (k).
		#[pallet::constant]
		type MaxRedundancy: Get<u32>;

		/// Most concurrent jobs a provider may take.
		#[pallet::constant]
		type MaxCapacity: Get<u32>;

		/// Most models a provider serves.
		#[pallet::constant]
		type MaxModelsPerProvider: Get<u32>;

		/// Most offers a model keeps.
		#[pallet::constant]
		type MaxProvidersPerModel: Get<u32>;

		/// Most offers `post_job` looks at (cheapest first) when matching.
		#[pallet::constant]
		type MaxMatchScan: Get<u32>;

		/// Most open jobs per user.
		#[pallet::constant]
		type MaxJobsPerUser: Get<u32>;

		/// Most bytes of inline job data (input or result).
		#[pallet::constant]
		type MaxDataLen: Get<u32>;

		/// Most bytes of a URI.
		#[pallet::constant]
		type MaxUriLen: Get<u32>;

		/// Most bytes of a name, format or endpoint.
		#[pallet::constant]
		type MaxTextLen: Get<u32>;

		/// Weights of this pallet's calls. Calls whose work grows with a job's redundancy are
		/// charged for `MaxRedundancy` and refunded to the job's.
		type WeightInfo: WeightInfo;

		/// What the benchmarks need from the runtime.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::traits::BenchmarkHelper<Self::AssetKind>;
	}

	/// The next model's id.
	#[pallet::storage]
	pub type NextModelId<T> = StorageValue<_, ModelId, ValueQuery>;

	/// Every model, by id.
	#[pallet::storage]
	pub type Models<T: Config> = StorageMap<_, Twox64Concat, ModelId, ModelOf<T>>;

	/// Every provider, by account.
	#[pallet::storage]
	pub type Providers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, ProviderOf<T>>;

	/// Each model's offers, sorted by price then provider: what matching reads.
	#[pallet::storage]
	pub type Offers<T: Config> = StorageMap<
		_,
		Twox64Concat,
		ModelId,
		BoundedVec<Offer<T::AccountId>, T::MaxProvidersPerModel>,
		ValueQuery,
	>;

	/// The next job's id.
	#[pallet::storage]
	pub type NextJobId<T> = StorageValue<_, JobId, ValueQuery>;

	/// Every open job, by id.
	#[pallet::storage]
	pub type Jobs<T: Config> = StorageMap<_, Twox64Concat, JobId, JobOf<T>>;

	/// Each user's open jobs.
	#[pallet::storage]
	pub type UserJobs<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<JobId, T::MaxJobsPerUser>,
		ValueQuery,
	>;

	/// Escrow held by the pallet account for open jobs, per asset.
	#[pallet::storage]
	pub type Escrow<T: Config> = StorageMap<_, Blake2_128Concat, T::AssetKind, Balance, ValueQuery>;

	/// Settlement payments an account could not receive yet (e.g. below the asset's minimum
	/// balance), held by the pallet account until `claim_credit`.
	#[pallet::storage]
	pub type Credits<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AssetKind,
		Balance,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A model was registered.
		ModelRegistered { model: ModelId, owner: T::AccountId, deposit: Balance },
		/// A model's description or royalty changed.
		ModelUpdated { model: ModelId },
		/// A model takes no new jobs.
		ModelRetired { model: ModelId },
		/// A provider registered with `stake` held.
		ProviderRegistered { provider: T::AccountId, stake: Balance },
		/// A provider changed its endpoint, capacity or offers.
		ProviderUpdated { provider: T::AccountId },
		/// A provider paused (or resumed, `paused: false`).
		ProviderPaused { provider: T::AccountId, paused: bool },
		/// A provider left the market; its stake unbonds until `until`.
		ProviderUnregistered { provider: T::AccountId, until: BlockNumberFor<T> },
		/// A provider's stake was released and its record removed.
		StakeWithdrawn { provider: T::AccountId, amount: Balance },
		/// A job was posted with `escrow` held; `endowment` more (the asset's minimum balance,
		/// paid once by the first job in an asset) keeps the pallet account alive.
		JobPosted {
			job: JobId,
			user: T::AccountId,
			model: ModelId,
			escrow: Balance,
			endowment: Balance,
		},
		/// A provider took a slot of a job at `price`.
		JobAssigned { job: JobId, provider: T::AccountId, price: Balance },
		/// A provider submitted its result.
		ResultSubmitted { job: JobId, provider: T::AccountId, hash: H256 },
		/// The majority agreed on `hash`; disputes are open until `challenge_ends`.
		ResultsAgreed { job: JobId, hash: H256, challenge_ends: BlockNumberFor<T> },
		/// A provider was slashed for `job`: `amount` of LEV stake, split as shown.
		ProviderSlashed {
			provider: T::AccountId,
			job: JobId,
			amount: Balance,
			to_user: Balance,
			to_treasury: Balance,
			to_caller: Balance,
		},
		/// A job was disputed; `bond` LEV is held from `by`.
		JobDisputed { job: JobId, by: T::AccountId, bond: Balance },
		/// The arbiter upheld (or rejected) a dispute.
		DisputeResolved { job: JobId, upheld: bool },
		/// A job went back to matching after its providers failed.
		JobReopened { job: JobId },
		/// `who` could not receive a settlement payment yet: it is credited, to be claimed.
		Credited { who: T::AccountId, asset: T::AssetKind, amount: Balance },
		/// A credit was paid out.
		CreditClaimed { who: T::AccountId, asset: T::AssetKind, amount: Balance },
		/// A job closed: why, and where every unit of its escrow went.
		JobClosed { job: JobId, reason: CloseReason, settlement: Settlement },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No model with this id.
		ModelNotFound,
		/// Only the model's owner may do this.
		NotModelOwner,
		/// The model is retired.
		ModelRetired,
		/// The payment asset does not exist.
		UnknownAsset,
		/// Already registered as a provider.
		AlreadyProvider,
		/// Not a registered provider.
		NotProvider,
		/// The stake is below `MinProviderStake`.
		StakeTooLow,
		/// A capacity of zero, above `MaxCapacity`, or below the provider's open jobs.
		InvalidCapacity,
		/// A model appears twice in the offers.
		DuplicateOffer,
		/// A price of zero.
		ZeroPrice,
		/// The model has `MaxProvidersPerModel` offers already.
		TooManyOffers,
		/// The provider is already paused (or not paused, to resume).
		PauseUnchanged,
		/// The provider is unbonding.
		Unbonding,
		/// The provider still has open jobs.
		HasOpenJobs,
		/// The provider has not unregistered, or its unbonding period has not ended.
		StillBonded,
		/// Redundancy must be between 1 and `MaxRedundancy`.
		InvalidRedundancy,
		/// A max price of zero.
		ZeroMaxPrice,
		/// The deadline has passed, or is not after the current block.
		DeadlinePassed,
		/// The user has `MaxJobsPerUser` open jobs.
		TooManyJobs,
		/// No open job with this id.
		JobNotFound,
		/// The job is not waiting for providers.
		NotOpen,
		/// The provider cannot take this job: it does not serve the model at or below the max
		/// price, is paused, unbonding, under-staked, full, excluded or already assigned.
		NotEligible,
		/// The caller is not assigned to this job.
		NotAssigned,
		/// The provider already submitted its result.
		AlreadySubmitted,
		/// Only the job's user may do this.
		NotJobUser,
		/// Providers already took the job.
		AlreadyAssigned,
		/// The job is not in its challenge window.
		NotInChallenge,
		/// The challenge window has ended.
		ChallengeOver,
		/// The challenge window has not ended yet.
		ChallengeNotOver,
		/// The job is not disputed.
		NotDisputed,
		/// The job's deadline has not passed yet.
		DeadlineNotReached,
		/// The job already has its results (it can be finalized or disputed, not expired).
		NotExpirable,
		/// The account has no credit in this asset.
		NoCredit,
		/// `update_model` cannot change a model's weights: new weights are a new model.
		WeightsChanged,
		/// A state the pallet's invariants rule out (a bug, reported defensively); nothing
		/// changed.
		Unexpected,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxRedundancy::get() > 0, "a job needs a provider");
			assert!(T::MaxCapacity::get() > 0, "a provider must fit a job");
			assert!(T::MaxMatchScan::get() >= T::MaxRedundancy::get(), "matching can fill k");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a model, holding `ModelDeposit` LEV from the caller (its owner).
		///
		/// Parameters: `info` (name, weights hash, URI, formats), the `royalty` per completed job
		/// and the `asset` jobs are paid in. Errors: `UnknownAsset`, funds errors.
		/// Event: `ModelRegistered`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_model())]
		pub fn register_model(
			origin: OriginFor<T>,
			info: ModelInfoOf<T>,
			royalty: Balance,
			asset: T::AssetKind,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register_model(owner, info, royalty, asset)
		}

		/// Replaces a model's description and royalty (jobs already posted keep theirs). The
		/// weights hash cannot change.
		///
		/// Origin: the model's owner. Errors: `ModelNotFound`, `NotModelOwner`, `ModelRetired`,
		/// `WeightsChanged`. Event: `ModelUpdated`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_model())]
		pub fn update_model(
			origin: OriginFor<T>,
			model: ModelId,
			info: ModelInfoOf<T>,
			royalty: Balance,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_update_model(owner, model, info, royalty)
		}

		/// Retires a model: no new jobs; running jobs finish. The deposit stays held while the
		/// record exists.
		///
		/// Origin: the model's owner. Errors: `ModelNotFound`, `NotModelOwner`, `ModelRetired`.
		/// Event: `ModelRetired`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::retire_model())]
		pub fn retire_model(origin: OriginFor<T>, model: ModelId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_retire_model(owner, model)
		}

		/// Registers the caller as a provider: holds `stake` LEV, lists its offers (model and
		/// price per job in the model's asset), its capacity and endpoint.
		///
		/// Errors: `AlreadyProvider`, `StakeTooLow`, `InvalidCapacity`, `ModelNotFound`,
		/// `ModelRetired`, `DuplicateOffer`, `ZeroPrice`, `TooManyOffers`, funds errors.
		/// Event: `ProviderRegistered`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::register_provider(offers.len() as u32))]
		pub fn register_provider(
			origin: OriginFor<T>,
			stake: Balance,
			offers: OffersOf<T>,
			capacity: u32,
			endpoint: TextOf<T>,
		) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_register_provider(provider, stake, offers, capacity, endpoint)
		}

		/// Replaces a provider's offers, capacity and endpoint.
		///
		/// Errors: `NotProvider`, `Unbonding`, `InvalidCapacity`, and the offer errors of
		/// `register_provider`. Event: `ProviderUpdated`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::update_provider(T::MaxModelsPerProvider::get()))]
		pub fn update_provider(
			origin: OriginFor<T>,
			offers: OffersOf<T>,
			capacity: u32,
			endpoint: TextOf<T>,
		) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_update_provider(provider, offers, capacity, endpoint)
		}

		/// Pauses (`true`) or resumes (`false`) the caller: a paused provider's offers leave its
		/// models' lists (matching never sees it) and it cannot claim; its running jobs go on.
		/// Resuming relists them.
		///
		/// Errors: `NotProvider`, `Unbonding`, `PauseUnchanged`, `TooManyOffers` (a model's list
		/// filled up meanwhile). Event: `ProviderPaused`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_paused(T::MaxModelsPerProvider::get()))]
		pub fn set_paused(origin: OriginFor<T>, paused: bool) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_set_paused(provider, paused)
		}

		/// Leaves the market: withdraws every offer and starts the unbonding period. Refused
		/// while the provider has open jobs (including disputed ones).
		///
		/// Errors: `NotProvider`, `Unbonding`, `HasOpenJobs`. Event: `ProviderUnregistered`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::unregister(T::MaxModelsPerProvider::get()))]
		pub fn unregister(origin: OriginFor<T>) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_unregister(provider)
		}

		/// Releases an unregistered provider's stake after the unbonding period.
		///
		/// Errors: `NotProvider`, `StillBonded`. Event: `StakeWithdrawn`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::withdraw_stake())]
		pub fn withdraw_stake(origin: OriginFor<T>) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_withdraw_stake(provider)
		}

		/// Posts a job for `model`: holds `redundancy × max_price + royalty + protocol fee` of
		/// the model's asset in escrow, and assigns the cheapest eligible providers among the
		/// model's first `MaxMatchScan` offers; open slots wait for `claim`.
		///
		/// Errors: `ModelNotFound`, `ModelRetired`, `InvalidRedundancy`, `ZeroMaxPrice`,
		/// `DeadlinePassed`, `TooManyJobs`, funds errors. Events: `JobPosted`, `JobAssigned`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::post_job((*redundancy).min(T::MaxRedundancy::get())))]
		pub fn post_job(
			origin: OriginFor<T>,
			model: ModelId,
			input: DataOf<T>,
			max_price: Balance,
			redundancy: u32,
			deadline: BlockNumberFor<T>,
		) -> DispatchResult {
			let user = ensure_signed(origin)?;
			Self::do_post_job(user, model, input, max_price, redundancy, deadline).map(|_| ())
		}

		/// Takes an open slot of a job as the caller, at its own price for the model.
		///
		/// Errors: `JobNotFound`, `NotOpen`, `DeadlinePassed`, `NotProvider`, `NotEligible`.
		/// Event: `JobAssigned`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::claim())]
		pub fn claim(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_claim(provider, job)
		}

		/// Cancels a job no provider took yet; the whole escrow is refunded.
		///
		/// Origin: the job's user. Errors: `JobNotFound`, `NotJobUser`, `AlreadyAssigned`.
		/// Event: `JobClosed` (`Cancelled`).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::cancel_job())]
		pub fn cancel_job(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let user = ensure_signed(origin)?;
			Self::do_cancel_job(user, job)
		}

		/// Submits the caller's result for a job it is assigned to, before the deadline. When
		/// the last result arrives they are compared: a majority opens the challenge window
		/// (and the minority is slashed); no majority closes the job with a refund.
		///
		/// Errors: `JobNotFound`, `NotAssigned`, `AlreadySubmitted`, `DeadlinePassed`.
		/// Events: `ResultSubmitted`, then `ResultsAgreed` and `ProviderSlashed`, or
		/// `JobClosed` (`NoAgreement`).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::submit_result(T::MaxRedundancy::get()))]
		pub fn submit_result(
			origin: OriginFor<T>,
			job: JobId,
			output: DataOf<T>,
		) -> DispatchResultWithPostInfo {
			let provider = ensure_signed(origin)?;
			let k = Self::do_submit_result(provider, job, output)?;
			Ok(Some(T::WeightInfo::submit_result(k)).into())
		}

		/// Disputes a job's agreed result during its challenge window. The job's user disputes
		/// for free; anyone else has `DisputeBond` LEV held until the arbiter decides.
		///
		/// Errors: `JobNotFound`, `NotInChallenge`, `ChallengeOver`, funds errors.
		/// Event: `JobDisputed`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::dispute())]
		pub fn dispute(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dispute(who, job)
		}

		/// Decides a dispute. Upheld: the winning providers are slashed, the bond returned, and
		/// the job reopened if its deadline allows (else refunded). Rejected: the bond goes to
		/// the treasury and the job settles as completed.
		///
		/// Origin: `ArbiterOrigin`. Errors: `JobNotFound`, `NotDisputed`. Events:
		/// `DisputeResolved`, `ProviderSlashed`, `JobReopened` or `JobClosed`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::resolve_dispute(T::MaxRedundancy::get()))]
		pub fn resolve_dispute(
			origin: OriginFor<T>,
			job: JobId,
			upheld: bool,
		) -> DispatchResultWithPostInfo {
			T::ArbiterOrigin::ensure_origin(origin)?;
			let k = Self::do_resolve_dispute(job, upheld)?;
			Ok(Some(T::WeightInfo::resolve_dispute(k)).into())
		}

		/// Settles a job whose challenge window ended without a dispute: pays the providers,
		/// the royalty and the fee, refunds the rest. Anyone may call.
		///
		/// Errors: `JobNotFound`, `NotInChallenge`, `ChallengeNotOver`. Event: `JobClosed`.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::finalize(T::MaxRedundancy::get()))]
		pub fn finalize(origin: OriginFor<T>, job: JobId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let k = Self::do_finalize(job)?;
			Ok(Some(T::WeightInfo::finalize(k)).into())
		}

		/// Expires a job past its deadline without all its results: assigned providers that
		/// did not submit are slashed (the caller earns `ExpireReward` of it); agreeing
		/// results of a majority still go to the challenge window, otherwise the job is
		/// refunded. Anyone may call.
		///
		/// Errors: `JobNotFound`, `NotExpirable`, `DeadlineNotReached`. Events:
		/// `ProviderSlashed`, then `ResultsAgreed` or `JobClosed` (`Expired`).
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::expire(T::MaxRedundancy::get()))]
		pub fn expire(origin: OriginFor<T>, job: JobId) -> DispatchResultWithPostInfo {
			let caller = ensure_signed(origin)?;
			let k = Self::do_expire(caller, job)?;
			Ok(Some(T::WeightInfo::expire(k)).into())
		}

		/// Pays out `who`'s credited settlement payments in `asset` (see `Credited`). Anyone may
		/// call, for any account: the funds go to `who`.
		///
		/// Errors: `NoCredit`, or the transfer's error while `who` still cannot receive it.
		/// Event: `CreditClaimed`.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::claim_credit())]
		pub fn claim_credit(
			origin: OriginFor<T>,
			who: T::AccountId,
			asset: T::AssetKind,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_claim_credit(who, asset)
		}
	}

	impl<T: Config> Pallet<T> {
		/// Every open job id of `user`.
		pub fn user_jobs(user: &T::AccountId) -> Vec<JobId> {
			UserJobs::<T>::get(user).into_inner()
		}
	}
}

//! # Lever inference market
//!
//! A DePIN marketplace for AI inference. Model developers register models; compute providers
//! stake LEV and offer to serve models at a price; users post jobs whose payment is held in
//! escrow; providers accept, commit to and reveal results; the chain pays the providers whose
//! result is accepted and the model's owner, takes a protocol fee, refunds the rest, and
//! slashes the collateral of providers who fail work they accepted.
//!
//! ## Key concepts
//!
//! - **Models** ([`Model`]) hold a LEV deposit from their owner, name the asset jobs are paid
//!   in (one the `AssetOrigin` allows) and a royalty per completed job. A royalty rise takes
//!   effect `RoyaltyDelay` blocks later; a cut at once. Retired models take no new jobs; a
//!   retired model without open jobs can be removed and its deposit returned.
//! - **Providers** ([`Provider`]) hold a LEV stake (at least `MinProviderStake`) and
//!   `OfferDeposit` LEV per offer, a capacity of concurrent jobs and a price per served model.
//!   Every model keeps its offers in a bounded list ([`Offers`]) sorted by price, then stake
//!   (largest first): only providers that can serve now are listed (not paused, unbonding or
//!   at capacity), so matching never reads a provider that cannot take the job. A full list
//!   takes a new offer that sorts before its last one, which leaves.
//! - **Jobs** ([`Job`]): `post_job` holds `k × max_price + royalty + fee` of the model's asset
//!   in escrow (refused above the user's `max_total`) and a `JobDeposit` of LEV, and offers
//!   the k slots to the providers the user names, then to the best listed ones. A provider is
//!   liable only for a slot it accepted (`accept_job`, or `claim` of a free slot) by the
//!   job's `accept_by`; accepting puts `CollateralRatio` of the job's max price (not of the
//!   provider's own price) into escrow, so what it risks follows the job's value. A matched
//!   offer reserves a unit of the provider's capacity (so a provider is offered at most what
//!   it can take); an offer the user made by naming the provider takes nothing until it is
//!   accepted, so naming a provider can neither fill it nor get it paused. A provider may
//!   decline an offer (`decline_job`), freeing the slot for claims (a declined matched offer
//!   counts against its reputation like a lapse). A job whose slots are not all accepted in
//!   time closes with a refund (anyone calls `expire`); a provider that let a matched offer
//!   lapse is paused (it looks offline). Deadlines leave at least
//!   `MinExecutionWindow` blocks after `accept_by` and are at most `MaxDeadlineHorizon` away.
//! - **Results**: each provider commits to `blake2_256((job, provider, output hash, salt))` by
//!   the deadline, then reveals the output and salt once every commitment is in (or the
//!   deadline passed), within `RevealWindow`. Outputs are compared exactly by content hash:
//!   a model's output format must be a deterministic, canonical encoding. A majority of k
//!   identical results opens a `ChallengeWindow`; anyone may dispute with `DisputeBond` LEV.
//!   Reveals without a majority go to the `ArbiterOrigin`. The arbiter names the correct
//!   result (or none); if it does not decide within `ArbiterWindow`, anyone settles the job
//!   as agreed (a dispute) or by paying every revealed result (no majority). Nobody was
//!   ruled wrong then: no revealed result is slashed (a dissenter gets its collateral back)
//!   and a disputer's bond comes back; only providers that missed lose their collateral.
//! - **Settlement** happens in one place ([`Pallet::close`]): providers whose result is
//!   accepted are paid their prices and get their collateral back, the owner its royalty, the
//!   treasury the fee on what was paid, the user the rest. A provider that accepted and then
//!   missed its commitment or reveal, or whose result was judged wrong, loses its collateral:
//!   `SlashToUser` of it to the user (never more, over the job, than the user's escrow), the
//!   rest to the treasury. A slash is thus proportional to the job's value and bounded by it;
//!   the LEV stake is never slashed. The `JobClosed` event lists every unit. A payment whose
//!   transfer fails for any reason (a recipient below the minimum balance, a frozen account,
//!   asset or pallet account) becomes a credit claimed later with `claim_credit`: no
//!   settlement fails for want of a transfer.
//!
//! ## Storage economics
//!
//! Models (`ModelDeposit`), offers (`OfferDeposit` each) and open jobs (`JobDeposit`) hold LEV
//! while they exist; each is released when its record leaves storage. Each user has at most
//! `MaxJobsPerUser` open jobs and each provider at most its capacity; every job closes within
//! `MaxDeadlineHorizon + RevealWindow + ChallengeWindow + ArbiterWindow` blocks of posting.
//! Payment assets are those the `AssetOrigin` allows, which bounds the pallet account's
//! consumers.
//!
//! ## Invariants
//!
//! - `Escrow[asset]` = Σ over open jobs in `asset` of escrow + accepted collateral, and the
//!   pallet account holds at least that plus the unclaimed credits.
//! - Every open job is in its user's list, in each assigned provider's list, and counted in its
//!   model's `open_jobs`.
//! - Held LEV equals the records: stake and offer deposit per provider, Σ model deposits per
//!   owner, Σ job deposits per user.
//! - Each model's offer list is sorted, and every listed provider serves the model at the
//!   listed price and stake and can serve now.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod escrow;
pub mod invariants;
pub mod jobs;
pub mod models;
pub mod providers;
pub mod results;
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
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

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
		BlockNumberFor<T>,
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
	/// What `post_job` is asked.
	pub type JobTermsOf<T> = JobTerms<BlockNumberFor<T>>;
	/// Providers a user names for its job.
	pub type NamedOf<T> =
		BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxRedundancy>;
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
		/// A provider's deposit for its offers.
		OfferDeposit,
		/// An open job's storage deposit.
		JobDeposit,
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

		/// Allows (and disallows) the assets models may be paid in: assets no single account
		/// can freeze, so that no one can block settlement.
		type AssetOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Suspends a provider at once in an emergency (`suspend_provider`): it only ever stops
		/// a provider from taking jobs; lifting the suspension is `ArbiterOrigin`'s.
		type EmergencyOrigin: EnsureOrigin<Self::RuntimeOrigin>;

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

		/// LEV held per offer a provider lists.
		#[pallet::constant]
		type OfferDeposit: Get<Balance>;

		/// LEV held from the user for each open job's storage.
		#[pallet::constant]
		type JobDeposit: Get<Balance>;

		/// LEV held from whoever disputes a job (the job's user included).
		#[pallet::constant]
		type DisputeBond: Get<Balance>;

		/// The protocol's fee on what providers are paid (rounded up), to the treasury.
		#[pallet::constant]
		type ProtocolFee: Get<Permill>;

		/// Collateral a provider puts in escrow when it accepts a slot, as a share of the job's
		/// max price (not of the provider's own price)
		/// (rounded up): what it loses if it fails the job.
		#[pallet::constant]
		type CollateralRatio: Get<Permill>;

		/// Share of slashed collateral that goes to the job's user (never more, over the job,
		/// than its escrow); the rest to the treasury.
		#[pallet::constant]
		type SlashToUser: Get<Permill>;

		/// Blocks after posting during which offered slots can be accepted and free ones
		/// claimed.
		#[pallet::constant]
		type AcceptWindow: Get<BlockNumberFor<Self>>;

		/// Least blocks between the end of the accept window and the deadline.
		#[pallet::constant]
		type MinExecutionWindow: Get<BlockNumberFor<Self>>;

		/// Most blocks between posting and the deadline.
		#[pallet::constant]
		type MaxDeadlineHorizon: Get<BlockNumberFor<Self>>;

		/// Blocks for reveals once every commitment is in (or the deadline passed).
		#[pallet::constant]
		type RevealWindow: Get<BlockNumberFor<Self>>;

		/// Blocks after agreed results during which a job can be disputed.
		#[pallet::constant]
		type ChallengeWindow: Get<BlockNumberFor<Self>>;

		/// Blocks the arbiter has to decide before anyone may settle the job without it.
		#[pallet::constant]
		type ArbiterWindow: Get<BlockNumberFor<Self>>;

		/// Blocks between a royalty rise and the first job that pays it.
		#[pallet::constant]
		type RoyaltyDelay: Get<BlockNumberFor<Self>>;

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

		/// Most offers `post_job` looks at (best first) when matching.
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

	/// The assets models may be paid in, as the `AssetOrigin` allowed them.
	#[pallet::storage]
	pub type PaymentAssets<T: Config> = StorageMap<_, Blake2_128Concat, T::AssetKind, ()>;

	/// Every provider, by account.
	#[pallet::storage]
	pub type Providers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, ProviderOf<T>>;

	/// Each model's offers of providers that can serve now, sorted by price, then stake
	/// (largest first), then account: what matching reads.
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

	/// Escrow held by the pallet account for open jobs, per asset: users' payments and
	/// providers' collateral.
	#[pallet::storage]
	pub type Escrow<T: Config> = StorageMap<_, Blake2_128Concat, T::AssetKind, Balance, ValueQuery>;

	/// Settlement payments whose transfer failed (below the asset's minimum balance, a frozen
	/// recipient, a frozen pallet account or asset, …), held by the pallet account until
	/// `claim_credit`.
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

	/// Providers suspended in an emergency: paused, and unable to resume until the arbiter
	/// lifts the suspension.
	#[pallet::storage]
	pub type Suspended<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, ()>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The assets models may be paid in from genesis.
		pub payment_assets: Vec<T::AssetKind>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for asset in &self.payment_assets {
				PaymentAssets::<T>::insert(asset, ());
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A model was registered.
		ModelRegistered { model: ModelId, owner: T::AccountId, deposit: Balance },
		/// A model's description changed, or its royalty (a rise from block `royalty_from`).
		ModelUpdated { model: ModelId, royalty: Balance, royalty_from: BlockNumberFor<T> },
		/// A model takes no new jobs.
		ModelRetired { model: ModelId },
		/// A retired model without open jobs left storage; its deposit was released.
		ModelRemoved { model: ModelId, deposit: Balance },
		/// The `AssetOrigin` allowed (or disallowed) an asset for models.
		PaymentAssetSet { asset: T::AssetKind, allowed: bool },
		/// A provider registered with `stake` held.
		ProviderRegistered { provider: T::AccountId, stake: Balance },
		/// A provider changed its endpoint, capacity or offers.
		ProviderUpdated { provider: T::AccountId },
		/// A provider paused (or resumed, `paused: false`).
		ProviderPaused { provider: T::AccountId, paused: bool },
		/// An emergency suspended a provider: it is paused and cannot resume.
		ProviderSuspended { provider: T::AccountId },
		/// The arbiter lifted a provider's suspension: it may resume.
		SuspensionLifted { provider: T::AccountId },
		/// A provider left the market; its stake unbonds until `until`.
		ProviderUnregistered { provider: T::AccountId, until: BlockNumberFor<T> },
		/// A provider's stake and deposits were released and its record removed.
		StakeWithdrawn { provider: T::AccountId, amount: Balance },
		/// A job was posted with `escrow` held; `endowment` more (the asset's minimum balance,
		/// paid once by the first job in an asset) keeps the pallet account alive.
		JobPosted {
			job: JobId,
			user: T::AccountId,
			model: ModelId,
			escrow: Balance,
			endowment: Balance,
			accept_by: BlockNumberFor<T>,
		},
		/// A slot of a job was offered to a provider at `price`, by matching or (`named`) because
		/// the user named it; it accepts or declines by the job's `accept_by`. Letting a matched
		/// offer lapse pauses the provider; a named one costs nothing.
		JobOffered { job: JobId, provider: T::AccountId, price: Balance, named: bool },
		/// A provider declined the slot a job offered it; the slot is free to claim.
		JobDeclined { job: JobId, provider: T::AccountId },
		/// A provider accepted a slot at `price`, putting `collateral` in escrow.
		JobAccepted { job: JobId, provider: T::AccountId, price: Balance, collateral: Balance },
		/// A provider committed to a result.
		ResultCommitted { job: JobId, provider: T::AccountId, commitment: H256 },
		/// Every commitment is in (or the deadline passed): reveals are due by `ends`.
		RevealOpened { job: JobId, ends: BlockNumberFor<T> },
		/// A provider revealed its output, whose content hash is `hash`.
		ResultRevealed { job: JobId, provider: T::AccountId, hash: H256, output: DataOf<T> },
		/// A provider missed its commitment or reveal.
		SlotMissed { job: JobId, provider: T::AccountId },
		/// The majority agreed on `hash`; disputes are open until `challenge_ends`.
		ResultsAgreed { job: JobId, hash: H256, challenge_ends: BlockNumberFor<T> },
		/// A job went to the arbiter: disputed by `by` with `bond` LEV held, or (`by` is
		/// `None`) its reveals had no majority.
		JobDisputed { job: JobId, by: Option<T::AccountId>, bond: Balance },
		/// The arbiter named the correct result (`None`: no revealed result is correct).
		DisputeResolved { job: JobId, correct: Option<H256> },
		/// A provider lost its collateral for `job`, split as shown.
		ProviderSlashed {
			provider: T::AccountId,
			job: JobId,
			amount: Balance,
			to_user: Balance,
			to_treasury: Balance,
		},
		/// A settlement payment to `who` could not be transferred (for any reason): it is
		/// credited, to be claimed.
		Credited { who: T::AccountId, asset: T::AssetKind, amount: Balance },
		/// A credit was paid out.
		CreditClaimed { who: T::AccountId, asset: T::AssetKind, amount: Balance },
		/// A job closed: why, and where every unit of its escrow and collateral went.
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
		/// The model's offer list is full of offers that sort before this one (cheaper, or as
		/// cheap with more stake).
		TooManyOffers,
		/// The provider is already paused (or not paused, to resume).
		PauseUnchanged,
		/// The provider is suspended: it cannot resume until the arbiter lifts the suspension.
		ProviderSuspended,
		/// The provider is already suspended.
		AlreadySuspended,
		/// The provider is not suspended.
		NotSuspended,
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
		/// The deadline leaves less than `AcceptWindow + MinExecutionWindow` blocks.
		DeadlineTooSoon,
		/// The user has `MaxJobsPerUser` open jobs.
		TooManyJobs,
		/// No open job with this id.
		JobNotFound,
		/// The job is not filling its slots, or its accept window has ended.
		NotOpen,
		/// The provider cannot take this job: it does not serve the model at or below the max
		/// price, is paused, unbonding, under-staked, full or already on it.
		NotEligible,
		/// The caller has no slot in this job (or not in the state this call needs).
		NotAssigned,
		/// Only the job's user may do this.
		NotJobUser,
		/// The job is not in its challenge window.
		NotInChallenge,
		/// The challenge window has ended.
		ChallengeOver,
		/// The challenge window has not ended yet.
		ChallengeNotOver,
		/// The job is not disputed.
		NotDisputed,
		/// Nothing to settle yet: the job's current window has not ended.
		DeadlineNotReached,
		/// The job is waiting for a dispute or its challenge window, not for its providers.
		NotExpirable,
		/// The account has no credit in this asset.
		NoCredit,
		/// `update_model` cannot change a model's weights: new weights are a new model.
		WeightsChanged,
		/// A state the pallet's invariants rule out (a bug, reported defensively); nothing
		/// changed.
		Unexpected,
		/// The deadline is more than `MaxDeadlineHorizon` blocks away.
		DeadlineTooFar,
		/// The job would cost more than the caller's `max_total`.
		CostAboveMax,
		/// The asset is not one the market allows models to be paid in.
		AssetNotAllowed,
		/// The slot was not offered to the caller, or it already accepted.
		NotOffered,
		/// The job is not taking commitments (not every slot is accepted, or the deadline
		/// passed).
		NotCommitting,
		/// The caller already committed.
		AlreadyCommitted,
		/// The job is not taking reveals (commitments are still coming, or the reveal window
		/// ended).
		NotRevealing,
		/// The output and salt do not match the caller's commitment.
		CommitmentMismatch,
		/// The model is not retired, or still has open jobs.
		ModelInUse,
		/// The user named a provider twice.
		DuplicateProvider,
		/// Every slot of the job is offered or taken.
		NoFreeSlot,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxRedundancy::get() > 0, "a job needs a provider");
			assert!(T::MaxCapacity::get() > 0, "a provider must fit a job");
			assert!(T::MaxMatchScan::get() >= T::MaxRedundancy::get(), "matching can fill k");
			assert!(
				T::MaxDeadlineHorizon::get()
					>= T::AcceptWindow::get() + T::MinExecutionWindow::get(),
				"some deadline is valid"
			);
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
		/// and the `asset` jobs are paid in. Errors: `AssetNotAllowed`, funds errors.
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

		/// Replaces a model's description and royalty. A cut applies at once; a rise applies to
		/// jobs posted `RoyaltyDelay` blocks from now (jobs already posted keep theirs). The
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

		/// Retires a model: no new jobs; running jobs finish. `remove_model` then returns the
		/// deposit once no job is open.
		///
		/// Origin: the model's owner. Errors: `ModelNotFound`, `NotModelOwner`, `ModelRetired`.
		/// Event: `ModelRetired`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::retire_model())]
		pub fn retire_model(origin: OriginFor<T>, model: ModelId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_retire_model(owner, model)
		}

		/// Registers the caller as a provider: holds `stake` LEV and `OfferDeposit` per offer,
		/// lists its offers (model and price per job in the model's asset), its capacity and
		/// endpoint.
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

		/// Replaces a provider's offers (adjusting its offer deposit), capacity and endpoint.
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
		/// models' lists and it cannot accept or claim; its accepted jobs go on. Resuming
		/// relists them; a suspended provider cannot resume.
		///
		/// Errors: `NotProvider`, `Unbonding`, `PauseUnchanged`, `ProviderSuspended`,
		/// `TooManyOffers`. Event: `ProviderPaused`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_paused(T::MaxModelsPerProvider::get()))]
		pub fn set_paused(origin: OriginFor<T>, paused: bool) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_set_paused(provider, paused)
		}

		/// Leaves the market: withdraws every offer and starts the unbonding period. Refused
		/// while the provider has open jobs.
		///
		/// Errors: `NotProvider`, `Unbonding`, `HasOpenJobs`. Event: `ProviderUnregistered`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::unregister(T::MaxModelsPerProvider::get()))]
		pub fn unregister(origin: OriginFor<T>) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_unregister(provider)
		}

		/// Releases an unregistered provider's stake and offer deposit after the unbonding
		/// period.
		///
		/// Errors: `NotProvider`, `StillBonded`. Event: `StakeWithdrawn`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::withdraw_stake())]
		pub fn withdraw_stake(origin: OriginFor<T>) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_withdraw_stake(provider)
		}

		/// Posts a job (`terms`: model, max price per provider, redundancy k, deadline and the
		/// user's `max_total`): holds `k × max_price + royalty + protocol fee` of the model's
		/// asset in escrow (refused above `max_total`) and `JobDeposit` LEV, and offers slots
		/// to the `named` providers, then to the best listed offers among the model's first
		/// `MaxMatchScan`. The deadline (when commitments are due) must leave
		/// `MinExecutionWindow` blocks after the accept window and be at most
		/// `MaxDeadlineHorizon` away.
		///
		/// Errors: `ModelNotFound`, `ModelRetired`, `AssetNotAllowed`, `InvalidRedundancy`,
		/// `ZeroMaxPrice`, `DeadlineTooSoon`, `DeadlineTooFar`, `CostAboveMax`, `TooManyJobs`,
		/// `DuplicateProvider`, `NotProvider`/`NotEligible` (a named provider), funds errors.
		/// Events: `JobPosted`, `JobOffered`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::post_job(terms.redundancy.min(T::MaxRedundancy::get())))]
		pub fn post_job(
			origin: OriginFor<T>,
			terms: JobTermsOf<T>,
			input: DataOf<T>,
			named: NamedOf<T>,
		) -> DispatchResult {
			let user = ensure_signed(origin)?;
			Self::do_post_job(user, terms, input, named).map(|_| ())
		}

		/// Takes a free slot of an open job as the caller, at its own price for the model,
		/// accepting it at once (its collateral, `CollateralRatio` of the job's max price, goes
		/// into escrow).
		///
		/// Errors: `JobNotFound`, `NotOpen`, `NoFreeSlot`, `NotProvider`, `NotEligible`, funds
		/// errors. Event: `JobAccepted`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::claim())]
		pub fn claim(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_claim(provider, job)
		}

		/// Cancels a job whose slots are not all accepted yet; the escrow, the accepted
		/// providers' collateral and the job deposit are returned.
		///
		/// Origin: the job's user. Errors: `JobNotFound`, `NotJobUser`, `NotOpen`.
		/// Event: `JobClosed` (`Cancelled`).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::cancel_job())]
		pub fn cancel_job(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let user = ensure_signed(origin)?;
			Self::do_cancel_job(user, job)
		}

		// Call index 11 (`submit_result`, public results) is retired: results are committed
		// (18) and revealed (19).

		/// Disputes a job's agreed result during its challenge window, holding `DisputeBond`
		/// LEV from the caller (the job's user too) until the arbiter decides.
		///
		/// Errors: `JobNotFound`, `NotInChallenge`, `ChallengeOver`, funds errors.
		/// Event: `JobDisputed`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::dispute())]
		pub fn dispute(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dispute(who, job)
		}

		/// Decides a disputed job: `correct` is the content hash of the correct result (one a
		/// provider revealed), or `None` if no revealed result is correct. Providers that
		/// revealed it are paid; every other provider that accepted loses its collateral. A
		/// disputer's bond comes back if it was right (the agreed result is not `correct`),
		/// else goes to the treasury.
		///
		/// Origin: `ArbiterOrigin`. Errors: `JobNotFound`, `NotDisputed`. Events:
		/// `DisputeResolved`, `ProviderSlashed`, `JobClosed`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::resolve_dispute(T::MaxRedundancy::get()))]
		pub fn resolve_dispute(
			origin: OriginFor<T>,
			job: JobId,
			correct: Option<H256>,
		) -> DispatchResultWithPostInfo {
			T::ArbiterOrigin::ensure_origin(origin)?;
			let k = Self::do_resolve_dispute(job, correct)?;
			Ok(Some(T::WeightInfo::resolve_dispute(k)).into())
		}

		/// Settles a job whose challenge window ended without a dispute: pays the providers of
		/// the agreed result, the royalty and the fee, slashes the others, refunds the rest.
		/// Anyone may call.
		///
		/// Errors: `JobNotFound`, `NotInChallenge`, `ChallengeNotOver`. Event: `JobClosed`.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::finalize(T::MaxRedundancy::get()))]
		pub fn finalize(origin: OriginFor<T>, job: JobId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let k = Self::do_finalize(job)?;
			Ok(Some(T::WeightInfo::finalize(k)).into())
		}

		/// Moves on a job whose current window ended, so that neither side is held by one that
		/// cannot proceed. Anyone may call:
		/// - slots not all accepted by `accept_by`: refunded, nobody liable; providers that let
		///   a matched offer lapse are paused;
		/// - commitments missing at the deadline: those providers miss; reveals open for the
		///   rest (or, with no commitment at all, the job is refunded);
		/// - reveals missing at the reveal window's end: those providers miss; the reveals are
		///   judged;
		/// - the arbiter silent past `ArbiterWindow`: settled as agreed, or with every revealed
		///   result paid when there was no majority; nobody was ruled wrong, so a dissenting
		///   revealed result gets its collateral back (only providers that missed are slashed)
		///   and a disputer's bond comes back.
		///
		/// Errors: `JobNotFound`, `NotExpirable`, `DeadlineNotReached`. Events: `SlotMissed`,
		/// `RevealOpened`, `ResultsAgreed`, `JobDisputed`, `ProviderSlashed`, `JobClosed`.
		#[pallet::call_index(15)]
		#[pallet::weight(Pallet::<T>::expire_weight(T::MaxRedundancy::get()))]
		pub fn expire(origin: OriginFor<T>, job: JobId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let k = Self::do_expire(job)?;
			Ok(Some(Self::expire_weight(k)).into())
		}

		/// Pays out `who`'s credited settlement payments in `asset` (see `Credited`). Anyone may
		/// call, for any account: the funds go to `who`.
		///
		/// Errors: `NoCredit`, or the transfer's error while it still fails (`who` cannot
		/// receive it, or the asset or the pallet account is frozen).
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

		/// Accepts the slot a job offers the caller, before the job's `accept_by`: its
		/// collateral (`CollateralRatio` of the job's max price, whatever its own price) goes
		/// into escrow and it becomes liable for a commitment by the deadline. The last
		/// acceptance starts the commit phase.
		///
		/// A matched offer holds its unit of the provider's capacity already; a named offer takes
		/// one now, so it needs free capacity.
		///
		/// Errors: `JobNotFound`, `NotOpen`, `NotOffered`, `NotEligible` (paused, unbonding, no
		/// longer serving the model, or — for a named offer — at capacity), funds errors.
		/// Event: `JobAccepted`.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::accept_job())]
		pub fn accept_job(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_accept_job(provider, job)
		}

		/// Commits to a result by the deadline: `commitment` is
		/// `blake2_256(SCALE((job, provider, output content hash, salt)))` (see
		/// [`commitment`]). When every slot has committed, reveals open.
		///
		/// Errors: `JobNotFound`, `NotCommitting`, `NotAssigned`, `AlreadyCommitted`.
		/// Events: `ResultCommitted`, `RevealOpened`.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::commit_result())]
		pub fn commit_result(origin: OriginFor<T>, job: JobId, commitment: H256) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_commit_result(provider, job, commitment)
		}

		/// Reveals the committed output and its salt during the reveal window. When every
		/// committed provider has revealed, the results are judged: a majority opens the
		/// challenge window, none sends the job to the arbiter.
		///
		/// Errors: `JobNotFound`, `NotRevealing`, `NotAssigned`, `CommitmentMismatch`.
		/// Events: `ResultRevealed`, then `ResultsAgreed` or `JobDisputed`.
		#[pallet::call_index(19)]
		#[pallet::weight(Pallet::<T>::reveal_weight(T::MaxRedundancy::get()))]
		pub fn reveal_result(
			origin: OriginFor<T>,
			job: JobId,
			output: DataOf<T>,
			salt: H256,
		) -> DispatchResultWithPostInfo {
			let provider = ensure_signed(origin)?;
			let k = Self::do_reveal_result(provider, job, output, salt)?;
			Ok(Some(Self::reveal_weight(k)).into())
		}

		/// Declines the slot a job offers the caller, before the job's `accept_by`: the slot is
		/// free for any eligible provider to `claim`, and the caller owes nothing. A matched
		/// offer gives its unit of capacity back and counts against the provider's reputation
		/// like a lapse, without the pause; a named offer costs nothing.
		///
		/// Errors: `JobNotFound`, `NotOpen`, `NotOffered`. Event: `JobDeclined`.
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::decline_job())]
		pub fn decline_job(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_decline_job(provider, job)
		}

		/// Allows (or disallows) an asset for new models and new jobs.
		///
		/// Origin: `AssetOrigin`. Errors: `UnknownAsset`. Event: `PaymentAssetSet`.
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::set_payment_asset())]
		pub fn set_payment_asset(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			allowed: bool,
		) -> DispatchResult {
			T::AssetOrigin::ensure_origin(origin)?;
			Self::do_set_payment_asset(asset, allowed)
		}

		/// Removes a retired model without open jobs and releases its deposit.
		///
		/// Origin: the model's owner. Errors: `ModelNotFound`, `NotModelOwner`, `ModelInUse`.
		/// Event: `ModelRemoved`.
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::remove_model())]
		pub fn remove_model(origin: OriginFor<T>, model: ModelId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_remove_model(owner, model)
		}

		/// Suspends `provider` at once: pauses it (its offers leave the lists, it accepts and
		/// claims nothing; its accepted jobs go on) and keeps it from resuming.
		///
		/// Origin: `EmergencyOrigin`. Errors: `NotProvider`, `AlreadySuspended`.
		/// Event: `ProviderSuspended` (and `ProviderPaused` if it was serving).
		#[pallet::call_index(23)]
		#[pallet::weight(T::WeightInfo::suspend_provider(T::MaxModelsPerProvider::get()))]
		pub fn suspend_provider(origin: OriginFor<T>, provider: T::AccountId) -> DispatchResult {
			T::EmergencyOrigin::ensure_origin(origin)?;
			Self::do_suspend(provider)
		}

		/// Lifts `provider`'s suspension; it stays paused until it resumes itself.
		///
		/// Origin: `ArbiterOrigin`. Errors: `NotSuspended`. Event: `SuspensionLifted`.
		#[pallet::call_index(24)]
		#[pallet::weight(T::WeightInfo::lift_suspension())]
		pub fn lift_suspension(origin: OriginFor<T>, provider: T::AccountId) -> DispatchResult {
			T::ArbiterOrigin::ensure_origin(origin)?;
			ensure!(Suspended::<T>::take(&provider).is_some(), Error::<T>::NotSuspended);
			Self::deposit_event(Event::SuspensionLifted { provider });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// A reveal's weight at redundancy `k`: the last reveal judges, with a majority or
		/// without.
		pub fn reveal_weight(k: u32) -> Weight {
			T::WeightInfo::reveal_result(k).max(T::WeightInfo::reveal_result_no_agreement(k))
		}

		/// An `expire`'s weight at redundancy `k`: the heaviest of its branches (an unfilled job
		/// refunded with lapsed offers paused, missed reveals slashed, a silent arbiter's job
		/// settled).
		pub fn expire_weight(k: u32) -> Weight {
			T::WeightInfo::expire(k)
				.max(T::WeightInfo::expire_unfilled(k))
				.max(T::WeightInfo::expire_arbiter_silent(k))
		}

		/// Every open job id of `user`.
		pub fn user_jobs(user: &T::AccountId) -> Vec<JobId> {
			UserJobs::<T>::get(user).into_inner()
		}
	}
}

//! The job market's types: models, providers with their offers and reputation, jobs with their
//! slots, commitments and results, and where a closed job's money went.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedBTreeMap, BoundedVec};
use scale_info::TypeInfo;
use sp_core::H256;

/// Token amounts (LEV for stakes, deposits and bonds; the model's payment asset for jobs).
pub use lever_primitives::Balance;
/// A model's id.
pub type ModelId = u32;
/// A job's id.
pub type JobId = u64;

/// Data a job carries in or out: inline bytes, or a content hash with where to fetch it.
#[frame_support::stored]
pub enum JobData<MaxData: Get<u32>, MaxUri: Get<u32>> {
	/// The bytes themselves.
	Inline(BoundedVec<u8, MaxData>),
	/// A content hash (blake2-256) and a URI to fetch the content from.
	Hash {
		/// blake2-256 of the content.
		hash: H256,
		/// Where the content lives.
		uri: BoundedVec<u8, MaxUri>,
	},
}

impl<MaxData: Get<u32>, MaxUri: Get<u32>> JobData<MaxData, MaxUri> {
	/// What results are compared by: the content's blake2-256 (the given hash for
	/// hash-and-URI data, so two providers agree when they name the same content).
	pub fn content_hash(&self) -> H256 {
		match self {
			JobData::Inline(bytes) => {
				<sp_runtime::traits::BlakeTwo256 as sp_runtime::traits::Hash>::hash(bytes)
			},
			JobData::Hash { hash, .. } => *hash,
		}
	}
}

/// What a model is: its name, weights and formats. Passed whole to `register_model` and
/// `update_model`.
#[frame_support::stored]
pub struct ModelInfo<MaxText: Get<u32>, MaxUri: Get<u32>> {
	/// A human name.
	pub name: BoundedVec<u8, MaxText>,
	/// blake2-256 of the model's weights: its identity (new weights are a new model).
	pub weights_hash: H256,
	/// Where the weights can be fetched.
	pub uri: BoundedVec<u8, MaxUri>,
	/// What a job's input must look like (e.g. a MIME type or a schema name).
	pub input_format: BoundedVec<u8, MaxText>,
	/// What a result looks like: a canonical, deterministic encoding, since results are
	/// compared by hash.
	pub output_format: BoundedVec<u8, MaxText>,
}

/// A royalty rise waiting for its delay to pass.
#[frame_support::stored]
pub struct PendingRoyalty<BlockNumber> {
	/// The new royalty.
	pub royalty: Balance,
	/// The first block at which jobs pay it.
	pub from: BlockNumber,
}

/// A registered model.
#[frame_support::stored]
pub struct Model<AccountId, AssetKind, BlockNumber, MaxText: Get<u32>, MaxUri: Get<u32>> {
	/// Who registered it and receives its royalties.
	pub owner: AccountId,
	/// Its name, weights and formats.
	pub info: ModelInfo<MaxText, MaxUri>,
	/// Paid to the owner for each completed job, in `asset`.
	pub royalty: Balance,
	/// A rise of the royalty that takes effect at its `from` block.
	pub pending_royalty: Option<PendingRoyalty<BlockNumber>>,
	/// What jobs for this model are paid in (an asset the market origin allows).
	pub asset: AssetKind,
	/// LEV held from the owner for the model's storage.
	pub deposit: Balance,
	/// Retired models take no new jobs; running jobs finish.
	pub retired: bool,
	/// Its jobs not closed yet (a retired model without any can be removed).
	pub open_jobs: u32,
}

impl<AccountId, AssetKind, BlockNumber: PartialOrd + Copy, MaxText: Get<u32>, MaxUri: Get<u32>>
	Model<AccountId, AssetKind, BlockNumber, MaxText, MaxUri>
{
	/// The royalty a job posted at `now` pays.
	pub fn royalty_at(&self, now: BlockNumber) -> Balance {
		match &self.pending_royalty {
			Some(pending) if now >= pending.from => pending.royalty,
			_ => self.royalty,
		}
	}
}

/// A provider's place in a model's offer list: who serves it, at what price per job, and with
/// how much LEV staked. Lists are sorted by price (cheapest first), then stake (largest
/// first), then account.
#[frame_support::stored]
pub struct Offer<AccountId> {
	/// The provider.
	pub provider: AccountId,
	/// Its price per job, in the model's asset.
	pub price: Balance,
	/// Its LEV stake.
	pub stake: Balance,
}

impl<AccountId: Ord> Offer<AccountId> {
	/// The list's order.
	pub fn key(&self) -> (Balance, core::cmp::Reverse<Balance>, &AccountId) {
		(self.price, core::cmp::Reverse(self.stake), &self.provider)
	}
}

/// A model a provider offers to serve and its price per job, as `register_provider` and
/// `update_provider` take them.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct ModelOffer {
	/// The model.
	pub model: ModelId,
	/// The price per job, in the model's asset.
	pub price: Balance,
}

/// A provider's record of how it served.
#[frame_support::stored]
#[derive(Copy, Default)]
pub struct Reputation {
	/// Jobs it was paid for.
	pub completed: u32,
	/// Accepted jobs it failed (no commitment or reveal in time, or a result judged wrong).
	pub failed: u32,
	/// Times its collateral was slashed.
	pub slashed: u32,
	/// Matched offers it let lapse (paused when the job expires) or declined.
	pub lapsed: u32,
}

impl Reputation {
	/// Matching's tie-breaker after price and stake: completions minus twice the failures
	/// minus the lapsed offers (higher is better).
	pub fn score(&self) -> i64 {
		i64::from(self.completed) - 2 * i64::from(self.failed) - i64::from(self.lapsed)
	}
}

/// A registered compute provider.
#[frame_support::stored]
pub struct Provider<BlockNumber, MaxModels: Get<u32>, MaxCapacity: Get<u32>, MaxText: Get<u32>> {
	/// LEV held as stake.
	pub stake: Balance,
	/// LEV held for its offers (`OfferDeposit` each).
	pub offer_deposit: Balance,
	/// Where users reach it.
	pub endpoint: BoundedVec<u8, MaxText>,
	/// Most jobs it works on at once.
	pub capacity: u32,
	/// The models it serves, with its price per job in each model's asset.
	pub models: BoundedBTreeMap<ModelId, Balance, MaxModels>,
	/// The open jobs it accepted or was matched to: each takes a unit of its capacity (offers
	/// it was named in do not).
	pub jobs: BoundedVec<JobId, MaxCapacity>,
	/// Paused providers are not listed and cannot accept or claim.
	pub paused: bool,
	/// Set by `unregister`: the block from which the stake can be withdrawn.
	pub unbonding_until: Option<BlockNumber>,
	/// How it served so far.
	pub reputation: Reputation,
}

/// Where one provider's slot of a job stands.
#[frame_support::stored]
#[derive(Copy)]
pub enum Slot {
	/// Offered by matching; not accepted yet, so not liable, but holding a unit of the
	/// provider's capacity until it accepts or declines. Letting it lapse pauses the provider
	/// (it looks offline).
	Offered,
	/// Accepted: its collateral is in escrow and it owes a commitment by the deadline.
	Accepted,
	/// Committed to `blake2_256((job, provider, output hash, salt))`.
	Committed(H256),
	/// Revealed an output with this content hash, matching its commitment.
	Revealed(H256),
	/// Missed its commitment or its reveal in time.
	Missed,
	/// Offered because the user named the provider; not accepted yet, so not liable and taking
	/// none of its capacity until accepted. The provider may decline it or let it lapse at no
	/// cost: nobody can fill a provider or get it paused by naming it.
	Named,
}

impl Slot {
	/// Offered (by matching or by name) and not accepted yet.
	pub fn is_offer(&self) -> bool {
		matches!(self, Slot::Offered | Slot::Named)
	}
}

/// One provider's place in a job.
#[frame_support::stored]
pub struct Assignment<AccountId> {
	/// The provider.
	pub provider: AccountId,
	/// Its price for this job (≤ the job's max price).
	pub price: Balance,
	/// What it put in escrow when it accepted (`CollateralRatio` of the job's max price, rounded
	/// up).
	pub collateral: Balance,
	/// Where it stands.
	pub slot: Slot,
}

/// Where a job is in its life. A closed job leaves storage (its event says why).
#[frame_support::stored]
pub enum JobStatus<AccountId, BlockNumber> {
	/// Filling: slots are offered and accepted (or claimed) until the job's `accept_by`.
	Open,
	/// Every slot accepted; commitments are due by the deadline.
	Committing,
	/// Every commitment in (or the deadline passed): reveals are due by `ends`.
	Revealing {
		/// Last block for reveals.
		ends: BlockNumber,
	},
	/// A majority revealed `agreed`; anyone may dispute until `ends`, then finalize.
	Challenge {
		/// Last block of the challenge window.
		ends: BlockNumber,
		/// The majority's content hash.
		agreed: H256,
	},
	/// Waiting for the arbiter until `ends`: disputed by `by` (with `bond` LEV held), or
	/// sent there because the reveals had no majority (`by` is `None`).
	Disputed {
		/// Who disputed, if anyone.
		by: Option<AccountId>,
		/// LEV held from them.
		bond: Balance,
		/// The majority's content hash, if there was one.
		agreed: Option<H256>,
		/// After this block, anyone may settle the job without the arbiter.
		ends: BlockNumber,
	},
}

/// Why a job closed.
#[frame_support::stored]
#[derive(Copy)]
pub enum CloseReason {
	/// A result was accepted (agreed and undisputed, or chosen by the arbiter): paid.
	Completed,
	/// The user cancelled it before every slot was accepted: refunded.
	Cancelled,
	/// Its slots were not all accepted in time: refunded, nobody liable.
	Unfilled,
	/// No result was revealed in time: refunded, the providers who missed slashed.
	Expired,
	/// The arbiter found no revealed result correct: refunded, the providers slashed.
	NoCorrectResult,
}

/// Where a closed job's escrow and its providers' collateral went, unit by unit.
#[frame_support::stored]
#[derive(Copy, Default)]
pub struct Settlement {
	/// To the providers whose results were accepted (their prices).
	pub providers: Balance,
	/// To the model's owner.
	pub royalty: Balance,
	/// To the treasury: the protocol fee on what providers were paid.
	pub protocol_fee: Balance,
	/// Back to the user.
	pub refund: Balance,
	/// Collateral back to the providers who were not slashed.
	pub collateral_returned: Balance,
	/// Slashed collateral to the user (never more than the job's escrow).
	pub slashed_to_user: Balance,
	/// Slashed collateral to the treasury.
	pub slashed_to_treasury: Balance,
}

impl Settlement {
	/// Every unit accounted for: the job's escrow plus its providers' collateral.
	pub fn total(&self) -> Option<Balance> {
		self.providers
			.checked_add(self.royalty)?
			.checked_add(self.protocol_fee)?
			.checked_add(self.refund)?
			.checked_add(self.collateral_returned)?
			.checked_add(self.slashed_to_user)?
			.checked_add(self.slashed_to_treasury)
	}
}

/// What a user asks of a job in `post_job`.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct JobTerms<BlockNumber> {
	/// The model to run.
	pub model: ModelId,
	/// The most the user pays each provider.
	pub max_price: Balance,
	/// How many providers run it (k).
	pub redundancy: u32,
	/// Commitments are due by this block.
	pub deadline: BlockNumber,
	/// The most the job may escrow (prices, royalty and fee): the user's bound.
	pub max_total: Balance,
}

/// A job: what the user asked, what it escrowed, who works on it and where it stands.
#[frame_support::stored]
pub struct Job<
	AccountId,
	AssetKind,
	BlockNumber,
	MaxData: Get<u32>,
	MaxUri: Get<u32>,
	MaxRedundancy: Get<u32>,
> {
	/// Who posted and pays.
	pub user: AccountId,
	/// The model to run.
	pub model: ModelId,
	/// What the job is paid in (the model's asset when posted).
	pub asset: AssetKind,
	/// The input.
	pub input: JobData<MaxData, MaxUri>,
	/// The most the user pays each provider.
	pub max_price: Balance,
	/// How many providers run it (k); a majority of k identical results wins.
	pub redundancy: u32,
	/// Slots must be accepted by this block.
	pub accept_by: BlockNumber,
	/// Commitments are due by this block.
	pub deadline: BlockNumber,
	/// Held for the job: k × max price + royalty + the protocol fee on k × max price.
	pub escrow: Balance,
	/// The model's royalty when posted.
	pub royalty: Balance,
	/// LEV held from the user for the job's storage, returned at close.
	pub deposit: Balance,
	/// Where the job stands.
	pub status: JobStatus<AccountId, BlockNumber>,
	/// Its providers, with their prices, collateral and results.
	pub assignments: BoundedVec<Assignment<AccountId>, MaxRedundancy>,
}

/// What a provider commits to: blake2-256 of the SCALE encoding of
/// `(job, provider, output content hash, salt)`. Binding the job and the provider means a
/// commitment cannot be copied from another provider or another job.
pub fn commitment<AccountId: Encode>(
	job: JobId,
	provider: &AccountId,
	output: &H256,
	salt: &H256,
) -> H256 {
	use sp_runtime::traits::Hash;
	sp_runtime::traits::BlakeTwo256::hash_of(&(job, provider, output, salt))
}

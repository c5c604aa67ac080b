//! The job market's types: models, providers with their offers and reputation, jobs with their
//! assignments and results, and why a job closed.

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
	/// What a result looks like.
	pub output_format: BoundedVec<u8, MaxText>,
}

/// A registered model.
#[frame_support::stored]
pub struct Model<AccountId, AssetKind, MaxText: Get<u32>, MaxUri: Get<u32>> {
	/// Who registered it and receives its royalties.
	pub owner: AccountId,
	/// Its name, weights and formats.
	pub info: ModelInfo<MaxText, MaxUri>,
	/// Paid to the owner for each completed job, in `asset`.
	pub royalty: Balance,
	/// What jobs for this model are paid in (LEV or a `pallet-assets` asset).
	pub asset: AssetKind,
	/// LEV held from the owner for the model's storage.
	pub deposit: Balance,
	/// Retired models take no new jobs; running jobs finish.
	pub retired: bool,
}

/// A provider's offer in a model's list: who serves it and at what price per job.
#[frame_support::stored]
pub struct Offer<AccountId> {
	/// The provider.
	pub provider: AccountId,
	/// Its price per job, in the model's asset.
	pub price: Balance,
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
	/// Jobs it failed (minority result, no agreement, missed deadline, upheld dispute).
	pub failed: u32,
	/// Times its stake was slashed.
	pub slashed: u32,
}

impl Reputation {
	/// Matching's tie-breaker: completions minus twice the failures (higher is better).
	pub fn score(&self) -> i64 {
		i64::from(self.completed) - 2 * i64::from(self.failed)
	}
}

/// A registered compute provider.
#[frame_support::stored]
pub struct Provider<BlockNumber, MaxModels: Get<u32>, MaxCapacity: Get<u32>, MaxText: Get<u32>> {
	/// LEV held as stake.
	pub stake: Balance,
	/// Where users reach it.
	pub endpoint: BoundedVec<u8, MaxText>,
	/// Most jobs it works on at once.
	pub capacity: u32,
	/// The models it serves, with its price per job in each model's asset.
	pub models: BoundedBTreeMap<ModelId, Balance, MaxModels>,
	/// Its open jobs (assigned and not closed).
	pub jobs: BoundedVec<JobId, MaxCapacity>,
	/// Paused providers are skipped by matching and cannot claim.
	pub paused: bool,
	/// Set by `unregister`: the block from which the stake can be withdrawn.
	pub unbonding_until: Option<BlockNumber>,
	/// How it served so far.
	pub reputation: Reputation,
}

/// One provider's place in a job.
#[frame_support::stored]
pub struct Assignment<AccountId, MaxData: Get<u32>, MaxUri: Get<u32>> {
	/// The provider.
	pub provider: AccountId,
	/// Its price for this job (≤ the job's max price).
	pub price: Balance,
	/// Its result, once submitted.
	pub result: Option<JobData<MaxData, MaxUri>>,
}

/// Where a job is in its life. A closed job leaves storage (its event says why).
#[frame_support::stored]
pub enum JobStatus<AccountId, BlockNumber> {
	/// Waiting for providers: fewer than `redundancy` assigned.
	Open,
	/// Every slot assigned; waiting for results.
	Working,
	/// Results agreed; anyone may dispute until `ends`, then finalize.
	Challenge {
		/// Last block of the challenge window.
		ends: BlockNumber,
	},
	/// Disputed; waiting for the arbiter.
	Disputed {
		/// Who disputed.
		by: AccountId,
		/// LEV held from them (zero for the job's own user).
		bond: Balance,
	},
}

/// Why a job closed.
#[frame_support::stored]
#[derive(Copy)]
pub enum CloseReason {
	/// Results agreed and nobody disputed in time (or the arbiter rejected the dispute): paid.
	Completed,
	/// The user cancelled it before any provider took it.
	Cancelled,
	/// The deadline passed without enough agreeing results: refunded.
	Expired,
	/// Every result differed: refunded.
	NoAgreement,
	/// The arbiter upheld a dispute with no time left to reassign: refunded.
	DisputeUpheld,
}

/// Where a closed job's escrow went, unit by unit.
#[frame_support::stored]
#[derive(Copy, Default)]
pub struct Settlement {
	/// To the providers whose results won.
	pub providers: Balance,
	/// To the model's owner.
	pub royalty: Balance,
	/// To the treasury.
	pub protocol_fee: Balance,
	/// Back to the user.
	pub refund: Balance,
}

impl Settlement {
	/// Every unit accounted for.
	pub fn total(&self) -> Option<Balance> {
		self.providers
			.checked_add(self.royalty)?
			.checked_add(self.protocol_fee)?
			.checked_add(self.refund)
	}
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
	/// How many providers run it (k); their majority result wins.
	pub redundancy: u32,
	/// Results are due by this block.
	pub deadline: BlockNumber,
	/// Held for the job: k × max price + royalty + the protocol fee on k × max price.
	pub escrow: Balance,
	/// The model's royalty when posted.
	pub royalty: Balance,
	/// Where the job stands.
	pub status: JobStatus<AccountId, BlockNumber>,
	/// Providers working on it, with their prices and results.
	pub assignments: BoundedVec<Assignment<AccountId, MaxData, MaxUri>, MaxRedundancy>,
	/// Providers that failed this job (never assigned to it again).
	pub excluded: BoundedVec<AccountId, MaxRedundancy>,
}

//! Governance: OpenGov (preimages, the scheduler, referenda with Lever's tracks, conviction
//! voting, the tracks' custom origins), the risk council (a collective whose members a
//! membership pallet keeps) and the treasury; and which origin each of Lever's pallets accepts
//! for what.
//!
//! | what | origin |
//! |---|---|
//! | market parameters, oracle feeders and configuration, inference payment assets | root or the risk track ([`RiskOrigin`]) |
//! | reserves to the treasury, treasury spends | root or the treasury track ([`TreasuryOrigin`]) |
//! | inference disputes | root or the arbitration track ([`ArbiterOrigin`]) |
//! | emergencies — pause a market's operations, lock a price, suspend a provider: only ever tighter | root, the risk track, or half the risk council ([`EmergencyOrigin`]) |
//!
//! The council can do nothing else: every loosening goes through a referendum, which the
//! scheduler enacts after its track's enactment period (the `Scheduled` event announces it).

use crate::{
	governance::{
		pallet_custom_origins::{self, EnsureArbiter, EnsureRiskAdmin, EnsureTreasurer},
		tracks::TracksInfo,
	},
	AccountId, Balance, Balances, BlockNumber, OriginCaller, Preimage, Referenda, RiskCouncil,
	Runtime, RuntimeCall, RuntimeEvent, RuntimeHoldReason, RuntimeOrigin, Scheduler, System, DAYS,
	UNIT,
};
use frame_support::{
	parameter_types,
	traits::{
		fungible::HoldConsideration,
		tokens::{pay::PayFromAccount, UnityAssetBalanceConversion},
		ConstU32, EitherOf, EitherOfDiverse, EqualPrivilegeOnly, LinearStoragePrice,
		TotalIssuanceOf,
	},
	weights::Weight,
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned, EnsureWithSuccess};
use sp_runtime::{
	traits::{AccountIdConversion, IdentityLookup},
	Perbill, Permill,
};

use super::{RuntimeBlockWeights, TreasuryAccount, TreasuryPalletId};

/// Root, or a passed referendum of the risk track.
pub type RiskOrigin = EitherOfDiverse<EnsureRoot<AccountId>, EnsureRiskAdmin>;
/// Root, or a passed referendum of the treasury track.
pub type TreasuryOrigin = EitherOfDiverse<EnsureRoot<AccountId>, EnsureTreasurer>;
/// Root, or a passed referendum of the arbitration track.
pub type ArbiterOrigin = EitherOfDiverse<EnsureRoot<AccountId>, EnsureArbiter>;
/// Half the risk council (a motion it passed), and everyone above it.
pub type RiskCouncilMajority =
	pallet_collective::EnsureProportionAtLeast<AccountId, RiskCouncilInstance, 1, 2>;
/// What may act at once in an emergency, and only to tighten: root, the risk track, or a
/// motion of half the risk council.
pub type EmergencyOrigin = EitherOfDiverse<RiskOrigin, RiskCouncilMajority>;

parameter_types! {
	/// A keyless account that only root acts as (`utility.dispatch_as`): it holds the roles of
	/// assets the chain trusts (the test assets on the local testnet), so that no key can mint,
	/// freeze or re-denominate them.
	pub GovernanceAccount: AccountId = PalletId(*b"lv/govrn").into_account_truncating();
}

parameter_types! {
	/// A preimage holds 1 LEV plus 0.001 LEV a byte while it is noted.
	pub const PreimageBaseDeposit: Balance = UNIT;
	/// See [`PreimageBaseDeposit`].
	pub const PreimageByteDeposit: Balance = UNIT / 1_000;
	/// The hold reason of preimage deposits.
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
}

/// Preimages: the calls referenda and the scheduler refer to by hash, paid for by a hold.
impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

parameter_types! {
	/// Scheduled calls may use up to 80% of a block.
	pub MaximumSchedulerWeight: Weight = Perbill::from_percent(80) *
		RuntimeBlockWeights::get().max_block;
}

/// The scheduler: enacts passed referenda after their delay.
impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = pallet_scheduler::weights::SubstrateWeight<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

parameter_types! {
	/// Votes with conviction lock LEV for multiples of a week.
	pub const VoteLockingPeriod: BlockNumber = 7 * DAYS;
}

/// Conviction voting: LEV holders vote on referenda, locking LEV for more weight.
impl pallet_conviction_voting::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_conviction_voting::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type Polls = Referenda;
	type MaxTurnout = TotalIssuanceOf<Balances, AccountId>;
	type MaxVotes = ConstU32<512>;
	type VoteLockingPeriod = VoteLockingPeriod;
	type BlockNumberProvider = System;
	type VotingHooks = ();
}

parameter_types! {
	/// Submitting a referendum holds 10 LEV until it is decided.
	pub const SubmissionDeposit: Balance = 10 * UNIT;
	/// A referendum nobody places a decision deposit for times out after two weeks.
	pub const UndecidingTimeout: BlockNumber = 14 * DAYS;
}

/// Referenda on Lever's tracks.
impl pallet_referenda::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_referenda::weights::SubstrateWeight<Runtime>;
	type RuntimeCall = RuntimeCall;
	type Scheduler = Scheduler;
	type Currency = Balances;
	type SubmitOrigin = EnsureSigned<AccountId>;
	type CancelOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Slash = ();
	type Votes = Balance;
	type Tally = pallet_conviction_voting::TallyOf<Runtime>;
	type SubmissionDeposit = SubmissionDeposit;
	type MaxQueued = ConstU32<100>;
	type UndecidingTimeout = UndecidingTimeout;
	type AlarmInterval = ConstU32<1>;
	type Tracks = TracksInfo;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

/// The tracks' origins.
impl pallet_custom_origins::Config for Runtime {}

/// The risk council's instance of `pallet-collective` (and of `pallet-membership`).
pub type RiskCouncilInstance = pallet_collective::Instance1;

parameter_types! {
	/// A council motion stays open for three days.
	pub const RiskCouncilMotionDuration: BlockNumber = 3 * DAYS;
	/// A council motion may dispatch calls of up to half a block.
	pub MaxCouncilProposalWeight: Weight = Perbill::from_percent(50) *
		RuntimeBlockWeights::get().max_block;
}

/// The risk council: members vote on motions; half of them may act in an emergency.
impl pallet_collective::Config<RiskCouncilInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type MotionDuration = RiskCouncilMotionDuration;
	type MaxProposals = ConstU32<20>;
	type MaxMembers = ConstU32<9>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxCouncilProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}

/// Who sits on the risk council: changed only by root (the root track).
impl pallet_membership::Config<RiskCouncilInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = EnsureRoot<AccountId>;
	type RemoveOrigin = EnsureRoot<AccountId>;
	type SwapOrigin = EnsureRoot<AccountId>;
	type ResetOrigin = EnsureRoot<AccountId>;
	type PrimeOrigin = EnsureRoot<AccountId>;
	type MembershipInitialized = RiskCouncil;
	type MembershipChanged = RiskCouncil;
	type MaxMembers = ConstU32<9>;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Approved treasury spends are paid every six days.
	pub const SpendPeriod: BlockNumber = 6 * DAYS;
	/// A spend may be claimed for 30 days.
	pub const PayoutPeriod: BlockNumber = 30 * DAYS;
	/// The most one treasury-track referendum may spend: 100,000 LEV.
	pub const TreasurerMaxSpend: Balance = 100_000 * UNIT;
	/// Root's spends are not capped.
	pub const RootMaxSpend: Balance = Balance::MAX;
	/// The treasury burns nothing.
	pub const TreasuryBurn: Permill = Permill::zero();
}

/// The treasury: the account that receives transaction fees and lending reserves, spendable
/// only by the treasury track (or root).
impl pallet_treasury::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RejectOrigin = TreasuryOrigin;
	type SpendPeriod = SpendPeriod;
	type Burn = TreasuryBurn;
	type PalletId = TreasuryPalletId;
	type BurnDestination = ();
	type WeightInfo = pallet_treasury::weights::SubstrateWeight<Runtime>;
	type SpendFunds = ();
	type MaxApprovals = ConstU32<100>;
	type SpendOrigin = EitherOf<
		EnsureWithSuccess<EnsureRoot<AccountId>, AccountId, RootMaxSpend>,
		EnsureWithSuccess<EnsureTreasurer, AccountId, TreasurerMaxSpend>,
	>;
	type AssetKind = ();
	type Beneficiary = AccountId;
	type BeneficiaryLookup = IdentityLookup<AccountId>;
	type Paymaster = PayFromAccount<Balances, TreasuryAccount>;
	type BalanceConverter = UnityAssetBalanceConversion;
	type PayoutPeriod = PayoutPeriod;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
	type BlockNumberProvider = System;
}

//! The inference job market: stakes, deposits and bonds in LEV; jobs paid in LEV or any
//! `pallet-assets` asset; disputes decided by root (sudo on dev; governance later).

use crate::{
	AccountId, AssetKind, Balances, BlockNumber, Runtime, RuntimeHoldReason, MINUTES, UNIT,
};
use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32},
	PalletId,
};
use frame_system::EnsureRoot;
use sp_runtime::Permill;

use super::{NativeAndAssets, TreasuryAccount};

parameter_types! {
	/// The account holding job escrow.
	pub const InferencePalletId: PalletId = PalletId(*b"lv/infer");
	/// 2% of what providers are paid goes to the treasury.
	pub const InferenceProtocolFee: Permill = Permill::from_percent(2);
	/// A failed job costs a provider 10% of its stake…
	pub const InferenceSlashFraction: Permill = Permill::from_percent(10);
	/// …half of which compensates the job's user…
	pub const InferenceSlashToUser: Permill = Permill::from_percent(50);
	/// …and 10% of which rewards whoever expired the job.
	pub const InferenceExpireReward: Permill = Permill::from_percent(10);
	/// Disputes stay open for a minute after results agree.
	pub const InferenceChallengeWindow: BlockNumber = MINUTES;
	/// A provider's stake unbonds for an hour.
	pub const InferenceUnbondingPeriod: BlockNumber = 60 * MINUTES;
}

/// The inference market pallet.
impl pallet_lever_inference::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type AssetKind = AssetKind;
	type Assets = NativeAndAssets;
	type ArbiterOrigin = EnsureRoot<AccountId>;
	type TreasuryAccount = TreasuryAccount;
	type PalletId = InferencePalletId;
	type MinProviderStake = ConstU128<{ 100 * UNIT }>;
	type ModelDeposit = ConstU128<{ 10 * UNIT }>;
	type DisputeBond = ConstU128<{ 10 * UNIT }>;
	type ProtocolFee = InferenceProtocolFee;
	type SlashFraction = InferenceSlashFraction;
	type SlashToUser = InferenceSlashToUser;
	type ExpireReward = InferenceExpireReward;
	type ChallengeWindow = InferenceChallengeWindow;
	type UnbondingPeriod = InferenceUnbondingPeriod;
	type MaxRedundancy = ConstU32<5>;
	type MaxCapacity = ConstU32<16>;
	type MaxModelsPerProvider = ConstU32<8>;
	type MaxProvidersPerModel = ConstU32<64>;
	type MaxMatchScan = ConstU32<8>;
	type MaxJobsPerUser = ConstU32<64>;
	type MaxDataLen = ConstU32<1024>;
	type MaxUriLen = ConstU32<256>;
	type MaxTextLen = ConstU32<64>;
	type WeightInfo = pallet_lever_inference::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = InferenceBenchmarkHelper;
}

/// Benchmark jobs are paid in USDT (asset 1), which the dev genesis creates.
#[cfg(feature = "runtime-benchmarks")]
pub struct InferenceBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_lever_inference::traits::BenchmarkHelper<AssetKind> for InferenceBenchmarkHelper {
	fn payment_asset() -> AssetKind {
		AssetKind::WithId(1)
	}
}

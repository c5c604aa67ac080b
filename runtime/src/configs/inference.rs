//! The inference job market: stakes, deposits and bonds in LEV; jobs paid in LEV or any
//! `pallet-assets` asset root allows (LEV and USDT from genesis); disputes decided by root (sudo
//! on dev; governance later).

use crate::{AssetKind, Balances, BlockNumber, Runtime, RuntimeHoldReason, MINUTES, UNIT};
use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32},
	PalletId,
};
use sp_runtime::Permill;

use super::{NativeAndAssets, TreasuryAccount};

parameter_types! {
	/// The account holding job escrow.
	pub const InferencePalletId: PalletId = PalletId(*b"lv/infer");
	/// 2% of what providers are paid goes to the treasury.
	pub const InferenceProtocolFee: Permill = Permill::from_percent(2);
	/// Accepting a slot puts the job's whole max price in escrow as collateral (whatever the
	/// provider's own price): failing the job costs what the job is worth, never a share of
	/// its stake…
	pub const InferenceCollateralRatio: Permill = Permill::from_percent(100);
	/// …half of which compensates the job's user (never more than it escrowed).
	pub const InferenceSlashToUser: Permill = Permill::from_percent(50);
	/// Providers have two minutes to accept an offered slot.
	pub const InferenceAcceptWindow: BlockNumber = 2 * MINUTES;
	/// A deadline leaves at least five minutes after the accept window.
	pub const InferenceMinExecutionWindow: BlockNumber = 5 * MINUTES;
	/// A deadline is at most a day away.
	pub const InferenceMaxDeadlineHorizon: BlockNumber = 24 * 60 * MINUTES;
	/// Reveals are due two minutes after the last commitment (or the deadline).
	pub const InferenceRevealWindow: BlockNumber = 2 * MINUTES;
	/// Disputes stay open for a minute after results agree.
	pub const InferenceChallengeWindow: BlockNumber = MINUTES;
	/// The arbiter has a day; then anyone settles the job without it.
	pub const InferenceArbiterWindow: BlockNumber = 24 * 60 * MINUTES;
	/// A royalty rise applies to jobs posted an hour later.
	pub const InferenceRoyaltyDelay: BlockNumber = 60 * MINUTES;
	/// A provider's stake unbonds for an hour.
	pub const InferenceUnbondingPeriod: BlockNumber = 60 * MINUTES;
}

/// The inference market pallet.
impl pallet_lever_inference::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type AssetKind = AssetKind;
	type Assets = NativeAndAssets;
	type ArbiterOrigin = super::ArbiterOrigin;
	type AssetOrigin = super::RiskOrigin;
	type EmergencyOrigin = super::EmergencyOrigin;
	type TreasuryAccount = TreasuryAccount;
	type PalletId = InferencePalletId;
	type MinProviderStake = ConstU128<{ 100 * UNIT }>;
	type ModelDeposit = ConstU128<{ 10 * UNIT }>;
	type OfferDeposit = ConstU128<{ UNIT }>;
	type JobDeposit = ConstU128<{ UNIT / 10 }>;
	type DisputeBond = ConstU128<{ 10 * UNIT }>;
	type ProtocolFee = InferenceProtocolFee;
	type CollateralRatio = InferenceCollateralRatio;
	type SlashToUser = InferenceSlashToUser;
	type AcceptWindow = InferenceAcceptWindow;
	type MinExecutionWindow = InferenceMinExecutionWindow;
	type MaxDeadlineHorizon = InferenceMaxDeadlineHorizon;
	type RevealWindow = InferenceRevealWindow;
	type ChallengeWindow = InferenceChallengeWindow;
	type ArbiterWindow = InferenceArbiterWindow;
	type RoyaltyDelay = InferenceRoyaltyDelay;
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

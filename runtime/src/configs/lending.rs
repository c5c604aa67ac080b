//! The money market: markets and reserves are root's (sudo on dev; governance later), prices
//! come from the oracle, tokens move through LEV + `pallet-assets` as one `fungibles`.

use crate::{AssetConversion, AssetKind, Oracle, Runtime, RuntimeCall, Timestamp};
use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32},
	PalletId,
};
use sp_runtime::{transaction_validity::TransactionPriority, FixedU128, Permill};

use super::{NativeAndAssets, TreasuryAccount};

parameter_types! {
	/// A market's liquidation threshold falls by at most 2 points a day, however many updates
	/// the day enacts: a deeper cut is phased over several days of referenda, each announced
	/// before it is enacted.
	pub const LendingMaxThresholdCut: Permill = Permill::from_percent(2);
	/// One day, in milliseconds.
	pub const LendingThresholdCutPeriod: lever_primitives::Moment = 24 * 60 * 60 * 1000;
}

parameter_types! {
	/// The id whose sub-accounts (one per market) hold the markets' cash.
	pub const LendingPalletId: PalletId = PalletId(*b"lv/lendg");
	/// Below health 0.95 a liquidation may repay a whole debt.
	pub LendingDeepLiquidationHealth: FixedU128 = FixedU128::from_rational(95, 100);
	/// Collateral a liquidation would leave behind worth less than $1 is seized with the rest.
	pub LendingCollateralDust: FixedU128 = FixedU128::from_u32(1);
	/// Trades between assets without a direct pool go through USDT, which every genesis pool
	/// pairs with.
	pub LendingDexHub: AssetKind = AssetKind::WithId(crate::genesis_config_presets::assets::USDT.id);
	/// A keeper that liquidates through the DEX gets half of the penalty the protocol does not
	/// take.
	pub const LendingKeeperReward: Permill = Permill::from_percent(50);
	/// A liquidation's sale may be at most 2% off the oracle (pool fee and impact included):
	/// what a sandwich around it can take from the borrower.
	pub const LendingLiquidationSlippage: Permill = Permill::from_percent(2);
	/// Unsigned liquidations: the priority of a well-paying transaction, not above users'
	/// own rescue repayments at any fee.
	pub const LendingUnsignedPriority: TransactionPriority = 1 << 20;
}

/// The lending pallet.
impl pallet_lever_lending::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type AssetKind = AssetKind;
	type Assets = NativeAndAssets;
	type Oracle = Oracle;
	type Dex = AssetConversion;
	type DexHub = LendingDexHub;
	type KeeperReward = LendingKeeperReward;
	type LiquidationSlippage = LendingLiquidationSlippage;
	type UnsignedPriority = LendingUnsignedPriority;
	type OffchainScanBudget = ConstU32<256>;
	type Time = Timestamp;
	type PalletId = LendingPalletId;
	type MarketOrigin = super::RiskOrigin;
	type ReserveOrigin = super::TreasuryOrigin;
	type EmergencyOrigin = super::EmergencyOrigin;
	type MaxThresholdCut = LendingMaxThresholdCut;
	type ThresholdCutPeriod = LendingThresholdCutPeriod;
	type TreasuryAccount = TreasuryAccount;
	type MaxMarkets = ConstU32<32>;
	type MaxMarketsPerAccount = ConstU32<8>;
	type MinimumShares = ConstU128<1_000>;
	type DeepLiquidationHealth = LendingDeepLiquidationHealth;
	type CollateralDust = LendingCollateralDust;
	type WeightInfo = pallet_lever_lending::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = LendingBenchmarkHelper;
}

/// Benchmark markets: the oracle's benchmark assets (`pallet-assets` 1000 + i, 12 decimals),
/// priced by writing the oracle's state directly.
#[cfg(feature = "runtime-benchmarks")]
pub struct LendingBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_lever_lending::traits::BenchmarkHelper<AssetKind> for LendingBenchmarkHelper {
	fn asset(i: u32) -> AssetKind {
		<super::OracleBenchmarkHelper as pallet_lever_oracle::traits::BenchmarkHelper<AssetKind>>::asset(i)
	}

	fn set_price(asset: &AssetKind, price: FixedU128) {
		pallet_lever_oracle::Pallet::<Runtime>::set_price_for_benchmarks(asset, price);
	}

	fn advance_time(millis: u64) {
		use frame_support::traits::Time;
		pallet_timestamp::Now::<Runtime>::put(Timestamp::now() + millis);
	}

	fn create_hub_pool(asset: &AssetKind, asset_tokens: u128, hub_tokens: u128) {
		use crate::genesis_config_presets::assets::USDT;
		// Pools pair their assets in ascending order: the hub (asset 1) first.
		let hub = LendingDexHub::get();
		create_pool_of(hub, asset.clone(), hub_tokens * USDT.unit(), asset_tokens * BENCH_UNIT);
	}

	fn create_pool(a: &AssetKind, b: &AssetKind, a_tokens: u128, b_tokens: u128) {
		let (a_amount, b_amount) = (a_tokens * BENCH_UNIT, b_tokens * BENCH_UNIT);
		if a < b {
			create_pool_of(a.clone(), b.clone(), a_amount, b_amount);
		} else {
			create_pool_of(b.clone(), a.clone(), b_amount, a_amount);
		}
	}
}

/// One whole token of a benchmark asset (12 decimals).
#[cfg(feature = "runtime-benchmarks")]
const BENCH_UNIT: u128 = 1_000_000_000_000;

/// Opens the DEX pool of `first` and `second` (in ascending order) with the given amounts,
/// from a funder given twice as much (adding liquidity keeps its accounts alive).
#[cfg(feature = "runtime-benchmarks")]
fn create_pool_of(first: AssetKind, second: AssetKind, first_amount: u128, second_amount: u128) {
	use alloc::boxed::Box;
	use frame_support::traits::fungibles::Mutate;
	let funder: crate::AccountId = frame_benchmarking::account("pool-funder", 0, 0);
	let lev = 1_000 * crate::UNIT;
	NativeAndAssets::mint_into(AssetKind::Native, &funder, lev).expect("LEV mints");
	NativeAndAssets::mint_into(first.clone(), &funder, 2 * first_amount).expect("mints");
	NativeAndAssets::mint_into(second.clone(), &funder, 2 * second_amount).expect("mints");
	let origin = crate::RuntimeOrigin::signed(funder.clone());
	let (first, second) = (Box::new(first), Box::new(second));
	pallet_asset_conversion::Pallet::<Runtime>::create_pool(
		origin.clone(),
		first.clone(),
		second.clone(),
	)
	.expect("a new pool");
	pallet_asset_conversion::Pallet::<Runtime>::add_liquidity(
		origin,
		first,
		second,
		first_amount,
		second_amount,
		1,
		1,
		funder,
	)
	.expect("liquidity");
}

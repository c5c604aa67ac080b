//! The money market: markets and reserves are root's (sudo on dev; governance later), prices
//! come from the oracle, tokens move through LEV + `pallet-assets` as one `fungibles`.

use crate::{AccountId, AssetConversion, AssetKind, Oracle, Runtime, RuntimeCall, Timestamp};
use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32},
	PalletId,
};
use frame_system::EnsureRoot;
use sp_runtime::{transaction_validity::TransactionPriority, FixedU128, Permill};

use super::{NativeAndAssets, TreasuryAccount};

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
	/// Unsigned liquidations come before ordinary transactions in the pool.
	pub const LendingUnsignedPriority: TransactionPriority = TransactionPriority::MAX / 2;
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
	type UnsignedPriority = LendingUnsignedPriority;
	type OffchainScanBudget = ConstU32<256>;
	type Time = Timestamp;
	type PalletId = LendingPalletId;
	type MarketOrigin = EnsureRoot<AccountId>;
	type ReserveOrigin = EnsureRoot<AccountId>;
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
		use alloc::boxed::Box;
		use frame_support::traits::fungibles::Mutate;
		let hub = LendingDexHub::get();
		let funder: AccountId = frame_benchmarking::account("pool-funder", 0, 0);
		let amount = asset_tokens * 1_000_000_000_000;
		let hub_amount = hub_tokens * USDT.unit();
		let lev = 1_000 * crate::UNIT;
		NativeAndAssets::mint_into(AssetKind::Native, &funder, lev).expect("LEV mints");
		// Twice what goes in: adding liquidity keeps the funder's accounts alive.
		NativeAndAssets::mint_into(asset.clone(), &funder, 2 * amount).expect("the asset mints");
		NativeAndAssets::mint_into(hub.clone(), &funder, 2 * hub_amount).expect("the hub mints");
		let origin = crate::RuntimeOrigin::signed(funder.clone());
		// Pools pair their assets in ascending order: the hub (asset 1) first.
		let (first, second) = (Box::new(hub), Box::new(asset.clone()));
		pallet_asset_conversion::Pallet::<Runtime>::create_pool(
			origin.clone(),
			first.clone(),
			second.clone(),
		)
		.expect("a new pool");
		pallet_asset_conversion::Pallet::<Runtime>::add_liquidity(
			origin, first, second, hub_amount, amount, 1, 1, funder,
		)
		.expect("liquidity");
	}
}

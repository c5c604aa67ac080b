//! User assets (`Assets`), the DEX's LP tokens (`PoolAssets`) and the DEX (`AssetConversion`).

use alloc::vec;

use crate::{
	AccountId, AssetId, AssetKind, Balance, Balances, PoolAssets, Runtime, RuntimeEvent, UNIT,
};
use frame_support::{
	ord_parameter_types, parameter_types,
	traits::{
		fungible::{NativeFromLeft, NativeOrWithId, UnionOf},
		tokens::imbalance::ResolveAssetTo,
		AsEnsureOriginWithArg, ConstU128, ConstU32,
	},
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned, EnsureSignedBy};
use pallet_asset_conversion::{AccountIdConverter, Ascending, Chain, WithFirstAsset};
use sp_runtime::{traits::AccountIdConversion, Permill};

use super::TreasuryAccount;

/// The `pallet-assets` instance for user assets (USDT, USDC, WETH, WBTC, ...).
pub type TrustBackedAssetsInstance = pallet_assets::Instance1;
/// The `pallet-assets` instance for the DEX's liquidity-provider tokens.
pub type PoolAssetsInstance = pallet_assets::Instance2;

parameter_types! {
	/// Deposit to create an asset (returned when it is destroyed).
	pub const AssetDeposit: Balance = 10 * UNIT;
	/// Deposit to hold an asset that is not sufficient.
	pub const AssetAccountDeposit: Balance = UNIT / 100;
	/// Base deposit for an asset's metadata.
	pub const MetadataDepositBase: Balance = UNIT / 10;
	/// Deposit per byte of an asset's metadata.
	pub const MetadataDepositPerByte: Balance = UNIT / 1_000;
	/// Deposit per approval.
	pub const ApprovalDeposit: Balance = UNIT / 100;
	/// Longest asset name or symbol.
	pub const AssetsStringLimit: u32 = 50;
}

/// User assets: anyone may create one (with a deposit); root may force-create and fix them.
impl pallet_assets::Config<TrustBackedAssetsInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type RemoveItemsLimit = ConstU32<1000>;
	type AssetId = AssetId;
	type AssetIdParameter = codec::Compact<AssetId>;
	type ReserveData = ();
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type AssetDeposit = AssetDeposit;
	type AssetAccountDeposit = AssetAccountDeposit;
	type MetadataDepositBase = MetadataDepositBase;
	type MetadataDepositPerByte = MetadataDepositPerByte;
	type ApprovalDeposit = ApprovalDeposit;
	type StringLimit = AssetsStringLimit;
	type Holder = ();
	type Freezer = ();
	type Extra = ();
	type CallbackHandle = ();
	type AssetIdAllocator = ();
	type WeightInfo = pallet_assets::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

parameter_types! {
	/// The DEX's pallet id: pool accounts and the LP-token creator derive from it.
	pub const AssetConversionPalletId: PalletId = PalletId(*b"py/ascon");
	/// LEV, the asset every pool may pair with first.
	pub const Native: AssetKind = NativeOrWithId::Native;
	/// Fee a swap pays to the pool's liquidity providers: 0.3%.
	pub const LpFee: Permill = Permill::from_parts(3_000);
	/// The highest per-pool fee governance may set: 10%.
	pub const MaxSwapFee: Permill = Permill::from_percent(10);
	/// No fee on withdrawing liquidity.
	pub const LiquidityWithdrawalFee: Permill = Permill::from_percent(0);
	/// Fee in LEV to create a pool (spam protection), paid to the treasury.
	pub const PoolSetupFee: Balance = 10 * UNIT;
}

ord_parameter_types! {
	/// The account of the DEX, the only creator of LP-token assets.
	pub const AssetConversionOrigin: AccountId =
		AccountIdConversion::<AccountId>::into_account_truncating(&AssetConversionPalletId::get());
}

/// LP tokens of DEX pools: created only by the DEX, with no deposits.
impl pallet_assets::Config<PoolAssetsInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type RemoveItemsLimit = ConstU32<1000>;
	type AssetId = u32;
	type AssetIdParameter = u32;
	type ReserveData = ();
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSignedBy<AssetConversionOrigin, AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type AssetDeposit = ConstU128<0>;
	type AssetAccountDeposit = ConstU128<0>;
	type MetadataDepositBase = ConstU128<0>;
	type MetadataDepositPerByte = ConstU128<0>;
	type ApprovalDeposit = ConstU128<0>;
	type StringLimit = AssetsStringLimit;
	type Holder = ();
	type Freezer = ();
	type Extra = ();
	type CallbackHandle = ();
	type AssetIdAllocator = ();
	type WeightInfo = pallet_assets::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

/// LEV and user assets seen as one `fungibles` implementation keyed by [`AssetKind`].
pub type NativeAndAssets =
	UnionOf<Balances, crate::Assets, NativeFromLeft, NativeOrWithId<AssetId>, AccountId>;

/// Pool id → pool account.
pub type PoolIdToAccountId = AccountIdConverter<AssetConversionPalletId, (AssetKind, AssetKind)>;

/// Pools pair LEV first when one side is LEV, else the two assets in ascending order.
pub type PoolLocator = Chain<
	WithFirstAsset<Native, AccountId, AssetKind, PoolIdToAccountId>,
	Ascending<AccountId, AssetKind, PoolIdToAccountId>,
>;

/// The DEX: constant-product pools of any two of LEV and user assets.
impl pallet_asset_conversion::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type HigherPrecisionBalance = sp_core::U256;
	type AssetKind = AssetKind;
	type Assets = NativeAndAssets;
	type PoolId = (AssetKind, AssetKind);
	type PoolLocator = PoolLocator;
	type PoolAssetId = u32;
	type PoolAssets = PoolAssets;
	type PoolSetupFee = PoolSetupFee;
	type PoolSetupFeeAsset = Native;
	type PoolSetupFeeTarget = ResolveAssetTo<TreasuryAccount, NativeAndAssets>;
	type LiquidityWithdrawalFee = LiquidityWithdrawalFee;
	type LPFee = LpFee;
	type MaxSwapFee = MaxSwapFee;
	type AdminOrigin = EnsureRoot<AccountId>;
	type PalletId = AssetConversionPalletId;
	type MaxSwapPathLength = ConstU32<4>;
	type MintMinLiquidity = ConstU128<100>;
	type WeightInfo = pallet_asset_conversion::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = pallet_asset_conversion::NativeOrWithIdFactory<AssetId>;
}

//! A test runtime for the money market: System, Timestamp, Balances (LEV, 12 decimals),
//! Assets (USDT 6, WETH 18, WBTC 8 decimals), Utility and the lending pallet, with prices from
//! a mock oracle the tests set (or make stale) directly.

use crate as pallet_lever_lending;
use crate::MarketConfig;
use alloc::collections::BTreeMap;
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{
		fungible::{NativeFromLeft, NativeOrWithId, UnionOf},
		fungibles::Inspect,
		AsEnsureOriginWithArg, ConstU128, ConstU32, ConstU64,
	},
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned, EnsureSignedBy};
use pallet_lever_oracle::{math, PriceError, PriceProvider, Rounding, ValidPrice};
use sp_runtime::{BuildStorage, FixedU128};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type AssetKind = NativeOrWithId<u32>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(3)]
	pub type Assets = pallet_assets;
	#[runtime::pallet_index(4)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(5)]
	pub type Lending = pallet_lever_lending;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u128>;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = u128;
	type ExistentialDeposit = ConstU128<10>;
	type AccountStore = System;
}

impl pallet_assets::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Balance = u128;
	type RemoveItemsLimit = ConstU32<1000>;
	type AssetId = u32;
	type AssetIdParameter = u32;
	type ReserveData = ();
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type AssetDeposit = ConstU128<1>;
	type AssetAccountDeposit = ConstU128<10>;
	type MetadataDepositBase = ConstU128<1>;
	type MetadataDepositPerByte = ConstU128<1>;
	type ApprovalDeposit = ConstU128<1>;
	type StringLimit = ConstU32<50>;
	type Holder = ();
	type Freezer = ();
	type Extra = ();
	type WeightInfo = ();
	type CallbackHandle = ();
	type AssetIdAllocator = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

impl pallet_utility::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = ();
}

/// LEV and the test assets as one `fungibles`, as in the runtime.
pub type NativeAndAssets = UnionOf<Balances, Assets, NativeFromLeft, AssetKind, AccountId>;

pub const LEV: AssetKind = NativeOrWithId::Native;
pub const USDT: AssetKind = NativeOrWithId::WithId(1);
pub const WETH: AssetKind = NativeOrWithId::WithId(2);
pub const WBTC: AssetKind = NativeOrWithId::WithId(3);
/// An asset with no market.
pub const NO_MARKET: AssetKind = NativeOrWithId::WithId(9);

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const EVE: AccountId = 5;
pub const TREASURY: AccountId = 99;
/// Signs as the emergency origin (the runtime's risk council).
pub const EMERGENCY: AccountId = 50;

/// Minimum balance of every test asset (and LEV's existential deposit is 10).
pub const MIN_BALANCE: u128 = 10;
/// Shares locked by a market's first supply.
pub const MINIMUM_SHARES: u128 = 1_000;

/// Decimals of the test assets.
pub fn decimals(asset: &AssetKind) -> Option<u8> {
	match asset {
		NativeOrWithId::Native => Some(12),
		NativeOrWithId::WithId(id) if *id >= 100 => Some(12),
		NativeOrWithId::WithId(1) => Some(6),
		NativeOrWithId::WithId(2) => Some(18),
		NativeOrWithId::WithId(3) => Some(8),
		_ => None,
	}
}

/// One whole token of `asset` in its smallest unit.
pub fn unit(asset: &AssetKind) -> u128 {
	10u128.pow(decimals(asset).expect("a test asset").into())
}

/// `n` whole tokens of `asset`.
pub fn tokens(asset: &AssetKind, n: u128) -> u128 {
	n * unit(asset)
}

parameter_types! {
	/// What the mock oracle answers per asset: a fresh price or a refusal.
	pub static Prices: BTreeMap<AssetKind, Result<FixedU128, PriceError>> = BTreeMap::new();
	/// The last price set for each asset: what the mock oracle values with when it refuses
	/// the fresh one.
	pub static LastPrices: BTreeMap<AssetKind, FixedU128> = BTreeMap::new();
	/// Assets the mock oracle does not list (every other asset is listed).
	pub static Unlisted: alloc::vec::Vec<AssetKind> = alloc::vec::Vec::new();
	pub const LendingPalletId: PalletId = PalletId(*b"lv/lendg");
	pub const Treasury: AccountId = TREASURY;
	/// Trades between assets without a direct pool go through USDT.
	pub const DexHub: AssetKind = USDT;
	pub DeepLiquidationHealth: FixedU128 = FixedU128::from_rational(95, 100);
	/// Collateral worth less than a dollar is dust.
	pub CollateralDust: FixedU128 = FixedU128::from_u32(1);
}

/// Sets `asset`'s fresh price to `price` USD per whole token (also its last price).
pub fn set_price(asset: AssetKind, price: FixedU128) {
	LastPrices::mutate(|prices| prices.insert(asset.clone(), price));
	Prices::mutate(|prices| prices.insert(asset, Ok(price)));
}

/// Makes the oracle refuse `asset` with `error`.
pub fn refuse_price(asset: AssetKind, error: PriceError) {
	Prices::mutate(|prices| prices.insert(asset, Err(error)));
}

/// The oracle as the lending pallet sees it, answering from [`Prices`] with the oracle's own
/// conversion maths.
pub struct MockOracle;
impl MockOracle {
	fn fresh(asset: &AssetKind) -> Result<FixedU128, PriceError> {
		Prices::get().get(asset).copied().unwrap_or(Err(PriceError::NoPrice))
	}
}
impl PriceProvider<AssetKind> for MockOracle {
	fn is_listed(asset: &AssetKind) -> bool {
		!Unlisted::get().contains(asset)
	}

	fn price(asset: &AssetKind) -> Result<ValidPrice, PriceError> {
		Ok(ValidPrice { price: Self::fresh(asset)?, at: Timestamp::get() })
	}

	fn value_of(
		asset: &AssetKind,
		amount: u128,
		rounding: Rounding,
	) -> Result<FixedU128, PriceError> {
		let decimals = decimals(asset).ok_or(PriceError::UnknownDecimals)?;
		math::value_of(Self::fresh(asset)?, decimals, amount, rounding).ok_or(PriceError::Overflow)
	}

	fn last_value_of(
		asset: &AssetKind,
		amount: u128,
		rounding: Rounding,
	) -> Result<FixedU128, PriceError> {
		let decimals = decimals(asset).ok_or(PriceError::UnknownDecimals)?;
		let last = LastPrices::get().get(asset).copied().ok_or(PriceError::NoPrice)?;
		math::value_of(last, decimals, amount, rounding).ok_or(PriceError::Overflow)
	}

	fn amount_for_value(
		asset: &AssetKind,
		value: FixedU128,
		rounding: Rounding,
	) -> Result<u128, PriceError> {
		let decimals = decimals(asset).ok_or(PriceError::UnknownDecimals)?;
		math::amount_for_value(Self::fresh(asset)?, decimals, value, rounding)
			.ok_or(PriceError::Overflow)
	}
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Test
where
	RuntimeCall: From<C>,
{
	type RuntimeCall = RuntimeCall;
	type Extrinsic = sp_runtime::testing::TestXt<RuntimeCall, ()>;
}

impl<C> frame_system::offchain::CreateBare<C> for Test
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: Self::RuntimeCall) -> Self::Extrinsic {
		sp_runtime::testing::TestXt::new_bare(call)
	}
}

parameter_types! {
	/// Keepers get half of a DEX liquidation's penalty (after the protocol's share).
	pub const KeeperReward: sp_runtime::Permill = sp_runtime::Permill::from_percent(50);
	/// A liquidation's sale may be 2% off the oracle at most.
	pub const LiquidationSlippage: sp_runtime::Permill = sp_runtime::Permill::from_percent(2);
	/// A liquidation threshold falls by at most 2 points per update.
	pub const MaxThresholdCut: sp_runtime::Permill = sp_runtime::Permill::from_percent(2);
	pub const ThresholdCutPeriod: u64 = 24 * 60 * 60 * 1000;
}

frame_support::ord_parameter_types! {
	/// The account the tests' emergency origin is (a stand-in for a council motion).
	pub const EmergencyCouncil: AccountId = EMERGENCY;
}

impl crate::Config for Test {
	type RuntimeCall = RuntimeCall;
	type AssetKind = AssetKind;
	type Assets = NativeAndAssets;
	type Oracle = MockOracle;
	type Dex = crate::mock_dex::MockDex;
	type DexHub = DexHub;
	type KeeperReward = KeeperReward;
	type LiquidationSlippage = LiquidationSlippage;
	type UnsignedPriority = ConstU64<{ 1 << 20 }>;
	type OffchainScanBudget = ConstU32<16>;
	type Time = Timestamp;
	type PalletId = LendingPalletId;
	type MarketOrigin = EnsureRoot<AccountId>;
	type ReserveOrigin = EnsureRoot<AccountId>;
	type EmergencyOrigin = EnsureSignedBy<EmergencyCouncil, AccountId>;
	type MaxThresholdCut = MaxThresholdCut;
	type ThresholdCutPeriod = ThresholdCutPeriod;
	type TreasuryAccount = Treasury;
	type MaxMarkets = ConstU32<32>;
	type MaxMarketsPerAccount = ConstU32<4>;
	type MinimumShares = ConstU128<MINIMUM_SHARES>;
	type DeepLiquidationHealth = DeepLiquidationHealth;
	type CollateralDust = CollateralDust;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmark markets are the test assets; prices go to the mock oracle.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::traits::BenchmarkHelper<AssetKind> for MockBenchmarkHelper {
	fn asset(i: u32) -> AssetKind {
		// Assets 100 + i, 12 decimals, created on demand.
		let id = 100 + i;
		if !Assets::asset_exists(id) {
			assert_ok!(Assets::force_create(RuntimeOrigin::root(), id, ALICE, true, 1));
		}
		NativeOrWithId::WithId(id)
	}
	fn set_price(asset: &AssetKind, price: FixedU128) {
		set_price(asset.clone(), price);
	}
	fn advance_time(millis: u64) {
		advance(millis);
	}
	fn create_pool(a: &AssetKind, b: &AssetKind, a_tokens: u128, b_tokens: u128) {
		crate::mock_dex::create_pool(a.clone(), b.clone(), a_tokens * unit(a), b_tokens * unit(b));
	}
	fn create_hub_pool(asset: &AssetKind, asset_tokens: u128, hub_tokens: u128) {
		crate::mock_dex::create_pool(
			asset.clone(),
			DexHub::get(),
			asset_tokens * unit(asset),
			hub_tokens * unit(&DexHub::get()),
		);
	}
}

pub use crate::fixtures::rate_model;

/// The shared market fixture ([`crate::fixtures::market_config`]) with caps of a billion
/// tokens and a minimum borrow of a thousandth of a token.
pub fn market_config(asset: &AssetKind) -> MarketConfig {
	crate::fixtures::market_config(tokens(asset, 1_000_000_000), unit(asset) / 1_000)
}

/// Genesis: LEV, USDT, WETH and WBTC markets; accounts 1..=5 hold 1M of every asset; prices
/// LEV $2, USDT $1, WETH $3,000, WBTC $60,000; chain time one day at block 1.
pub struct ExtBuilder {
	markets: Vec<AssetKind>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { markets: vec![LEV, USDT, WETH, WBTC] }
	}
}

/// Chain time at genesis: one day, in milliseconds.
pub const START: u64 = 86_400_000;

impl ExtBuilder {
	/// Only these markets at genesis.
	pub fn markets(mut self, markets: Vec<AssetKind>) -> Self {
		self.markets = markets;
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		let holders = [ALICE, BOB, CHARLIE, DAVE, EVE];
		let assets = [(1u32, 6u8), (2, 18), (3, 8)];
		let storage = RuntimeGenesisConfig {
			balances: pallet_balances::GenesisConfig {
				balances: holders
					.iter()
					.map(|who| (*who, tokens(&LEV, 1_000_000)))
					.chain([(TREASURY, 1_000)])
					.collect(),
				..Default::default()
			},
			assets: pallet_assets::GenesisConfig {
				assets: assets.iter().map(|(id, _)| (*id, ALICE, true, MIN_BALANCE)).collect(),
				metadata: assets
					.iter()
					.map(|(id, decimals)| (*id, b"T".to_vec(), b"T".to_vec(), *decimals))
					.collect(),
				accounts: assets
					.iter()
					.flat_map(|(id, decimals)| {
						holders
							.iter()
							.map(move |who| (*id, *who, 1_000_000 * 10u128.pow((*decimals).into())))
					})
					.collect(),
				..Default::default()
			},
			lending: crate::GenesisConfig {
				markets: self
					.markets
					.iter()
					.map(|asset| (asset.clone(), market_config(asset)))
					.collect(),
			},
			..Default::default()
		}
		.build_storage()
		.expect("genesis builds");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			Timestamp::set_timestamp(START);
			Prices::set(BTreeMap::new());
			LastPrices::set(BTreeMap::new());
			Unlisted::set(alloc::vec::Vec::new());
			crate::mock_dex::Pools::set(BTreeMap::new());
			set_price(LEV, FixedU128::from_u32(2));
			set_price(USDT, FixedU128::from_u32(1));
			set_price(WETH, FixedU128::from_u32(3_000));
			set_price(WBTC, FixedU128::from_u32(60_000));
		});
		ext
	}

	/// Builds, runs `test`, then checks the money market's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Lending::do_try_state().expect("lending invariants hold");
		});
	}
}

/// Moves to the next block, `millis` of chain time later.
pub fn advance(millis: u64) {
	System::set_block_number(System::block_number() + 1);
	Timestamp::set_timestamp(Timestamp::get() + millis);
}

/// `who`'s balance of `asset`.
pub fn balance(asset: &AssetKind, who: AccountId) -> u128 {
	NativeAndAssets::balance(asset.clone(), &who)
}

/// A signed origin.
pub fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// Seeds a market with `amount` supplied by DAVE (so later supplies meet a live market).
pub fn seed(asset: &AssetKind, amount: u128) {
	assert_ok!(Lending::supply(signed(DAVE), asset.clone(), amount));
}

//! A test runtime for the job market: System, Balances (LEV: stakes, deposits, bonds; paid in
//! too), Assets (USDT, asset 1) and the inference pallet.

use crate as pallet_lever_inference;
use crate::{JobData, JobId, ModelId, ModelInfo, ModelOffer, OffersOf};
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{
		fungible::{InspectHold, NativeFromLeft, NativeOrWithId, UnionOf},
		fungibles::Inspect,
		AsEnsureOriginWithArg, ConstU128, ConstU32, ConstU64, VariantCountOf,
	},
	BoundedVec, PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned};
use sp_core::H256;
use sp_runtime::{BuildStorage, Permill};

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
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(2)]
	pub type Assets = pallet_assets;
	#[runtime::pallet_index(3)]
	pub type Inference = pallet_lever_inference;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u128>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = u128;
	type ExistentialDeposit = ConstU128<10>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
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

/// LEV and USDT as one `fungibles`, as in the runtime.
pub type NativeAndAssets = UnionOf<Balances, Assets, NativeFromLeft, AssetKind, AccountId>;

pub const LEV: AssetKind = NativeOrWithId::Native;
pub const USDT: AssetKind = NativeOrWithId::WithId(1);

pub const USER: AccountId = 1;
pub const OWNER: AccountId = 2;
pub const OTHER: AccountId = 3;
/// Providers 10, 11, 12, 13, 14.
pub const P1: AccountId = 10;
pub const P2: AccountId = 11;
pub const P3: AccountId = 12;
pub const P4: AccountId = 13;
pub const P5: AccountId = 14;
pub const TREASURY: AccountId = 99;

pub const STAKE: u128 = 10_000;
pub const MIN_STAKE: u128 = 5_000;
pub const MODEL_DEPOSIT: u128 = 1_000;
pub const OFFER_DEPOSIT: u128 = 100;
pub const JOB_DEPOSIT: u128 = 50;
pub const DISPUTE_BOND: u128 = 500;
pub const ACCEPT: u64 = 5;
pub const MIN_EXECUTION: u64 = 10;
pub const HORIZON: u64 = 1_000;
pub const REVEAL: u64 = 5;
pub const CHALLENGE: u64 = 10;
pub const ARBITER: u64 = 20;
pub const ROYALTY_DELAY: u64 = 10;
pub const UNBONDING: u64 = 20;
/// How far `post` sets a job's deadline.
pub const DEADLINE: u64 = 100;
/// The USDT pallet account endowment (its minimum balance).
pub const MIN_BALANCE: u128 = 10;

parameter_types! {
	pub const InferencePalletId: PalletId = PalletId(*b"lv/infer");
	pub const Treasury: AccountId = TREASURY;
	pub const ProtocolFee: Permill = Permill::from_percent(5);
	pub const CollateralRatio: Permill = Permill::from_percent(50);
	pub const SlashToUser: Permill = Permill::from_percent(50);
}

impl crate::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type AssetKind = AssetKind;
	type Assets = NativeAndAssets;
	type ArbiterOrigin = EnsureRoot<AccountId>;
	type AssetOrigin = EnsureRoot<AccountId>;
	type EmergencyOrigin = EnsureRoot<AccountId>;
	type TreasuryAccount = Treasury;
	type PalletId = InferencePalletId;
	type MinProviderStake = ConstU128<MIN_STAKE>;
	type ModelDeposit = ConstU128<MODEL_DEPOSIT>;
	type OfferDeposit = ConstU128<OFFER_DEPOSIT>;
	type JobDeposit = ConstU128<JOB_DEPOSIT>;
	type DisputeBond = ConstU128<DISPUTE_BOND>;
	type ProtocolFee = ProtocolFee;
	type CollateralRatio = CollateralRatio;
	type SlashToUser = SlashToUser;
	type AcceptWindow = ConstU64<ACCEPT>;
	type MinExecutionWindow = ConstU64<MIN_EXECUTION>;
	type MaxDeadlineHorizon = ConstU64<HORIZON>;
	type RevealWindow = ConstU64<REVEAL>;
	type ChallengeWindow = ConstU64<CHALLENGE>;
	type ArbiterWindow = ConstU64<ARBITER>;
	type RoyaltyDelay = ConstU64<ROYALTY_DELAY>;
	type UnbondingPeriod = ConstU64<UNBONDING>;
	type MaxRedundancy = ConstU32<5>;
	type MaxCapacity = ConstU32<4>;
	type MaxModelsPerProvider = ConstU32<3>;
	type MaxProvidersPerModel = ConstU32<5>;
	type MaxMatchScan = ConstU32<5>;
	type MaxJobsPerUser = ConstU32<8>;
	type MaxDataLen = ConstU32<64>;
	type MaxUriLen = ConstU32<64>;
	type MaxTextLen = ConstU32<32>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmarks pay in USDT.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::traits::BenchmarkHelper<AssetKind> for MockBenchmarkHelper {
	fn payment_asset() -> AssetKind {
		USDT
	}
}

/// Everyone who ever holds money in the tests.
pub const HOLDERS: [AccountId; 9] = [USER, OWNER, OTHER, P1, P2, P3, P4, P5, TREASURY];

pub fn build() -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig {
			balances: HOLDERS.iter().map(|who| (*who, 1_000_000)).collect(),
			..Default::default()
		},
		assets: pallet_assets::GenesisConfig {
			assets: vec![(1, OWNER, true, MIN_BALANCE)],
			metadata: vec![(1, b"USDT".to_vec(), b"USDT".to_vec(), 6)],
			accounts: HOLDERS.iter().map(|who| (1, *who, 1_000_000)).collect(),
			..Default::default()
		},
		inference: pallet_lever_inference::GenesisConfig { payment_assets: vec![LEV, USDT] },
		..Default::default()
	}
	.build_storage()
	.expect("genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Builds, runs `test`, then checks the job market's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	build().execute_with(|| {
		test();
		Inference::do_try_state().expect("inference invariants hold");
	});
}

/// Moves `n` blocks forward.
pub fn run_blocks(n: u64) {
	System::set_block_number(System::block_number() + n);
}

pub fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

pub fn text(s: &str) -> BoundedVec<u8, ConstU32<32>> {
	BoundedVec::truncate_from(s.as_bytes().to_vec())
}

pub fn uri(s: &str) -> BoundedVec<u8, ConstU32<64>> {
	BoundedVec::truncate_from(s.as_bytes().to_vec())
}

/// Inline job data.
pub fn data(bytes: &[u8]) -> JobData<ConstU32<64>, ConstU32<64>> {
	JobData::Inline(BoundedVec::truncate_from(bytes.to_vec()))
}

/// The test model's description, with `uri`.
pub fn info(uri_text: &str) -> crate::ModelInfoOf<Test> {
	ModelInfo {
		name: text("llama-3-8b"),
		weights_hash: H256::repeat_byte(7),
		uri: uri(uri_text),
		input_format: text("text/plain"),
		output_format: text("text/plain"),
	}
}

/// OWNER registers a model paid in USDT with `royalty`; returns its id.
pub fn model(royalty: u128) -> ModelId {
	let id = crate::NextModelId::<Test>::get();
	assert_ok!(Inference::register_model(signed(OWNER), info("ipfs://weights"), royalty, USDT));
	id
}

/// Offers for `model` at `price`.
pub fn offers(model: ModelId, price: u128) -> OffersOf<Test> {
	BoundedVec::truncate_from(vec![ModelOffer { model, price }])
}

/// `who` registers with `STAKE`, capacity 2, serving `model` at `price`.
pub fn provider(who: AccountId, model: ModelId, price: u128) {
	assert_ok!(Inference::register_provider(
		signed(who),
		STAKE,
		offers(model, price),
		2,
		text("https://gpu")
	));
}

/// A job's terms: `model`, `max_price`, `k`, due in `DEADLINE` blocks, any total.
pub fn terms(model: ModelId, max_price: u128, k: u32) -> crate::JobTermsOf<Test> {
	crate::JobTerms {
		model,
		max_price,
		redundancy: k,
		deadline: System::block_number() + DEADLINE,
		max_total: u128::MAX,
	}
}

/// No named providers.
pub fn anyone() -> crate::NamedOf<Test> {
	BoundedVec::new()
}

/// USER posts a job for `model` at `max_price` with redundancy `k`, due in `DEADLINE` blocks;
/// nothing is accepted yet.
pub fn post_offered(model: ModelId, max_price: u128, k: u32) -> JobId {
	let id = crate::NextJobId::<Test>::get();
	assert_ok!(Inference::post_job(
		signed(USER),
		terms(model, max_price, k),
		data(b"What is Lever?"),
		anyone()
	));
	id
}

/// Every provider offered a slot of `job` accepts it.
pub fn accept_all(job: JobId) {
	for provider in offered(job) {
		assert_ok!(Inference::accept_job(signed(provider), job));
	}
}

/// The providers `job` offers a slot and that have not accepted it.
pub fn offered(job: JobId) -> Vec<AccountId> {
	crate::Jobs::<Test>::get(job)
		.map(|j| j.assignments.iter().filter(|a| a.slot.is_offer()).map(|a| a.provider).collect())
		.unwrap_or_default()
}

/// USER posts a job for `model` at `max_price` with redundancy `k`, and every offered
/// provider accepts.
pub fn post(model: ModelId, max_price: u128, k: u32) -> JobId {
	let id = post_offered(model, max_price, k);
	accept_all(id);
	id
}

/// The salt `who` uses.
pub fn salt(who: AccountId) -> H256 {
	H256::repeat_byte(who as u8)
}

/// `who` commits to `output` for `job`.
pub fn commit(who: AccountId, job: JobId, output: &[u8]) {
	let hash = data(output).content_hash();
	let commitment = crate::commitment(job, &who, &hash, &salt(who));
	assert_ok!(Inference::commit_result(signed(who), job, commitment));
}

/// `who` reveals `output` for `job`.
pub fn reveal(who: AccountId, job: JobId, output: &[u8]) {
	assert_ok!(Inference::reveal_result(signed(who), job, data(output), salt(who)));
}

/// Each `(provider, output)` commits, then each reveals.
pub fn deliver(job: JobId, results: &[(AccountId, &[u8])]) {
	for (who, output) in results {
		commit(*who, job, output);
	}
	for (who, output) in results {
		reveal(*who, job, output);
	}
}

/// `who`'s USDT.
pub fn usdt(who: AccountId) -> u128 {
	NativeAndAssets::balance(USDT, &who)
}

/// `who`'s free LEV.
pub fn lev(who: AccountId) -> u128 {
	pallet_balances::Pallet::<Test>::free_balance(who)
}

/// `who`'s LEV held as provider stake.
pub fn staked(who: AccountId) -> u128 {
	Balances::balance_on_hold(&crate::HoldReason::ProviderStake.into(), &who)
}

/// `who`'s LEV held as a deposit for its offers.
pub fn offer_deposit(who: AccountId) -> u128 {
	Balances::balance_on_hold(&crate::HoldReason::OfferDeposit.into(), &who)
}

/// Σ of everyone's and the pallet's `asset` (free + held): what the market may never change.
pub fn total(asset: &AssetKind) -> u128 {
	let holders = HOLDERS.iter().copied().chain([Inference::account_id()]);
	match asset {
		NativeOrWithId::Native => holders
			.map(|who| {
				<Balances as frame_support::traits::fungible::Inspect<_>>::total_balance(&who)
			})
			.sum(),
		_ => holders.map(|who| NativeAndAssets::balance(asset.clone(), &who)).sum(),
	}
}

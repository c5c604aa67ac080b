//! # Lever runtime
//!
//! The FRAME runtime of the Lever appchain: a money market, an oracle and an AI inference job
//! market on top of a native token (LEV, 12 decimals), user assets (`pallet-assets`) and a DEX
//! (`pallet-asset-conversion`).
//!
//! - [`configs`] holds the configuration of every pallet.
//! - [`apis`] implements the runtime APIs the node and clients call.
//! - [`genesis_config_presets`] holds the `development` and `local_testnet` genesis presets.
//! - [`governance`] holds the referendum tracks and their custom origins.
//!
//! Pallet indices are stable: a pallet keeps its index for the life of the chain, since call
//! indices, events and storage of clients depend on it. Indices 50..=59 are reserved for Lever's
//! own pallets (oracle, lending, inference market), 60..=69 for governance.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`'s expansion of a large runtime needs a deep recursion limit.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;

pub mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod governance;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_support::traits::fungible::NativeOrWithId;

/// An index to a block.
pub type BlockNumber = u32;
/// Alias to 512-bit hash when used in the context of a transaction signature on the chain.
pub type Signature = MultiSignature;
/// Some way of identifying an account on the chain: the public key of the signature scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of an account, of LEV or of any asset; chain time in milliseconds.
pub use lever_primitives::{Balance, Moment};
/// Index of a transaction in the chain.
pub type Nonce = u32;
/// A hash of some data used by the chain.
pub type Hash = sp_core::H256;
/// The identifier of a `pallet-assets` asset (USDT, USDC, WETH, WBTC, ...).
pub type AssetId = u32;
/// An asset the DEX and the money market handle: LEV (`Native`) or a `pallet-assets` asset.
pub type AssetKind = NativeOrWithId<AssetId>;

/// Decimals of LEV, the native token.
pub const LEV_DECIMALS: u8 = 12;
/// One LEV in its smallest unit.
pub const UNIT: Balance = 10u128.pow(LEV_DECIMALS as u32);
/// A thousandth of a LEV.
pub const MILLI_UNIT: Balance = UNIT / 1_000;
/// A millionth of a LEV.
pub const MICRO_UNIT: Balance = UNIT / 1_000_000;
/// The smallest LEV balance an account may hold; below it the account is reaped.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Target time between blocks under Aura, in milliseconds.
pub const MILLI_SECS_PER_BLOCK: u64 = 6000;
/// Aura's slot duration: one block per slot.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;
/// Blocks in a minute, at the target block time.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
/// Blocks in an hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks in a day.
pub const DAYS: BlockNumber = HOURS * 24;

/// Opaque types: what the node needs to know of the runtime without knowing its calls.
pub mod opaque {
	use super::*;
	use sp_runtime::{generic, traits::BlakeTwo256};

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;
	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;

	impl_opaque_keys! {
		/// The session keys of a Lever validator: an Aura key for authoring, a GRANDPA key for finality.
		pub struct SessionKeys {
			pub aura: Aura,
			pub grandpa: Grandpa,
		}
	}
}

/// The runtime's version: bump `spec_version` with every change of runtime logic, and
/// `transaction_version` when calls or their encoding change.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("lever"),
	impl_name: alloc::borrow::Cow::Borrowed("lever-node"),
	authoring_version: 1,
	spec_version: 100,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A block signed by its author, as the node stores it.
pub type SignedBlock = generic::SignedBlock<Block>;
/// BlockId type as expected by this runtime.
pub type BlockId = generic::BlockId<Block>;

/// The transaction extensions every signed extrinsic carries, in order.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// The transaction extensions a wallet attaches to a signed extrinsic: immortal, with `nonce`
/// and a `tip` (used by the runtime's tests and the fuzzer to sign as polkadot.js does).
#[cfg(feature = "std")]
pub fn wallet_tx_extension(nonce: Nonce, tip: Balance) -> TxExtension {
	(
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(generic::Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(tip),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Migrations to run on the next runtime upgrade: lending's markets gain their DEX bound.
type Migrations = (pallet_lever_lending::migrations::v2::MigrateV1ToV2<Runtime>,);

/// Transactions the runtime's off-chain workers submit without a signature (lending's
/// liquidations through the DEX).
impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type RuntimeCall = RuntimeCall;
	type Extrinsic = UncheckedExtrinsic;
}

impl<C> frame_system::offchain::CreateBare<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: RuntimeCall) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_bare(call)
	}
}

/// Executive: handles dispatch to the various pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	/// The Lever runtime.
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
	pub struct Runtime;

	// Chain foundation.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	// Money: the native token, fees, user assets and the DEX.
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(20)]
	pub type Assets = pallet_assets<Instance1>;
	#[runtime::pallet_index(21)]
	pub type PoolAssets = pallet_assets<Instance2>;
	#[runtime::pallet_index(22)]
	pub type AssetConversion = pallet_asset_conversion;

	// Utilities and governance.
	#[runtime::pallet_index(30)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(40)]
	pub type Sudo = pallet_sudo;

	// Lever's own pallets (50..=59).
	#[runtime::pallet_index(50)]
	pub type Oracle = pallet_lever_oracle;
	#[runtime::pallet_index(51)]
	pub type Lending = pallet_lever_lending;
	#[runtime::pallet_index(52)]
	pub type Inference = pallet_lever_inference;

	// Governance (60..=69): OpenGov, the risk council, the treasury.
	#[runtime::pallet_index(60)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(61)]
	pub type Scheduler = pallet_scheduler;
	#[runtime::pallet_index(62)]
	pub type Referenda = pallet_referenda;
	#[runtime::pallet_index(63)]
	pub type ConvictionVoting = pallet_conviction_voting;
	#[runtime::pallet_index(64)]
	pub type Origins = governance::pallet_custom_origins;
	#[runtime::pallet_index(65)]
	pub type RiskCouncil = pallet_collective<Instance1>;
	#[runtime::pallet_index(66)]
	pub type RiskCouncilMembership = pallet_membership<Instance1>;
	#[runtime::pallet_index(67)]
	pub type Treasury = pallet_treasury;
}

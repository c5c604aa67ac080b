//! The chain under the fuzzer: the dev genesis built natively, the dev keys, extrinsics signed
//! exactly as a wallet signs them, and blocks opened and closed through the runtime's own
//! `Executive` (Aura slot digest, timestamp inherent, `on_initialize` … `on_finalize`).

use codec::Encode;
use lever_runtime::{
	genesis_config_presets::preset_genesis_config, AccountId, Address, Executive, Header,
	RuntimeCall, SignedPayload, System, UncheckedExtrinsic, SLOT_DURATION,
};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{ApplyExtrinsicResult, BuildStorage, Digest, DigestItem, MultiSignature, Storage};
use std::sync::OnceLock;

/// The accounts that sign: the six funded dev accounts (Alice is sudo; Alice … Dave feed
/// prices), and two that hold nothing (their transactions cannot pay fees).
pub const SIGNERS: [Sr25519Keyring; 8] = [
	Sr25519Keyring::Alice,
	Sr25519Keyring::Bob,
	Sr25519Keyring::Charlie,
	Sr25519Keyring::Dave,
	Sr25519Keyring::Eve,
	Sr25519Keyring::Ferdie,
	Sr25519Keyring::One,
	Sr25519Keyring::Two,
];
/// The first [`FUNDED`] signers hold funds.
pub const FUNDED: usize = 6;
/// Indices in [`SIGNERS`] of the dev chain's feeders.
pub const FEEDERS: [usize; 4] = [0, 1, 2, 3];
/// Index in [`SIGNERS`] of the sudo key (and the dev chain's big liquidity holder).
pub const ALICE: usize = 0;
/// Block `n` is authored in slot `FIRST_SLOT + n`.
const FIRST_SLOT: u64 = 300_000_000;

struct Keys {
	pairs: Vec<sr25519::Pair>,
	accounts: Vec<AccountId>,
}

/// Key derivation is slow: derive every signer's pair once per process.
fn keys() -> &'static Keys {
	static KEYS: OnceLock<Keys> = OnceLock::new();
	KEYS.get_or_init(|| Keys {
		pairs: SIGNERS.iter().map(|k| k.pair()).collect(),
		accounts: SIGNERS.iter().map(|k| k.to_account_id()).collect(),
	})
}

/// The account of signer `i`.
pub fn account(i: usize) -> AccountId {
	keys().accounts[i].clone()
}

/// How many signers there are.
pub fn account_count() -> usize {
	SIGNERS.len()
}

/// The dev chain's genesis state, built natively from the runtime's `development` preset.
pub fn genesis_storage() -> Storage {
	preset_genesis_config("development")
		.expect("the runtime has a development preset")
		.build_storage()
		.expect("the development genesis builds")
}

/// `call` signed by signer `i` with its next nonce, as a wallet would submit it.
pub fn signed(i: usize, call: RuntimeCall) -> UncheckedExtrinsic {
	let who = account(i);
	let ext = lever_runtime::wallet_tx_extension(System::account_nonce(&who), 0);
	let payload = SignedPayload::new(call.clone(), ext.clone()).expect("the payload builds");
	let signature = payload.using_encoded(|bytes| keys().pairs[i].sign(bytes));
	UncheckedExtrinsic::new_signed(call, Address::Id(who), MultiSignature::Sr25519(signature), ext)
}

/// `call` as an unsigned extrinsic (lending's keeperless liquidations).
pub fn bare(call: RuntimeCall) -> UncheckedExtrinsic {
	UncheckedExtrinsic::new_bare(call)
}

/// Opens block `number`: its Aura slot in the digest, `initialize_block`, and the timestamp
/// inherent at the slot's start. Blocks between the last one and `number` count as empty
/// blocks that were skipped: no pallet of this runtime does per-block work that an empty
/// block would change (Lever's pallets have no hooks; the fee multiplier stays put).
pub fn open_block(number: u32) {
	System::set_block_number(number - 1);
	let slot = Slot::from(FIRST_SLOT + u64::from(number));
	let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
	let parent = H256::repeat_byte((number % 251) as u8);
	let header = <Header as sp_runtime::traits::Header>::new(
		number,
		Default::default(),
		Default::default(),
		parent,
		digest,
	);
	Executive::initialize_block(&header);
	let now = u64::from(slot) * SLOT_DURATION;
	let inherent = bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set { now }));
	let applied = Executive::apply_extrinsic(inherent);
	assert!(matches!(applied, Ok(Ok(()))), "the timestamp inherent applies: {applied:?}");
}

/// Applies one extrinsic through `Executive`, as block production does.
pub fn apply(xt: UncheckedExtrinsic) -> ApplyExtrinsicResult {
	Executive::apply_extrinsic(xt)
}

/// Closes the open block: `on_idle`, `on_finalize`, the state root.
pub fn close_block() {
	Executive::finalize_block();
}

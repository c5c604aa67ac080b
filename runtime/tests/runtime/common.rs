//! Shared helpers: building a preset's genesis state, and signing extrinsics as a dev account.

use codec::Encode;
use lever_runtime::{
	genesis_config_presets, Address, Runtime, RuntimeCall, RuntimeGenesisConfig, SignedPayload,
	UncheckedExtrinsic,
};
use sp_keyring::Sr25519Keyring;
use sp_runtime::BuildStorage;

/// The full genesis config of a named preset.
pub fn preset_config(name: &str) -> RuntimeGenesisConfig {
	genesis_config_presets::preset_genesis_config(name)
		.unwrap_or_else(|| panic!("preset `{name}` exists and is a valid genesis config"))
}

/// Externalities holding the genesis state of a named preset; every test body run in them is
/// followed by every pallet's invariants.
pub fn new_test_ext(preset: &str) -> TestExt {
	let storage = preset_config(preset).build_storage().expect("genesis builds");
	TestExt(sp_io::TestExternalities::new(storage))
}

/// Test externalities that check every pallet's `try_state` after each test body.
pub struct TestExt(sp_io::TestExternalities);

impl TestExt {
	/// Runs `test`, then `AllPalletsWithSystem::try_state` (built with `try-runtime`, as the
	/// README test command does).
	pub fn execute_with<R>(&mut self, test: impl FnOnce() -> R) -> R {
		self.0.execute_with(|| {
			let result = test();
			all_pallets_try_state();
			result
		})
	}
}

/// Every pallet's invariants (`try_state`) at the current block; a no-op without the
/// `try-runtime` feature.
pub fn all_pallets_try_state() {
	#[cfg(feature = "try-runtime")]
	{
		use frame_support::traits::{TryState, TryStateSelect};
		let now = frame_system::Pallet::<Runtime>::block_number();
		<lever_runtime::AllPalletsWithSystem as TryState<_>>::try_state(now, TryStateSelect::All)
			.expect("every pallet's invariants hold");
	}
}

/// `call` signed by `signer` with `nonce`, as a wallet would submit it. Must run inside
/// externalities (the signed payload includes the genesis hash).
pub fn sign(signer: Sr25519Keyring, nonce: u32, call: RuntimeCall) -> UncheckedExtrinsic {
	let ext = lever_runtime::wallet_tx_extension(nonce, 0);
	let payload = SignedPayload::new(call.clone(), ext.clone()).expect("payload builds");
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	UncheckedExtrinsic::new_signed(call, Address::Id(signer.to_account_id()), signature.into(), ext)
}

/// The treasury account that collects fees.
pub fn treasury() -> lever_runtime::AccountId {
	lever_runtime::configs::TreasuryAccount::get()
}

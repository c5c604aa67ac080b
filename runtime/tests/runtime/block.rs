//! A block of real extrinsics through the runtime's own `Executive`: signed transactions with
//! the real transaction extensions and fees, a DEX swap, a failing swap and invalid extrinsics.

use crate::common::{new_test_ext, sign, treasury};
use codec::Encode;
use frame_support::assert_ok;
use lever_runtime::{
	genesis_config_presets::{USDT, WETH},
	AccountId, AssetKind, Assets, Balances, Executive, Header, RuntimeCall, RuntimeEvent, System,
	UncheckedExtrinsic, SLOT_DURATION, UNIT,
};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie};
use sp_runtime::{
	traits::Header as _,
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
	Digest, DigestItem, DispatchError,
};

/// Starts block 1 at an Aura slot, with its timestamp inherent applied.
pub fn start_block() {
	let slot = Slot::from(300_000_000u64);
	let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
	let parent = System::block_hash(0);
	let header = Header::new(1, Default::default(), Default::default(), parent, digest);
	Executive::initialize_block(&header);
	let now = u64::from(slot) * SLOT_DURATION;
	let inherent =
		UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set { now }));
	assert_ok!(Executive::apply_extrinsic(inherent).expect("the inherent is valid"));
}

/// Fees paid by `who` in this block, from `TransactionFeePaid` events.
pub fn fees_paid_by(who: &AccountId) -> u128 {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid {
					who: payer,
					actual_fee,
					..
				},
			) if payer == *who => Some(actual_fee),
			_ => None,
		})
		.sum()
}

fn swap(amount_in: u128, min_out: u128, to: AccountId) -> RuntimeCall {
	RuntimeCall::AssetConversion(pallet_asset_conversion::Call::swap_exact_tokens_for_tokens {
		path: vec![Box::new(AssetKind::WithId(USDT.id)), Box::new(AssetKind::WithId(WETH.id))],
		amount_in,
		amount_out_min: min_out,
		send_to: to,
		keep_alive: true,
	})
}

#[test]
fn a_block_of_transfers_and_swaps_applies_with_fees() {
	new_test_ext("development").execute_with(|| {
		start_block();
		let (alice, bob, charlie) =
			(Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id());
		let alice_before = Balances::free_balance(&alice);
		let bob_before = Balances::free_balance(&bob);
		let treasury_before = Balances::free_balance(treasury());

		// A transfer lands: Bob receives exactly the amount, Alice pays amount + fee.
		let transfer = sign(
			Alice,
			0,
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: bob.clone().into(),
				value: 10 * UNIT,
			}),
		);
		assert_ok!(Executive::apply_extrinsic(transfer).expect("valid"));
		assert_eq!(Balances::free_balance(&bob), bob_before + 10 * UNIT);
		let alice_fee = fees_paid_by(&alice);
		assert!(alice_fee > 0, "a signed transfer pays a fee");
		assert_eq!(Balances::free_balance(&alice), alice_before - 10 * UNIT - alice_fee);

		// A swap with a reachable min-out lands: 3,000 USDT buy a little under 1 WETH.
		let usdt_before = Assets::balance(USDT.id, &bob);
		let weth_before = Assets::balance(WETH.id, &bob);
		let good = sign(Bob, 0, swap(3_000 * USDT.unit(), WETH.unit() * 99 / 100, bob.clone()));
		assert_ok!(Executive::apply_extrinsic(good).expect("valid"));
		assert_eq!(Assets::balance(USDT.id, &bob), usdt_before - 3_000 * USDT.unit());
		let bought = Assets::balance(WETH.id, &bob) - weth_before;
		assert!(bought >= WETH.unit() * 99 / 100 && bought < WETH.unit(), "bought {bought}");

		// A swap with an impossible min-out fails with a module error and moves no asset, but
		// its fee is charged.
		let charlie_usdt = Assets::balance(USDT.id, &charlie);
		let charlie_weth = Assets::balance(WETH.id, &charlie);
		let charlie_lev = Balances::free_balance(&charlie);
		let bad = sign(Charlie, 0, swap(3_000 * USDT.unit(), 2 * WETH.unit(), charlie.clone()));
		let outcome = Executive::apply_extrinsic(bad).expect("valid");
		assert!(matches!(outcome, Err(DispatchError::Module(_))), "got {outcome:?}");
		assert_eq!(Assets::balance(USDT.id, &charlie), charlie_usdt);
		assert_eq!(Assets::balance(WETH.id, &charlie), charlie_weth);
		let charlie_fee = fees_paid_by(&charlie);
		assert!(charlie_fee > 0);
		assert_eq!(Balances::free_balance(&charlie), charlie_lev - charlie_fee);

		// Every fee went to the treasury; nonces advanced.
		let all_fees = alice_fee + fees_paid_by(&bob) + charlie_fee;
		assert_eq!(Balances::free_balance(treasury()), treasury_before + all_fees);
		assert_eq!(System::account_nonce(&alice), 1);
		assert_eq!(System::account_nonce(&charlie), 1);

		let header = Executive::finalize_block();
		assert_eq!(*header.number(), 1);
	});
}

#[test]
fn invalid_extrinsics_are_rejected_and_change_nothing() {
	new_test_ext("development").execute_with(|| {
		start_block();
		let bob = Bob.to_account_id();
		let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: bob.clone().into(),
			value: UNIT,
		});

		// Signed by Alice's key but claiming to be Charlie: a bad proof.
		let forged = {
			let xt = sign(Alice, 0, call.clone());
			let (_, sig, ext) = match xt.preamble {
				sp_runtime::generic::Preamble::Signed(a, s, e) => (a, s, e),
				_ => unreachable!("sign() makes signed extrinsics"),
			};
			UncheckedExtrinsic::new_signed(call.clone(), Charlie.to_account_id().into(), sig, ext)
		};
		let before = Balances::free_balance(&bob);
		assert_eq!(
			Executive::apply_extrinsic(forged),
			Err(TransactionValidityError::Invalid(InvalidTransaction::BadProof))
		);
		// A stale nonce.
		assert_ok!(Executive::apply_extrinsic(sign(Alice, 0, call.clone())).expect("valid"));
		assert_eq!(
			Executive::apply_extrinsic(sign(Alice, 0, call.clone())),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
		);
		assert_eq!(Balances::free_balance(&bob), before + UNIT);

		// The pool refuses a signed call whose signer cannot pay its fee.
		let pauper = sp_keyring::Sr25519Keyring::One;
		let validity = Executive::validate_transaction(
			TransactionSource::External,
			sign(pauper, 0, call),
			System::block_hash(0),
		);
		assert_eq!(validity, Err(TransactionValidityError::Invalid(InvalidTransaction::Payment)));
	});
}

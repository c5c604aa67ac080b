//! The inference market in the real runtime: a provider, a model and a job paid in USDT go
//! through `Executive` (fees and extensions included), and the escrow settles exactly.

use crate::{
	block::start_block,
	common::{new_test_ext, sign},
};
use frame_support::{assert_ok, traits::fungibles::Inspect, BoundedVec};
use lever_runtime::{
	configs::NativeAndAssets, AssetKind, Executive, Inference, Runtime, RuntimeCall, RuntimeEvent,
	System, UNIT,
};
use pallet_lever_inference::{
	Call as InferenceCall, CloseReason, Event, JobData, ModelInfo, ModelOffer, Settlement,
};
use sp_core::H256;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave};

const USDT: AssetKind = AssetKind::WithId(1);

fn apply(who: Sr25519Keyring, nonce: u32, call: InferenceCall<Runtime>) {
	let outcome =
		Executive::apply_extrinsic(sign(who, nonce, RuntimeCall::Inference(call))).expect("valid");
	assert_ok!(outcome);
}

fn usdt(who: Sr25519Keyring) -> u128 {
	NativeAndAssets::balance(USDT, &who.to_account_id())
}

fn text(s: &str) -> BoundedVec<u8, frame_support::traits::ConstU32<64>> {
	BoundedVec::truncate_from(s.as_bytes().to_vec())
}

#[test]
fn a_job_settles_exactly_through_executive() {
	new_test_ext("development").execute_with(|| {
		start_block();
		apply(
			Alice,
			0,
			InferenceCall::register_model {
				info: ModelInfo {
					name: text("tiny-llm"),
					weights_hash: H256::repeat_byte(1),
					uri: BoundedVec::truncate_from(b"ipfs://tiny".to_vec()),
					input_format: text("text/plain"),
					output_format: text("text/plain"),
				},
				royalty: 50_000, // 0.05 USDT
				asset: USDT,
			},
		);
		apply(
			Bob,
			0,
			InferenceCall::register_provider {
				stake: 100 * UNIT,
				// 1 USDT a job
				offers: BoundedVec::truncate_from(vec![ModelOffer { model: 0, price: 1_000_000 }]),
				capacity: 4,
				endpoint: text("https://bob.gpu"),
			},
		);
		let (charlie, bob, alice) = (usdt(Charlie), usdt(Bob), usdt(Alice));
		apply(
			Charlie,
			0,
			InferenceCall::post_job {
				model: 0,
				input: JobData::Inline(BoundedVec::truncate_from(b"hello".to_vec())),
				max_price: 2_000_000,
				redundancy: 1,
				deadline: 100,
			},
		);
		assert_eq!(Inference::provider_jobs(&Bob.to_account_id()), vec![0]);
		apply(
			Bob,
			1,
			InferenceCall::submit_result {
				job: 0,
				output: JobData::Inline(BoundedVec::truncate_from(b"hi".to_vec())),
			},
		);
		// Past the challenge window (10 blocks), anyone finalizes.
		System::set_block_number(20);
		apply(Dave, 0, InferenceCall::finalize { job: 0 });
		let settlement = System::events()
			.into_iter()
			.find_map(|r| match r.event {
				RuntimeEvent::Inference(Event::JobClosed { reason, settlement, .. }) => {
					assert_eq!(reason, CloseReason::Completed);
					Some(settlement)
				},
				_ => None,
			})
			.expect("closed");
		// Escrow 2 + 0.05 + 2% of 2 = 2.09 USDT; paid 1, royalty 0.05, fee 0.02.
		assert_eq!(
			settlement,
			Settlement {
				providers: 1_000_000,
				royalty: 50_000,
				protocol_fee: 20_000,
				refund: 1_020_000
			}
		);
		let endowment = 1_000; // USDT's minimum balance, once
		assert_eq!(usdt(Charlie), charlie - 1_070_000 - endowment);
		assert_eq!(usdt(Bob), bob + 1_000_000);
		assert_eq!(usdt(Alice), alice + 50_000);
		pallet_lever_inference::Pallet::<Runtime>::do_try_state().expect("invariants");
	});
}

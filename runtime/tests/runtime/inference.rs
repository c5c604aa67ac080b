//! The inference market in the real runtime: a model, three providers and a k = 3 job paid in
//! USDT go through `Executive` (fees and extensions included) — offers accepted, results
//! committed then revealed, one provider dissenting — and the escrow and collateral settle
//! exactly.

use crate::{
	block::start_block,
	common::{new_test_ext, sign},
};
use frame_support::{assert_ok, traits::fungibles::Inspect, BoundedVec};
use lever_runtime::{
	configs::{
		InferenceAcceptWindow, InferenceChallengeWindow, InferenceMinExecutionWindow,
		NativeAndAssets,
	},
	AssetKind, Executive, Inference, Runtime, RuntimeCall, RuntimeEvent, System, UNIT,
};
use pallet_lever_inference::{
	Call as InferenceCall, CloseReason, Event, JobData, JobTerms, ModelInfo, ModelOffer, Settlement,
};
use sp_core::H256;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};

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

fn inline(
	s: &[u8],
) -> JobData<frame_support::traits::ConstU32<1024>, frame_support::traits::ConstU32<256>> {
	JobData::Inline(BoundedVec::truncate_from(s.to_vec()))
}

#[test]
fn a_k3_job_with_a_dissenter_settles_exactly_through_executive() {
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
					output_format: text("text/plain;canonical"),
				},
				royalty: 50_000, // 0.05 USDT
				asset: USDT,
			},
		);
		let providers = [Bob, Dave, Eve];
		for who in providers {
			apply(
				who,
				0,
				InferenceCall::register_provider {
					stake: 100 * UNIT,
					// 1 USDT a job
					offers: BoundedVec::truncate_from(vec![ModelOffer {
						model: 0,
						price: 1_000_000,
					}]),
					capacity: 4,
					endpoint: text("https://gpu"),
				},
			);
		}
		let before = [Charlie, Bob, Dave, Eve, Alice].map(usdt);
		let deadline = System::block_number()
			+ InferenceAcceptWindow::get()
			+ InferenceMinExecutionWindow::get();
		apply(
			Charlie,
			0,
			InferenceCall::post_job {
				terms: JobTerms {
					model: 0,
					max_price: 2_000_000,
					redundancy: 3,
					deadline,
					max_total: 6_170_000,
				},
				input: inline(b"hello"),
				named: BoundedVec::new(),
			},
		);
		for who in providers {
			// A matched offer holds a unit of the provider's capacity.
			assert_eq!(Inference::provider_jobs(&who.to_account_id()), vec![0]);
			apply(who, 1, InferenceCall::accept_job { job: 0 });
		}
		let outputs: [&[u8]; 3] = [b"hi", b"hi", b"bye"];
		let salt = H256::repeat_byte(9);
		for (who, output) in providers.into_iter().zip(outputs) {
			let hash = inline(output).content_hash();
			let commitment =
				pallet_lever_inference::commitment(0, &who.to_account_id(), &hash, &salt);
			apply(who, 2, InferenceCall::commit_result { job: 0, commitment });
		}
		for (who, output) in providers.into_iter().zip(outputs) {
			apply(who, 3, InferenceCall::reveal_result { job: 0, output: inline(output), salt });
		}
		// Past the challenge window, anyone finalizes.
		System::set_block_number(System::block_number() + InferenceChallengeWindow::get() + 1);
		apply(Ferdie, 0, InferenceCall::finalize { job: 0 });
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
		// Escrow 3 × 2 + 0.05 + 2% of 6 = 6.17 USDT; Bob and Dave paid 1 each, royalty 0.05,
		// fee 2% of 2; each collateral is the job's 2 USDT max price (not the 1 USDT price):
		// Bob's and Dave's come back, Eve's is slashed, half to Charlie.
		assert_eq!(
			settlement,
			Settlement {
				providers: 2_000_000,
				royalty: 50_000,
				protocol_fee: 40_000,
				refund: 4_080_000,
				collateral_returned: 4_000_000,
				slashed_to_user: 1_000_000,
				slashed_to_treasury: 1_000_000,
			}
		);
		let endowment = 1_000; // USDT's minimum balance, once
		assert_eq!(
			[Charlie, Bob, Dave, Eve, Alice].map(usdt),
			[
				before[0] - endowment - 6_170_000 + 4_080_000 + 1_000_000,
				before[1] + 1_000_000,
				before[2] + 1_000_000,
				before[3] - 2_000_000,
				before[4] + 50_000,
			]
		);
		pallet_lever_inference::Pallet::<Runtime>::do_try_state().expect("invariants");
	});
}

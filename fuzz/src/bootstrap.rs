//! The state every sequence starts from: the dev genesis and one block in which the four
//! feeders price every asset, Eve registers a model paid in LEV, Charlie, Dave and Ferdie serve
//! it, Bob posts a job for two of them, Bob and Ferdie lend, and Eve and Charlie borrow close enough to their limits that a
//! market move of 15–40% makes them liquidatable.

use crate::{
	calls::unit,
	chain::{self, FEEDERS},
	prices::Prices,
};
use frame_support::BoundedVec;
use lever_runtime::{AssetKind, RuntimeCall, UNIT};
use pallet_lever_inference::{ModelInfo, ModelOffer};
use sp_core::H256;

const USDT: AssetKind = AssetKind::WithId(1);
const USDC: AssetKind = AssetKind::WithId(2);
const WETH: AssetKind = AssetKind::WithId(3);
const WBTC: AssetKind = AssetKind::WithId(4);
const BOB: usize = 1;
const CHARLIE: usize = 2;
const DAVE: usize = 3;
const EVE: usize = 4;
const FERDIE: usize = 5;

/// The bootstrapped chain: genesis, block 1, committed.
pub fn chain() -> sp_io::TestExternalities {
	let mut ext = sp_io::TestExternalities::new(chain::genesis_storage());
	ext.execute_with(|| {
		chain::open_block(1);
		for (signer, call) in calls() {
			let outcome = chain::apply(chain::signed(signer, call.clone()));
			assert!(matches!(outcome, Ok(Ok(()))), "bootstrap call {call:?}: {outcome:?}");
		}
		chain::close_block();
		crate::invariants::check(1).expect("the bootstrapped chain keeps every invariant");
	});
	ext.commit_all().expect("the bootstrap block commits");
	ext
}

fn text<S: frame_support::traits::Get<u32>>(t: &[u8]) -> BoundedVec<u8, S> {
	BoundedVec::truncate_from(t.to_vec())
}

fn calls() -> Vec<(usize, RuntimeCall)> {
	use pallet_lever_inference::Call as I;
	use pallet_lever_lending::Call as L;
	let prices = Prices::default();
	let mut out: Vec<(usize, RuntimeCall)> = FEEDERS
		.iter()
		.map(|&f| {
			let values = prices.assets().map(|a| (a.clone(), prices.get(a))).collect::<Vec<_>>();
			let feed = pallet_lever_oracle::Call::feed_prices {
				values: BoundedVec::truncate_from(values),
			};
			(f, RuntimeCall::Oracle(feed))
		})
		.collect();
	out.push((
		EVE,
		RuntimeCall::Inference(I::register_model {
			info: ModelInfo {
				name: text(b"digits"),
				weights_hash: H256::repeat_byte(7),
				uri: text(b"file://digits.onnx"),
				input_format: text(b"digits-8x8"),
				output_format: text(b"class"),
			},
			royalty: UNIT / 100,
			asset: AssetKind::Native,
		}),
	));
	for provider in [CHARLIE, DAVE, FERDIE] {
		out.push((
			provider,
			RuntimeCall::Inference(I::register_provider {
				stake: 200 * UNIT,
				offers: BoundedVec::truncate_from(vec![ModelOffer { model: 0, price: UNIT / 10 }]),
				capacity: 4,
				endpoint: text(b"https://p"),
			}),
		));
	}
	// Bob asks two providers to run the model (a job the sequences can accept, commit, reveal).
	out.push((
		BOB,
		RuntimeCall::Inference(I::post_job {
			terms: pallet_lever_inference::JobTerms {
				model: 0,
				max_price: UNIT,
				redundancy: 2,
				deadline: 101,
				max_total: 10 * UNIT,
			},
			input: pallet_lever_inference::JobData::Inline(text(b"7")),
			named: BoundedVec::new(),
		}),
	));
	let lend = |who: usize, asset: AssetKind, tokens: u128| {
		(
			who,
			RuntimeCall::Lending(L::supply { asset: asset.clone(), amount: tokens * unit(&asset) }),
		)
	};
	out.extend([
		lend(BOB, USDT, 300_000),
		lend(BOB, WETH, 20),
		lend(FERDIE, USDC, 200_000),
		lend(FERDIE, AssetKind::Native, 100_000),
		// Eve: 20 WETH ($60,000) against 42,000 USDT, liquidatable below $2,625 (−12.5%).
		lend(EVE, WETH, 20),
		(EVE, RuntimeCall::Lending(L::enable_collateral { asset: WETH })),
		(EVE, RuntimeCall::Lending(L::borrow { asset: USDT, amount: 42_000 * unit(&USDT) })),
		// Charlie: 1 WBTC ($60,000) against 13 WETH ($39,000), liquidatable when WETH/WBTC
		// rises 15%.
		lend(CHARLIE, WBTC, 1),
		(CHARLIE, RuntimeCall::Lending(L::enable_collateral { asset: WBTC })),
		(CHARLIE, RuntimeCall::Lending(L::borrow { asset: WETH, amount: 13 * unit(&WETH) })),
	]);
	out
}

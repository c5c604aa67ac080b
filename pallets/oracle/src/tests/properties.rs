//! Property tests over random rounds: feeders going quiet for random spans, one faulty feeder
//! reporting anything, three honest ones within a band. Whatever the sequence, the oracle never
//! serves or accepts a price outside the honest band, serves only prices whose feeds are all
//! fresh, forms a price whenever a quorum feeds in a block, and keeps its invariants.

use super::*;
use proptest::prelude::*;

/// One round: how much time passes, then each feeder's report (`None` = quiet).
#[derive(Debug, Clone)]
struct Round {
	millis: u64,
	faulty: Option<u32>,
	honest: [Option<u32>; 3],
}

fn round() -> impl Strategy<Value = Round> {
	let report = proptest::option::weighted(0.7, 1_000u32..=1_100);
	(
		prop_oneof![4 => 1_000u64..=6 * MINUTE, 1 => 6 * MINUTE..=15 * MINUTE],
		proptest::option::weighted(0.8, 1u32..=10_000_000),
		[report.clone(), report.clone(), report],
	)
		.prop_map(|(millis, faulty, honest)| Round { millis, faulty, honest })
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(64))]

	#[test]
	fn a_faulty_feeder_and_quiet_feeders_never_move_the_price_out_of_the_honest_band(
		rounds in proptest::collection::vec(round(), 1..60),
	) {
		ExtBuilder::default().references(vec![(WETH, 1_050)]).build_and_execute(|| {
			add_fourth_feeder();
			let (lo, hi) = (usd(1_000), usd(1_100));
			for round in rounds {
				next_block(round.millis);
				let mut fed = 0;
				if let Some(price) = round.faulty {
					assert_ok!(feed(1, vec![(WETH, usd(price))]));
					fed += 1;
				}
				for (who, report) in [2u64, 3, 4].into_iter().zip(round.honest) {
					if let Some(price) = report {
						assert_ok!(feed(who, vec![(WETH, usd(price))]));
						fed += 1;
					}
				}
				let now = Timestamp::get();
				match Oracle::price(&WETH) {
					Ok(price) => {
						assert!(lo <= price.price && price.price <= hi, "served {price:?}");
						assert!(now - price.at <= MAX_AGE, "served with a stale feed behind it");
					},
					Err(e) => assert!(fed < 3, "a quorum fed this block but got {e:?}"),
				}
				assert_eq!(frozen(WETH), None, "honest moves stay within the breaker");
				Oracle::do_try_state().expect("invariants hold every round");
			}
			assert!(accepted(WETH).iter().all(|p| lo <= *p && *p <= hi), "{:?}", accepted(WETH));
		});
	}
}

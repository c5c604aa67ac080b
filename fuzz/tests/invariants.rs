//! The fuzzer's oracle can fail: each chain-wide invariant it checks after a block catches a
//! state in which that invariant is broken (a unit created from nothing, an asset's supply off
//! by one, a hold larger than the reserved balance, a pallet's own `try_state`).

use frame_support::traits::fungible::MutateHold;
use lever_fuzz::{bootstrap, chain, invariants};
use lever_runtime::{Balances, Runtime, RuntimeHoldReason};

/// Runs `break_it` on the bootstrapped chain and returns what the invariants then report.
fn broken(break_it: impl FnOnce()) -> String {
	let mut ext = bootstrap::chain();
	ext.execute_with(|| {
		assert_eq!(invariants::check(1), Ok(()), "the bootstrapped chain is sound");
		break_it();
		invariants::check(1).expect_err("the broken state is caught")
	})
}

#[test]
fn a_lev_unit_created_from_nothing_is_caught() {
	let report = broken(|| pallet_balances::TotalIssuance::<Runtime>::mutate(|i| *i -= 1));
	assert!(report.starts_with("LEV:"), "{report}");
}

#[test]
fn an_asset_supply_off_by_one_is_caught() {
	let report = broken(|| {
		pallet_assets::Asset::<Runtime, pallet_assets::Instance1>::mutate(3, |details| {
			details.as_mut().expect("WETH exists").supply += 1;
		})
	});
	// pallet-assets' own `try_state` tolerates a supply above the accounts' sum; ours does not.
	assert!(report.contains("Assets 3"), "{report}");
}

#[test]
fn a_pallet_invariant_broken_behind_its_back_is_caught() {
	// A provider's stake released without the pallet knowing: inference's `try_state` sees it.
	let report = broken(|| {
		let provider = chain::account(2);
		let reason =
			RuntimeHoldReason::Inference(pallet_lever_inference::HoldReason::ProviderStake);
		Balances::release(&reason, &provider, 1, frame_support::traits::tokens::Precision::Exact)
			.expect("Charlie's stake is held");
	});
	assert!(report.starts_with("try_state"), "{report}");
}

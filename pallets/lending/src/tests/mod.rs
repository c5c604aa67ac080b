//! Unit tests of the money market, by topic. Every test runs the pallet's invariants at its end
//! (`ExtBuilder::build_and_execute`).

mod attacks;
mod borrow;
mod dex;
mod flash_loan;
mod hardening;
mod interest;
mod liquidation;
mod market;
mod properties;
mod supply;

use crate::{mock::*, Accounts, Amount, Market, Markets, Position};
use frame_support::dispatch::DispatchResultWithPostInfo;
use sp_runtime::FixedU128;

/// `liquidator` liquidates `borrower` with no bound on what it receives, taking supply shares.
pub fn liquidate(
	liquidator: AccountId,
	borrower: AccountId,
	debt: AssetKind,
	collateral: AssetKind,
	amount: Amount,
) -> DispatchResultWithPostInfo {
	Lending::liquidate(signed(liquidator), borrower, debt, collateral, amount, 0, false)
}

/// The stored market of `asset`.
pub fn market(asset: &AssetKind) -> Market {
	Markets::<Test>::get(asset).expect("a market")
}

/// `who`'s stored position in `asset` (default when absent).
pub fn position(who: AccountId, asset: &AssetKind) -> Position {
	Accounts::<Test>::get(who).get(asset).copied().unwrap_or_default()
}

/// A whole-dollar price.
pub fn usd(n: u32) -> FixedU128 {
	FixedU128::from_u32(n)
}

/// The pallet's last event.
pub fn last_event() -> crate::Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Lending(event) => Some(event),
			_ => None,
		})
		.expect("a lending event")
}

/// `who`'s debt in `asset` now (accrued), from the client view.
pub fn debt_now(who: AccountId, asset: &AssetKind) -> u128 {
	Lending::account_view(&who)
		.positions
		.into_iter()
		.find(|p| &p.asset == asset)
		.map(|p| p.debt)
		.unwrap_or_default()
}

/// What `who`'s supply of `asset` redeems for now.
pub fn supplied_now(who: AccountId, asset: &AssetKind) -> u128 {
	Lending::account_view(&who)
		.positions
		.into_iter()
		.find(|p| &p.asset == asset)
		.map(|p| p.supplied)
		.unwrap_or_default()
}

/// ALICE supplies `weth` whole WETH as collateral (after DAVE's first supply of 1 WETH, so
/// her shares are one per unit); DAVE seeds 100,000 USDT of cash.
pub fn alice_with_weth_collateral(weth: u128) {
	use frame_support::assert_ok;
	seed(&USDT, tokens(&USDT, 100_000));
	seed(&WETH, tokens(&WETH, 1));
	assert_ok!(Lending::supply(signed(ALICE), WETH, tokens(&WETH, weth)));
	assert_ok!(Lending::enable_collateral(signed(ALICE), WETH));
}

//! The money market's invariants, checked by `try_state` and after every test.

use crate::{interest::MAX_BORROW_INDEX, pallet::*, types::*};
use alloc::collections::BTreeMap;
use frame_support::{ensure, traits::fungibles::Inspect};
use sp_runtime::{traits::One, FixedU128, TryRuntimeError};

impl<T: Config> Pallet<T> {
	/// The money market's invariants:
	/// - for every market, Σ account shares of its current supply generation + locked shares
	///   = total shares, and Σ scaled debts = total scaled debt;
	/// - the tracked cash is backed by what the market's account holds;
	/// - reserves never exceed what the market holds and is owed (cash + borrows, rounded up);
	/// - the borrow index is at least 1 and at most `MAX_BORROW_INDEX`;
	/// - no flash loan is left open;
	/// - every account position is in an existing market, in no later generation than the
	///   market's, and not empty.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut shares: BTreeMap<T::AssetKind, Balance> = BTreeMap::new();
		let mut scaled: BTreeMap<T::AssetKind, Balance> = BTreeMap::new();
		for (_, positions) in Accounts::<T>::iter() {
			ensure!(!positions.is_empty(), "an account item without positions");
			for (asset, position) in positions.iter() {
				ensure!(!position.is_empty(), "an empty position is stored");
				let market = Markets::<T>::get(asset).ok_or("a position in no market")?;
				ensure!(
					position.generation <= market.state.generation,
					"a position in a generation the market has not reached"
				);
				let total = shares.entry(asset.clone()).or_default();
				*total = total
					.checked_add(market.state.live_shares(position))
					.ok_or("share overflow")?;
				let total = scaled.entry(asset.clone()).or_default();
				*total = total.checked_add(position.scaled_debt).ok_or("debt overflow")?;
			}
		}
		for (asset, market) in Markets::<T>::iter() {
			let account = Self::market_account(&asset);
			let state = &market.state;
			let held = shares.get(&asset).copied().unwrap_or_default();
			ensure!(
				held.checked_add(state.locked_shares) == Some(state.total_shares),
				"Σ account shares + locked shares != total shares"
			);
			ensure!(
				scaled.get(&asset).copied().unwrap_or_default() == state.total_scaled_debt,
				"Σ scaled debts != total scaled debt"
			);
			ensure!(
				T::Assets::balance(asset.clone(), &account) >= state.cash,
				"tracked cash exceeds what the pallet account holds"
			);
			ensure!(state.borrow_index >= FixedU128::one(), "borrow index below 1");
			ensure!(state.borrow_index <= MAX_BORROW_INDEX, "borrow index above its ceiling");
			let owed = state.debt_of(state.total_scaled_debt).map_err(|_| "borrows overflow")?;
			ensure!(
				state.cash.checked_add(owed).is_some_and(|held| state.reserves <= held),
				"reserves exceed what the market holds and is owed"
			);
			ensure!(!state.flash_loan_active, "a flash loan outlived its extrinsic");
		}
		// Structure only: whether a threshold respects its period is the call's rule, measured
		// with the constants of the runtime that made the cut.
		let now = Self::now();
		for (asset, window) in ThresholdCuts::<T>::iter() {
			ensure!(Markets::<T>::contains_key(&asset), "a threshold-cut period of no market");
			ensure!(window.last_cut <= now, "a threshold cut in the future");
		}
		Ok(())
	}
}

//! The money market's invariants, checked by `try_state` and after every test.

use crate::{pallet::*, types::*};
use alloc::collections::BTreeMap;
use frame_support::{ensure, traits::fungibles::Inspect};
use sp_runtime::{traits::One, FixedU128, TryRuntimeError};

impl<T: Config> Pallet<T> {
	/// For every market: Σ account shares + locked shares = total shares; Σ scaled debts =
	/// total scaled debt; the tracked cash is backed by what the pallet account holds; the
	/// borrow index is at least 1; no flash loan is left open. Every account position is in an
	/// existing market and not empty.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut shares: BTreeMap<T::AssetKind, Balance> = BTreeMap::new();
		let mut scaled: BTreeMap<T::AssetKind, Balance> = BTreeMap::new();
		for (_, positions) in Accounts::<T>::iter() {
			ensure!(!positions.is_empty(), "an account item without positions");
			for (asset, position) in positions.iter() {
				ensure!(!position.is_empty(), "an empty position is stored");
				ensure!(Markets::<T>::contains_key(asset), "a position in no market");
				let total = shares.entry(asset.clone()).or_default();
				*total = total.checked_add(position.shares).ok_or("share overflow")?;
				let total = scaled.entry(asset.clone()).or_default();
				*total = total.checked_add(position.scaled_debt).ok_or("debt overflow")?;
			}
		}
		let account = Self::account_id();
		for (asset, market) in Markets::<T>::iter() {
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
			ensure!(!state.flash_loan_active, "a flash loan outlived its extrinsic");
		}
		Ok(())
	}
}

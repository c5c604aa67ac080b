//! The off-chain worker that liquidates without anyone watching: each block it reads a bounded
//! number of accounts' health (going round every account over blocks, from a cursor kept in
//! the node's off-chain storage, so the chain never pays O(accounts)), and for each unhealthy
//! one that a liquidation through the DEX would go through now, it submits an unsigned
//! `liquidate_unsigned`. The transaction pool re-checks the same (see `validate_unsigned`).

use crate::{health::Unpriced, pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::{
	storage::{with_transaction, TransactionOutcome},
	traits::Get,
};
use frame_system::offchain::{CreateBare, SubmitTransaction};
use lever_primitives::Rounding;
use sp_runtime::{
	offchain::storage::StorageValueRef,
	traits::{Bounded, One},
	DispatchError, FixedU128,
};

/// Where the worker keeps the raw storage key of the last account it read.
const CURSOR: &[u8] = b"lever-lending::liquidation-cursor";

impl<T: Config> Pallet<T> {
	/// Whether a liquidation through the DEX of the most allowed (as the off-chain worker
	/// submits it) goes through against the current state: dry-run, rolled back.
	pub fn liquidation_goes_through(
		borrower: &T::AccountId,
		debt_asset: &T::AssetKind,
		collateral_asset: &T::AssetKind,
	) -> bool {
		with_transaction(|| {
			let result = Self::do_liquidate_through_dex(
				None,
				borrower.clone(),
				debt_asset.clone(),
				collateral_asset.clone(),
				Amount::All,
			);
			TransactionOutcome::Rollback(Ok::<_, DispatchError>(result.is_ok()))
		})
		.unwrap_or(false)
	}

	/// The liquidation the worker would submit for `borrower`: its largest debt against its
	/// largest collateral (by value at the oracle's prices), if its health is below 1.
	pub fn liquidation_for(borrower: &T::AccountId) -> Option<(T::AssetKind, T::AssetKind)> {
		let positions = Accounts::<T>::get(borrower);
		if !Self::has_debt(&positions) {
			return None;
		}
		let markets = Self::load_markets(positions.keys()).ok()?;
		let health = Self::liquidity(&positions, &markets, Unpriced::Skip)
			.ok()?
			.health_factor()
			.unwrap_or(FixedU128::max_value());
		if health >= FixedU128::one() {
			return None;
		}
		let value = |asset: &T::AssetKind, amount: Balance| {
			Self::value_of(asset, amount, Rounding::Down).unwrap_or_default()
		};
		let mut debt: Option<(Value, T::AssetKind)> = None;
		let mut collateral: Option<(Value, T::AssetKind)> = None;
		for (asset, position) in positions.iter() {
			let market = markets.get(asset)?;
			if position.scaled_debt > 0 {
				let worth = value(asset, market.state.debt_of(position.scaled_debt).ok()?);
				if debt.as_ref().is_none_or(|(best, _)| worth > *best) {
					debt = Some((worth, asset.clone()));
				}
			}
			let shares = market.state.live_shares(position);
			if position.collateral && shares > 0 {
				let worth = value(asset, market.state.underlying_of(shares).ok()?);
				if collateral.as_ref().is_none_or(|(best, _)| worth > *best) {
					collateral = Some((worth, asset.clone()));
				}
			}
		}
		let (_, debt) = debt?;
		// Without live collateral the liquidation only writes the debt off: any asset will do.
		let collateral = collateral.map_or_else(|| debt.clone(), |(_, asset)| asset);
		Some((debt, collateral))
	}

	/// Reads the next `OffchainScanBudget` accounts and submits an unsigned liquidation for
	/// each unhealthy one that would go through.
	pub(crate) fn scan_for_liquidations() {
		let mut cursor = StorageValueRef::persistent(CURSOR);
		let start = cursor.get::<Vec<u8>>().ok().flatten();
		let mut accounts = match start {
			Some(key) => Accounts::<T>::iter_keys_from(key),
			None => Accounts::<T>::iter_keys(),
		};
		let mut last = None;
		for _ in 0..T::OffchainScanBudget::get() {
			let Some(borrower) = accounts.next() else {
				last = None;
				break;
			};
			last = Some(Accounts::<T>::hashed_key_for(&borrower));
			let Some((debt_asset, collateral_asset)) = Self::liquidation_for(&borrower) else {
				continue;
			};
			if !Self::liquidation_goes_through(&borrower, &debt_asset, &collateral_asset) {
				continue;
			}
			let call = Call::<T>::liquidate_unsigned { borrower, debt_asset, collateral_asset };
			let xt = <T as CreateBare<Call<T>>>::create_bare(call.into());
			if SubmitTransaction::<T, Call<T>>::submit_transaction(xt).is_err() {
				log::debug!(target: "lever-lending", "an unsigned liquidation was not pooled");
			}
		}
		match last {
			Some(key) => cursor.set(&key),
			None => cursor.clear(),
		}
	}
}

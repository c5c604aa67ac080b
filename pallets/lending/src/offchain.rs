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

/// Most (debt, collateral) pairs the worker dry-runs for one unhealthy account.
pub const MAX_PAIRS: usize = 8;

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

	/// The liquidations the worker may submit for `borrower`, if its health is below 1: each
	/// of its debts (largest value first) against each of its other collateral assets (largest
	/// first), at most `MAX_PAIRS`. Without live collateral, one pair that writes the debt off.
	pub fn liquidations_for(borrower: &T::AccountId) -> Vec<(T::AssetKind, T::AssetKind)> {
		let positions = Accounts::<T>::get(borrower);
		if !Self::has_debt(&positions) {
			return Vec::new();
		}
		let Ok(markets) = Self::load_markets(positions.keys()) else { return Vec::new() };
		let health = Self::liquidity(&positions, &markets, Unpriced::Skip)
			.ok()
			.and_then(|liquidity| liquidity.health_factor())
			.unwrap_or(FixedU128::max_value());
		if health >= FixedU128::one() {
			return Vec::new();
		}
		let value = |asset: &T::AssetKind, amount: Result<Balance, _>| {
			amount
				.ok()
				.and_then(|amount| Self::value_of(asset, amount, Rounding::Down).ok())
				.unwrap_or_default()
		};
		let mut debts: Vec<(Value, T::AssetKind)> = Vec::new();
		let mut collaterals: Vec<(Value, T::AssetKind)> = Vec::new();
		for (asset, position) in positions.iter() {
			let Some(market) = markets.get(asset) else { continue };
			if position.scaled_debt > 0 {
				let worth = value(asset, market.state.debt_of(position.scaled_debt));
				debts.push((worth, asset.clone()));
			}
			let shares = market.state.live_shares(position);
			if position.collateral && shares > 0 {
				let worth = value(asset, market.state.underlying_of(shares));
				collaterals.push((worth, asset.clone()));
			}
		}
		debts.sort_by_key(|(worth, _)| core::cmp::Reverse(*worth));
		collaterals.sort_by_key(|(worth, _)| core::cmp::Reverse(*worth));
		if collaterals.is_empty() {
			// Only a write-off is left: any asset names the collateral.
			return debts.into_iter().take(1).map(|(_, debt)| (debt.clone(), debt)).collect();
		}
		debts
			.iter()
			.flat_map(|(_, debt)| {
				collaterals
					.iter()
					.filter(move |(_, collateral)| collateral != debt)
					.map(move |(_, collateral)| (debt.clone(), collateral.clone()))
			})
			.take(MAX_PAIRS)
			.collect()
	}

	/// Reads the next accounts (at most `OffchainScanBudget` with debt, and four times that in
	/// all) and submits, for each unhealthy one, the first liquidation that would go through.
	pub(crate) fn scan_for_liquidations() {
		let mut cursor = StorageValueRef::persistent(CURSOR);
		let start = cursor.get::<Vec<u8>>().ok().flatten();
		let mut accounts = match start {
			Some(key) => Accounts::<T>::iter_from(key),
			None => Accounts::<T>::iter(),
		};
		let budget = T::OffchainScanBudget::get();
		let (mut checked, mut read) = (0u32, 0u32);
		let mut last = None;
		while checked < budget && read < budget.saturating_mul(4) {
			let Some((borrower, positions)) = accounts.next() else {
				last = None;
				break;
			};
			read = read.saturating_add(1);
			last = Some(Accounts::<T>::hashed_key_for(&borrower));
			if !Self::has_debt(&positions) {
				continue;
			}
			checked = checked.saturating_add(1);
			let Some((debt_asset, collateral_asset)) =
				Self::liquidations_for(&borrower).into_iter().find(|(debt, collateral)| {
					Self::liquidation_goes_through(&borrower, debt, collateral)
				})
			else {
				continue;
			};
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

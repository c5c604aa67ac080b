//! Supplying, withdrawing, collateral switches, borrowing and repaying.

use crate::{pallet::*, types::*};
use frame_support::{ensure, pallet_prelude::*, traits::fungibles::Inspect};
use pallet_lever_oracle::Rounding;
use sp_runtime::ArithmeticError;

impl<T: Config> Pallet<T> {
	/// Supplies `amount` and mints shares, rounded down.
	pub(crate) fn do_supply(
		who: T::AccountId,
		asset: T::AssetKind,
		amount: Balance,
	) -> DispatchResult {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		let mut market = Self::accrued_market(&asset)?;
		ensure!(!market.config.paused.supply, Error::<T>::SupplyPaused);
		let state = &mut market.state;
		let supply_after =
			state.total_supply()?.checked_add(amount).ok_or(ArithmeticError::Overflow)?;
		ensure!(supply_after <= market.config.supply_cap, Error::<T>::SupplyCapExceeded);
		let shares = if state.total_shares == 0 {
			// First supply: the asset's minimum balance endows the pool account (outside the
			// cash) and `MinimumShares` are locked, so the share price cannot be inflated by a
			// tiny first deposit.
			let locked = T::MinimumShares::get();
			let to_pool = amount
				.checked_sub(T::Assets::minimum_balance(asset.clone()))
				.filter(|to_pool| *to_pool > locked)
				.ok_or(Error::<T>::FirstSupplyTooSmall)?;
			state.locked_shares = locked;
			state.total_shares = to_pool;
			state.cash = to_pool;
			to_pool - locked
		} else {
			let shares = state.shares_of(amount, Rounding::Down)?;
			ensure!(shares > 0, Error::<T>::ZeroShares);
			state.total_shares =
				state.total_shares.checked_add(shares).ok_or(ArithmeticError::Overflow)?;
			state.cash = state.cash.checked_add(amount).ok_or(ArithmeticError::Overflow)?;
			shares
		};
		let mut positions = Accounts::<T>::get(&who);
		let position = Self::position_mut(&mut positions, &asset)?;
		position.shares = position.shares.checked_add(shares).ok_or(ArithmeticError::Overflow)?;
		Self::pay_in(&asset, &who, amount)?;
		Markets::<T>::insert(&asset, market);
		Self::store_positions(&who, positions);
		Self::deposit_event(Event::Supplied { who, asset, amount, shares });
		Ok(())
	}

	/// Withdraws an amount (shares burned rounded up) or the whole supply.
	pub(crate) fn do_withdraw(
		who: T::AccountId,
		asset: T::AssetKind,
		amount: Amount,
	) -> DispatchResult {
		ensure!(amount != Amount::Exact(0), Error::<T>::ZeroAmount);
		let mut market = Self::accrued_market(&asset)?;
		let mut positions = Accounts::<T>::get(&who);
		let position =
			positions.get(&asset).copied().filter(|p| p.shares > 0).ok_or(Error::<T>::NoSupply)?;
		let state = &mut market.state;
		let (amount, shares) = match amount {
			Amount::All => (state.underlying_of(position.shares)?, position.shares),
			Amount::Exact(amount) => (amount, state.shares_of(amount, Rounding::Up)?),
		};
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		ensure!(shares <= position.shares, Error::<T>::InsufficientSupply);
		ensure!(amount <= state.cash, Error::<T>::InsufficientCash);
		state.cash -= amount;
		state.total_shares =
			state.total_shares.checked_sub(shares).ok_or(ArithmeticError::Underflow)?;
		Self::position_mut(&mut positions, &asset)?.shares = position.shares - shares;
		if position.collateral {
			Self::ensure_within_borrow_limit(&positions, (&asset, &market))?;
		}
		Self::pay_out(&asset, &who, amount)?;
		Markets::<T>::insert(&asset, market);
		Self::store_positions(&who, positions);
		Self::deposit_event(Event::Withdrawn { who, asset, amount, shares });
		Ok(())
	}

	/// Turns a supply's collateral flag on or off.
	pub(crate) fn do_set_collateral(
		who: T::AccountId,
		asset: T::AssetKind,
		enable: bool,
	) -> DispatchResult {
		let mut positions = Accounts::<T>::get(&who);
		let market = Self::accrued_market(&asset)?;
		let position =
			positions.get_mut(&asset).filter(|p| p.shares > 0).ok_or(Error::<T>::NoSupply)?;
		if enable {
			ensure!(!market.config.collateral_factor.is_zero(), Error::<T>::NotCollateralAsset);
		}
		position.collateral = enable;
		if !enable {
			Self::ensure_within_borrow_limit(&positions, (&asset, &market))?;
		}
		Accounts::<T>::insert(&who, positions);
		Self::deposit_event(if enable {
			Event::CollateralEnabled { who, asset }
		} else {
			Event::CollateralDisabled { who, asset }
		});
		Ok(())
	}

	/// Borrows against every market's collateral at fresh prices.
	pub(crate) fn do_borrow(
		who: T::AccountId,
		asset: T::AssetKind,
		amount: Balance,
	) -> DispatchResult {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		let mut market = Self::accrued_market(&asset)?;
		let config = market.config;
		ensure!(!config.paused.borrow, Error::<T>::BorrowPaused);
		ensure!(amount >= config.min_borrow, Error::<T>::BelowMinimumBorrow);
		let state = &mut market.state;
		ensure!(amount <= state.cash, Error::<T>::InsufficientCash);
		let borrows_after =
			state.total_borrows()?.checked_add(amount).ok_or(ArithmeticError::Overflow)?;
		ensure!(borrows_after <= config.borrow_cap, Error::<T>::BorrowCapExceeded);
		// Debt rounds up: even one unit borrowed adds at least one scaled unit.
		let scaled = state.scaled_of(amount, Rounding::Up)?;
		state.total_scaled_debt =
			state.total_scaled_debt.checked_add(scaled).ok_or(ArithmeticError::Overflow)?;
		state.cash -= amount;
		let mut positions = Accounts::<T>::get(&who);
		let position = Self::position_mut(&mut positions, &asset)?;
		position.scaled_debt =
			position.scaled_debt.checked_add(scaled).ok_or(ArithmeticError::Overflow)?;
		let debt = market.state.debt_of(position.scaled_debt)?;
		Self::ensure_within_borrow_limit(&positions, (&asset, &market))?;
		Self::pay_out(&asset, &who, amount)?;
		Markets::<T>::insert(&asset, market);
		Self::store_positions(&who, positions);
		Self::deposit_event(Event::Borrowed { who, asset, amount, debt });
		Ok(())
	}

	/// Repays part or all of `borrower`'s debt, paid by `payer`. Partial repayments cancel
	/// scaled debt rounded down, so the debt never falls by more than was paid.
	pub(crate) fn do_repay(
		payer: T::AccountId,
		borrower: T::AccountId,
		asset: T::AssetKind,
		amount: Amount,
	) -> DispatchResult {
		ensure!(amount != Amount::Exact(0), Error::<T>::ZeroAmount);
		let mut market = Self::accrued_market(&asset)?;
		let mut positions = Accounts::<T>::get(&borrower);
		let position = positions
			.get(&asset)
			.copied()
			.filter(|p| p.scaled_debt > 0)
			.ok_or(Error::<T>::NoDebt)?;
		let state = &mut market.state;
		let debt = state.debt_of(position.scaled_debt)?;
		let (paid, scaled) = match amount {
			Amount::Exact(amount) if amount > debt => Err(Error::<T>::RepayExceedsDebt)?,
			Amount::Exact(amount) if amount < debt => {
				let scaled = state.scaled_of(amount, Rounding::Down)?;
				ensure!(scaled > 0, Error::<T>::RepayTooSmall);
				(amount, scaled)
			},
			_ => (debt, position.scaled_debt),
		};
		state.total_scaled_debt =
			state.total_scaled_debt.checked_sub(scaled).ok_or(ArithmeticError::Underflow)?;
		state.cash = state.cash.checked_add(paid).ok_or(ArithmeticError::Overflow)?;
		let remaining = position.scaled_debt - scaled;
		Self::position_mut(&mut positions, &asset)?.scaled_debt = remaining;
		let debt = state.debt_of(remaining)?;
		Self::pay_in(&asset, &payer, paid)?;
		Markets::<T>::insert(&asset, market);
		Self::store_positions(&borrower, positions);
		Self::deposit_event(Event::Repaid { payer, borrower, asset, amount: paid, debt });
		Ok(())
	}
}

//! Supplying, withdrawing, collateral switches, borrowing and repaying.

use crate::{pallet::*, types::*, Market};
use frame_support::{ensure, pallet_prelude::*, traits::fungibles::Inspect};
use lever_primitives::Rounding;
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
		let endowment = Self::endowment(&asset);
		let mut positions = Accounts::<T>::get(&who);
		let shares = Self::mint(&asset, &mut market, &mut positions, amount, endowment)?;
		Self::pay_in(&asset, &who, amount)?;
		Self::store(&asset, market, &who, positions);
		Self::deposit_event(Event::Supplied { who, asset, amount, shares });
		Ok(())
	}

	/// What of the next supply to `asset`'s market endows its account: the asset's minimum
	/// balance while the account holds none (its very first supply), else nothing.
	pub(crate) fn endowment(asset: &T::AssetKind) -> Balance {
		if T::Assets::balance(asset.clone(), &Self::market_account(asset)) == 0 {
			T::Assets::minimum_balance(asset.clone())
		} else {
			0
		}
	}

	/// The ledger of a supply of `amount` to `market` (`endowment` of it stays outside the
	/// cash, see [`Self::endowment`]): checks the pause and the cap, voids wiped-out shares
	/// first, opens a generation when none is open, and adds the shares minted (rounded down)
	/// to the account's position, which it returns. Moves no token.
	pub(crate) fn mint(
		asset: &T::AssetKind,
		market: &mut Market,
		positions: &mut PositionsOf<T>,
		amount: Balance,
		endowment: Balance,
	) -> Result<Balance, DispatchError> {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		ensure!(!market.config.paused.supply, Error::<T>::SupplyPaused);
		let state = &mut market.state;
		if state.is_wiped_out()? {
			// Bad debt ate the suppliers' claim: their shares are void and this supply opens
			// a new generation (what little they still backed becomes reserves).
			let leftover = state.total_supply()?;
			state.void_shares(leftover)?;
			Self::deposit_event(Event::SharesVoided {
				asset: asset.clone(),
				generation: state.generation,
				leftover,
			});
		}
		let supply_after =
			state.total_supply()?.checked_add(amount).ok_or(ArithmeticError::Overflow)?;
		ensure!(supply_after <= market.config.supply_cap, Error::<T>::SupplyCapExceeded);
		let shares = if state.total_shares == 0 {
			// A generation's first supply locks `MinimumShares`, so the share price cannot be
			// inflated by a tiny first deposit. The market's very first supply also endows the
			// market account with the asset's minimum balance (outside the cash), so that it
			// can always pay out its whole cash without being reaped.
			let locked = T::MinimumShares::get();
			let to_pool = amount
				.checked_sub(endowment)
				.filter(|to_pool| *to_pool > locked)
				.ok_or(Error::<T>::FirstSupplyTooSmall)?;
			state.open(to_pool, locked)?
		} else {
			let shares = state.shares_of(amount, Rounding::Down)?;
			ensure!(shares > 0, Error::<T>::ZeroShares);
			state.deposit(amount, shares)?;
			shares
		};
		Self::position_mut(positions, asset, &market.state)?.add_shares(shares)?;
		Ok(shares)
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
		let (amount, shares) = Self::burn(&asset, &mut market, &mut positions, amount)?;
		if positions.get(&asset).is_some_and(|position| position.collateral) {
			Self::ensure_within_borrow_limit(&positions, (&asset, &market))?;
		}
		Self::pay_out(&asset, &who, amount)?;
		Self::store(&asset, market, &who, positions);
		Self::deposit_event(Event::Withdrawn { who, asset, amount, shares });
		Ok(())
	}

	/// The ledger of a withdrawal of `amount` (shares burned rounded up) or all of the
	/// account's supply in `market`, paid from its cash: returns `(underlying, shares)`. Moves
	/// no token and checks no health.
	pub(crate) fn burn(
		asset: &T::AssetKind,
		market: &mut Market,
		positions: &mut PositionsOf<T>,
		amount: Amount,
	) -> Result<(Balance, Balance), DispatchError> {
		ensure!(amount != Amount::Exact(0), Error::<T>::ZeroAmount);
		let held = positions
			.get(asset)
			.map(|position| market.state.live_shares(position))
			.filter(|shares| *shares > 0)
			.ok_or(Error::<T>::NoSupply)?;
		let state = &mut market.state;
		let (amount, shares) = match amount {
			Amount::All => (state.underlying_of(held)?, held),
			Amount::Exact(amount) => (amount, state.shares_of(amount, Rounding::Up)?),
		};
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		ensure!(shares <= held, Error::<T>::InsufficientSupply);
		ensure!(amount <= state.cash, Error::<T>::InsufficientCash);
		state.redeem(amount, shares)?;
		Self::position_mut(positions, asset, &market.state)?.remove_shares(shares)?;
		Ok((amount, shares))
	}

	/// Turns a supply's collateral flag on or off. Enabling needs a valid price of the asset:
	/// collateral the oracle cannot value now is refused.
	pub(crate) fn do_set_collateral(
		who: T::AccountId,
		asset: T::AssetKind,
		enable: bool,
	) -> DispatchResult {
		let mut positions = Accounts::<T>::get(&who);
		let market = Self::accrued_market(&asset)?;
		ensure!(
			positions.get(&asset).is_some_and(|position| market.state.live_shares(position) > 0),
			Error::<T>::NoSupply
		);
		if enable {
			ensure!(!market.config.collateral_factor.is_zero(), Error::<T>::NotCollateralAsset);
			Self::ensure_priced(&asset)?;
		}
		Self::position_mut(&mut positions, &asset, &market.state)?.collateral = enable;
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

	/// Borrows against every market's collateral at fresh prices (the borrowed asset's price
	/// included, so an asset the oracle cannot value is never lent).
	pub(crate) fn do_borrow(
		who: T::AccountId,
		asset: T::AssetKind,
		amount: Balance,
	) -> DispatchResult {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		let mut market = Self::accrued_market(&asset)?;
		let mut positions = Accounts::<T>::get(&who);
		let debt = Self::lend(&asset, &mut market, &mut positions, amount)?;
		Self::ensure_within_borrow_limit(&positions, (&asset, &market))?;
		Self::pay_out(&asset, &who, amount)?;
		Self::store(&asset, market, &who, positions);
		Self::deposit_event(Event::Borrowed { who, asset, amount, debt });
		Ok(())
	}

	/// The ledger of a borrow of `amount` from `market`'s cash: checks the pause, the minimum
	/// borrow, the cash and the cap, adds the debt (rounded up) to the account's position and
	/// returns its debt now. Moves no token and checks no health.
	pub(crate) fn lend(
		asset: &T::AssetKind,
		market: &mut Market,
		positions: &mut PositionsOf<T>,
		amount: Balance,
	) -> Result<Balance, DispatchError> {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
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
		state.lend(amount, scaled)?;
		let position = Self::position_mut(positions, asset, &market.state)?;
		position.add_debt(scaled)?;
		Ok(market.state.debt_of(position.scaled_debt)?)
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
		let (paid, debt) = Self::settle(&asset, &mut market, &mut positions, amount)?;
		Self::pay_in(&asset, &payer, paid)?;
		Self::store(&asset, market, &borrower, positions);
		Self::deposit_event(Event::Repaid { payer, borrower, asset, amount: paid, debt });
		Ok(())
	}

	/// The ledger of a repayment of `amount` (or all) of the account's debt in `market`:
	/// partial repayments cancel scaled debt rounded down. Returns `(paid, debt left)`. Moves
	/// no token.
	pub(crate) fn settle(
		asset: &T::AssetKind,
		market: &mut Market,
		positions: &mut PositionsOf<T>,
		amount: Amount,
	) -> Result<(Balance, Balance), DispatchError> {
		ensure!(amount != Amount::Exact(0), Error::<T>::ZeroAmount);
		let scaled_debt = Self::scaled_debt_in(positions, asset)?;
		let state = &mut market.state;
		let debt = state.debt_of(scaled_debt)?;
		let (paid, scaled) = match amount {
			Amount::Exact(amount) if amount > debt => Err(Error::<T>::RepayExceedsDebt)?,
			Amount::Exact(amount) if amount < debt => {
				let scaled = state.scaled_of(amount, Rounding::Down)?;
				ensure!(scaled > 0, Error::<T>::RepayTooSmall);
				(amount, scaled)
			},
			_ => (debt, scaled_debt),
		};
		state.repay(paid, scaled)?;
		let position = Self::position_mut(positions, asset, &market.state)?;
		position.remove_debt(scaled)?;
		Ok((paid, market.state.debt_of(position.scaled_debt)?))
	}
}

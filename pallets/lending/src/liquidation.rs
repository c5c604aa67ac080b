//! Liquidations of unhealthy accounts, and the write-off of debt left without collateral.

use crate::{
	dex::Trade,
	health::{with_bonus, MarketCache, Unpriced},
	interest::mul_div,
	pallet::*,
	types::*,
};
use alloc::vec::Vec;
use frame_support::{ensure, pallet_prelude::*};
use lever_primitives::Rounding;
use pallet_lever_oracle::PriceProvider;
use sp_runtime::{
	traits::{Bounded, CheckedDiv, One, Saturating},
	ArithmeticError, FixedU128,
};

/// What a liquidator asks of one liquidation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct LiquidationTerms {
	/// How much of the debt to repay.
	pub amount: Amount,
	/// The least underlying of collateral the liquidator accepts to receive.
	pub min_seized: Balance,
	/// Receive the collateral as underlying (from the market's cash) rather than supply shares.
	pub receive_underlying: bool,
}

/// What a liquidation takes, as planned against the borrower's account before anything moves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Seizure {
	/// Debt repaid.
	pub repay: Balance,
	/// Scaled debt that repayment cancels.
	pub scaled_repaid: Balance,
	/// Collateral shares taken from the borrower, the protocol's share included.
	pub seized: Balance,
	/// The bonus part of `seized` (rounded down).
	pub bonus_shares: Balance,
	/// The protocol's share of the bonus (rounded up).
	pub protocol_shares: Balance,
	/// The borrower's whole collateral position is taken.
	pub sweep: bool,
}

/// What a liquidation does.
pub(crate) enum Plan {
	/// The borrower has no live collateral: its debt is written off.
	WriteOff,
	/// Collateral is taken for a repayment.
	Seize(Seizure),
}

/// A borrower's account loaded for a liquidation: its positions, their markets accrued, and
/// the plan.
pub(crate) struct Prepared<T: Config> {
	pub positions: PositionsOf<T>,
	pub markets: MarketCache<T>,
	pub plan: Plan,
}

impl<T: Config> Pallet<T> {
	/// Plans a liquidation of `borrower`: the checks every liquidation shares (debt, pauses,
	/// flash loans, collateral, health below 1 on the assets priced now) and how much it
	/// repays and seizes (close factor, deep liquidation, dust, sweep). Changes nothing.
	pub(crate) fn prepare_liquidation(
		borrower: &T::AccountId,
		debt_asset: &T::AssetKind,
		collateral_asset: &T::AssetKind,
		amount: Amount,
	) -> Result<Prepared<T>, DispatchError> {
		ensure!(amount != Amount::Exact(0), Error::<T>::ZeroAmount);
		let positions = Accounts::<T>::get(borrower);
		let debt_scaled = Self::scaled_debt_in(&positions, debt_asset)?;
		let markets = Self::load_markets(positions.keys())?;
		let debt_market = markets.get(debt_asset).ok_or(Error::<T>::MarketNotFound)?;
		ensure!(!debt_market.config.paused.liquidation, Error::<T>::LiquidationPaused);
		if !Self::has_live_collateral(&positions, &markets) {
			// The borrower's collateral was voided with its market's supply generation: nothing
			// is left to seize and the debt is bad. Anyone may write it off (no price needed).
			return Ok(Prepared { positions, markets, plan: Plan::WriteOff });
		}
		let collateral_shares = positions
			.get(collateral_asset)
			.filter(|position| position.collateral)
			.zip(markets.get(collateral_asset))
			.map(|(position, market)| market.state.live_shares(position))
			.filter(|shares| *shares > 0)
			.ok_or(Error::<T>::NoCollateral)?;
		for asset in [debt_asset, collateral_asset] {
			let market = markets.get(asset).ok_or(Error::<T>::MarketNotFound)?;
			ensure!(!market.state.flash_loan_active, Error::<T>::MarketInFlashLoan);
			ensure!(!market.config.paused.liquidation, Error::<T>::LiquidationPaused);
		}
		// Assets the liquidation does not touch count only when priced: an unpriced one can
		// neither shield the account nor make it liquidatable by itself.
		let health = Self::liquidity(&positions, &markets, Unpriced::Skip)?
			.health_factor()
			.unwrap_or(FixedU128::max_value());
		ensure!(health < FixedU128::one(), Error::<T>::HealthyAccount);

		let debt_market = *markets.get(debt_asset).ok_or(Error::<T>::MarketNotFound)?;
		let collateral_market = *markets.get(collateral_asset).ok_or(Error::<T>::MarketNotFound)?;
		let debt = debt_market.state.debt_of(debt_scaled)?;

		// The most one liquidation may repay: the close factor's share, or everything when the
		// account is deeply unhealthy or the rest would be dust.
		let min_borrow = debt_market.config.min_borrow;
		let closable = debt_market.config.close_factor.mul_ceil(debt).min(debt);
		let max_repay = if health < T::DeepLiquidationHealth::get()
			|| debt.saturating_sub(closable) < min_borrow
		{
			debt
		} else {
			closable
		};
		let mut repay = match amount {
			Amount::All => max_repay,
			Amount::Exact(amount) => {
				ensure!(amount <= max_repay, Error::<T>::LiquidationTooLarge);
				amount
			},
		};

		// Collateral worth the repaid value plus the bonus, rounded down.
		let bonus = collateral_market.config.liquidation_bonus;
		let repay_value = Self::value_of(debt_asset, repay, Rounding::Down)?;
		let seize_value = with_bonus(repay_value, bonus).ok_or(ArithmeticError::Overflow)?;
		let seize_amount =
			T::Oracle::amount_for_value(collateral_asset, seize_value, Rounding::Down)
				.map_err(Self::price_error)?;
		// Shares that back nothing (bad debt ate their market) price no seizure: take them all.
		let backed = collateral_market.state.underlying_of(collateral_shares)? > 0;
		let mut seized = if backed {
			collateral_market.state.shares_of(seize_amount, Rounding::Down)?
		} else {
			collateral_shares
		};
		// The whole position is seized when it is worth less than that, or when what would be
		// left is dust (worth less than `CollateralDust`): a liquidation never leaves collateral
		// too small to be worth liquidating behind.
		let sweep = seized >= collateral_shares || {
			let rest = collateral_market.state.underlying_of(collateral_shares - seized)?;
			Self::value_of(collateral_asset, rest, Rounding::Down)? < T::CollateralDust::get()
		};
		if sweep {
			// The repayment shrinks to what the whole collateral covers (rounded up).
			seized = collateral_shares;
			let available = collateral_market.state.underlying_of(seized)?;
			let value = Self::value_of(collateral_asset, available, Rounding::Down)?;
			let covered = value
				.checked_div(&(FixedU128::one().saturating_add(bonus.into())))
				.ok_or(ArithmeticError::DivisionByZero)?;
			let covered_amount = T::Oracle::amount_for_value(debt_asset, covered, Rounding::Up)
				.map_err(Self::price_error)?;
			repay = repay.min(covered_amount);
		}
		// Seizing the last collateral always goes through (the rest of the debt is then written
		// off), however little it pays: otherwise dust collateral would keep a bad debt
		// accruing forever.
		ensure!(seized > 0 && (repay > 0 || sweep), Error::<T>::LiquidationTooSmall);
		let remaining = debt - repay;
		ensure!(
			remaining == 0 || remaining >= min_borrow || sweep,
			Error::<T>::LiquidationLeavesDust
		);
		let scaled_repaid = if remaining == 0 {
			debt_scaled
		} else {
			debt_market.state.scaled_of(repay, Rounding::Down)?
		};
		ensure!(scaled_repaid > 0 || sweep, Error::<T>::LiquidationTooSmall);

		// The protocol's share of the bonus, in shares rounded up, becomes reserves.
		let bonus_parts = u128::from(bonus.deconstruct());
		let bonus_shares = mul_div(seized, bonus_parts, 1_000_000 + bonus_parts, Rounding::Down)
			.ok_or(ArithmeticError::Overflow)?;
		let protocol_shares =
			collateral_market.config.protocol_liquidation_share.mul_ceil(bonus_shares);
		let seizure =
			Seizure { repay, scaled_repaid, seized, bonus_shares, protocol_shares, sweep };
		Ok(Prepared { positions, markets, plan: Plan::Seize(seizure) })
	}

	/// The debt side of a liquidation: `repay` paid into the debt market, cancelling
	/// `scaled` of the borrower's debt.
	fn repay_seized(
		positions: &mut PositionsOf<T>,
		markets: &mut MarketCache<T>,
		debt_asset: &T::AssetKind,
		repay: Balance,
		scaled: Balance,
	) -> DispatchResult {
		let market = markets.get_mut(debt_asset).ok_or(Error::<T>::MarketNotFound)?;
		market.state.repay(repay, scaled)?;
		Self::position_mut(positions, debt_asset, &market.state)?.remove_debt(scaled)?;
		Ok(())
	}

	/// Ends a liquidation: writes off what is left of the debt if no collateral is, then
	/// stores the touched markets (`touched` and the written-off ones) and the borrower.
	fn store_liquidated(
		borrower: &T::AccountId,
		mut positions: PositionsOf<T>,
		mut markets: MarketCache<T>,
		touched: [&T::AssetKind; 2],
	) -> DispatchResult {
		let written_off = Self::write_off_if_no_collateral(borrower, &mut positions, &mut markets)?;
		Self::store_markets(&markets, touched.into_iter().cloned().chain(written_off));
		Self::store_positions(borrower, positions);
		Ok(())
	}

	/// Writes off the debt of a borrower without live collateral and stores the result.
	fn write_off_prepared(borrower: &T::AccountId, prepared: Prepared<T>) -> DispatchResult {
		let Prepared { mut positions, mut markets, .. } = prepared;
		let written_off = Self::write_off_if_no_collateral(borrower, &mut positions, &mut markets)?;
		Self::store_markets(&markets, written_off);
		Self::store_positions(borrower, positions);
		Ok(())
	}

	/// Repays part of an unhealthy borrower's debt for its collateral plus the bonus (see the
	/// `liquidate` call).
	pub(crate) fn do_liquidate(
		liquidator: T::AccountId,
		borrower: T::AccountId,
		debt_asset: T::AssetKind,
		collateral_asset: T::AssetKind,
		terms: LiquidationTerms,
	) -> DispatchResult {
		ensure!(liquidator != borrower, Error::<T>::SelfLiquidation);
		let prepared =
			Self::prepare_liquidation(&borrower, &debt_asset, &collateral_asset, terms.amount)?;
		let Plan::Seize(seizure) = prepared.plan else {
			return Self::write_off_prepared(&borrower, prepared);
		};
		let Prepared { mut positions, mut markets, .. } = prepared;
		let Seizure { repay, scaled_repaid, seized, protocol_shares, .. } = seizure;
		let liquidator_shares = seized.saturating_sub(protocol_shares);

		// Debt side.
		Self::repay_seized(&mut positions, &mut markets, &debt_asset, repay, scaled_repaid)?;

		// Collateral side.
		let market = markets.get_mut(&collateral_asset).ok_or(Error::<T>::MarketNotFound)?;
		let protocol_amount = market.state.underlying_of(protocol_shares)?;
		market.state.seize_to_reserves(protocol_shares, protocol_amount)?;
		let seized_amount = market.state.underlying_of(liquidator_shares)?;
		ensure!(seized_amount >= terms.min_seized, Error::<T>::SeizedBelowMinimum);
		Self::position_mut(&mut positions, &collateral_asset, &market.state)?
			.remove_shares(seized)?;
		let mut liquidator_positions = Accounts::<T>::get(&liquidator);
		if terms.receive_underlying {
			ensure!(seized_amount <= market.state.cash, Error::<T>::InsufficientCash);
			market.state.redeem(seized_amount, liquidator_shares)?;
		} else {
			Self::position_mut(&mut liquidator_positions, &collateral_asset, &market.state)?
				.add_shares(liquidator_shares)?;
		}

		Self::pay_in(&debt_asset, &liquidator, repay)?;
		if terms.receive_underlying {
			Self::pay_out(&collateral_asset, &liquidator, seized_amount)?;
		}
		Self::store_liquidated(&borrower, positions, markets, [&debt_asset, &collateral_asset])?;
		Self::store_positions(&liquidator, liquidator_positions);
		Self::deposit_event(Event::Liquidated {
			liquidator,
			borrower,
			debt_asset,
			collateral_asset,
			repaid: repay,
			seized_shares: liquidator_shares,
			seized_amount,
			received_underlying: terms.receive_underlying,
			protocol_shares,
			protocol_amount,
		});
		Ok(())
	}

	/// Liquidates through the DEX (see the `liquidate_through_dex` call): sells just enough of
	/// the seized collateral for the repayment, pays the keeper (if any) its reward and the
	/// protocol its share, and leaves the rest with the borrower (to reserves when the whole
	/// position is swept and the rest is dust, so that no dust keeps a bad debt alive).
	pub(crate) fn do_liquidate_through_dex(
		keeper: Option<T::AccountId>,
		borrower: T::AccountId,
		debt_asset: T::AssetKind,
		collateral_asset: T::AssetKind,
		amount: Amount,
	) -> DispatchResult {
		ensure!(keeper.as_ref() != Some(&borrower), Error::<T>::SelfLiquidation);
		let prepared =
			Self::prepare_liquidation(&borrower, &debt_asset, &collateral_asset, amount)?;
		let Plan::Seize(seizure) = prepared.plan else {
			return Self::write_off_prepared(&borrower, prepared);
		};
		let Prepared { mut positions, mut markets, .. } = prepared;
		let Seizure { repay, scaled_repaid, seized, bonus_shares, protocol_shares, sweep } =
			seizure;
		let debt_market = *markets.get(&debt_asset).ok_or(Error::<T>::MarketNotFound)?;
		let collateral = markets.get_mut(&collateral_asset).ok_or(Error::<T>::MarketNotFound)?;
		let keeper_shares = match keeper {
			Some(_) => {
				T::KeeperReward::get().mul_floor(bonus_shares.saturating_sub(protocol_shares))
			},
			None => 0,
		};
		let budget = seized.saturating_sub(protocol_shares).saturating_sub(keeper_shares);

		// The sale: exactly the repayment, for at most the budget's underlying and the oracle's
		// bound.
		let (sold, sold_shares, quote) = if repay > 0 {
			// The best sale within the oracle's bound; the budget is checked on its shares.
			let trade = Trade::ExactOut { amount_out: repay, max_in: Balance::MAX };
			let slippage =
				Self::slippage(collateral, &debt_market).min(T::LiquidationSlippage::get());
			let quote = Self::quote(&collateral_asset, &debt_asset, trade, slippage)?;
			let shares = collateral.state.shares_of(quote.amount_in, Rounding::Up)?;
			ensure!(shares <= budget, Error::<T>::SaleExceedsSeizure);
			(quote.amount_in, shares, Some((quote, trade)))
		} else {
			(0, 0, None)
		};
		// What the sale does not need stays the borrower's, unless the position is swept and it
		// is dust (no dust may keep a bad debt alive).
		let unsold = budget.saturating_sub(sold_shares);
		let dust = sweep && {
			let rest = collateral.state.underlying_of(unsold)?;
			Self::value_of(&collateral_asset, rest, Rounding::Down)? < T::CollateralDust::get()
		};
		let to_reserves =
			if dust { protocol_shares.saturating_add(unsold) } else { protocol_shares };
		let taken = to_reserves.saturating_add(sold_shares).saturating_add(keeper_shares);

		// Collateral side.
		let protocol_amount = collateral.state.underlying_of(to_reserves)?;
		collateral.state.seize_to_reserves(to_reserves, protocol_amount)?;
		let keeper_reward = collateral.state.underlying_of(keeper_shares)?;
		let paid_out = sold.checked_add(keeper_reward).ok_or(ArithmeticError::Overflow)?;
		ensure!(paid_out <= collateral.state.cash, Error::<T>::InsufficientCash);
		collateral.state.redeem(sold, sold_shares)?;
		collateral.state.redeem(keeper_reward, keeper_shares)?;
		Self::position_mut(&mut positions, &collateral_asset, &collateral.state)?
			.remove_shares(taken)?;

		// Debt side: the sale's proceeds arrive in the debt market's account.
		Self::repay_seized(&mut positions, &mut markets, &debt_asset, repay, scaled_repaid)?;

		if let Some((quote, trade)) = quote {
			Self::execute(&borrower, &quote, trade)?;
		}
		if let Some(keeper) = &keeper {
			Self::pay_out(&collateral_asset, keeper, keeper_reward)?;
		}
		Self::store_liquidated(&borrower, positions, markets, [&debt_asset, &collateral_asset])?;
		Self::deposit_event(Event::LiquidatedThroughDex {
			keeper,
			borrower,
			debt_asset,
			collateral_asset,
			repaid: repay,
			sold,
			keeper_reward,
			protocol_amount,
		});
		Ok(())
	}

	/// Writes the markets of `assets` from `markets`.
	fn store_markets(markets: &MarketCache<T>, assets: impl IntoIterator<Item = T::AssetKind>) {
		for asset in assets {
			if let Some(market) = markets.get(&asset) {
				Markets::<T>::insert(&asset, market);
			}
		}
	}

	/// When `who` has no collateral-enabled supply left, writes off all of its debt: each
	/// market's reserves absorb what they can and suppliers the rest. Returns the markets
	/// changed (to be written by the caller).
	fn write_off_if_no_collateral(
		who: &T::AccountId,
		positions: &mut PositionsOf<T>,
		markets: &mut MarketCache<T>,
	) -> Result<Vec<T::AssetKind>, DispatchError> {
		if Self::has_live_collateral(positions, markets) {
			return Ok(Vec::new());
		}
		let mut changed = Vec::new();
		for (asset, position) in positions.iter_mut().filter(|(_, p)| p.scaled_debt > 0) {
			let market = markets.get_mut(asset).ok_or(Error::<T>::MarketNotFound)?;
			// A market lent out in a flash loan changes nothing until the loan ends.
			ensure!(!market.state.flash_loan_active, Error::<T>::MarketInFlashLoan);
			let scaled = position.scaled_debt;
			let amount = market.state.debt_of(scaled)?;
			let from_reserves = market.state.write_off(scaled, amount)?;
			position.remove_debt(scaled)?;
			changed.push(asset.clone());
			Self::deposit_event(Event::BadDebtWrittenOff {
				who: who.clone(),
				asset: asset.clone(),
				amount,
				from_reserves,
			});
		}
		Ok(changed)
	}
}

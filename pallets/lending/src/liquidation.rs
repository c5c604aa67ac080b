//! Liquidations of unhealthy accounts, and the write-off of debt left without collateral.

use crate::{health::with_bonus, interest::mul_div, pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::{ensure, pallet_prelude::*};
use pallet_lever_oracle::{PriceProvider, Rounding};
use sp_runtime::{
	traits::{Bounded, CheckedDiv, One, Saturating},
	ArithmeticError, FixedU128,
};

impl<T: Config> Pallet<T> {
	/// Repays part of an unhealthy borrower's debt for its collateral's supply shares plus the
	/// bonus (see the `liquidate` call).
	pub(crate) fn do_liquidate(
		liquidator: T::AccountId,
		borrower: T::AccountId,
		debt_asset: T::AssetKind,
		collateral_asset: T::AssetKind,
		amount: Amount,
	) -> DispatchResult {
		ensure!(liquidator != borrower, Error::<T>::SelfLiquidation);
		ensure!(amount != Amount::Exact(0), Error::<T>::ZeroAmount);
		let mut positions = Accounts::<T>::get(&borrower);
		let debt_position = positions
			.get(&debt_asset)
			.copied()
			.filter(|p| p.scaled_debt > 0)
			.ok_or(Error::<T>::NoDebt)?;
		let collateral_position = positions
			.get(&collateral_asset)
			.copied()
			.filter(|p| p.collateral && p.shares > 0)
			.ok_or(Error::<T>::NoCollateral)?;
		let mut markets = Self::load_markets(positions.keys())?;
		for asset in [&debt_asset, &collateral_asset] {
			let market = markets.get(asset).ok_or(Error::<T>::MarketNotFound)?;
			ensure!(!market.state.flash_loan_active, Error::<T>::MarketInFlashLoan);
			ensure!(!market.config.paused.liquidation, Error::<T>::LiquidationPaused);
		}
		let health = Self::liquidity(&positions, &markets)?
			.health_factor()
			.unwrap_or(FixedU128::max_value());
		ensure!(health < FixedU128::one(), Error::<T>::HealthyAccount);

		let debt_market = *markets.get(&debt_asset).ok_or(Error::<T>::MarketNotFound)?;
		let collateral_market =
			*markets.get(&collateral_asset).ok_or(Error::<T>::MarketNotFound)?;
		let debt = debt_market.state.debt_of(debt_position.scaled_debt)?;

		// The most one liquidation may repay: the close factor's share, or everything when the
		// account is deeply unhealthy or the rest would be dust.
		let min_borrow = debt_market.config.min_borrow;
		let closable = debt_market.config.close_factor.mul_ceil(debt).min(debt);
		let max_repay = if health < T::DeepLiquidationHealth::get() || debt - closable < min_borrow
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

		// Collateral worth the repaid value plus the bonus, rounded down; all of it when it is
		// worth less, the repayment then shrinking to what it covers (rounded up).
		let bonus = collateral_market.config.liquidation_bonus;
		let repay_value = Self::value_of(&debt_asset, repay, Rounding::Down)?;
		let seize_value = with_bonus(repay_value, bonus).ok_or(ArithmeticError::Overflow)?;
		let seize_amount =
			T::Oracle::amount_for_value(&collateral_asset, seize_value, Rounding::Down)
				.map_err(Self::price_error)?;
		let mut seized = collateral_market.state.shares_of(seize_amount, Rounding::Down)?;
		if seized >= collateral_position.shares {
			seized = collateral_position.shares;
			let available = collateral_market.state.underlying_of(seized)?;
			let value = Self::value_of(&collateral_asset, available, Rounding::Down)?;
			let covered = value
				.checked_div(&(FixedU128::one().saturating_add(bonus.into())))
				.ok_or(ArithmeticError::DivisionByZero)?;
			let covered_amount = T::Oracle::amount_for_value(&debt_asset, covered, Rounding::Up)
				.map_err(Self::price_error)?;
			repay = repay.min(covered_amount);
		}
		ensure!(repay > 0 && seized > 0, Error::<T>::LiquidationTooSmall);
		let remaining = debt - repay;
		ensure!(
			remaining == 0 || remaining >= min_borrow || seized == collateral_position.shares,
			Error::<T>::LiquidationLeavesDust
		);
		let scaled_repaid = if remaining == 0 {
			debt_position.scaled_debt
		} else {
			debt_market.state.scaled_of(repay, Rounding::Down)?
		};
		ensure!(scaled_repaid > 0, Error::<T>::LiquidationTooSmall);

		// The protocol's share of the bonus, in shares rounded up, becomes reserves.
		let bonus_parts = u128::from(bonus.deconstruct());
		let bonus_shares = mul_div(seized, bonus_parts, 1_000_000 + bonus_parts, Rounding::Down)
			.ok_or(ArithmeticError::Overflow)?;
		let protocol_shares =
			collateral_market.config.protocol_liquidation_share.mul_ceil(bonus_shares);
		let liquidator_shares = seized - protocol_shares;

		// Debt side.
		let market = markets.get_mut(&debt_asset).ok_or(Error::<T>::MarketNotFound)?;
		market.state.total_scaled_debt = market
			.state
			.total_scaled_debt
			.checked_sub(scaled_repaid)
			.ok_or(ArithmeticError::Underflow)?;
		market.state.cash =
			market.state.cash.checked_add(repay).ok_or(ArithmeticError::Overflow)?;
		Self::position_mut(&mut positions, &debt_asset)?.scaled_debt -= scaled_repaid;

		// Collateral side.
		let market = markets.get_mut(&collateral_asset).ok_or(Error::<T>::MarketNotFound)?;
		let protocol_amount = market.state.underlying_of(protocol_shares)?;
		market.state.total_shares = market
			.state
			.total_shares
			.checked_sub(protocol_shares)
			.ok_or(ArithmeticError::Underflow)?;
		market.state.reserves =
			market.state.reserves.checked_add(protocol_amount).ok_or(ArithmeticError::Overflow)?;
		Self::position_mut(&mut positions, &collateral_asset)?.shares -= seized;
		let mut liquidator_positions = Accounts::<T>::get(&liquidator);
		let position = Self::position_mut(&mut liquidator_positions, &collateral_asset)?;
		position.shares =
			position.shares.checked_add(liquidator_shares).ok_or(ArithmeticError::Overflow)?;

		Self::pay_in(&debt_asset, &liquidator, repay)?;
		let mut touched: Vec<T::AssetKind> =
			alloc::vec![debt_asset.clone(), collateral_asset.clone()];
		let written_off =
			Self::write_off_if_no_collateral(&borrower, &mut positions, &mut markets)?;
		touched.extend(written_off);
		for asset in touched {
			if let Some(market) = markets.get(&asset) {
				Markets::<T>::insert(&asset, market);
			}
		}
		Self::store_positions(&borrower, positions);
		Self::store_positions(&liquidator, liquidator_positions);
		Self::deposit_event(Event::Liquidated {
			liquidator,
			borrower,
			debt_asset,
			collateral_asset,
			repaid: repay,
			seized_shares: liquidator_shares,
			protocol_shares,
			protocol_amount,
		});
		Ok(())
	}

	/// When `who` has no collateral-enabled supply left, writes off all of its debt: each
	/// market's reserves absorb what they can and suppliers the rest. Returns the markets
	/// changed (to be written by the caller).
	fn write_off_if_no_collateral(
		who: &T::AccountId,
		positions: &mut PositionsOf<T>,
		markets: &mut crate::health::MarketCache<T>,
	) -> Result<Vec<T::AssetKind>, DispatchError> {
		if positions.values().any(|p| p.collateral && p.shares > 0) {
			return Ok(Vec::new());
		}
		let mut changed = Vec::new();
		for (asset, position) in positions.iter_mut().filter(|(_, p)| p.scaled_debt > 0) {
			let market = markets.get_mut(asset).ok_or(Error::<T>::MarketNotFound)?;
			let amount = market.state.debt_of(position.scaled_debt)?;
			market.state.total_scaled_debt = market
				.state
				.total_scaled_debt
				.checked_sub(position.scaled_debt)
				.ok_or(ArithmeticError::Underflow)?;
			position.scaled_debt = 0;
			let from_reserves = market.state.reserves.min(amount);
			market.state.reserves -= from_reserves;
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

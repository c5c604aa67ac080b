//! One-call leverage through the DEX: open or grow a position (borrow, buy collateral, supply
//! it), shrink it (sell collateral, repay), close it (buy the whole debt, repay, take the rest),
//! swap collateral. Each is one atomic call: the ledger steps of `supply`, `withdraw`, `borrow`
//! and `repay` on the two markets, a trade between the two markets' accounts bounded by the
//! caller and by the oracle, and one health check at the end.

use crate::{dex::Trade, health::Unpriced, pallet::*, types::*, Market};
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::{traits::Bounded, FixedU128};

/// How a position is unwound.
#[derive(Clone, Copy)]
enum Unwind {
	/// Sell `amount` (or all) of the collateral for at least `min_out`; repay with it.
	Sell { amount: Amount, min_out: Balance },
	/// Buy exactly the whole debt with at most `max_in` of the collateral; repay; take the rest.
	Close { max_in: Balance },
}

impl<T: Config> Pallet<T> {
	/// The two markets of a position trade, accrued and open (no flash loan out).
	fn pair(a: &T::AssetKind, b: &T::AssetKind) -> Result<(Market, Market), DispatchError> {
		ensure!(a != b, Error::<T>::SameAsset);
		Ok((Self::accrued_market(a)?, Self::accrued_market(b)?))
	}

	/// Counts the account's supply of `asset` as collateral (the asset must be able to be
	/// collateral); emits `CollateralEnabled` when it did not count before.
	fn count_as_collateral(
		who: &T::AccountId,
		asset: &T::AssetKind,
		market: &Market,
		positions: &mut PositionsOf<T>,
	) -> DispatchResult {
		ensure!(!market.config.collateral_factor.is_zero(), Error::<T>::NotCollateralAsset);
		let position = Self::position_mut(positions, asset, &market.state)?;
		if !position.collateral {
			position.collateral = true;
			Self::deposit_event(Event::CollateralEnabled {
				who: who.clone(),
				asset: asset.clone(),
			});
		}
		Ok(())
	}

	/// The account's values before a trade that only lowers its risk (at the oracle's prices,
	/// unpriced assets as a liquidation sees them); `None` if they cannot be read.
	fn before(positions: &PositionsOf<T>) -> Option<Liquidity> {
		let markets = Self::load_markets(positions.keys()).ok()?;
		Self::liquidity(positions, &markets, Unpriced::Skip).ok()
	}

	/// Ends a position trade: the health check once (both markets as the call left them), the
	/// caller's payout (`amount` of `asset` from its market's account, if any), then both
	/// markets and the account's positions written. The account must end within its borrow
	/// limit, or — for a trade that lowers its debt (`before` given) — owe less and be no less
	/// healthy than before: a deleverage never needs the account to be safe already.
	fn finish(
		who: &T::AccountId,
		positions: PositionsOf<T>,
		[(a, market_a), (b, market_b)]: [(&T::AssetKind, Market); 2],
		payout: Option<(&T::AssetKind, Balance)>,
		before: Option<Option<Liquidity>>,
	) -> DispatchResult {
		let changed = [(a, &market_a), (b, &market_b)];
		if let Err(error) = Self::ensure_within_borrow_limit_after(&positions, &changed) {
			let Some(Some(before)) = before else { return Err(error) };
			let after = Self::liquidity_after(&positions, &changed, Unpriced::Skip)?;
			let health = |l: &Liquidity| l.health_factor().unwrap_or(FixedU128::max_value());
			ensure!(
				after.debt_value < before.debt_value && health(&after) >= health(&before),
				error
			);
		}
		if let Some((asset, amount)) = payout {
			Self::pay_out(asset, who, amount)?;
		}
		Markets::<T>::insert(a, market_a);
		Markets::<T>::insert(b, market_b);
		Self::store_positions(who, positions);
		Ok(())
	}

	pub(crate) fn do_leverage(
		who: T::AccountId,
		collateral_asset: T::AssetKind,
		debt_asset: T::AssetKind,
		equity: Balance,
		borrow: Balance,
		min_out: Balance,
	) -> DispatchResult {
		ensure!(borrow > 0, Error::<T>::ZeroAmount);
		let (mut collateral, mut debt_market) = Self::pair(&collateral_asset, &debt_asset)?;
		let mut positions = Accounts::<T>::get(&who);
		Self::count_as_collateral(&who, &collateral_asset, &collateral, &mut positions)?;
		// The equity first, as `supply` takes it (it may open the market).
		let supplied = if equity > 0 {
			let endowment = Self::endowment(&collateral_asset);
			let shares =
				Self::mint(&collateral_asset, &mut collateral, &mut positions, equity, endowment)?;
			Self::pay_in(&collateral_asset, &who, equity)?;
			Some(shares)
		} else {
			None
		};
		let debt = Self::lend(&debt_asset, &mut debt_market, &mut positions, borrow)?;
		let trade = Trade::ExactIn { amount_in: borrow, min_out };
		let slippage = Self::slippage(&collateral, &debt_market);
		let quote = Self::quote(&debt_asset, &collateral_asset, trade, slippage)?;
		let endowment = Self::endowment(&collateral_asset);
		Self::execute(&who, &quote, trade)?;
		let bought = quote.amount_out;
		let shares =
			Self::mint(&collateral_asset, &mut collateral, &mut positions, bought, endowment)?;
		Self::finish(
			&who,
			positions,
			[(&collateral_asset, collateral), (&debt_asset, debt_market)],
			None,
			None,
		)?;
		if let Some(shares) = supplied {
			Self::deposit_event(Event::Supplied {
				who: who.clone(),
				asset: collateral_asset.clone(),
				amount: equity,
				shares,
			});
		}
		Self::deposit_event(Event::Borrowed {
			who: who.clone(),
			asset: debt_asset.clone(),
			amount: borrow,
			debt,
		});
		Self::deposit_event(Event::Supplied {
			who: who.clone(),
			asset: collateral_asset.clone(),
			amount: bought,
			shares,
		});
		Self::deposit_event(Event::Leveraged {
			who,
			collateral_asset,
			debt_asset,
			borrowed: borrow,
			bought,
		});
		Ok(())
	}

	pub(crate) fn do_deleverage(
		who: T::AccountId,
		collateral_asset: T::AssetKind,
		debt_asset: T::AssetKind,
		amount: Amount,
		min_out: Balance,
	) -> DispatchResult {
		Self::unwind(who, collateral_asset, debt_asset, Unwind::Sell { amount, min_out })
	}

	pub(crate) fn do_close_position(
		who: T::AccountId,
		collateral_asset: T::AssetKind,
		debt_asset: T::AssetKind,
		max_in: Balance,
	) -> DispatchResult {
		Self::unwind(who, collateral_asset, debt_asset, Unwind::Close { max_in })
	}

	/// Repays `debt_asset` debt with `collateral_asset` supply sold on the DEX, as `how` says;
	/// the caller gets what the sale brought beyond the debt (a sell) or the rest of the
	/// collateral (a close; it stays supplied if the market lacks the cash).
	fn unwind(
		who: T::AccountId,
		collateral_asset: T::AssetKind,
		debt_asset: T::AssetKind,
		how: Unwind,
	) -> DispatchResult {
		let (mut collateral, mut debt_market) = Self::pair(&collateral_asset, &debt_asset)?;
		let mut positions = Accounts::<T>::get(&who);
		let owed = debt_market.state.debt_of(Self::scaled_debt_in(&positions, &debt_asset)?)?;
		let before = Self::before(&positions);
		let slippage = Self::slippage(&collateral, &debt_market);
		let (sold, repaid, debt, payout) = match how {
			Unwind::Sell { amount, min_out } => {
				let (sold, _) =
					Self::burn(&collateral_asset, &mut collateral, &mut positions, amount)?;
				let trade = Trade::ExactIn { amount_in: sold, min_out };
				let quote = Self::quote(&collateral_asset, &debt_asset, trade, slippage)?;
				Self::execute(&who, &quote, trade)?;
				let bought = quote.amount_out;
				let repay = if bought >= owed { Amount::All } else { Amount::Exact(bought) };
				let (repaid, debt) =
					Self::settle(&debt_asset, &mut debt_market, &mut positions, repay)?;
				// What the sale brought beyond the debt arrived in the debt market's account
				// outside its cash: it is the caller's.
				(sold, repaid, debt, (&debt_asset, bought.saturating_sub(repaid)))
			},
			Unwind::Close { max_in } => {
				let trade = Trade::ExactOut { amount_out: owed, max_in };
				let quote = Self::quote(&collateral_asset, &debt_asset, trade, slippage)?;
				let (sold, _) = Self::burn(
					&collateral_asset,
					&mut collateral,
					&mut positions,
					Amount::Exact(quote.amount_in),
				)?;
				Self::execute(&who, &quote, trade)?;
				let (repaid, debt) =
					Self::settle(&debt_asset, &mut debt_market, &mut positions, Amount::All)?;
				let rest = positions.get(&collateral_asset).map_or(Ok(0), |position| {
					collateral.state.underlying_of(collateral.state.live_shares(position))
				})?;
				let returned = if rest > 0 && rest <= collateral.state.cash {
					Self::burn(&collateral_asset, &mut collateral, &mut positions, Amount::All)?.0
				} else {
					0
				};
				(sold, repaid, debt, (&collateral_asset, returned))
			},
		};
		let returned = payout.1;
		Self::finish(
			&who,
			positions,
			[(&collateral_asset, collateral), (&debt_asset, debt_market)],
			Some(payout),
			Some(before),
		)?;
		Self::deposit_event(Event::Deleveraged {
			who,
			collateral_asset,
			debt_asset,
			sold,
			repaid,
			debt,
			returned,
		});
		Ok(())
	}

	pub(crate) fn do_swap_collateral(
		who: T::AccountId,
		from: T::AssetKind,
		to: T::AssetKind,
		amount: Amount,
		min_out: Balance,
	) -> DispatchResult {
		let (mut sold_market, mut bought_market) = Self::pair(&from, &to)?;
		let mut positions = Accounts::<T>::get(&who);
		Self::count_as_collateral(&who, &to, &bought_market, &mut positions)?;
		let (sold, _) = Self::burn(&from, &mut sold_market, &mut positions, amount)?;
		let trade = Trade::ExactIn { amount_in: sold, min_out };
		let slippage = Self::slippage(&sold_market, &bought_market);
		let quote = Self::quote(&from, &to, trade, slippage)?;
		let endowment = Self::endowment(&to);
		Self::execute(&who, &quote, trade)?;
		let bought = quote.amount_out;
		Self::mint(&to, &mut bought_market, &mut positions, bought, endowment)?;
		Self::finish(&who, positions, [(&from, sold_market), (&to, bought_market)], None, None)?;
		Self::deposit_event(Event::CollateralSwapped { who, from, to, sold, bought });
		Ok(())
	}
}

//! Trades on the DEX, made by the pallet between two markets' accounts: the route, the quote,
//! and the two bounds every trade keeps — the caller's own (`min_out` / `max_in`) and the
//! oracle's (the markets' `max_slippage` around the oracle's equivalent).

use crate::{pallet::*, types::*};
use alloc::{vec, vec::Vec};
use frame_support::{ensure, pallet_prelude::*};
use lever_primitives::Rounding;
use pallet_asset_conversion::{QuotePrice, Swap};
use pallet_lever_oracle::PriceProvider;
use sp_runtime::{ArithmeticError, Permill};

/// What a trade fixes: the amount sold (and the least bought), or the amount bought (and the
/// most sold).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Trade {
	/// Sell exactly `amount_in`; refuse below `min_out`.
	ExactIn { amount_in: Balance, min_out: Balance },
	/// Buy exactly `amount_out`; refuse above `max_in`.
	ExactOut { amount_out: Balance, max_in: Balance },
}

/// A trade that can be made: its route and its two amounts.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Quote<AssetKind> {
	/// The assets traded through, sold first, bought last.
	pub route: Vec<AssetKind>,
	/// What is sold.
	pub amount_in: Balance,
	/// What is bought.
	pub amount_out: Balance,
}

impl<T: Config> Pallet<T> {
	/// The routes from `from` to `to`: the direct pool, then the one through `DexHub`.
	fn routes(from: &T::AssetKind, to: &T::AssetKind) -> Vec<Vec<T::AssetKind>> {
		let hub = T::DexHub::get();
		let mut routes = vec![vec![from.clone(), to.clone()]];
		if &hub != from && &hub != to {
			routes.push(vec![from.clone(), hub, to.clone()]);
		}
		routes
	}

	/// What selling `amount_in` along `route` brings (the pools' fees included).
	fn quote_exact_in(route: &[T::AssetKind], amount_in: Balance) -> Option<Balance> {
		route.windows(2).try_fold(amount_in, |amount, pair| {
			T::Dex::quote_price_exact_tokens_for_tokens(
				pair[0].clone(),
				pair[1].clone(),
				amount,
				true,
			)
		})
	}

	/// What buying `amount_out` along `route` costs (the pools' fees included).
	fn quote_exact_out(route: &[T::AssetKind], amount_out: Balance) -> Option<Balance> {
		route.windows(2).rev().try_fold(amount_out, |amount, pair| {
			T::Dex::quote_price_tokens_for_exact_tokens(
				pair[0].clone(),
				pair[1].clone(),
				amount,
				true,
			)
		})
	}

	/// The best route's quote for `trade` from `from` to `to`, checked against the caller's
	/// bound and the oracle's: the trade may be at most `slippage` off the oracle's equivalent
	/// (computed with fresh prices of both assets), either way — a pool pushed off the oracle
	/// is a manipulated or broken one, whichever side it favours.
	pub(crate) fn quote(
		from: &T::AssetKind,
		to: &T::AssetKind,
		trade: Trade,
		slippage: Permill,
	) -> Result<Quote<T::AssetKind>, DispatchError> {
		ensure!(from != to, Error::<T>::SameAsset);
		let quotes = Self::routes(from, to).into_iter().filter_map(|route| match trade {
			Trade::ExactIn { amount_in, .. } => Self::quote_exact_in(&route, amount_in)
				.filter(|out| *out > 0)
				.map(|amount_out| Quote { route, amount_in, amount_out }),
			Trade::ExactOut { amount_out, .. } => Self::quote_exact_out(&route, amount_out)
				.map(|amount_in| Quote { route, amount_in, amount_out }),
		});
		let best = match trade {
			Trade::ExactIn { .. } => quotes.max_by_key(|q| q.amount_out),
			Trade::ExactOut { .. } => quotes.min_by_key(|q| q.amount_in),
		}
		.ok_or(Error::<T>::NoDexRoute)?;
		match trade {
			Trade::ExactIn { amount_in, min_out } => {
				let value = Self::value_of(from, amount_in, Rounding::Down)?;
				let fair = T::Oracle::amount_for_value(to, value, Rounding::Down)
					.map_err(Self::price_error)?;
				let floor = fair.saturating_sub(slippage.mul_ceil(fair));
				let ceiling = fair.saturating_add(slippage.mul_floor(fair));
				ensure!(
					best.amount_out >= floor && best.amount_out <= ceiling,
					Error::<T>::DexPriceOffOracle
				);
				ensure!(best.amount_out >= min_out, Error::<T>::TradeBelowMinimum);
			},
			Trade::ExactOut { amount_out, max_in } => {
				let value = Self::value_of(to, amount_out, Rounding::Up)?;
				let fair = T::Oracle::amount_for_value(from, value, Rounding::Up)
					.map_err(Self::price_error)?;
				let ceiling = fair.checked_add(slippage.mul_floor(fair));
				let ceiling = ceiling.ok_or(ArithmeticError::Overflow)?;
				let floor = fair.saturating_sub(slippage.mul_ceil(fair));
				ensure!(
					best.amount_in <= ceiling && best.amount_in >= floor,
					Error::<T>::DexPriceOffOracle
				);
				ensure!(best.amount_in <= max_in, Error::<T>::TradeAboveMaximum);
			},
		}
		Ok(best)
	}

	/// The looser trade bound two markets allow: the smaller of their `max_slippage`.
	pub(crate) fn slippage(a: &Market, b: &Market) -> Permill {
		a.config.max_slippage.min(b.config.max_slippage)
	}

	/// Makes a quoted trade between two markets' accounts: `quote.amount_in` leaves the first
	/// asset's market account, `quote.amount_out` arrives in the last asset's. The DEX is held
	/// to the quote (it cannot give less or take more, the same block's state having made it).
	/// `who` is whose position the trade serves (for the event).
	pub(crate) fn execute(
		who: &T::AccountId,
		quote: &Quote<T::AssetKind>,
		exact: Trade,
	) -> DispatchResult {
		let (Some(first), Some(last)) = (quote.route.first(), quote.route.last()) else {
			frame_support::defensive!("a route has two assets at least");
			return Err(Error::<T>::Unexpected.into());
		};
		let (from, to) = (Self::market_account(first), Self::market_account(last));
		let got = match exact {
			Trade::ExactIn { .. } => T::Dex::swap_exact_tokens_for_tokens(
				from,
				quote.route.clone(),
				quote.amount_in,
				Some(quote.amount_out),
				to,
				true,
			)?,
			Trade::ExactOut { .. } => T::Dex::swap_tokens_for_exact_tokens(
				from,
				quote.route.clone(),
				quote.amount_out,
				Some(quote.amount_in),
				to,
				true,
			)?,
		};
		let expected = match exact {
			Trade::ExactIn { .. } => quote.amount_out,
			Trade::ExactOut { .. } => quote.amount_in,
		};
		if got != expected {
			frame_support::defensive!("the DEX trades as it quoted in the same block");
			return Err(Error::<T>::Unexpected.into());
		}
		Self::deposit_event(Event::DexTraded {
			who: who.clone(),
			route: quote.route.clone(),
			amount_in: quote.amount_in,
			amount_out: quote.amount_out,
		});
		Ok(())
	}
}

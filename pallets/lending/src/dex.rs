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

	/// The best route's quote for `trade` from `from` to `to` among those within the caller's
	/// bound and the oracle's: a trade may be at most `slippage` off the oracle's equivalent
	/// (computed with fresh prices of both assets), either way — a pool pushed off the oracle
	/// is a manipulated or broken one, whichever side it favours. Routes outside the bounds are
	/// left out before the best is chosen, so one bad pool cannot block a pair another route
	/// serves; when none is left the error says why the best route was refused.
	pub(crate) fn quote(
		from: &T::AssetKind,
		to: &T::AssetKind,
		trade: Trade,
		slippage: Permill,
	) -> Result<Quote<T::AssetKind>, DispatchError> {
		ensure!(from != to, Error::<T>::SameAsset);
		let mut quotes: Vec<Quote<T::AssetKind>> = Self::routes(from, to)
			.into_iter()
			.filter_map(|route| match trade {
				Trade::ExactIn { amount_in, .. } => Self::quote_exact_in(&route, amount_in)
					.filter(|out| *out > 0)
					.map(|amount_out| Quote { route, amount_in, amount_out }),
				Trade::ExactOut { amount_out, .. } => Self::quote_exact_out(&route, amount_out)
					.map(|amount_in| Quote { route, amount_in, amount_out }),
			})
			.collect();
		// Best first.
		quotes.sort_by(|a, b| match trade {
			Trade::ExactIn { .. } => b.amount_out.cmp(&a.amount_out),
			Trade::ExactOut { .. } => a.amount_in.cmp(&b.amount_in),
		});
		let fair = match trade {
			Trade::ExactIn { amount_in, .. } => {
				let value = Self::value_of(from, amount_in, Rounding::Down)?;
				T::Oracle::amount_for_value(to, value, Rounding::Down)
			},
			Trade::ExactOut { amount_out, .. } => {
				let value = Self::value_of(to, amount_out, Rounding::Up)?;
				T::Oracle::amount_for_value(from, value, Rounding::Up)
			},
		}
		.map_err(Self::price_error)?;
		let floor = fair.saturating_sub(slippage.mul_ceil(fair));
		let ceiling =
			fair.checked_add(slippage.mul_floor(fair)).ok_or(ArithmeticError::Overflow)?;
		let check = |quote: &Quote<T::AssetKind>| -> DispatchResult {
			let (priced, within_caller) = match trade {
				Trade::ExactIn { min_out, .. } => (quote.amount_out, quote.amount_out >= min_out),
				Trade::ExactOut { max_in, .. } => (quote.amount_in, quote.amount_in <= max_in),
			};
			ensure!(priced >= floor && priced <= ceiling, Error::<T>::DexPriceOffOracle);
			let beyond_caller = match trade {
				Trade::ExactIn { .. } => Error::<T>::TradeBelowMinimum,
				Trade::ExactOut { .. } => Error::<T>::TradeAboveMaximum,
			};
			ensure!(within_caller, beyond_caller);
			Ok(())
		};
		let mut refusal = None;
		for quote in quotes {
			match check(&quote) {
				Ok(()) => return Ok(quote),
				Err(error) => {
					refusal.get_or_insert(error);
				},
			}
		}
		Err(refusal.unwrap_or_else(|| Error::<T>::NoDexRoute.into()))
	}

	/// The tighter trade bound two markets allow: the smaller of their `max_slippage`.
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

//! Account health: an account's collateral and debt values across its markets at fresh oracle
//! prices, collateral rounded down and debt rounded up.

use crate::{interest::fixed_mul, pallet::*, types::*, Market};
use alloc::collections::BTreeMap;
use frame_support::{ensure, pallet_prelude::*};
use pallet_lever_oracle::{PriceError, PriceProvider, Rounding};
use sp_runtime::{
	traits::{CheckedAdd, One, Saturating, Zero},
	ArithmeticError, FixedU128, Permill,
};

/// Markets loaded for one call, accrued to now in memory, by asset.
pub type MarketCache<T> = BTreeMap<<T as Config>::AssetKind, Market>;

/// What an account's valuation does with an asset whose price the oracle refuses now (stale,
/// frozen, locked or missing).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Unpriced {
	/// Fail with the price error. Used where the account asks for something (borrow, withdraw
	/// collateral, disable collateral): the protocol does not lend on a value it cannot see.
	Refuse,
	/// Value unpriced collateral at the oracle's last price for it (the lower of that and a
	/// held-back median; nothing when it has none) and leave unpriced debt out. Used to decide
	/// whether an account may be liquidated: no asset the liquidation does not touch can
	/// shield the account, and a healthy account does not become liquidatable because one of
	/// its collateral assets lost its price for a while (the touched assets always need fresh
	/// prices).
	Skip,
}

/// `value × share`, rounded down.
fn share_of(value: Value, share: Permill) -> Value {
	FixedU128::from_inner(share.mul_floor(value.into_inner()))
}

impl<T: Config> Pallet<T> {
	/// The oracle's refusal as this pallet's error.
	pub(crate) fn price_error(error: PriceError) -> DispatchError {
		match error {
			PriceError::NoPrice | PriceError::UnknownDecimals => {
				Error::<T>::PriceUnavailable.into()
			},
			PriceError::Stale => Error::<T>::PriceStale.into(),
			PriceError::Frozen | PriceError::Locked => Error::<T>::PriceHalted.into(),
			PriceError::Overflow => ArithmeticError::Overflow.into(),
		}
	}

	/// The USD value of `amount` of `asset`, rounded as asked.
	pub(crate) fn value_of(
		asset: &T::AssetKind,
		amount: Balance,
		rounding: Rounding,
	) -> Result<Value, DispatchError> {
		if amount == 0 {
			return Ok(Value::zero());
		}
		T::Oracle::value_of(asset, amount, rounding).map_err(Self::price_error)
	}

	/// The markets of `assets`, each accrued to now in memory (nothing is written). A market
	/// in a flash loan is read as it is: its cash is not lowered while the loan is out.
	pub(crate) fn load_markets<'a>(
		assets: impl IntoIterator<Item = &'a T::AssetKind>,
	) -> Result<MarketCache<T>, DispatchError>
	where
		T::AssetKind: 'a,
	{
		let mut cache = MarketCache::<T>::new();
		for asset in assets {
			if !cache.contains_key(asset) {
				cache.insert(asset.clone(), Self::market_now(asset)?);
			}
		}
		Ok(cache)
	}

	/// `value_of`; when the price is refused and `unpriced` says to skip it, the value at the
	/// oracle's last price for collateral (zero without one) and zero for debt.
	fn value_or_skip(
		asset: &T::AssetKind,
		amount: Balance,
		rounding: Rounding,
		unpriced: Unpriced,
	) -> Result<Value, DispatchError> {
		if amount == 0 {
			return Ok(Value::zero());
		}
		match T::Oracle::value_of(asset, amount, rounding) {
			Ok(value) => Ok(value),
			Err(PriceError::Overflow) => Err(ArithmeticError::Overflow.into()),
			Err(_) if unpriced == Unpriced::Skip => match rounding {
				// Collateral (valued down): its last price, conservatively.
				Rounding::Down => match T::Oracle::last_value_of(asset, amount, rounding) {
					Err(PriceError::Overflow) => Err(ArithmeticError::Overflow.into()),
					last => Ok(last.unwrap_or_default()),
				},
				// Debt: left out.
				_ => Ok(Value::zero()),
			},
			Err(error) => Err(Self::price_error(error)),
		}
	}

	/// Whether any of `positions` is collateral with shares alive in its market's current
	/// generation.
	pub(crate) fn has_live_collateral(
		positions: &PositionsOf<T>,
		markets: &MarketCache<T>,
	) -> bool {
		positions.iter().any(|(asset, position)| {
			position.collateral
				&& markets.get(asset).is_some_and(|market| market.state.live_shares(position) > 0)
		})
	}

	/// The account's values across `positions`, with markets from `markets` (which must hold
	/// every market of `positions`). Assets without a valid price fail or are left out, as
	/// `unpriced` says.
	pub(crate) fn liquidity(
		positions: &PositionsOf<T>,
		markets: &MarketCache<T>,
		unpriced: Unpriced,
	) -> Result<Liquidity, DispatchError> {
		let overflow = || DispatchError::from(ArithmeticError::Overflow);
		let mut liquidity = Liquidity::default();
		for (asset, position) in positions.iter() {
			let market = markets.get(asset).ok_or(Error::<T>::MarketNotFound)?;
			let config = &market.config;
			let shares = market.state.live_shares(position);
			if position.collateral && shares > 0 && !config.liquidation_threshold.is_zero() {
				let supplied = market.state.underlying_of(shares)?;
				let value = Self::value_or_skip(asset, supplied, Rounding::Down, unpriced)?;
				liquidity.collateral_value =
					liquidity.collateral_value.checked_add(&value).ok_or_else(overflow)?;
				liquidity.borrow_limit = liquidity
					.borrow_limit
					.checked_add(&share_of(value, config.collateral_factor))
					.ok_or_else(overflow)?;
				liquidity.liquidation_limit = liquidity
					.liquidation_limit
					.checked_add(&share_of(value, config.liquidation_threshold))
					.ok_or_else(overflow)?;
			}
			if position.scaled_debt > 0 {
				let debt = market.state.debt_of(position.scaled_debt)?;
				let value = Self::value_or_skip(asset, debt, Rounding::Up, unpriced)?;
				liquidity.debt_value =
					liquidity.debt_value.checked_add(&value).ok_or_else(overflow)?;
			}
		}
		Ok(liquidity)
	}

	/// How many markets `who` is in (at least 1): what health checks of its account cost.
	pub(crate) fn markets_of(who: &T::AccountId) -> u32 {
		(Accounts::<T>::decode_len(who).unwrap_or(0) as u32).max(1)
	}

	/// The account's scaled debt in `asset`; `NoDebt` when it owes nothing there.
	pub(crate) fn scaled_debt_in(
		positions: &PositionsOf<T>,
		asset: &T::AssetKind,
	) -> Result<Balance, DispatchError> {
		positions
			.get(asset)
			.map(|position| position.scaled_debt)
			.filter(|scaled| *scaled > 0)
			.ok_or(Error::<T>::NoDebt.into())
	}

	/// Whether any position holds debt.
	pub(crate) fn has_debt(positions: &PositionsOf<T>) -> bool {
		positions.values().any(|position| position.scaled_debt > 0)
	}

	/// Refuses a change that leaves the account owing more than its borrow limit. `changed`
	/// is the (already modified, accrued) market of the call; the account's other markets are
	/// loaded and accrued in memory. Without debt there is nothing to check (and no price is
	/// needed).
	pub(crate) fn ensure_within_borrow_limit(
		positions: &PositionsOf<T>,
		changed: (&T::AssetKind, &Market),
	) -> DispatchResult {
		Self::ensure_within_borrow_limit_after(positions, &[changed])
	}

	/// `ensure_within_borrow_limit` for a call that changed several markets.
	pub(crate) fn ensure_within_borrow_limit_after(
		positions: &PositionsOf<T>,
		changed: &[(&T::AssetKind, &Market)],
	) -> DispatchResult {
		if !Self::has_debt(positions) {
			return Ok(());
		}
		let liquidity = Self::liquidity_after(positions, changed, Unpriced::Refuse)?;
		ensure!(liquidity.debt_value <= liquidity.borrow_limit, Error::<T>::InsufficientCollateral);
		Ok(())
	}

	/// The account's values across `positions` with the `changed` markets as a call left them
	/// (the others loaded and accrued in memory).
	pub(crate) fn liquidity_after(
		positions: &PositionsOf<T>,
		changed: &[(&T::AssetKind, &Market)],
		unpriced: Unpriced,
	) -> Result<Liquidity, DispatchError> {
		let mut markets = Self::load_markets(
			positions.keys().filter(|asset| !changed.iter().any(|(changed, _)| changed == asset)),
		)?;
		for (asset, market) in changed {
			markets.insert((*asset).clone(), **market);
		}
		Self::liquidity(positions, &markets, unpriced)
	}

	/// The position of `asset` in `positions`, added empty when absent, its shares moved to the
	/// market's current supply generation (`state`).
	pub(crate) fn position_mut<'a>(
		positions: &'a mut PositionsOf<T>,
		asset: &T::AssetKind,
		state: &MarketState,
	) -> Result<&'a mut Position, DispatchError> {
		if !positions.contains_key(asset) {
			let empty = Position { generation: state.generation, ..Default::default() };
			positions.try_insert(asset.clone(), empty).map_err(|_| Error::<T>::TooManyPositions)?;
		}
		let Some(position) = positions.get_mut(asset) else {
			frame_support::defensive!("a position inserted a line above is missing");
			return Err(Error::<T>::Unexpected.into());
		};
		position.sync(state);
		Ok(position)
	}

	/// Writes the market a call changed and the account's positions.
	pub(crate) fn store(
		asset: &T::AssetKind,
		market: Market,
		who: &T::AccountId,
		positions: PositionsOf<T>,
	) {
		Markets::<T>::insert(asset, market);
		Self::store_positions(who, positions);
	}

	/// Writes an account's positions, dropping empty ones (and the item when none remain).
	pub(crate) fn store_positions(who: &T::AccountId, mut positions: PositionsOf<T>) {
		positions.retain(|_, position| !position.is_empty());
		if positions.is_empty() {
			Accounts::<T>::remove(who);
		} else {
			Accounts::<T>::insert(who, positions);
		}
	}
}

/// `value × (1 + bonus)`, rounded down: what a liquidator receives for repaying `value`.
pub(crate) fn with_bonus(value: Value, bonus: Permill) -> Option<Value> {
	fixed_mul(value, FixedU128::one().saturating_add(bonus.into()), Rounding::Down)
}

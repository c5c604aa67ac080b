//! Markets: creation and updates with validated parameters, reserves, and the helpers every
//! call uses to load a market accrued to now.

use crate::{interest::MAX_RATE, pallet::*, types::*, Balance, Market, MarketConfig, MarketState};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungibles::{Inspect, Mutate},
		tokens::Preservation,
		Time,
	},
};
use sp_runtime::{traits::AccountIdConversion, Permill};

impl<T: Config> Pallet<T> {
	/// The account holding every market's cash.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Chain time now, in milliseconds.
	pub(crate) fn now() -> Moment {
		T::Time::now()
	}

	/// Checks a market's parameters, one error per broken rule.
	pub(crate) fn validate(config: &MarketConfig) -> DispatchResult {
		ensure!(
			config.collateral_factor < config.liquidation_threshold
				|| (config.collateral_factor.is_zero() && config.liquidation_threshold.is_zero()),
			Error::<T>::CollateralFactorNotBelowThreshold
		);
		// threshold × (1 + bonus) ≤ 100%: a liquidation never needs more collateral than the
		// debt it closes is backed by.
		let with_bonus = u64::from(config.liquidation_threshold.deconstruct()).saturating_mul(
			1_000_000u64.saturating_add(config.liquidation_bonus.deconstruct().into()),
		);
		ensure!(with_bonus <= 1_000_000u64 * 1_000_000, Error::<T>::ThresholdWithBonusTooHigh);
		ensure!(config.reserve_factor < Permill::one(), Error::<T>::ReserveFactorTooHigh);
		ensure!(!config.close_factor.is_zero(), Error::<T>::ZeroCloseFactor);
		let optimal = config.rate_model.optimal_utilization;
		ensure!(
			!optimal.is_zero() && optimal < Permill::one(),
			Error::<T>::InvalidOptimalUtilization
		);
		ensure!(config.rate_model.max_rate() <= MAX_RATE, Error::<T>::RateTooHigh);
		ensure!(
			config.flash_loan_fee <= Permill::from_percent(10),
			Error::<T>::FlashLoanFeeTooHigh
		);
		Ok(())
	}

	/// Opens a market (also used by genesis).
	pub(crate) fn do_create_market(asset: T::AssetKind, config: MarketConfig) -> DispatchResult {
		Self::validate(&config)?;
		ensure!(T::Assets::asset_exists(asset.clone()), Error::<T>::UnknownAsset);
		ensure!(!Markets::<T>::contains_key(&asset), Error::<T>::MarketExists);
		ensure!(Markets::<T>::count() < T::MaxMarkets::get(), Error::<T>::TooManyMarkets);
		// The pool account must never be reaped while it holds cash.
		let account = Self::account_id();
		if !frame_system::Pallet::<T>::account_exists(&account) {
			frame_system::Pallet::<T>::inc_providers(&account);
		}
		Markets::<T>::insert(&asset, Market { config, state: MarketState::new(Self::now()) });
		Self::deposit_event(Event::MarketCreated { asset, config });
		Ok(())
	}

	/// Replaces a market's parameters after accruing under the old ones.
	pub(crate) fn do_update_market(asset: T::AssetKind, config: MarketConfig) -> DispatchResult {
		Self::validate(&config)?;
		let mut market = Self::accrued_market(&asset)?;
		market.config = config;
		Markets::<T>::insert(&asset, market);
		Self::deposit_event(Event::MarketUpdated { asset, config });
		Ok(())
	}

	/// Sends reserves to the treasury.
	pub(crate) fn do_withdraw_reserves(asset: T::AssetKind, amount: Amount) -> DispatchResult {
		let mut market = Self::accrued_market(&asset)?;
		let state = &mut market.state;
		let available = state.reserves.min(state.cash);
		let amount = match amount {
			Amount::All => available,
			Amount::Exact(amount) => amount,
		};
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		ensure!(amount <= available, Error::<T>::InsufficientReserves);
		state.reserves -= amount;
		state.cash -= amount;
		let to = T::TreasuryAccount::get();
		Self::pay_out(&asset, &to, amount)?;
		Markets::<T>::insert(&asset, market);
		Self::deposit_event(Event::ReservesWithdrawn { asset, amount, to });
		Ok(())
	}

	/// The market of `asset`, accrued to now in memory; refused while a flash loan of it is out.
	pub(crate) fn accrued_market(asset: &T::AssetKind) -> Result<Market, DispatchError> {
		let market = Self::market_now(asset)?;
		ensure!(!market.state.flash_loan_active, Error::<T>::MarketInFlashLoan);
		Ok(market)
	}

	/// The market of `asset`, accrued to now in memory (nothing is written).
	pub(crate) fn market_now(asset: &T::AssetKind) -> Result<Market, DispatchError> {
		let mut market = Markets::<T>::get(asset).ok_or(Error::<T>::MarketNotFound)?;
		market.state.accrue(&market.config, Self::now())?;
		Ok(market)
	}

	/// Moves `amount` from `who` into the pool account (the payer's account is kept alive).
	pub(crate) fn pay_in(
		asset: &T::AssetKind,
		who: &T::AccountId,
		amount: Balance,
	) -> DispatchResult {
		T::Assets::transfer(
			asset.clone(),
			who,
			&Self::account_id(),
			amount,
			Preservation::Preserve,
		)?;
		Ok(())
	}

	/// Moves `amount` from the pool account to `who`. The pool account keeps the asset's
	/// minimum balance it was endowed with at the first supply, so it is never reaped.
	pub(crate) fn pay_out(
		asset: &T::AssetKind,
		who: &T::AccountId,
		amount: Balance,
	) -> DispatchResult {
		T::Assets::transfer(
			asset.clone(),
			&Self::account_id(),
			who,
			amount,
			Preservation::Preserve,
		)?;
		Ok(())
	}
}

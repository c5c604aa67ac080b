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
use pallet_lever_oracle::PriceProvider;
use sp_runtime::{
	traits::{BlakeTwo256, Hash, Saturating, TrailingZeroInput},
	Permill,
};

impl<T: Config> Pallet<T> {
	/// The account holding `asset`'s market cash: one per market, so that each holds a single
	/// asset (an account can hold only a few non-sufficient assets). It is the hash of
	/// `("modl", PalletId, asset)` read as an account id, distinct per asset whatever the
	/// account id's length (a truncated sub-account would not be, with short ids).
	pub fn market_account(asset: &T::AssetKind) -> T::AccountId {
		let entropy = BlakeTwo256::hash_of(&(b"modl", T::PalletId::get(), asset));
		Decode::decode(&mut TrailingZeroInput::new(entropy.as_ref()))
			.expect("infinite input; no account id is longer than it; qed")
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
		ensure!(config.max_slippage <= Permill::from_percent(50), Error::<T>::SlippageBoundTooHigh);
		Ok(())
	}

	/// Opens a market (also used by genesis). The oracle must list the asset: a market it
	/// could never value would be collateral or debt nobody can price.
	pub(crate) fn do_create_market(asset: T::AssetKind, config: MarketConfig) -> DispatchResult {
		Self::validate(&config)?;
		ensure!(T::Assets::asset_exists(asset.clone()), Error::<T>::UnknownAsset);
		ensure!(T::Oracle::is_listed(&asset), Error::<T>::AssetNotPriced);
		ensure!(!Markets::<T>::contains_key(&asset), Error::<T>::MarketExists);
		ensure!(Markets::<T>::count() < T::MaxMarkets::get(), Error::<T>::TooManyMarkets);
		// The market account must never be reaped while it holds cash.
		let account = Self::market_account(&asset);
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
		let current = market.config.liquidation_threshold;
		if config.liquidation_threshold < current {
			// Measured from the highest threshold of the period (a raise counts: raising and
			// then cutting deep in one update is a deep cut), and every cut extends the period,
			// so no two cuts less than a period apart add up past `MaxThresholdCut`.
			let now = Self::now();
			let peak = ThresholdCuts::<T>::get(&asset)
				.filter(|window| now < window.last_cut.saturating_add(T::ThresholdCutPeriod::get()))
				.map_or(current, |window| window.peak.max(current));
			let floor = peak.saturating_sub(T::MaxThresholdCut::get());
			ensure!(config.liquidation_threshold >= floor, Error::<T>::ThresholdCutTooLarge);
			ThresholdCuts::<T>::insert(&asset, ThresholdCutWindow { last_cut: now, peak });
		}
		market.config = config;
		Markets::<T>::insert(&asset, market);
		Self::deposit_event(Event::MarketUpdated { asset, config });
		Ok(())
	}

	/// Adds the pauses `pause` names to a market's (never lifts one).
	pub(crate) fn do_pause_market(asset: T::AssetKind, pause: PauseFlags) -> DispatchResult {
		let mut market = Self::accrued_market(&asset)?;
		let was = market.config.paused;
		let now = PauseFlags {
			supply: was.supply || pause.supply,
			borrow: was.borrow || pause.borrow,
			liquidation: was.liquidation || pause.liquidation,
			flash_loan: was.flash_loan || pause.flash_loan,
		};
		ensure!(now != was, Error::<T>::NothingToPause);
		market.config.paused = now;
		Markets::<T>::insert(&asset, market);
		Self::deposit_event(Event::MarketPaused { asset, paused: now });
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
		state.take_reserves(amount)?;
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

	/// Moves `amount` from `who` into the market's account (the payer's account is kept
	/// alive).
	pub(crate) fn pay_in(
		asset: &T::AssetKind,
		who: &T::AccountId,
		amount: Balance,
	) -> DispatchResult {
		Self::transfer(asset, who, &Self::market_account(asset), amount)
	}

	/// Moves `amount` from the market's account to `who`. The market account keeps the asset's
	/// minimum balance it was endowed with at the first supply, so it is never reaped.
	pub(crate) fn pay_out(
		asset: &T::AssetKind,
		who: &T::AccountId,
		amount: Balance,
	) -> DispatchResult {
		Self::transfer(asset, &Self::market_account(asset), who, amount)
	}

	/// The one door tokens pass through: `amount` of `asset` from `from` to `to`, keeping both
	/// alive. Nothing moves for zero.
	fn transfer(
		asset: &T::AssetKind,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: Balance,
	) -> DispatchResult {
		if amount > 0 {
			T::Assets::transfer(asset.clone(), from, to, amount, Preservation::Preserve)?;
		}
		Ok(())
	}

	/// Refuses an asset whose price the oracle cannot vouch for now.
	pub(crate) fn ensure_priced(asset: &T::AssetKind) -> DispatchResult {
		T::Oracle::price(asset).map(|_| ()).map_err(Self::price_error)
	}
}

//! What clients read: an account's positions and health and a market's rates, accrued to now
//! without writing anything (served by the runtime API `LendingApi`).

use crate::{
	interest::{growth_factor, supply_rate, SECONDS_PER_YEAR},
	pallet::*,
	types::*,
};
use alloc::vec::Vec;
use sp_runtime::{
	traits::{One, Saturating},
	FixedU128,
};

impl<T: Config> Pallet<T> {
	/// `who`'s positions, values and health factor now.
	pub fn account_view(who: &T::AccountId) -> AccountView<T::AssetKind> {
		let positions = Accounts::<T>::get(who);
		let Ok(markets) = Self::load_markets(positions.keys()) else {
			return AccountView { positions: Vec::new(), liquidity: None, health_factor: None };
		};
		let views = positions
			.iter()
			.filter_map(|(asset, position)| {
				let state = &markets.get(asset)?.state;
				let shares = state.live_shares(position);
				Some(PositionView {
					asset: asset.clone(),
					shares,
					supplied: state.underlying_of(shares).ok()?,
					debt: state.debt_of(position.scaled_debt).ok()?,
					collateral: position.collateral,
				})
			})
			.collect();
		let liquidity = Self::liquidity(&positions, &markets, crate::health::Unpriced::Refuse).ok();
		let health_factor = liquidity.as_ref().and_then(Liquidity::health_factor);
		AccountView { positions: views, liquidity, health_factor }
	}

	/// A market's balances and rates now; `None` for an unknown asset.
	pub fn market_view(asset: &T::AssetKind) -> Option<MarketView> {
		let market = Self::market_now(asset).ok()?;
		let state = &market.state;
		let utilization = state.utilization().ok()?;
		let borrow_rate = market.config.rate_model.borrow_rate(utilization);
		let supply_rate = supply_rate(borrow_rate, utilization, market.config.reserve_factor);
		let apy = |rate: FixedU128| {
			growth_factor(rate, SECONDS_PER_YEAR)
				.map(|factor| factor.saturating_sub(FixedU128::one()))
				.unwrap_or_default()
		};
		Some(MarketView {
			config: market.config,
			cash: state.cash,
			total_borrows: state.total_borrows().ok()?,
			reserves: state.reserves,
			total_supply: state.total_supply().ok()?,
			total_shares: state.total_shares,
			utilization,
			borrow_rate,
			supply_rate,
			borrow_apy: apy(borrow_rate),
			supply_apy: apy(supply_rate),
			exchange_rate: state.exchange_rate(),
			borrow_index: state.borrow_index,
		})
	}

	/// Every market, with its view.
	pub fn market_views() -> Vec<(T::AssetKind, MarketView)> {
		Markets::<T>::iter_keys()
			.filter_map(|asset| Self::market_view(&asset).map(|view| (asset, view)))
			.collect()
	}
}

//! What consumers ([`crate::PriceProvider`]) and clients (runtime API `OracleApi`) read.

use crate::{
	is_fresh, pallet::*, AssetPriceInfo, AssetStateOf, Moment, PriceError, PriceInfo, PriceStatus,
	ValidPrice,
};
use alloc::vec::Vec;

impl<T: Config> Pallet<T> {
	/// The price consumers may use, or why not.
	pub fn valid_price(asset: &T::AssetKind) -> Result<ValidPrice, PriceError> {
		Self::valid_price_and_decimals(asset).map(|(price, _)| price)
	}

	/// The price consumers may use with the asset's decimals snapshot, or why not.
	pub(crate) fn valid_price_and_decimals(
		asset: &T::AssetKind,
	) -> Result<(ValidPrice, u8), PriceError> {
		let state = Assets::<T>::get(asset).ok_or(PriceError::NoPrice)?;
		Ok((Self::valid_price_of(&state, Self::now())?, state.decimals))
	}

	/// The price consumers may use from an asset's state at `now`, or why not: not locked,
	/// not frozen, fed (not a reference price) and every feed behind it still fresh.
	fn valid_price_of(state: &AssetStateOf<T>, now: Moment) -> Result<ValidPrice, PriceError> {
		if state.locked {
			return Err(PriceError::Locked);
		}
		if state.frozen.is_some() {
			return Err(PriceError::Frozen);
		}
		let combined = state.price.ok_or(PriceError::NoPrice)?;
		if !combined.is_fed() || !is_fresh(combined.at, now, state.config.max_age) {
			return Err(PriceError::Stale);
		}
		Ok(ValidPrice { price: combined.price, at: combined.at })
	}

	/// Everything a client wants to know of an asset's price (runtime API).
	pub fn price_info(asset: &T::AssetKind) -> PriceInfo {
		let Some(state) = Assets::<T>::get(asset) else {
			return PriceInfo {
				price: None,
				at: None,
				age: None,
				status: PriceStatus::NotConfigured,
				fresh_feeders: 0,
				held_back: None,
				held_since: None,
			};
		};
		let now = Self::now();
		let status = match Self::valid_price_of(&state, now) {
			Ok(_) => PriceStatus::Fresh,
			Err(PriceError::Locked) => PriceStatus::Locked,
			Err(PriceError::Frozen) => PriceStatus::Frozen,
			Err(PriceError::Stale) => PriceStatus::Stale,
			Err(_) => PriceStatus::NoPrice,
		};
		PriceInfo {
			price: state.price.map(|c| c.price),
			at: state.price.map(|c| c.at),
			age: state.price.map(|c| now.saturating_sub(c.at)),
			status,
			fresh_feeders: state.fresh_feeds(now).count() as u32,
			held_back: state.frozen.map(|f| f.held_back),
			held_since: state.frozen.map(|f| f.since),
		}
	}

	/// Every configured asset with its [`PriceInfo`] (bounded by `MaxAssets`).
	pub fn price_infos() -> Vec<AssetPriceInfo<T::AssetKind>> {
		Assets::<T>::iter_keys()
			.map(|asset| {
				let info = Self::price_info(&asset);
				AssetPriceInfo { asset, info }
			})
			.collect()
	}
}

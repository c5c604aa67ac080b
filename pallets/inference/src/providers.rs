//! Providers: a held stake, offers kept in each model's sorted list, pause, unbonding.

use crate::{pallet::*, types::*};
use frame_support::{ensure, pallet_prelude::*, BoundedBTreeMap};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	/// Checks a provider's offers (live models, no duplicates, non-zero prices) and returns
	/// them as a map.
	fn checked_offers(
		offers: &OffersOf<T>,
	) -> Result<BoundedBTreeMap<ModelId, Balance, T::MaxModelsPerProvider>, DispatchError> {
		let mut map = BoundedBTreeMap::new();
		for ModelOffer { model, price } in offers.iter().copied() {
			let record = Models::<T>::get(model).ok_or(Error::<T>::ModelNotFound)?;
			ensure!(!record.retired, Error::<T>::ModelRetired);
			ensure!(price > 0, Error::<T>::ZeroPrice);
			ensure!(!map.contains_key(&model), Error::<T>::DuplicateOffer);
			map.try_insert(model, price).map_err(|_| Error::<T>::TooManyOffers)?;
		}
		Ok(map)
	}

	/// Adds `provider`'s offer at `price` to `model`'s list, keeping it sorted by price then
	/// provider.
	fn list_offer(model: ModelId, price: Balance, provider: &T::AccountId) -> DispatchResult {
		Offers::<T>::try_mutate(model, |offers| {
			let at = offers
				.binary_search_by(|o| (o.price, &o.provider).cmp(&(price, provider)))
				.unwrap_or_else(|at| at);
			let offer = Offer { provider: provider.clone(), price };
			offers.try_insert(at, offer).map_err(|_| Error::<T>::TooManyOffers.into())
		})
	}

	/// Removes `provider`'s offer from `model`'s list.
	fn delist_offer(model: ModelId, provider: &T::AccountId) {
		Offers::<T>::mutate(model, |offers| offers.retain(|o| &o.provider != provider));
	}

	fn checked_capacity(capacity: u32, open_jobs: usize) -> DispatchResult {
		ensure!(
			capacity > 0 && capacity <= T::MaxCapacity::get() && capacity as usize >= open_jobs,
			Error::<T>::InvalidCapacity
		);
		Ok(())
	}

	pub(crate) fn do_register_provider(
		provider: T::AccountId,
		stake: Balance,
		offers: OffersOf<T>,
		capacity: u32,
		endpoint: TextOf<T>,
	) -> DispatchResult {
		ensure!(!Providers::<T>::contains_key(&provider), Error::<T>::AlreadyProvider);
		ensure!(stake >= T::MinProviderStake::get(), Error::<T>::StakeTooLow);
		Self::checked_capacity(capacity, 0)?;
		let models = Self::checked_offers(&offers)?;
		for (model, price) in models.iter() {
			Self::list_offer(*model, *price, &provider)?;
		}
		Self::hold_stake(&provider, stake)?;
		Providers::<T>::insert(
			&provider,
			ProviderOf::<T> {
				stake,
				endpoint,
				capacity,
				models,
				jobs: Default::default(),
				paused: false,
				unbonding_until: None,
				reputation: Reputation::default(),
			},
		);
		Self::deposit_event(Event::ProviderRegistered { provider, stake });
		Ok(())
	}

	/// The provider record of `who`, refused while unbonding.
	fn active_provider(who: &T::AccountId) -> Result<ProviderOf<T>, DispatchError> {
		let record = Providers::<T>::get(who).ok_or(Error::<T>::NotProvider)?;
		ensure!(record.unbonding_until.is_none(), Error::<T>::Unbonding);
		Ok(record)
	}

	pub(crate) fn do_update_provider(
		provider: T::AccountId,
		offers: OffersOf<T>,
		capacity: u32,
		endpoint: TextOf<T>,
	) -> DispatchResult {
		let mut record = Self::active_provider(&provider)?;
		Self::checked_capacity(capacity, record.jobs.len())?;
		let models = Self::checked_offers(&offers)?;
		for model in record.models.keys() {
			Self::delist_offer(*model, &provider);
		}
		if !record.paused {
			for (model, price) in models.iter() {
				Self::list_offer(*model, *price, &provider)?;
			}
		}
		record.models = models;
		record.capacity = capacity;
		record.endpoint = endpoint;
		Providers::<T>::insert(&provider, record);
		Self::deposit_event(Event::ProviderUpdated { provider });
		Ok(())
	}

	/// Pausing takes the provider's offers out of its models' lists (so paused providers never
	/// crowd the offers matching reads); resuming puts them back.
	pub(crate) fn do_set_paused(provider: T::AccountId, paused: bool) -> DispatchResult {
		let mut record = Self::active_provider(&provider)?;
		ensure!(record.paused != paused, Error::<T>::PauseUnchanged);
		for (model, price) in record.models.iter() {
			if paused {
				Self::delist_offer(*model, &provider);
			} else {
				Self::list_offer(*model, *price, &provider)?;
			}
		}
		record.paused = paused;
		Providers::<T>::insert(&provider, record);
		Self::deposit_event(Event::ProviderPaused { provider, paused });
		Ok(())
	}

	pub(crate) fn do_unregister(provider: T::AccountId) -> DispatchResult {
		let mut record = Self::active_provider(&provider)?;
		ensure!(record.jobs.is_empty(), Error::<T>::HasOpenJobs);
		for model in record.models.keys() {
			Self::delist_offer(*model, &provider);
		}
		let until =
			frame_system::Pallet::<T>::block_number().saturating_add(T::UnbondingPeriod::get());
		record.unbonding_until = Some(until);
		Providers::<T>::insert(&provider, record);
		Self::deposit_event(Event::ProviderUnregistered { provider, until });
		Ok(())
	}

	pub(crate) fn do_withdraw_stake(provider: T::AccountId) -> DispatchResult {
		let record = Providers::<T>::get(&provider).ok_or(Error::<T>::NotProvider)?;
		let now: BlockNumberFor<T> = frame_system::Pallet::<T>::block_number();
		ensure!(
			record.unbonding_until.is_some_and(|until| now >= until) && record.jobs.is_empty(),
			Error::<T>::StillBonded
		);
		let amount = Self::release_stake(&provider, record.stake)?;
		Providers::<T>::remove(&provider);
		Self::deposit_event(Event::StakeWithdrawn { provider, amount });
		Ok(())
	}
}

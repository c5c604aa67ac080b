//! Providers: a held stake and offer deposit, offers kept in each model's sorted list while the
//! provider can serve, pause, unbonding.

use crate::{pallet::*, types::*};
use frame_support::{ensure, pallet_prelude::*, BoundedBTreeMap};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Saturating;

/// Whether a listing that does not fit is an error (a provider's own call) or skipped (a
/// listing refreshed because a job freed capacity).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Listing {
	Strict,
	BestEffort,
}

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

	/// Whether `record` is in the market: not paused or unbonding, staked.
	pub(crate) fn is_active(record: &ProviderOf<T>) -> bool {
		!record.paused
			&& record.unbonding_until.is_none()
			&& record.stake >= T::MinProviderStake::get()
	}

	/// Whether `record` can take a job now: active, with free capacity. Only such providers
	/// are listed.
	pub(crate) fn can_serve(record: &ProviderOf<T>) -> bool {
		Self::is_active(record) && (record.jobs.len() as u32) < record.capacity
	}

	/// Adds `offer` to `model`'s list in order. A full list takes it only if it sorts before
	/// the last offer, which leaves the list; otherwise `TooManyOffers`.
	fn list_offer(model: ModelId, offer: Offer<T::AccountId>) -> DispatchResult {
		Offers::<T>::try_mutate(model, |offers| {
			let at = offers.binary_search_by(|o| o.key().cmp(&offer.key())).unwrap_or_else(|at| at);
			if offers.is_full() {
				ensure!(at < offers.len(), Error::<T>::TooManyOffers);
				offers.pop();
			}
			offers.try_insert(at, offer).map_err(|_| Error::<T>::TooManyOffers.into())
		})
	}

	/// Removes `provider`'s offer from `model`'s list.
	fn delist_offer(model: ModelId, provider: &T::AccountId) {
		Offers::<T>::mutate_exists(model, |offers| {
			if let Some(list) = offers {
				list.retain(|o| &o.provider != provider);
				if list.is_empty() {
					*offers = None;
				}
			}
		});
	}

	/// Takes `provider`'s offers out of every list, then lists them again if it can serve now
	/// (and the model still takes jobs). `Listing::Strict` fails when a list refuses it.
	pub(crate) fn refresh_offers(
		provider: &T::AccountId,
		record: &ProviderOf<T>,
		listing: Listing,
	) -> DispatchResult {
		for model in record.models.keys() {
			Self::delist_offer(*model, provider);
		}
		if !Self::can_serve(record) {
			return Ok(());
		}
		for (model, price) in record.models.iter() {
			if Models::<T>::get(model).is_none_or(|m| m.retired) {
				continue;
			}
			let offer = Offer { provider: provider.clone(), price: *price, stake: record.stake };
			if let (Err(e), Listing::Strict) = (Self::list_offer(*model, offer), listing) {
				return Err(e);
			}
		}
		Ok(())
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
		let mut record = ProviderOf::<T> {
			stake,
			offer_deposit: 0,
			endpoint,
			capacity,
			models,
			jobs: Default::default(),
			paused: false,
			unbonding_until: None,
			reputation: Reputation::default(),
		};
		Self::refresh_offers(&provider, &record, Listing::Strict)?;
		Self::hold_stake(&provider, stake)?;
		Self::adjust_offer_deposit(&provider, &mut record)?;
		Providers::<T>::insert(&provider, record);
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
		record.models = models;
		record.capacity = capacity;
		record.endpoint = endpoint;
		Self::refresh_offers(&provider, &record, Listing::Strict)?;
		Self::adjust_offer_deposit(&provider, &mut record)?;
		Providers::<T>::insert(&provider, record);
		Self::deposit_event(Event::ProviderUpdated { provider });
		Ok(())
	}

	/// Pausing takes the provider's offers out of its models' lists; resuming puts them back.
	pub(crate) fn do_set_paused(provider: T::AccountId, paused: bool) -> DispatchResult {
		let mut record = Self::active_provider(&provider)?;
		ensure!(record.paused != paused, Error::<T>::PauseUnchanged);
		ensure!(paused || !Suspended::<T>::contains_key(&provider), Error::<T>::ProviderSuspended);
		record.paused = paused;
		Self::refresh_offers(&provider, &record, Listing::Strict)?;
		Providers::<T>::insert(&provider, record);
		Self::deposit_event(Event::ProviderPaused { provider, paused });
		Ok(())
	}

	pub(crate) fn do_suspend(provider: T::AccountId) -> DispatchResult {
		let mut record = Providers::<T>::get(&provider).ok_or(Error::<T>::NotProvider)?;
		ensure!(!Suspended::<T>::contains_key(&provider), Error::<T>::AlreadySuspended);
		if !record.paused {
			record.paused = true;
			Self::refresh_offers(&provider, &record, Listing::Strict)?;
			Providers::<T>::insert(&provider, record);
			Self::deposit_event(Event::ProviderPaused { provider: provider.clone(), paused: true });
		}
		Suspended::<T>::insert(&provider, ());
		Self::deposit_event(Event::ProviderSuspended { provider });
		Ok(())
	}

	pub(crate) fn do_unregister(provider: T::AccountId) -> DispatchResult {
		let mut record = Self::active_provider(&provider)?;
		ensure!(record.jobs.is_empty(), Error::<T>::HasOpenJobs);
		let until =
			frame_system::Pallet::<T>::block_number().saturating_add(T::UnbondingPeriod::get());
		record.unbonding_until = Some(until);
		Self::refresh_offers(&provider, &record, Listing::Strict)?;
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
		let amount = Self::release_stake(&provider, &record)?;
		Providers::<T>::remove(&provider);
		Suspended::<T>::remove(&provider);
		Self::deposit_event(Event::StakeWithdrawn { provider, amount });
		Ok(())
	}
}

//! Models: registration in an allowed asset with a held deposit, owner updates (a royalty rise
//! waits `RoyaltyDelay`), retirement and removal; the market's allowed payment assets.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, fungibles::Inspect, tokens::Precision},
};
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_set_payment_asset(asset: T::AssetKind, allowed: bool) -> DispatchResult {
		ensure!(T::Assets::asset_exists(asset.clone()), Error::<T>::UnknownAsset);
		if allowed {
			PaymentAssets::<T>::insert(&asset, ());
		} else {
			PaymentAssets::<T>::remove(&asset);
		}
		Self::deposit_event(Event::PaymentAssetSet { asset, allowed });
		Ok(())
	}

	pub(crate) fn do_register_model(
		owner: T::AccountId,
		info: ModelInfoOf<T>,
		royalty: Balance,
		asset: T::AssetKind,
	) -> DispatchResult {
		ensure!(PaymentAssets::<T>::contains_key(&asset), Error::<T>::AssetNotAllowed);
		let model = NextModelId::<T>::get();
		let next = model.checked_add(1).ok_or(sp_runtime::ArithmeticError::Overflow)?;
		let deposit = T::ModelDeposit::get();
		T::Currency::hold(&HoldReason::ModelDeposit.into(), &owner, deposit)?;
		NextModelId::<T>::put(next);
		Models::<T>::insert(
			model,
			ModelOf::<T> {
				owner: owner.clone(),
				info,
				royalty,
				pending_royalty: None,
				asset,
				deposit,
				retired: false,
				open_jobs: 0,
			},
		);
		Self::deposit_event(Event::ModelRegistered { model, owner, deposit });
		Ok(())
	}

	/// The model `id` if `who` owns it.
	fn owned_model(who: &T::AccountId, id: ModelId) -> Result<ModelOf<T>, DispatchError> {
		let model = Models::<T>::get(id).ok_or(Error::<T>::ModelNotFound)?;
		ensure!(&model.owner == who, Error::<T>::NotModelOwner);
		Ok(model)
	}

	pub(crate) fn do_update_model(
		owner: T::AccountId,
		id: ModelId,
		info: ModelInfoOf<T>,
		royalty: Balance,
	) -> DispatchResult {
		let mut model = Self::owned_model(&owner, id)?;
		ensure!(!model.retired, Error::<T>::ModelRetired);
		ensure!(info.weights_hash == model.info.weights_hash, Error::<T>::WeightsChanged);
		let now = Self::now();
		// A matured rise becomes the royalty; a new rise waits, a cut (or no change) applies
		// at once and drops any rise still waiting.
		model.royalty = model.royalty_at(now);
		let royalty_from = if royalty > model.royalty {
			let from = now.saturating_add(T::RoyaltyDelay::get());
			model.pending_royalty = Some(PendingRoyalty { royalty, from });
			from
		} else {
			model.royalty = royalty;
			model.pending_royalty = None;
			now
		};
		model.info = info;
		Models::<T>::insert(id, model);
		Self::deposit_event(Event::ModelUpdated { model: id, royalty, royalty_from });
		Ok(())
	}

	pub(crate) fn do_retire_model(owner: T::AccountId, id: ModelId) -> DispatchResult {
		let mut model = Self::owned_model(&owner, id)?;
		ensure!(!model.retired, Error::<T>::ModelRetired);
		model.retired = true;
		Models::<T>::insert(id, model);
		Offers::<T>::remove(id);
		Self::deposit_event(Event::ModelRetired { model: id });
		Ok(())
	}

	pub(crate) fn do_remove_model(owner: T::AccountId, id: ModelId) -> DispatchResult {
		let model = Self::owned_model(&owner, id)?;
		ensure!(model.retired && model.open_jobs == 0, Error::<T>::ModelInUse);
		let deposit = T::Currency::release(
			&HoldReason::ModelDeposit.into(),
			&owner,
			model.deposit,
			Precision::Exact,
		)?;
		Models::<T>::remove(id);
		Self::deposit_event(Event::ModelRemoved { model: id, deposit });
		Ok(())
	}
}

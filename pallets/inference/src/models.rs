//! Models: registration with a held deposit, owner updates, retirement.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, fungibles::Inspect},
};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_register_model(
		owner: T::AccountId,
		info: ModelInfoOf<T>,
		royalty: Balance,
		asset: T::AssetKind,
	) -> DispatchResult {
		ensure!(T::Assets::asset_exists(asset.clone()), Error::<T>::UnknownAsset);
		let model = NextModelId::<T>::get();
		let next = model.checked_add(1).ok_or(sp_runtime::ArithmeticError::Overflow)?;
		let deposit = T::ModelDeposit::get();
		T::Currency::hold(&HoldReason::ModelDeposit.into(), &owner, deposit)?;
		NextModelId::<T>::put(next);
		Models::<T>::insert(
			model,
			ModelOf::<T> { owner: owner.clone(), info, royalty, asset, deposit, retired: false },
		);
		Self::deposit_event(Event::ModelRegistered { model, owner, deposit });
		Ok(())
	}

	/// The model `id` if `who` owns it and it is not retired.
	fn owned_live_model(who: &T::AccountId, id: ModelId) -> Result<ModelOf<T>, DispatchError> {
		let model = Models::<T>::get(id).ok_or(Error::<T>::ModelNotFound)?;
		ensure!(&model.owner == who, Error::<T>::NotModelOwner);
		ensure!(!model.retired, Error::<T>::ModelRetired);
		Ok(model)
	}

	pub(crate) fn do_update_model(
		owner: T::AccountId,
		id: ModelId,
		info: ModelInfoOf<T>,
		royalty: Balance,
	) -> DispatchResult {
		let mut model = Self::owned_live_model(&owner, id)?;
		ensure!(info.weights_hash == model.info.weights_hash, Error::<T>::WeightsChanged);
		model.info = info;
		model.royalty = royalty;
		Models::<T>::insert(id, model);
		Self::deposit_event(Event::ModelUpdated { model: id });
		Ok(())
	}

	pub(crate) fn do_retire_model(owner: T::AccountId, id: ModelId) -> DispatchResult {
		let mut model = Self::owned_live_model(&owner, id)?;
		model.retired = true;
		Models::<T>::insert(id, model);
		Self::deposit_event(Event::ModelRetired { model: id });
		Ok(())
	}
}

//! Models: registration with a held deposit, owner updates, retirement.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, fungibles::Inspect},
};
use sp_core::H256;

impl<T: Config> Pallet<T> {
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_register_model(
		owner: T::AccountId,
		name: TextOf<T>,
		weights_hash: H256,
		uri: UriOf<T>,
		input_format: TextOf<T>,
		output_format: TextOf<T>,
		royalty: Balance,
		asset: T::AssetKind,
	) -> DispatchResult {
		ensure!(T::Assets::asset_exists(asset.clone()), Error::<T>::UnknownAsset);
		let deposit = T::ModelDeposit::get();
		T::Currency::hold(&HoldReason::ModelDeposit.into(), &owner, deposit)?;
		let model = NextModelId::<T>::get();
		NextModelId::<T>::put(model.checked_add(1).ok_or(sp_runtime::ArithmeticError::Overflow)?);
		Models::<T>::insert(
			model,
			ModelOf::<T> {
				owner: owner.clone(),
				name,
				weights_hash,
				uri,
				input_format,
				output_format,
				royalty,
				asset,
				deposit,
				retired: false,
			},
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
		uri: UriOf<T>,
		input_format: TextOf<T>,
		output_format: TextOf<T>,
		royalty: Balance,
	) -> DispatchResult {
		let mut model = Self::owned_live_model(&owner, id)?;
		model.uri = uri;
		model.input_format = input_format;
		model.output_format = output_format;
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

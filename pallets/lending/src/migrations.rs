//! Storage migrations.

use crate::{pallet::*, types::*, Market, MarketConfig};
use codec::Decode;
use core::marker::PhantomData;
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};
use sp_runtime::Permill;

/// Version 2: every market's configuration gains `max_slippage`, the bound on the DEX trades
/// the pallet makes (one-call leverage, liquidations through the DEX). Markets stored before
/// get [`v2::DEFAULT_MAX_SLIPPAGE`].
pub mod v2 {
	use super::*;

	/// The DEX bound given to markets configured before it existed: 3%.
	pub const DEFAULT_MAX_SLIPPAGE: Permill = Permill::from_percent(3);

	/// A market configuration as version 1 stored it.
	#[derive(Decode)]
	pub struct OldMarketConfig {
		collateral_factor: Permill,
		liquidation_threshold: Permill,
		liquidation_bonus: Permill,
		protocol_liquidation_share: Permill,
		reserve_factor: Permill,
		close_factor: Permill,
		supply_cap: Balance,
		borrow_cap: Balance,
		flash_loan_fee: Permill,
		min_borrow: Balance,
		rate_model: RateModel,
		paused: PauseFlags,
	}

	/// A market as version 1 stored it.
	#[derive(Decode)]
	pub struct OldMarket {
		config: OldMarketConfig,
		state: MarketState,
	}

	impl OldMarket {
		fn upgraded(self) -> Market {
			let c = self.config;
			Market {
				config: MarketConfig {
					collateral_factor: c.collateral_factor,
					liquidation_threshold: c.liquidation_threshold,
					liquidation_bonus: c.liquidation_bonus,
					protocol_liquidation_share: c.protocol_liquidation_share,
					reserve_factor: c.reserve_factor,
					close_factor: c.close_factor,
					supply_cap: c.supply_cap,
					borrow_cap: c.borrow_cap,
					flash_loan_fee: c.flash_loan_fee,
					min_borrow: c.min_borrow,
					rate_model: c.rate_model,
					paused: c.paused,
					max_slippage: DEFAULT_MAX_SLIPPAGE,
				},
				state: self.state,
			}
		}
	}

	/// Rewrites every market with the new field.
	pub struct AddMaxSlippage<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for AddMaxSlippage<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut markets = 0u64;
			Markets::<T>::translate::<OldMarket, _>(|_, old| {
				markets = markets.saturating_add(1);
				Some(old.upgraded())
			});
			T::DbWeight::get().reads_writes(markets, markets)
		}
	}

	/// The migration from version 1 to 2, run once (the storage version guards it).
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		AddMaxSlippage<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

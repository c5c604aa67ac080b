//! The oracle: feeders and admin are root (sudo on dev; governance later), a median of at
//! least two fresh feeds, asset decimals from `pallet-assets` metadata.

use crate::{AssetKind, Runtime, Timestamp};
use frame_support::{parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;

use super::TrustBackedAssetsInstance;

/// Decimals of LEV (12) and of `pallet-assets` assets (from their metadata; none without it).
pub struct AssetDecimalsFromMetadata;
impl pallet_lever_oracle::AssetDecimals<AssetKind> for AssetDecimalsFromMetadata {
	fn decimals(asset: &AssetKind) -> Option<u8> {
		match asset {
			AssetKind::Native => Some(crate::LEV_DECIMALS),
			AssetKind::WithId(id) => {
				pallet_assets::Metadata::<Runtime, TrustBackedAssetsInstance>::try_get(id)
					.ok()
					.map(|metadata| metadata.decimals)
			},
		}
	}
}

parameter_types! {
	/// Fresh feeds needed to form a price: one feeder alone never sets a price.
	pub const OracleMinFeeders: u32 = 2;
}

/// The oracle pallet.
impl pallet_lever_oracle::Config for Runtime {
	type AssetKind = AssetKind;
	type Time = Timestamp;
	type Decimals = AssetDecimalsFromMetadata;
	type FeederOrigin = EnsureRoot<crate::AccountId>;
	type AdminOrigin = EnsureRoot<crate::AccountId>;
	type MaxFeeders = ConstU32<16>;
	type MinFeeders = OracleMinFeeders;
	type MaxBatch = ConstU32<16>;
	type MaxAssets = ConstU32<32>;
	type WeightInfo = pallet_lever_oracle::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = OracleBenchmarkHelper;
}

/// Benchmark assets: `pallet-assets` assets 1000 + i, created with metadata on demand.
#[cfg(feature = "runtime-benchmarks")]
pub struct OracleBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_lever_oracle::traits::BenchmarkHelper<AssetKind> for OracleBenchmarkHelper {
	fn asset(i: u32) -> AssetKind {
		use frame_support::traits::{
			fungible::Mutate as _,
			fungibles::{metadata::Mutate as _, Create, Inspect as _},
		};
		let id = 1_000 + i;
		if !crate::Assets::asset_exists(id) {
			let owner: crate::AccountId = frame_benchmarking::account("asset-owner", 0, 0);
			crate::Balances::set_balance(&owner, 1_000 * crate::UNIT);
			<crate::Assets as Create<_>>::create(id, owner.clone(), true, 1)
				.expect("a new asset id");
			crate::Assets::set(id, &owner, b"bench".to_vec(), b"BNCH".to_vec(), 12)
				.expect("the owner pays the metadata deposit");
		}
		AssetKind::WithId(id)
	}
}

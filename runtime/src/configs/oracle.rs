//! The oracle: feeders and admin are root (sudo on dev; governance later), a quorum of three
//! fresh feeds (`2f + 1` for one faulty feeder), and listing that snapshots an asset's decimals
//! and refuses `pallet-assets` assets that are not live or whose roles are not held by the
//! chain's governance account.

use crate::{AccountId, AssetKind, Runtime, Timestamp};
use frame_support::{parameter_types, traits::ConstU32};
use pallet_lever_oracle::ListingRefusal;

use super::TrustBackedAssetsInstance;

/// Whether `who` is an account only governance acts as, the only ones trusted to hold a listed
/// asset's roles: the keyless [`GovernanceAccount`](super::GovernanceAccount) (root acts as
/// it with `utility.dispatch_as`), or the sudo key where there is one (on dev, Alice, who also
/// created the test assets).
pub fn is_governance(who: &AccountId) -> bool {
	*who == super::GovernanceAccount::get()
		|| pallet_sudo::Key::<Runtime>::get().as_ref() == Some(who)
}

/// Listing for the oracle: LEV (12 decimals) always; a `pallet-assets` asset when it is live,
/// has metadata, and its owner, issuer, admin and freezer are all the governance account (so
/// nobody else can change its decimals, mint it, burn or move balances, or freeze a pool).
pub struct OracleListing;
impl pallet_lever_oracle::AssetListing<AssetKind> for OracleListing {
	fn check_listing(asset: &AssetKind) -> Result<u8, ListingRefusal> {
		let id = match asset {
			AssetKind::Native => return Ok(crate::LEV_DECIMALS),
			AssetKind::WithId(id) => id,
		};
		let details = pallet_assets::Asset::<Runtime, TrustBackedAssetsInstance>::get(id)
			.ok_or(ListingRefusal::UnknownDecimals)?;
		if details.status != pallet_assets::AssetStatus::Live {
			return Err(ListingRefusal::NotLive);
		}
		let roles = [&details.owner, &details.issuer, &details.admin, &details.freezer];
		if !roles.into_iter().all(is_governance) {
			return Err(ListingRefusal::UntrustedRole);
		}
		pallet_assets::Metadata::<Runtime, TrustBackedAssetsInstance>::try_get(id)
			.map(|metadata| metadata.decimals)
			.map_err(|_| ListingRefusal::UnknownDecimals)
	}
}

parameter_types! {
	/// Fresh feeds needed to form a price: `2f + 1` for `f = 1`, so one faulty feeder never
	/// steers a price. The dev chain runs four feeders so that one quiet feeder keeps prices live.
	pub const OracleMinFeeders: u32 = 3;
}

/// The oracle pallet.
impl pallet_lever_oracle::Config for Runtime {
	type AssetKind = AssetKind;
	type Time = Timestamp;
	type Listing = OracleListing;
	type FeederOrigin = super::RiskOrigin;
	type AdminOrigin = super::RiskOrigin;
	type EmergencyOrigin = super::EmergencyOrigin;
	type PriceConsumers = LendingMarkets;
	type MaxFeeders = ConstU32<16>;
	type MinFeeders = OracleMinFeeders;
	type MaxBatch = ConstU32<16>;
	type MaxAssets = ConstU32<32>;
	type WeightInfo = pallet_lever_oracle::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = OracleBenchmarkHelper;
}

/// Benchmark assets: `pallet-assets` assets 1000 + i, created with metadata on demand and owned
/// by the governance account (made so if the chain has none), so that they can be listed.
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
			let owner = pallet_sudo::Key::<Runtime>::get().unwrap_or_else(|| {
				let owner: AccountId = frame_benchmarking::account("asset-owner", 0, 0);
				pallet_sudo::Key::<Runtime>::put(&owner);
				owner
			});
			crate::Balances::set_balance(&owner, 1_000_000 * crate::UNIT);
			<crate::Assets as Create<_>>::create(id, owner.clone(), true, 1)
				.expect("a new asset id");
			crate::Assets::set(id, &owner, b"bench".to_vec(), b"BNCH".to_vec(), 12)
				.expect("the owner pays the metadata deposit");
		}
		AssetKind::WithId(id)
	}
}

/// The oracle's price consumers: every asset with a lending market (its collateral and debt are
/// valued at the oracle's price), which the oracle's admin therefore cannot remove.
pub struct LendingMarkets;
impl frame_support::traits::Contains<AssetKind> for LendingMarkets {
	fn contains(asset: &AssetKind) -> bool {
		pallet_lever_lending::Markets::<Runtime>::contains_key(asset)
	}
}

//! Governance wiring: each pallet origin accepts exactly the tracks (and the council) meant for
//! it; the tracks map origins to ids and run the preset's periods; the council sits at genesis;
//! the local testnet has no sudo.

use crate::common::new_test_ext;
use frame_support::traits::{EnsureOrigin, OriginTrait};
use lever_runtime::{
	configs::{ArbiterOrigin, EmergencyOrigin, RiskOrigin, TreasuryOrigin},
	governance::{pallet_custom_origins::Origin as Track, tracks::TracksInfo},
	AccountId, OriginCaller, Runtime, RuntimeOrigin,
};
use pallet_referenda::TracksInfo as _;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave};

/// Every origin a call can come with, by name.
fn origins() -> Vec<(&'static str, RuntimeOrigin)> {
	let council = |yes: u32, of: u32| {
		RuntimeOrigin::from(
			pallet_collective::RawOrigin::<AccountId, pallet_collective::Instance1>::Members(
				yes, of,
			),
		)
	};
	vec![
		("root", RuntimeOrigin::root()),
		("risk track", Track::RiskAdmin.into()),
		("treasury track", Track::Treasurer.into()),
		("arbitration track", Track::Arbiter.into()),
		("council 2 of 3", council(2, 3)),
		("council 1 of 3", council(1, 3)),
		(
			"council member",
			RuntimeOrigin::from(pallet_collective::RawOrigin::<
				AccountId,
				pallet_collective::Instance1,
			>::Member(Alice.to_account_id())),
		),
		("signed", RuntimeOrigin::signed(Alice.to_account_id())),
		("none", RuntimeOrigin::none()),
	]
}

/// The names of the origins `O` accepts.
fn accepted<O: EnsureOrigin<RuntimeOrigin>>() -> Vec<&'static str> {
	origins()
		.into_iter()
		.filter(|(_, o)| O::try_origin(o.clone()).is_ok())
		.map(|(n, _)| n)
		.collect()
}

#[test]
fn each_pallet_origin_accepts_exactly_its_tracks() {
	// Market parameters, oracle feeders and configuration, inference payment assets.
	assert_eq!(accepted::<RiskOrigin>(), ["root", "risk track"]);
	// Lending reserves and treasury spends.
	assert_eq!(accepted::<TreasuryOrigin>(), ["root", "treasury track"]);
	// Inference disputes and lifting a suspension.
	assert_eq!(accepted::<ArbiterOrigin>(), ["root", "arbitration track"]);
	// Emergencies (pause a market, lock a price, suspend a provider): also half the council.
	assert_eq!(accepted::<EmergencyOrigin>(), ["root", "risk track", "council 2 of 3"]);
}

#[test]
fn the_pallets_are_configured_with_those_origins() {
	use core::any::TypeId;
	fn same<A: 'static, B: 'static>() -> bool {
		TypeId::of::<A>() == TypeId::of::<B>()
	}
	type Lending = <Runtime as pallet_lever_lending::Config>::MarketOrigin;
	assert!(same::<Lending, RiskOrigin>());
	assert!(same::<<Runtime as pallet_lever_lending::Config>::ReserveOrigin, TreasuryOrigin>());
	assert!(same::<<Runtime as pallet_lever_lending::Config>::EmergencyOrigin, EmergencyOrigin>());
	assert!(same::<<Runtime as pallet_lever_oracle::Config>::FeederOrigin, RiskOrigin>());
	assert!(same::<<Runtime as pallet_lever_oracle::Config>::AdminOrigin, RiskOrigin>());
	assert!(same::<<Runtime as pallet_lever_oracle::Config>::EmergencyOrigin, EmergencyOrigin>());
	assert!(same::<<Runtime as pallet_lever_inference::Config>::ArbiterOrigin, ArbiterOrigin>());
	assert!(same::<<Runtime as pallet_lever_inference::Config>::AssetOrigin, RiskOrigin>());
	assert!(same::<<Runtime as pallet_lever_inference::Config>::EmergencyOrigin, EmergencyOrigin>());
}

#[test]
fn tracks_map_origins_and_run_the_presets_periods() {
	let caller = |o: RuntimeOrigin| o.caller().clone();
	assert_eq!(TracksInfo::track_for(&caller(RuntimeOrigin::root())), Ok(0));
	assert_eq!(TracksInfo::track_for(&caller(Track::RiskAdmin.into())), Ok(1));
	assert_eq!(TracksInfo::track_for(&caller(Track::Treasurer.into())), Ok(2));
	assert_eq!(TracksInfo::track_for(&caller(Track::Arbiter.into())), Ok(3));
	let signed = OriginCaller::system(frame_system::RawOrigin::Signed(Alice.to_account_id()));
	assert_eq!(TracksInfo::track_for(&signed), Err(()));

	new_test_ext("development").execute_with(|| {
		assert!(TracksInfo::check_integrity().is_ok());
		let risk = TracksInfo::info(1).expect("the risk track exists");
		assert_eq!(
			(risk.decision_period, risk.confirm_period, risk.min_enactment_period),
			(20, 2, 2)
		);
	});
	new_test_ext("local_testnet").execute_with(|| {
		let risk = TracksInfo::info(1).expect("the risk track exists");
		assert_eq!(risk.decision_period, 7 * lever_runtime::DAYS);
		assert_eq!(risk.min_enactment_period, lever_runtime::DAYS, "a day's notice");
	});
}

#[test]
fn the_council_sits_at_genesis_and_only_the_dev_chain_has_sudo() {
	new_test_ext("development").execute_with(|| {
		let members = pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get();
		let mut expected =
			vec![Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id()];
		expected.sort();
		assert_eq!(members, expected);
		assert!(!members.contains(&Dave.to_account_id()));
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Alice.to_account_id()));
	});
	new_test_ext("local_testnet").execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None, "the local testnet runs without sudo");
	});
}

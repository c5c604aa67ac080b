//! Models and providers: registration, updates, pause, unregistering and unbonding.

use super::*;
use crate::{Error, HoldReason, ModelOffer, Models, Offer, Offers, Providers};

fn offer(provider: AccountId, price: u128) -> Offer<AccountId> {
	Offer { provider, price }
}
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use sp_core::H256;

#[test]
fn a_model_holds_its_deposit_and_only_its_owner_changes_it() {
	build_and_execute(|| {
		let free = lev(OWNER);
		let m = model(20);
		assert_eq!(lev(OWNER), free - MODEL_DEPOSIT);
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::ModelDeposit.into(), &OWNER),
			MODEL_DEPOSIT
		);
		assert!(events().contains(&Event::ModelRegistered {
			model: m,
			owner: OWNER,
			deposit: MODEL_DEPOSIT
		}));
		assert_noop!(
			Inference::update_model(signed(OTHER), m, info("x"), 1),
			Error::<Test>::NotModelOwner
		);
		let new_weights = crate::ModelInfo { weights_hash: H256::zero(), ..info("x") };
		assert_noop!(
			Inference::update_model(signed(OWNER), m, new_weights, 1),
			Error::<Test>::WeightsChanged
		);
		assert_ok!(Inference::update_model(signed(OWNER), m, info("ipfs://v2"), 30));
		assert_eq!(Models::<Test>::get(m).unwrap().info.uri, uri("ipfs://v2"));
		assert_eq!(Models::<Test>::get(m).unwrap().royalty, 30);
		assert_noop!(Inference::retire_model(signed(OTHER), m), Error::<Test>::NotModelOwner);
		assert_ok!(Inference::retire_model(signed(OWNER), m));
		assert_noop!(Inference::retire_model(signed(OWNER), m), Error::<Test>::ModelRetired);
		assert_noop!(
			Inference::update_model(signed(OWNER), m, info("x"), 1),
			Error::<Test>::ModelRetired
		);
		assert_noop!(Inference::retire_model(signed(OWNER), 99), Error::<Test>::ModelNotFound);
		assert_noop!(
			Inference::register_model(signed(OWNER), info("u"), 0, AssetKind::WithId(9)),
			Error::<Test>::UnknownAsset
		);
	});
}

#[test]
fn provider_registration_holds_the_stake_and_lists_offers_by_price() {
	build_and_execute(|| {
		let m = model(0);
		provider(P2, m, 120);
		provider(P1, m, 100);
		provider(P3, m, 100);
		assert_eq!(staked(P1), STAKE);
		let expected = vec![offer(P1, 100), offer(P3, 100), offer(P2, 120)];
		assert_eq!(Offers::<Test>::get(m).into_inner(), expected);
		assert_eq!(Inference::model_offers(m), expected);
		let retired = model(0);
		assert_ok!(Inference::retire_model(signed(OWNER), retired));
		assert_noop!(
			Inference::register_provider(signed(P1), STAKE, offers(m, 1), 1, text("e")),
			Error::<Test>::AlreadyProvider
		);
		for (stake, offers, capacity, error) in [
			(MIN_STAKE - 1, offers(m, 1), 1, Error::<Test>::StakeTooLow),
			(STAKE, offers(m, 1), 0, Error::<Test>::InvalidCapacity),
			(STAKE, offers(m, 1), 5, Error::<Test>::InvalidCapacity),
			(STAKE, offers(77, 1), 1, Error::<Test>::ModelNotFound),
			(STAKE, offers(retired, 1), 1, Error::<Test>::ModelRetired),
			(STAKE, offers(m, 0), 1, Error::<Test>::ZeroPrice),
			(
				STAKE,
				BoundedVec::truncate_from(vec![
					ModelOffer { model: m, price: 1 },
					ModelOffer { model: m, price: 2 },
				]),
				1,
				Error::<Test>::DuplicateOffer,
			),
		] {
			assert_noop!(
				Inference::register_provider(signed(P4), stake, offers, capacity, text("e")),
				error
			);
		}
		// The model's offer list is full at five.
		provider(P4, m, 130);
		provider(P5, m, 140);
		assert_noop!(
			Inference::register_provider(signed(OTHER), STAKE, offers(m, 1), 1, text("e")),
			Error::<Test>::TooManyOffers
		);
		// The stake must be free LEV.
		let other_model = model(0);
		assert_noop!(
			Inference::register_provider(
				signed(OTHER),
				2_000_000,
				offers(other_model, 1),
				1,
				text("e")
			),
			sp_runtime::TokenError::FundsUnavailable
		);
	});
}

#[test]
fn update_provider_replaces_offers_and_capacity() {
	build_and_execute(|| {
		let (a, b) = (model(0), model(0));
		provider(P1, a, 100);
		assert_ok!(Inference::update_provider(signed(P1), offers(b, 50), 3, text("https://new")));
		assert!(Offers::<Test>::get(a).is_empty());
		assert_eq!(Offers::<Test>::get(b).into_inner(), vec![offer(P1, 50)]);
		assert_eq!(Providers::<Test>::get(P1).unwrap().capacity, 3);
		assert!(events().contains(&Event::ProviderUpdated { provider: P1 }));
		assert_noop!(
			Inference::update_provider(signed(P2), offers(b, 50), 3, text("x")),
			Error::<Test>::NotProvider
		);
		// Capacity cannot drop below the open jobs.
		post(b, 60, 1);
		post(b, 60, 1);
		assert_noop!(
			Inference::update_provider(signed(P1), offers(b, 50), 1, text("x")),
			Error::<Test>::InvalidCapacity
		);
	});
}

#[test]
fn capacity_limits_concurrent_jobs() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		let first = post(m, 100, 1);
		let second = post(m, 100, 1);
		let third = post(m, 100, 1);
		assert_eq!(
			(assigned(first), assigned(second), assigned(third)),
			(vec![P1], vec![P1], vec![])
		);
		assert_noop!(Inference::claim(signed(P1), third), Error::<Test>::NotEligible);
	});
}

#[test]
fn pause_and_resume() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		assert_noop!(Inference::set_paused(signed(P1), false), Error::<Test>::PauseUnchanged);
		assert_ok!(Inference::set_paused(signed(P1), true));
		assert!(events().contains(&Event::ProviderPaused { provider: P1, paused: true }));
		assert!(Offers::<Test>::get(m).is_empty(), "a paused provider's offers leave the list");
		let job = post(m, 100, 1);
		assert_noop!(Inference::claim(signed(P1), job), Error::<Test>::NotEligible);
		assert_noop!(Inference::set_paused(signed(P2), true), Error::<Test>::NotProvider);
		// Offers changed while paused stay out of the lists until it resumes.
		assert_ok!(Inference::update_provider(signed(P1), offers(m, 90), 2, text("e")));
		assert!(Offers::<Test>::get(m).is_empty());
		// A list that filled up meanwhile refuses the resume.
		for who in [P2, P3, P4, P5, OTHER] {
			provider(who, m, 100);
		}
		assert_noop!(Inference::set_paused(signed(P1), false), Error::<Test>::TooManyOffers);
		assert_ok!(Inference::set_paused(signed(OTHER), true));
		assert_ok!(Inference::set_paused(signed(P1), false));
		assert_eq!(Offers::<Test>::get(m).first(), Some(&offer(P1, 90)));
	});
}

#[test]
fn unregistering_waits_for_open_jobs_and_the_unbonding_period() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		let job = post(m, 100, 1);
		assert_noop!(Inference::unregister(signed(P1)), Error::<Test>::HasOpenJobs);
		assert_ok!(Inference::submit_result(signed(P1), job, data(b"ok")));
		assert_ok!(Inference::dispute(signed(USER), job));
		assert_noop!(Inference::unregister(signed(P1)), Error::<Test>::HasOpenJobs);
		assert_ok!(Inference::resolve_dispute(RuntimeOrigin::root(), job, false));
		assert_noop!(Inference::withdraw_stake(signed(P1)), Error::<Test>::StillBonded);
		assert_ok!(Inference::unregister(signed(P1)));
		assert!(Offers::<Test>::get(m).is_empty(), "its offers are gone at once");
		assert_noop!(Inference::unregister(signed(P1)), Error::<Test>::Unbonding);
		assert_noop!(Inference::set_paused(signed(P1), true), Error::<Test>::Unbonding);
		run_blocks(UNBONDING - 1);
		assert_noop!(Inference::withdraw_stake(signed(P1)), Error::<Test>::StillBonded);
		run_blocks(1);
		let free = lev(P1);
		assert_ok!(Inference::withdraw_stake(signed(P1)));
		assert_eq!(lev(P1), free + STAKE);
		assert!(Providers::<Test>::get(P1).is_none());
		assert!(events().contains(&Event::StakeWithdrawn { provider: P1, amount: STAKE }));
		assert_noop!(Inference::withdraw_stake(signed(P1)), Error::<Test>::NotProvider);
	});
}

#[test]
fn a_slashed_provider_below_the_minimum_stake_is_not_matched() {
	build_and_execute(|| {
		let m = model(0);
		assert_ok!(Inference::register_provider(
			signed(P1),
			MIN_STAKE,
			offers(m, 100),
			2,
			text("e")
		));
		provider(P2, m, 110);
		let job = post(m, 110, 1);
		assert_eq!(assigned(job), vec![P1]);
		run_blocks(101);
		assert_ok!(Inference::expire(signed(OTHER), job));
		assert!(staked(P1) < MIN_STAKE);
		let next = post(m, 110, 1);
		assert_eq!(assigned(next), vec![P2]);
	});
}

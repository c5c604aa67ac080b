//! Models and providers: registration, updates, royalty delay, removal, pause, listing,
//! unregistering and unbonding.

use super::*;
use crate::{Error, HoldReason, ModelOffer, Models, Offer, Offers, Providers};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use sp_core::H256;

fn offer(provider: AccountId, price: u128) -> Offer<AccountId> {
	Offer { provider, price, stake: STAKE }
}

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
		assert_ok!(Inference::update_model(signed(OWNER), m, info("ipfs://v2"), 10));
		assert_eq!(Models::<Test>::get(m).unwrap().info.uri, uri("ipfs://v2"));
		assert_eq!(Models::<Test>::get(m).unwrap().royalty, 10, "a cut applies at once");
		assert_noop!(Inference::retire_model(signed(OTHER), m), Error::<Test>::NotModelOwner);
		assert_noop!(Inference::remove_model(signed(OWNER), m), Error::<Test>::ModelInUse);
		assert_ok!(Inference::retire_model(signed(OWNER), m));
		assert_noop!(Inference::retire_model(signed(OWNER), m), Error::<Test>::ModelRetired);
		assert_noop!(
			Inference::update_model(signed(OWNER), m, info("x"), 1),
			Error::<Test>::ModelRetired
		);
		assert_noop!(Inference::retire_model(signed(OWNER), 99), Error::<Test>::ModelNotFound);
		assert_noop!(Inference::remove_model(signed(OTHER), m), Error::<Test>::NotModelOwner);
		assert_ok!(Inference::remove_model(signed(OWNER), m));
		assert!(events().contains(&Event::ModelRemoved { model: m, deposit: MODEL_DEPOSIT }));
		assert_eq!(lev(OWNER), free, "the deposit comes back");
		assert!(Models::<Test>::get(m).is_none());
	});
}

#[test]
fn only_allowed_assets_pay_for_models() {
	build_and_execute(|| {
		assert_noop!(
			Inference::register_model(signed(OWNER), info("u"), 0, AssetKind::WithId(9)),
			Error::<Test>::AssetNotAllowed
		);
		assert_noop!(
			Inference::set_payment_asset(signed(OWNER), AssetKind::WithId(9), true),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Inference::set_payment_asset(RuntimeOrigin::root(), AssetKind::WithId(9), true),
			Error::<Test>::UnknownAsset
		);
		let m = model(0);
		assert_ok!(Inference::set_payment_asset(RuntimeOrigin::root(), USDT, false));
		assert!(events().contains(&Event::PaymentAssetSet { asset: USDT, allowed: false }));
		assert_noop!(
			Inference::post_job(signed(USER), terms(m, 100, 1), data(b"x"), anyone()),
			Error::<Test>::AssetNotAllowed
		);
		assert_ok!(Inference::set_payment_asset(RuntimeOrigin::root(), USDT, true));
		post(m, 100, 1);
	});
}

#[test]
fn provider_registration_holds_stake_and_deposits_and_lists_offers_in_order() {
	build_and_execute(|| {
		let m = model(0);
		provider(P2, m, 120);
		provider(P1, m, 100);
		provider(P3, m, 100);
		assert_eq!(staked(P1), STAKE);
		assert_eq!(offer_deposit(P1), OFFER_DEPOSIT);
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
		// The model's offer list is full at five: an offer that would sort last is refused.
		provider(P4, m, 130);
		provider(P5, m, 140);
		assert_noop!(
			Inference::register_provider(signed(OTHER), STAKE, offers(m, 200), 1, text("e")),
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
fn update_provider_replaces_offers_capacity_and_deposit() {
	build_and_execute(|| {
		let (a, b) = (model(0), model(0));
		provider(P1, a, 100);
		let two = BoundedVec::truncate_from(vec![
			ModelOffer { model: a, price: 90 },
			ModelOffer { model: b, price: 50 },
		]);
		assert_ok!(Inference::update_provider(signed(P1), two, 3, text("https://new")));
		assert_eq!(offer_deposit(P1), 2 * OFFER_DEPOSIT);
		assert_ok!(Inference::update_provider(signed(P1), offers(b, 50), 3, text("https://new")));
		assert_eq!(offer_deposit(P1), OFFER_DEPOSIT, "a dropped offer's deposit comes back");
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
fn a_provider_at_capacity_leaves_the_lists_until_a_job_closes() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		let first = post(m, 100, 1);
		let second = post(m, 100, 1);
		assert!(Offers::<Test>::get(m).is_empty(), "full: it cannot serve now");
		let third = post(m, 100, 1);
		assert_eq!(
			(assigned(first), assigned(second), assigned(third)),
			(vec![P1], vec![P1], vec![])
		);
		assert_noop!(Inference::claim(signed(P1), third), Error::<Test>::NotEligible);
		deliver(first, &[(P1, b"ok")]);
		run_blocks(CHALLENGE + 1);
		assert_ok!(Inference::finalize(signed(OTHER), first));
		assert_eq!(Offers::<Test>::get(m).into_inner(), vec![offer(P1, 100)], "relisted");
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
		// A list that filled up meanwhile takes the better offer: the last one leaves.
		for who in [P2, P3, P4, P5, OTHER] {
			provider(who, m, 100);
		}
		assert_ok!(Inference::set_paused(signed(P1), false));
		assert_eq!(Offers::<Test>::get(m).first(), Some(&offer(P1, 90)));
		assert!(!Offers::<Test>::get(m).iter().any(|o| o.provider == P5));
	});
}

#[test]
fn unregistering_waits_for_open_jobs_and_the_unbonding_period() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		let job = post(m, 100, 1);
		assert_noop!(Inference::unregister(signed(P1)), Error::<Test>::HasOpenJobs);
		deliver(job, &[(P1, b"ok")]);
		assert_ok!(Inference::dispute(signed(USER), job));
		assert_noop!(Inference::unregister(signed(P1)), Error::<Test>::HasOpenJobs);
		let ok = data(b"ok").content_hash();
		assert_ok!(Inference::resolve_dispute(RuntimeOrigin::root(), job, Some(ok)));
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
		assert_eq!(lev(P1), free + STAKE + OFFER_DEPOSIT);
		assert!(Providers::<Test>::get(P1).is_none());
		assert!(events()
			.contains(&Event::StakeWithdrawn { provider: P1, amount: STAKE + OFFER_DEPOSIT }));
		assert_noop!(Inference::withdraw_stake(signed(P1)), Error::<Test>::NotProvider);
	});
}

#[test]
fn an_emergency_suspension_pauses_a_provider_until_the_arbiter_lifts_it() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 5);
		assert_noop!(
			Inference::suspend_provider(signed(OTHER), P1),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Inference::suspend_provider(RuntimeOrigin::root(), OTHER),
			Error::<Test>::NotProvider
		);
		assert_ok!(Inference::suspend_provider(RuntimeOrigin::root(), P1));
		assert!(Providers::<Test>::get(P1).unwrap().paused);
		assert!(Offers::<Test>::get(m).is_empty(), "its offer left the list");
		assert!(events().contains(&Event::ProviderSuspended { provider: P1 }));
		assert_noop!(
			Inference::suspend_provider(RuntimeOrigin::root(), P1),
			Error::<Test>::AlreadySuspended
		);
		// It cannot resume itself, and the arbiter alone lifts the suspension.
		assert_noop!(Inference::set_paused(signed(P1), false), Error::<Test>::ProviderSuspended);
		assert_noop!(
			Inference::lift_suspension(signed(P1), P1),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Inference::lift_suspension(RuntimeOrigin::root(), P1));
		assert_noop!(
			Inference::lift_suspension(RuntimeOrigin::root(), P1),
			Error::<Test>::NotSuspended
		);
		assert!(Providers::<Test>::get(P1).unwrap().paused, "still paused until it resumes");
		assert_ok!(Inference::set_paused(signed(P1), false));
		assert_eq!(Offers::<Test>::get(m).len(), 1, "relisted");
	});
}

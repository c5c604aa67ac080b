//! Whole job lifecycles: post → match → submit → finalize for k = 1 and k = 3, claims,
//! disagreement, disputes, missed deadlines and expiry.

use super::*;
use crate::{JobStatus, Jobs, Providers};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};

#[test]
fn one_provider_lifecycle_pays_everyone_exactly() {
	build_and_execute(|| {
		let m = model(20);
		provider(P1, m, 100);
		let (user, p1, owner, treasury) = (usdt(USER), usdt(P1), usdt(OWNER), usdt(TREASURY));
		let job = post(m, 150, 1);
		// 150 for the provider, 20 royalty, 5% fee on 150 rounded up (8); the first USDT job
		// also endows the pallet account with USDT's minimum balance.
		assert!(events().contains(&Event::JobPosted {
			job,
			user: USER,
			model: m,
			escrow: 178,
			endowment: MIN_BALANCE
		}));
		assert_eq!(usdt(USER), user - 178 - MIN_BALANCE);
		assert_eq!(assigned(job), vec![P1]);
		assert_eq!(Jobs::<Test>::get(job).unwrap().status, JobStatus::Working);

		assert_ok!(Inference::submit_result(signed(P1), job, data(b"a blockchain")));
		assert!(matches!(Jobs::<Test>::get(job).unwrap().status, JobStatus::Challenge { .. }));
		assert_noop!(
			Inference::finalize(signed(OTHER), job),
			crate::Error::<Test>::ChallengeNotOver
		);
		run_blocks(CHALLENGE + 1);
		assert_ok!(Inference::finalize(signed(OTHER), job));

		let (reason, settlement) = closed(job);
		assert_eq!(reason, CloseReason::Completed);
		assert_eq!(
			settlement,
			Settlement { providers: 100, royalty: 20, protocol_fee: 5, refund: 53 }
		);
		assert_eq!(usdt(USER), user - MIN_BALANCE - 178 + 53);
		assert_eq!(usdt(P1), p1 + 100);
		assert_eq!(usdt(OWNER), owner + 20);
		assert_eq!(usdt(TREASURY), treasury + 5);
		assert!(Jobs::<Test>::get(job).is_none());
		let record = Providers::<Test>::get(P1).unwrap();
		assert!(record.jobs.is_empty());
		assert_eq!(record.reputation.completed, 1);
		assert!(Inference::user_jobs(&USER).is_empty());
	});
}

#[test]
fn three_providers_agree_and_each_is_paid_its_price() {
	build_and_execute(|| {
		let m = model(0);
		for (who, price) in [(P1, 100), (P2, 110), (P3, 120), (P4, 130)] {
			provider(who, m, price);
		}
		let job = post(m, 125, 3);
		assert_eq!(assigned(job), vec![P1, P2, P3], "the three cheapest within the max price");
		for who in [P1, P2, P3] {
			assert_ok!(Inference::submit_result(signed(who), job, data(b"42")));
		}
		run_blocks(CHALLENGE + 1);
		let before = [usdt(P1), usdt(P2), usdt(P3)];
		assert_ok!(Inference::finalize(signed(P4), job));
		assert_eq!(
			[usdt(P1), usdt(P2), usdt(P3)],
			[before[0] + 100, before[1] + 110, before[2] + 120]
		);
		let (_, settlement) = closed(job);
		// Escrow 375 + fee 19; paid 330, fee 5% of 330 = 16.5 → 17, refund 394 − 347.
		assert_eq!(
			settlement,
			Settlement { providers: 330, royalty: 0, protocol_fee: 17, refund: 47 }
		);
	});
}

#[test]
fn an_open_job_waits_for_a_claim() {
	build_and_execute(|| {
		let m = model(0);
		let job = post(m, 100, 1);
		assert!(assigned(job).is_empty());
		assert_eq!(Jobs::<Test>::get(job).unwrap().status, JobStatus::Open);
		provider(P1, m, 90);
		assert_ok!(Inference::claim(signed(P1), job));
		assert!(events().contains(&Event::JobAssigned { job, provider: P1, price: 90 }));
		assert_eq!(Jobs::<Test>::get(job).unwrap().status, JobStatus::Working);
		assert_noop!(Inference::claim(signed(P1), job), crate::Error::<Test>::NotOpen);
	});
}

#[test]
fn the_minority_is_slashed_and_the_majority_paid() {
	build_and_execute(|| {
		let m = model(0);
		for (who, price) in [(P1, 100), (P2, 100), (P3, 100)] {
			provider(who, m, price);
		}
		let job = post(m, 100, 3);
		let (user_lev, treasury_lev) = (lev(USER), lev(TREASURY));
		assert_ok!(Inference::submit_result(signed(P1), job, data(b"yes")));
		assert_ok!(Inference::submit_result(signed(P2), job, data(b"yes")));
		assert_ok!(Inference::submit_result(signed(P3), job, data(b"no")));
		// 10% of P3's 10,000 stake: half to the user, half to the treasury.
		assert!(events().contains(&Event::ProviderSlashed {
			provider: P3,
			job,
			amount: 1_000,
			to_user: 500,
			to_treasury: 500,
			to_caller: 0
		}));
		assert_eq!(staked(P3), STAKE - 1_000);
		assert_eq!(lev(USER), user_lev + 500);
		assert_eq!(lev(TREASURY), treasury_lev + 500);
		assert_eq!(Providers::<Test>::get(P3).unwrap().reputation.failed, 1);
		assert_eq!(assigned(job), vec![P1, P2]);
		run_blocks(CHALLENGE + 1);
		assert_ok!(Inference::finalize(signed(USER), job));
		let (_, settlement) = closed(job);
		assert_eq!(settlement.providers, 200, "the minority is not paid");
		assert_eq!(settlement.refund, 315 - 200 - 10, "its share is refunded");
	});
}

#[test]
fn results_that_all_differ_are_refunded() {
	build_and_execute(|| {
		let m = model(0);
		for who in [P1, P2, P3] {
			provider(who, m, 100);
		}
		let user = usdt(USER);
		let job = post(m, 100, 3);
		for (who, answer) in [(P1, b"a"), (P2, b"b"), (P3, b"c")] {
			assert_ok!(Inference::submit_result(signed(who), job, data(answer)));
		}
		assert_eq!(closed(job).0, CloseReason::NoAgreement);
		assert_eq!(usdt(USER), user - MIN_BALANCE, "all refunded but the one-off endowment");
		for who in [P1, P2, P3] {
			let record = Providers::<Test>::get(who).unwrap();
			assert_eq!(
				(record.reputation.failed, record.reputation.slashed, staked(who)),
				(1, 0, STAKE)
			);
		}
	});
}

#[test]
fn an_upheld_dispute_slashes_and_reassigns_while_time_remains() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		provider(P2, m, 110);
		let job = post(m, 120, 1);
		assert_ok!(Inference::submit_result(signed(P1), job, data(b"wrong")));
		// The user disputes for free.
		assert_ok!(Inference::dispute(signed(USER), job));
		assert!(events().contains(&Event::JobDisputed { job, by: USER, bond: 0 }));
		assert_noop!(
			Inference::resolve_dispute(signed(USER), job, true),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Inference::resolve_dispute(RuntimeOrigin::root(), job, true));
		assert_eq!(staked(P1), STAKE - 1_000);
		assert!(events().contains(&Event::JobReopened { job }));
		assert_eq!(assigned(job), vec![P2], "the failed provider is never matched again");
		assert_ok!(Inference::submit_result(signed(P2), job, data(b"right")));
		run_blocks(CHALLENGE + 1);
		assert_ok!(Inference::finalize(signed(USER), job));
		assert_eq!(closed(job).1.providers, 110);
		assert!(Providers::<Test>::get(P1).unwrap().jobs.is_empty());
	});
}

#[test]
fn an_upheld_dispute_without_time_left_is_refunded() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		let user = usdt(USER);
		let job = post(m, 100, 1);
		assert_ok!(Inference::submit_result(signed(P1), job, data(b"wrong")));
		assert_ok!(Inference::dispute(signed(OTHER), job));
		assert_eq!(
			Balances::balance_on_hold(&crate::HoldReason::DisputeBond.into(), &OTHER),
			DISPUTE_BOND
		);
		run_blocks(100);
		let other = lev(OTHER);
		assert_ok!(Inference::resolve_dispute(RuntimeOrigin::root(), job, true));
		assert_eq!(lev(OTHER), other + DISPUTE_BOND, "the bond comes back");
		assert_eq!(closed(job).0, CloseReason::DisputeUpheld);
		assert_eq!(usdt(USER), user - MIN_BALANCE);
	});
}

#[test]
fn a_rejected_dispute_costs_the_bond_and_the_job_completes() {
	build_and_execute(|| {
		let m = model(5);
		provider(P1, m, 100);
		let job = post(m, 100, 1);
		assert_ok!(Inference::submit_result(signed(P1), job, data(b"fine")));
		let (other, treasury) = (lev(OTHER), lev(TREASURY));
		assert_ok!(Inference::dispute(signed(OTHER), job));
		assert_ok!(Inference::resolve_dispute(RuntimeOrigin::root(), job, false));
		assert!(events().contains(&Event::DisputeResolved { job, upheld: false }));
		assert_eq!(lev(OTHER), other - DISPUTE_BOND);
		assert_eq!(lev(TREASURY), treasury + DISPUTE_BOND);
		let (reason, settlement) = closed(job);
		assert_eq!(
			(reason, settlement.providers, settlement.royalty),
			(CloseReason::Completed, 100, 5)
		);
	});
}

#[test]
fn a_missed_deadline_is_slashed_by_whoever_expires_it() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		let user = usdt(USER);
		let job = post(m, 100, 1);
		assert_noop!(
			Inference::expire(signed(OTHER), job),
			crate::Error::<Test>::DeadlineNotReached
		);
		run_blocks(101);
		assert_noop!(
			Inference::submit_result(signed(P1), job, data(b"late")),
			crate::Error::<Test>::DeadlinePassed
		);
		let other = lev(OTHER);
		assert_ok!(Inference::expire(signed(OTHER), job));
		// 1,000 slashed: 500 to the user, 100 (10%) to the caller, 400 to the treasury.
		assert!(events().contains(&Event::ProviderSlashed {
			provider: P1,
			job,
			amount: 1_000,
			to_user: 500,
			to_treasury: 400,
			to_caller: 100
		}));
		assert_eq!(lev(OTHER), other + 100);
		assert_eq!(closed(job).0, CloseReason::Expired);
		assert_eq!(usdt(USER), user - MIN_BALANCE, "the escrow is refunded exactly");
	});
}

#[test]
fn an_expired_job_with_an_agreeing_majority_still_completes() {
	build_and_execute(|| {
		let m = model(0);
		for who in [P1, P2, P3] {
			provider(who, m, 100);
		}
		let job = post(m, 100, 3);
		assert_ok!(Inference::submit_result(signed(P1), job, data(b"x")));
		assert_ok!(Inference::submit_result(signed(P2), job, data(b"x")));
		run_blocks(101);
		assert_ok!(Inference::expire(signed(OTHER), job));
		assert_eq!(staked(P3), STAKE - 1_000, "the no-show is slashed");
		assert_eq!(assigned(job), vec![P1, P2]);
		run_blocks(CHALLENGE + 1);
		assert_ok!(Inference::finalize(signed(OTHER), job));
		assert_eq!(closed(job).1.providers, 200);
	});
}

#[test]
fn a_job_nobody_took_expires_with_a_full_refund() {
	build_and_execute(|| {
		let m = model(0);
		let user = usdt(USER);
		let job = post(m, 100, 2);
		run_blocks(101);
		assert_ok!(Inference::expire(signed(OTHER), job));
		assert_eq!(closed(job).0, CloseReason::Expired);
		assert_eq!(usdt(USER), user - MIN_BALANCE);
	});
}

#[test]
fn a_retired_model_takes_no_new_jobs_but_running_ones_finish() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		let job = post(m, 100, 1);
		assert_ok!(Inference::retire_model(signed(OWNER), m));
		assert_noop!(
			Inference::post_job(signed(USER), m, data(b"?"), 100, 1, 50),
			crate::Error::<Test>::ModelRetired
		);
		assert_ok!(Inference::submit_result(signed(P1), job, data(b"!")));
		run_blocks(CHALLENGE + 1);
		assert_ok!(Inference::finalize(signed(OTHER), job));
		assert_eq!(closed(job).0, CloseReason::Completed);
	});
}

#[test]
fn a_paused_provider_is_skipped() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 90);
		provider(P2, m, 100);
		assert_ok!(Inference::set_paused(signed(P1), true));
		let job = post(m, 100, 1);
		assert_eq!(assigned(job), vec![P2]);
		assert_ok!(Inference::set_paused(signed(P1), false));
		let next = post(m, 100, 1);
		assert_eq!(assigned(next), vec![P1]);
	});
}

#[test]
fn reputation_breaks_price_ties() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		provider(P2, m, 100);
		// P1 fails a job (no agreement is impossible with k = 1: let it miss a deadline).
		let job = post(m, 100, 1);
		assert_eq!(assigned(job), vec![P1], "equal reputation: by account");
		run_blocks(101);
		assert_ok!(Inference::expire(signed(OTHER), job));
		let next = post(m, 100, 1);
		assert_eq!(assigned(next), vec![P2], "P2's better reputation wins the tie");
	});
}

#[test]
fn cancelling_an_untaken_job_refunds_it_exactly() {
	build_and_execute(|| {
		let m = model(3);
		let user = usdt(USER);
		let job = post(m, 100, 2);
		assert_noop!(Inference::cancel_job(signed(OTHER), job), crate::Error::<Test>::NotJobUser);
		assert_ok!(Inference::cancel_job(signed(USER), job));
		let (reason, settlement) = closed(job);
		assert_eq!(reason, CloseReason::Cancelled);
		assert_eq!(settlement.refund, 200 + 3 + 10);
		assert_eq!(usdt(USER), user - MIN_BALANCE);
		provider(P1, m, 100);
		let taken = post(m, 100, 1);
		assert_noop!(
			Inference::cancel_job(signed(USER), taken),
			crate::Error::<Test>::AlreadyAssigned
		);
	});
}

#[test]
fn a_payment_its_recipient_cannot_receive_yet_is_credited_and_claimable() {
	use frame_support::traits::fungibles::Mutate;
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		// The treasury holds no USDT, and a 5 USDT-unit fee is below USDT's minimum balance.
		let treasury_usdt = usdt(TREASURY);
		assert_ok!(<NativeAndAssets as Mutate<_>>::transfer(
			USDT,
			&TREASURY,
			&OTHER,
			treasury_usdt,
			frame_support::traits::tokens::Preservation::Expendable
		));
		let job = post(m, 100, 1);
		assert_ok!(Inference::submit_result(signed(P1), job, data(b"ok")));
		run_blocks(CHALLENGE + 1);
		assert_ok!(Inference::finalize(signed(OTHER), job));
		assert_eq!(closed(job).1.protocol_fee, 5);
		assert!(events().contains(&Event::Credited { who: TREASURY, asset: USDT, amount: 5 }));
		assert_eq!(crate::Credits::<Test>::get(TREASURY, USDT), 5);
		// Still too little for the treasury to hold: refused, and the credit stays.
		assert_noop!(
			Inference::claim_credit(signed(OTHER), TREASURY, USDT),
			sp_runtime::TokenError::BelowMinimum
		);
		// Another job's fee is credited too; once the treasury holds USDT, both go through.
		let next = post(m, 100, 1);
		assert_ok!(Inference::submit_result(signed(P1), next, data(b"ok")));
		run_blocks(CHALLENGE + 1);
		assert_ok!(Inference::finalize(signed(OTHER), next));
		assert_ok!(<NativeAndAssets as Mutate<_>>::transfer(
			USDT,
			&OTHER,
			&TREASURY,
			MIN_BALANCE,
			frame_support::traits::tokens::Preservation::Preserve
		));
		assert_ok!(Inference::claim_credit(signed(OTHER), TREASURY, USDT));
		assert_eq!(usdt(TREASURY), MIN_BALANCE + 10);
		assert_noop!(
			Inference::claim_credit(signed(OTHER), TREASURY, USDT),
			crate::Error::<Test>::NoCredit
		);
	});
}

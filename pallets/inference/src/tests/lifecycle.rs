//! Whole job lifecycles: post → offer → accept → commit → reveal → finalize for k = 1 and
//! k = 3, claims, a dissenting minority, no agreement, disputes, missed windows and
//! cancellation.

use super::*;
use crate::{Error, JobStatus, Jobs, Providers};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};

#[test]
fn one_provider_lifecycle_pays_everyone_exactly() {
	build_and_execute(|| {
		let m = model(20);
		provider(P1, m, 100);
		let (user, p1, owner, treasury) = (usdt(USER), usdt(P1), usdt(OWNER), usdt(TREASURY));
		let user_lev = lev(USER);
		let job = post_offered(m, 150, 1);
		// 150 for the provider, 20 royalty, 5% fee on 150 rounded up (8); the first USDT job
		// also endows the pallet account with USDT's minimum balance.
		assert!(events().contains(&Event::JobPosted {
			job,
			user: USER,
			model: m,
			escrow: 178,
			endowment: MIN_BALANCE,
			accept_by: 1 + ACCEPT,
		}));
		assert_eq!(usdt(USER), user - 178 - MIN_BALANCE);
		assert_eq!(lev(USER), user_lev - JOB_DEPOSIT, "the job's storage deposit is held");
		assert_eq!(offered(job), vec![P1]);
		assert_eq!(Jobs::<Test>::get(job).unwrap().status, JobStatus::Open);
		assert_ok!(Inference::accept_job(signed(P1), job));
		assert!(events().contains(&Event::JobAccepted {
			job,
			provider: P1,
			price: 100,
			collateral: 75
		}));
		assert_eq!(usdt(P1), p1 - 75, "half the job's max price as collateral");
		assert_eq!(Jobs::<Test>::get(job).unwrap().status, JobStatus::Committing);

		deliver(job, &[(P1, b"a blockchain")]);
		assert!(matches!(Jobs::<Test>::get(job).unwrap().status, JobStatus::Challenge { .. }));
		assert_noop!(Inference::finalize(signed(OTHER), job), Error::<Test>::ChallengeNotOver);
		run_blocks(CHALLENGE + 1);
		assert_ok!(Inference::finalize(signed(OTHER), job));

		let (reason, settlement) = closed(job);
		assert_eq!(reason, CloseReason::Completed);
		assert_eq!(
			settlement,
			Settlement {
				providers: 100,
				royalty: 20,
				protocol_fee: 5,
				refund: 53,
				collateral_returned: 75,
				..Default::default()
			}
		);
		assert_eq!(usdt(USER), user - MIN_BALANCE - 178 + 53);
		assert_eq!(usdt(P1), p1 + 100);
		assert_eq!(usdt(OWNER), owner + 20);
		assert_eq!(usdt(TREASURY), treasury + 5);
		assert_eq!(lev(USER), user_lev, "the deposit comes back");
		assert!(Jobs::<Test>::get(job).is_none());
		let record = Providers::<Test>::get(P1).unwrap();
		assert!(record.jobs.is_empty());
		assert_eq!(record.reputation.completed, 1);
		assert!(Inference::user_jobs(&USER).is_empty());
		assert_eq!(crate::Models::<Test>::get(m).unwrap().open_jobs, 0);
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
		deliver(job, &[(P1, b"42"), (P2, b"42"), (P3, b"42")]);
		run_blocks(CHALLENGE + 1);
		let before = [usdt(P1), usdt(P2), usdt(P3)];
		assert_ok!(Inference::finalize(signed(P4), job));
		// Each gets its price and its collateral (half the max price 125, rounded up) back.
		assert_eq!(
			[usdt(P1), usdt(P2), usdt(P3)],
			[before[0] + 100 + 63, before[1] + 110 + 63, before[2] + 120 + 63]
		);
		let (_, settlement) = closed(job);
		// Escrow 375 + fee 19; paid 330, fee 5% of 330 = 16.5 → 17, refund 394 − 347.
		assert_eq!(
			settlement,
			Settlement {
				providers: 330,
				protocol_fee: 17,
				refund: 47,
				collateral_returned: 189,
				..Default::default()
			}
		);
	});
}

#[test]
fn a_free_slot_waits_for_a_claim() {
	build_and_execute(|| {
		let m = model(0);
		let job = post(m, 100, 1);
		assert!(assigned(job).is_empty());
		assert_eq!(Jobs::<Test>::get(job).unwrap().status, JobStatus::Open);
		provider(P1, m, 90);
		assert_ok!(Inference::claim(signed(P1), job));
		assert!(events().contains(&Event::JobAccepted {
			job,
			provider: P1,
			price: 90,
			collateral: 50
		}));
		assert_eq!(Jobs::<Test>::get(job).unwrap().status, JobStatus::Committing);
		assert_noop!(Inference::claim(signed(P1), job), Error::<Test>::NotOpen);
	});
}

#[test]
fn the_minority_loses_its_collateral_and_the_majority_is_paid() {
	build_and_execute(|| {
		let m = model(0);
		for who in [P1, P2, P3] {
			provider(who, m, 100);
		}
		let job = post(m, 100, 3);
		let (user, treasury, p3) = (usdt(USER), usdt(TREASURY), usdt(P3));
		deliver(job, &[(P1, b"yes"), (P2, b"yes"), (P3, b"no")]);
		run_blocks(CHALLENGE + 1);
		assert_ok!(Inference::finalize(signed(USER), job));
		// P3's collateral of 50: half to the user, half to the treasury.
		assert!(events().contains(&Event::ProviderSlashed {
			provider: P3,
			job,
			amount: 50,
			to_user: 25,
			to_treasury: 25,
		}));
		let (_, settlement) = closed(job);
		assert_eq!(settlement.providers, 200, "the minority is not paid");
		assert_eq!(settlement.refund, 315 - 200 - 10, "its share is refunded");
		assert_eq!(usdt(USER), user + 105 + 25);
		assert_eq!(usdt(TREASURY), treasury + 10 + 25);
		assert_eq!(usdt(P3), p3);
		assert_eq!(staked(P3), STAKE, "the LEV stake is never slashed");
		let record = Providers::<Test>::get(P3).unwrap().reputation;
		assert_eq!((record.failed, record.slashed), (1, 1));
	});
}

#[test]
fn results_that_all_differ_go_to_the_arbiter() {
	build_and_execute(|| {
		let m = model(0);
		for who in [P1, P2, P3] {
			provider(who, m, 100);
		}
		let job = post(m, 100, 3);
		deliver(job, &[(P1, b"a"), (P2, b"b"), (P3, b"c")]);
		assert!(events().contains(&Event::JobDisputed { job, by: None, bond: 0 }));
		assert!(matches!(
			Jobs::<Test>::get(job).unwrap().status,
			JobStatus::Disputed { by: None, .. }
		));
		// The arbiter finds P2's result correct: P2 is paid, the others slashed.
		let b = data(b"b").content_hash();
		assert_ok!(Inference::resolve_dispute(RuntimeOrigin::root(), job, Some(b)));
		let (reason, settlement) = closed(job);
		assert_eq!(reason, CloseReason::Completed);
		assert_eq!(
			(settlement.providers, settlement.slashed_to_user, settlement.slashed_to_treasury),
			(100, 50, 50)
		);
	});
}

#[test]
fn an_arbiter_that_finds_no_result_correct_refunds_and_slashes() {
	build_and_execute(|| {
		let m = model(0);
		for who in [P1, P2, P3] {
			provider(who, m, 100);
		}
		let job = post(m, 100, 3);
		deliver(job, &[(P1, b"a"), (P2, b"b"), (P3, b"c")]);
		assert_ok!(Inference::resolve_dispute(RuntimeOrigin::root(), job, None));
		let (reason, settlement) = closed(job);
		assert_eq!(reason, CloseReason::NoCorrectResult);
		assert_eq!((settlement.providers, settlement.refund), (0, 315));
		assert_eq!(settlement.slashed_to_user + settlement.slashed_to_treasury, 150);
	});
}

#[test]
fn a_silent_arbiter_lets_anyone_pay_the_revealed_results() {
	build_and_execute(|| {
		let m = model(0);
		for who in [P1, P2] {
			provider(who, m, 100);
		}
		let job = post(m, 100, 2);
		deliver(job, &[(P1, b"a"), (P2, b"b")]);
		assert_noop!(Inference::expire(signed(OTHER), job), Error::<Test>::DeadlineNotReached);
		run_blocks(ARBITER + 1);
		assert_ok!(Inference::expire(signed(OTHER), job));
		let (reason, settlement) = closed(job);
		assert_eq!((reason, settlement.providers), (CloseReason::Completed, 200));
	});
}

#[test]
fn a_rejected_dispute_costs_the_bond_and_the_job_completes() {
	build_and_execute(|| {
		let m = model(5);
		provider(P1, m, 100);
		let job = post(m, 100, 1);
		deliver(job, &[(P1, b"fine")]);
		let (other, treasury) = (lev(OTHER), lev(TREASURY));
		assert_ok!(Inference::dispute(signed(OTHER), job));
		assert_eq!(
			Balances::balance_on_hold(&crate::HoldReason::DisputeBond.into(), &OTHER),
			DISPUTE_BOND
		);
		let fine = data(b"fine").content_hash();
		assert_ok!(Inference::resolve_dispute(RuntimeOrigin::root(), job, Some(fine)));
		assert!(events().contains(&Event::DisputeResolved { job, correct: Some(fine) }));
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
fn an_upheld_dispute_returns_the_bond_and_refunds() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		let user = usdt(USER);
		let job = post(m, 100, 1);
		deliver(job, &[(P1, b"wrong")]);
		let other = lev(OTHER);
		assert_ok!(Inference::dispute(signed(OTHER), job));
		assert_ok!(Inference::resolve_dispute(RuntimeOrigin::root(), job, None));
		assert_eq!(lev(OTHER), other, "the bond comes back");
		assert_eq!(closed(job).0, CloseReason::NoCorrectResult);
		// Refunded, plus half of P1's 50 collateral.
		assert_eq!(usdt(USER), user - MIN_BALANCE + 25);
	});
}

#[test]
fn a_missed_commitment_costs_the_collateral() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		let user = usdt(USER);
		let job = post(m, 100, 1);
		assert_noop!(Inference::expire(signed(OTHER), job), Error::<Test>::DeadlineNotReached);
		run_blocks(DEADLINE + 1);
		let commitment = crate::commitment(job, &P1, &data(b"late").content_hash(), &salt(P1));
		assert_noop!(
			Inference::commit_result(signed(P1), job, commitment),
			Error::<Test>::NotCommitting
		);
		assert_ok!(Inference::expire(signed(OTHER), job));
		assert!(events().contains(&Event::SlotMissed { job, provider: P1 }));
		assert!(events().contains(&Event::ProviderSlashed {
			provider: P1,
			job,
			amount: 50,
			to_user: 25,
			to_treasury: 25,
		}));
		assert_eq!(closed(job).0, CloseReason::Expired);
		assert_eq!(usdt(USER), user - MIN_BALANCE + 25, "refunded exactly, plus half the slash");
	});
}

#[test]
fn a_late_majority_still_completes_and_a_missed_reveal_is_slashed() {
	build_and_execute(|| {
		let m = model(0);
		for who in [P1, P2, P3] {
			provider(who, m, 100);
		}
		let job = post(m, 100, 3);
		commit(P1, job, b"x");
		commit(P2, job, b"x");
		// Reveals open only when every commitment is in, or the deadline passed.
		assert_noop!(
			Inference::reveal_result(signed(P1), job, data(b"x"), salt(P1)),
			Error::<Test>::NotRevealing
		);
		run_blocks(DEADLINE + 1);
		assert_ok!(Inference::expire(signed(OTHER), job));
		assert!(matches!(Jobs::<Test>::get(job).unwrap().status, JobStatus::Revealing { .. }));
		reveal(P1, job, b"x");
		run_blocks(REVEAL + 1);
		assert_ok!(Inference::expire(signed(OTHER), job));
		// P1 alone revealed: not a majority of 3, so the arbiter decides.
		assert!(matches!(Jobs::<Test>::get(job).unwrap().status, JobStatus::Disputed { .. }));
		let x = data(b"x").content_hash();
		assert_ok!(Inference::resolve_dispute(RuntimeOrigin::root(), job, Some(x)));
		let (_, settlement) = closed(job);
		assert_eq!(settlement.providers, 100);
		assert_eq!(settlement.slashed_to_user + settlement.slashed_to_treasury, 100);
	});
}

#[test]
fn a_wrong_reveal_is_refused() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		let job = post(m, 100, 1);
		commit(P1, job, b"x");
		assert_noop!(
			Inference::reveal_result(signed(P1), job, data(b"y"), salt(P1)),
			Error::<Test>::CommitmentMismatch
		);
		assert_noop!(
			Inference::reveal_result(signed(P1), job, data(b"x"), salt(P2)),
			Error::<Test>::CommitmentMismatch
		);
		reveal(P1, job, b"x");
	});
}

#[test]
fn a_job_nobody_took_is_refunded_after_the_accept_window() {
	build_and_execute(|| {
		let m = model(0);
		let (user, user_lev) = (usdt(USER), lev(USER));
		let job = post(m, 100, 2);
		run_blocks(ACCEPT + 1);
		assert_ok!(Inference::expire(signed(OTHER), job));
		assert_eq!(closed(job).0, CloseReason::Unfilled);
		assert_eq!(usdt(USER), user - MIN_BALANCE);
		assert_eq!(lev(USER), user_lev);
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
			Inference::post_job(signed(USER), terms(m, 100, 1), data(b"?"), anyone()),
			Error::<Test>::ModelRetired
		);
		assert_noop!(Inference::remove_model(signed(OWNER), m), Error::<Test>::ModelInUse);
		deliver(job, &[(P1, b"!")]);
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
fn reputation_breaks_price_and_stake_ties() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		provider(P2, m, 100);
		let job = post(m, 100, 1);
		assert_eq!(assigned(job), vec![P1], "equal price, stake and reputation: by account");
		run_blocks(DEADLINE + 1);
		assert_ok!(Inference::expire(signed(OTHER), job));
		let next = post(m, 100, 1);
		assert_eq!(assigned(next), vec![P2], "P2's better reputation wins the tie");
	});
}

#[test]
fn cancelling_a_job_still_filling_refunds_it_and_returns_collateral() {
	build_and_execute(|| {
		let m = model(3);
		provider(P1, m, 100);
		let (user, p1) = (usdt(USER), usdt(P1));
		let job = post(m, 100, 2);
		assert_eq!(usdt(P1), p1 - 50);
		assert_noop!(Inference::cancel_job(signed(OTHER), job), Error::<Test>::NotJobUser);
		assert_ok!(Inference::cancel_job(signed(USER), job));
		let (reason, settlement) = closed(job);
		assert_eq!(reason, CloseReason::Cancelled);
		assert_eq!((settlement.refund, settlement.collateral_returned), (200 + 3 + 10, 50));
		assert_eq!(usdt(USER), user - MIN_BALANCE);
		assert_eq!(usdt(P1), p1);
		let taken = post(m, 100, 1);
		assert_noop!(Inference::cancel_job(signed(USER), taken), Error::<Test>::NotOpen);
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
		deliver(job, &[(P1, b"ok")]);
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
		deliver(next, &[(P1, b"ok")]);
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
			Error::<Test>::NoCredit
		);
	});
}

#[test]
fn the_commitment_is_the_documented_encoding() {
	// blake2_256(SCALE((job: u64, provider: AccountId32, blake2_256(output), salt))), as the
	// README and the e2e test compute it in JS (//Bob, job 7, salt blake2_256("salt-0")).
	use sp_core::{crypto::AccountId32, H256};
	let hex = |s: &str| {
		let mut out = [0u8; 32];
		for (i, byte) in out.iter_mut().enumerate() {
			*byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex");
		}
		out
	};
	let bob =
		AccountId32::new(hex("8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48"));
	let salt = H256(hex("ccc47f59427fe763fa56e31ae2c283376a7670fe40b61e45b72977fd217155d1"));
	let output = data(b"A DeFi appchain").content_hash();
	assert_eq!(
		crate::commitment(7, &bob, &output, &salt),
		H256(hex("afa7078571506f47db48fff9eccdf1b5c96c839a77780e3522ab4fa00093c022"))
	);
}

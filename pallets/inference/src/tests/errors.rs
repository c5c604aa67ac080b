//! Every job-call error path, each leaving no trace.

use super::*;
use crate::Error;
use frame_support::{assert_noop, assert_ok};

#[test]
fn post_job_errors() {
	build_and_execute(|| {
		let m = model(0);
		let now = System::block_number();
		for (model, price, k, deadline, error) in [
			(99, 100, 1, now + 10, Error::<Test>::ModelNotFound),
			(m, 100, 0, now + 10, Error::<Test>::InvalidRedundancy),
			(m, 100, 4, now + 10, Error::<Test>::InvalidRedundancy),
			(m, 0, 1, now + 10, Error::<Test>::ZeroMaxPrice),
			(m, 100, 1, now, Error::<Test>::DeadlinePassed),
		] {
			assert_noop!(
				Inference::post_job(signed(USER), model, data(b"x"), price, k, deadline),
				error
			);
		}
		assert_noop!(
			Inference::post_job(signed(USER), m, data(b"x"), 2_000_000, 1, now + 10),
			sp_runtime::TokenError::FundsUnavailable
		);
		for _ in 0..8 {
			post(m, 1, 1);
		}
		assert_noop!(
			Inference::post_job(signed(USER), m, data(b"x"), 1, 1, now + 10),
			Error::<Test>::TooManyJobs
		);
	});
}

#[test]
fn claim_and_submit_errors() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		provider(P2, m, 200);
		assert_noop!(Inference::claim(signed(P1), 9), Error::<Test>::JobNotFound);
		let job = post(m, 150, 2);
		assert_eq!(assigned(job), vec![P1]);
		assert_noop!(Inference::claim(signed(OTHER), job), Error::<Test>::NotProvider);
		assert_noop!(Inference::claim(signed(P2), job), Error::<Test>::NotEligible);
		assert_noop!(Inference::claim(signed(P1), job), Error::<Test>::NotEligible);
		assert_noop!(
			Inference::submit_result(signed(P2), job, data(b"r")),
			Error::<Test>::NotAssigned
		);
		assert_noop!(
			Inference::submit_result(signed(P1), 9, data(b"r")),
			Error::<Test>::JobNotFound
		);
		assert_ok!(Inference::submit_result(signed(P1), job, data(b"r")));
		assert_noop!(
			Inference::submit_result(signed(P1), job, data(b"r")),
			Error::<Test>::AlreadySubmitted
		);
		run_blocks(101);
		assert_noop!(Inference::claim(signed(P3), job), Error::<Test>::DeadlinePassed);
		assert_noop!(Inference::cancel_job(signed(USER), 9), Error::<Test>::JobNotFound);
	});
}

#[test]
fn dispute_finalize_and_expire_errors() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		let job = post(m, 100, 1);
		assert_noop!(Inference::dispute(signed(USER), job), Error::<Test>::NotInChallenge);
		assert_noop!(Inference::finalize(signed(USER), job), Error::<Test>::NotInChallenge);
		assert_noop!(
			Inference::resolve_dispute(RuntimeOrigin::root(), job, true),
			Error::<Test>::NotDisputed
		);
		assert_noop!(Inference::dispute(signed(USER), 9), Error::<Test>::JobNotFound);
		assert_noop!(Inference::finalize(signed(USER), 9), Error::<Test>::JobNotFound);
		assert_noop!(Inference::expire(signed(USER), 9), Error::<Test>::JobNotFound);
		assert_noop!(
			Inference::resolve_dispute(RuntimeOrigin::root(), 9, true),
			Error::<Test>::JobNotFound
		);
		assert_ok!(Inference::submit_result(signed(P1), job, data(b"r")));
		assert_noop!(Inference::expire(signed(USER), job), Error::<Test>::NotExpirable);
		run_blocks(CHALLENGE + 1);
		assert_noop!(Inference::dispute(signed(USER), job), Error::<Test>::ChallengeOver);
		// A bond its disputer cannot afford.
		assert_ok!(Inference::finalize(signed(OTHER), job));
		let next = post(m, 100, 1);
		assert_ok!(Inference::submit_result(signed(P1), next, data(b"r")));
		let broke = 77;
		assert_noop!(
			Inference::dispute(signed(broke), next),
			sp_runtime::TokenError::FundsUnavailable
		);
		assert_ok!(Inference::dispute(signed(OTHER), next));
		assert_noop!(Inference::dispute(signed(USER), next), Error::<Test>::NotInChallenge);
	});
}

#[test]
fn an_absurd_redundancy_is_weighed_at_the_maximum_and_refused_by_the_pallet() {
	use crate::WeightInfo;
	use frame_support::dispatch::GetDispatchInfo;
	build_and_execute(|| {
		let m = model(0);
		let call = crate::Call::<Test>::post_job {
			model: m,
			input: data(b"x"),
			max_price: 1,
			redundancy: u32::MAX,
			deadline: 50,
		};
		assert_eq!(call.get_dispatch_info().call_weight, <() as WeightInfo>::post_job(3));
		assert_noop!(
			Inference::post_job(signed(USER), m, data(b"x"), 1, u32::MAX, 50),
			Error::<Test>::InvalidRedundancy
		);
	});
}

//! Every job-call error path, each leaving no trace.

use super::*;
use crate::{Error, JobTerms};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_core::H256;

#[test]
fn post_job_errors() {
	build_and_execute(|| {
		let m = model(0);
		let now = System::block_number();
		let t = |model, max_price, redundancy, deadline, max_total| JobTerms {
			model,
			max_price,
			redundancy,
			deadline,
			max_total,
		};
		let soon = now + ACCEPT + MIN_EXECUTION;
		for (terms, error) in [
			(t(99, 100, 1, soon, u128::MAX), Error::<Test>::ModelNotFound),
			(t(m, 100, 0, soon, u128::MAX), Error::<Test>::InvalidRedundancy),
			(t(m, 100, 6, soon, u128::MAX), Error::<Test>::InvalidRedundancy),
			(t(m, 0, 1, soon, u128::MAX), Error::<Test>::ZeroMaxPrice),
			(t(m, 100, 1, soon - 1, u128::MAX), Error::<Test>::DeadlineTooSoon),
			(t(m, 100, 1, now + HORIZON + 1, u128::MAX), Error::<Test>::DeadlineTooFar),
			(t(m, 100, 1, soon, 104), Error::<Test>::CostAboveMax),
		] {
			assert_noop!(Inference::post_job(signed(USER), terms, data(b"x"), anyone()), error);
		}
		assert_ok!(Inference::post_job(
			signed(USER),
			t(m, 100, 1, soon, 105),
			data(b"x"),
			anyone()
		));
		assert_noop!(
			Inference::post_job(signed(USER), terms(m, 2_000_000, 1), data(b"x"), anyone()),
			sp_runtime::TokenError::FundsUnavailable
		);
		// Named providers must be providers, eligible, and named once.
		provider(P1, m, 100);
		let named = |who: Vec<AccountId>| BoundedVec::truncate_from(who);
		for (who, error) in [
			(vec![OTHER], Error::<Test>::NotProvider),
			(vec![P1, P1], Error::<Test>::DuplicateProvider),
		] {
			assert_noop!(
				Inference::post_job(signed(USER), terms(m, 100, 2), data(b"x"), named(who)),
				error
			);
		}
		assert_noop!(
			Inference::post_job(signed(USER), terms(m, 99, 1), data(b"x"), named(vec![P1])),
			Error::<Test>::NotEligible
		);
		assert_noop!(
			Inference::post_job(signed(USER), terms(m, 100, 1), data(b"x"), named(vec![P1, P2])),
			Error::<Test>::InvalidRedundancy
		);
		for _ in 0..7 {
			post(m, 1, 1);
		}
		assert_noop!(
			Inference::post_job(signed(USER), terms(m, 1, 1), data(b"x"), anyone()),
			Error::<Test>::TooManyJobs
		);
	});
}

#[test]
fn accept_claim_commit_and_reveal_errors() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		provider(P2, m, 200);
		assert_noop!(Inference::claim(signed(P1), 9), Error::<Test>::JobNotFound);
		assert_noop!(Inference::accept_job(signed(P1), 9), Error::<Test>::JobNotFound);
		let job = post_offered(m, 150, 2);
		assert_eq!(offered(job), vec![P1]);
		assert_noop!(Inference::claim(signed(OTHER), job), Error::<Test>::NotProvider);
		assert_noop!(Inference::claim(signed(P2), job), Error::<Test>::NotEligible);
		assert_noop!(Inference::claim(signed(P1), job), Error::<Test>::NotEligible);
		assert_noop!(Inference::accept_job(signed(P2), job), Error::<Test>::NotOffered);
		let c = H256::repeat_byte(1);
		assert_noop!(Inference::commit_result(signed(P1), job, c), Error::<Test>::NotCommitting);
		assert_ok!(Inference::accept_job(signed(P1), job));
		assert_noop!(Inference::accept_job(signed(P1), job), Error::<Test>::NotOffered);
		run_blocks(ACCEPT + 1);
		assert_noop!(Inference::claim(signed(P3), job), Error::<Test>::NotOpen);
		assert_noop!(Inference::accept_job(signed(P1), job), Error::<Test>::NotOpen);

		let next = post(m, 100, 1);
		assert_noop!(Inference::commit_result(signed(P2), next, c), Error::<Test>::NotAssigned);
		assert_noop!(Inference::commit_result(signed(P1), 99, c), Error::<Test>::JobNotFound);
		assert_noop!(
			Inference::reveal_result(signed(P1), next, data(b"r"), salt(P1)),
			Error::<Test>::NotRevealing
		);
		commit(P1, next, b"r");
		assert_noop!(Inference::commit_result(signed(P1), next, c), Error::<Test>::NotCommitting);
		assert_noop!(
			Inference::reveal_result(signed(P2), next, data(b"r"), salt(P2)),
			Error::<Test>::NotAssigned
		);
		run_blocks(REVEAL + 1);
		assert_noop!(
			Inference::reveal_result(signed(P1), next, data(b"r"), salt(P1)),
			Error::<Test>::NotRevealing
		);
		// Every slot of a job offered to others leaves nothing to claim.
		provider(P3, m, 100);
		let full = post_offered(m, 150, 1);
		assert_eq!(offered(full), vec![P3]);
		assert_noop!(Inference::claim(signed(P4), full), Error::<Test>::NoFreeSlot);
		assert_noop!(Inference::cancel_job(signed(USER), 9), Error::<Test>::JobNotFound);
	});
}

#[test]
fn decline_errors() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		provider(P2, m, 100);
		assert_noop!(Inference::decline_job(signed(P1), 9), Error::<Test>::JobNotFound);
		let job = post_offered(m, 100, 2);
		assert_noop!(Inference::decline_job(signed(P3), job), Error::<Test>::NotOffered);
		assert_ok!(Inference::accept_job(signed(P1), job));
		// An accepted slot is a liability: it cannot be declined, only served.
		assert_noop!(Inference::decline_job(signed(P1), job), Error::<Test>::NotOffered);
		run_blocks(ACCEPT + 1);
		assert_noop!(Inference::decline_job(signed(P2), job), Error::<Test>::NotOpen);
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
			Inference::resolve_dispute(RuntimeOrigin::root(), job, None),
			Error::<Test>::NotDisputed
		);
		assert_noop!(Inference::dispute(signed(USER), 9), Error::<Test>::JobNotFound);
		assert_noop!(Inference::finalize(signed(USER), 9), Error::<Test>::JobNotFound);
		assert_noop!(Inference::expire(signed(USER), 9), Error::<Test>::JobNotFound);
		assert_noop!(
			Inference::resolve_dispute(RuntimeOrigin::root(), 9, None),
			Error::<Test>::JobNotFound
		);
		deliver(job, &[(P1, b"r")]);
		assert_noop!(Inference::expire(signed(USER), job), Error::<Test>::NotExpirable);
		assert_noop!(
			Inference::resolve_dispute(signed(USER), job, None),
			sp_runtime::DispatchError::BadOrigin
		);
		run_blocks(CHALLENGE + 1);
		assert_noop!(Inference::dispute(signed(USER), job), Error::<Test>::ChallengeOver);
		assert_ok!(Inference::finalize(signed(OTHER), job));
		// A bond its disputer cannot afford.
		let next = post(m, 100, 1);
		deliver(next, &[(P1, b"r")]);
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
		let absurd = JobTerms { redundancy: u32::MAX, ..terms(m, 1, 1) };
		let call =
			crate::Call::<Test>::post_job { terms: absurd, input: data(b"x"), named: anyone() };
		assert_eq!(call.get_dispatch_info().call_weight, <() as WeightInfo>::post_job(5));
		assert_noop!(
			Inference::post_job(signed(USER), absurd, data(b"x"), anyone()),
			Error::<Test>::InvalidRedundancy
		);
	});
}

/// A provider that stopped serving the model after its offer (and took its offer deposit
/// back) cannot accept the job at the old price.
#[test]
fn an_offer_cannot_be_accepted_after_dropping_the_model() {
	build_and_execute(|| {
		let (m, other) = (model(0), model(0));
		provider(P1, m, 100);
		let job = post_offered(m, 100, 1);
		assert_eq!(offered(job), vec![P1]);
		assert_ok!(Inference::update_provider(signed(P1), offers(other, 100), 2, text("e")));
		assert_noop!(Inference::accept_job(signed(P1), job), Error::<Test>::NotEligible);
		assert_ok!(Inference::decline_job(signed(P1), job));
	});
}

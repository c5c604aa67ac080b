//! Issue 10: each attack on the old protocol, replayed. Every test here failed on the old
//! protocol (the attack worked) and passes now (the attack is refused).

use super::*;
use crate::{Error, JobStatus, JobTerms, Jobs, Models, Offers, Providers};
use frame_support::{assert_noop, assert_ok, BoundedVec};

/// No provider lost collateral to `job`.
fn nobody_slashed(job: JobId) -> bool {
	!events().iter().any(|e| matches!(e, Event::ProviderSlashed { job: j, .. } if *j == job))
}

/// Attack 1: a user posts jobs with deadlines nobody can meet and expires them to farm the
/// assigned providers' stakes. Rule: deadlines leave `AcceptWindow + MinExecutionWindow`; a
/// provider is liable only for a slot it accepted; a slash is the job's collateral, never a
/// share of the stake, and the user's share never exceeds its escrow.
#[test]
fn attack_1_impossible_deadlines_farm_no_slashes() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		provider(P2, m, 100);
		let now = System::block_number();
		let impossible = JobTerms { deadline: now + 2, ..terms(m, 100, 2) };
		assert_noop!(
			Inference::post_job(signed(USER), impossible, data(b"x"), anyone()),
			Error::<Test>::DeadlineTooSoon
		);
		// Slots the providers never accepted cost them nothing when the job lapses.
		let (p1, p2) = (usdt(P1), usdt(P2));
		let job = post_offered(m, 100, 2);
		run_blocks(ACCEPT + 1);
		assert_ok!(Inference::expire(signed(USER), job));
		assert_eq!(closed(job).0, CloseReason::Unfilled);
		assert!(nobody_slashed(job));
		assert_eq!((staked(P1), staked(P2), usdt(P1), usdt(P2)), (STAKE, STAKE, p1, p2));
		// Accepted work that is missed costs its collateral (half the max price), not the stake,
		// and the user's share is below what it escrowed.
		assert_ok!(Inference::set_paused(signed(P1), false));
		assert_ok!(Inference::set_paused(signed(P2), false));
		let job = post(m, 100, 2);
		run_blocks(DEADLINE + 1);
		assert_ok!(Inference::expire(signed(USER), job));
		let (_, settlement) = closed(job);
		assert_eq!(settlement.slashed_to_user + settlement.slashed_to_treasury, 100);
		assert!(settlement.slashed_to_user <= settlement.refund);
		assert_eq!((staked(P1), staked(P2)), (STAKE, STAKE));
	});
}

/// Attack 2: the model's owner raises the royalty just before a user's `post_job` and lowers
/// it after. Rule: a rise applies `RoyaltyDelay` blocks later (jobs posted meanwhile pay the
/// old royalty); the user bounds the job's whole cost with `max_total`.
#[test]
fn attack_2_royalty_sandwich_is_refused() {
	build_and_execute(|| {
		let m = model(7);
		provider(P1, m, 100);
		let now = System::block_number();
		assert_ok!(Inference::update_model(signed(OWNER), m, info("u"), 100_000));
		assert!(events().contains(&Event::ModelUpdated {
			model: m,
			royalty: 100_000,
			royalty_from: now + ROYALTY_DELAY
		}));
		// The user expects 100 + 7 + 5 and says so.
		let expected = JobTerms { max_total: 112, ..terms(m, 100, 1) };
		assert_ok!(Inference::post_job(signed(USER), expected, data(b"x"), anyone()));
		assert_eq!(Jobs::<Test>::get(0).unwrap().escrow, 112);
		// Once the rise is in force, a user's bound refuses it.
		run_blocks(ROYALTY_DELAY);
		let expected = JobTerms { max_total: 112, ..terms(m, 100, 1) };
		assert_noop!(
			Inference::post_job(signed(USER), expected, data(b"x"), anyone()),
			Error::<Test>::CostAboveMax
		);
		// A cut applies at once.
		assert_ok!(Inference::update_model(signed(OWNER), m, info("u"), 7));
		assert_ok!(Inference::post_job(signed(USER), expected, data(b"x"), anyone()));
		assert_eq!(Models::<Test>::get(m).unwrap().royalty, 7);
	});
}

/// Attack 3: results were public at once, so a user's own provider could counter the honest
/// one for a free refund, and a lazy provider could copy. Rule: commit (bound to job and
/// provider) then reveal, reveals only after every commitment (or the deadline); a
/// disagreement goes to the arbiter instead of refunding.
#[test]
fn attack_3_forced_disagreement_and_copying_fail() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 50); // the user's own cheap provider
		provider(P2, m, 100); // honest
		let job = post(m, 100, 2);
		commit(P2, job, b"honest");
		// Nothing is revealed until every commitment is in: there is nothing to counter.
		assert_noop!(
			Inference::reveal_result(signed(P2), job, data(b"honest"), salt(P2)),
			Error::<Test>::NotRevealing
		);
		// Copying P2's commitment does not let P1 reveal P2's output.
		let copied = Jobs::<Test>::get(job).unwrap().assignments[1].slot;
		let crate::Slot::Committed(c) = copied else { panic!("P2 committed") };
		assert_ok!(Inference::commit_result(signed(P1), job, c));
		reveal(P2, job, b"honest");
		assert_noop!(
			Inference::reveal_result(signed(P1), job, data(b"honest"), salt(P2)),
			Error::<Test>::CommitmentMismatch
		);
		// P1 cannot reveal anything: the job goes to the arbiter, not to a refund.
		run_blocks(REVEAL + 1);
		assert_ok!(Inference::expire(signed(USER), job));
		assert!(matches!(Jobs::<Test>::get(job).unwrap().status, JobStatus::Disputed { .. }));
		let honest = data(b"honest").content_hash();
		let p2 = usdt(P2);
		assert_ok!(Inference::resolve_dispute(RuntimeOrigin::root(), job, Some(honest)));
		let (reason, settlement) = closed(job);
		assert_eq!((reason, settlement.providers), (CloseReason::Completed, 100));
		assert_eq!(usdt(P2), p2 + 100 + 50, "paid, collateral back");
		assert_eq!(Providers::<Test>::get(P2).unwrap().reputation.failed, 0);
	});
}

/// Attack 4: two cheap identities win two of three slots, agree on garbage and get the
/// honest third slashed. Rule: slashes happen only at close, so an upheld dispute (the
/// arbiter naming the honest result) pays and restores the honest provider and slashes the
/// colluders; at equal prices stake, then reputation, outrank account ids; users may name
/// the providers they trust.
#[test]
fn attack_4_sybil_majority_loses_to_a_dispute() {
	build_and_execute(|| {
		let m = model(0);
		for who in [P1, P2] {
			assert_ok!(Inference::register_provider(
				signed(who),
				MIN_STAKE,
				offers(m, 99),
				2,
				text("sybil")
			));
		}
		provider(P3, m, 100);
		let job = post(m, 100, 3);
		deliver(job, &[(P1, b"garbage"), (P2, b"garbage"), (P3, b"truth")]);
		assert!(matches!(Jobs::<Test>::get(job).unwrap().status, JobStatus::Challenge { .. }));
		let (p3_usdt, p3_lev) = (usdt(P3), lev(P3));
		assert_ok!(Inference::dispute(signed(P3), job));
		let truth = data(b"truth").content_hash();
		assert_ok!(Inference::resolve_dispute(RuntimeOrigin::root(), job, Some(truth)));
		assert_eq!(usdt(P3), p3_usdt + 100 + 50, "the honest one is paid and keeps its collateral");
		assert_eq!(lev(P3), p3_lev, "its bond comes back");
		assert_eq!(Providers::<Test>::get(P3).unwrap().reputation.failed, 0);
		assert_eq!(Providers::<Test>::get(P1).unwrap().reputation.slashed, 1);
		// At one price, the larger stake wins over a lower account id.
		assert_ok!(Inference::register_provider(
			signed(P4),
			MIN_STAKE,
			offers(m, 90),
			2,
			text("sybil")
		));
		provider(P5, m, 90);
		assert_eq!(assigned(post(m, 100, 1)), vec![P5]);
		// A user names the providers it trusts.
		let named = BoundedVec::truncate_from(vec![P3]);
		let job = crate::NextJobId::<Test>::get();
		assert_ok!(Inference::post_job(signed(USER), terms(m, 100, 1), data(b"x"), named));
		assert_eq!(assigned(job), vec![P3]);
	});
}

/// Attack 5: a job with a deadline billions of blocks away and a slot nobody takes, or an
/// unresolved free dispute, pinned its providers forever. Rule: deadlines are at most
/// `MaxDeadlineHorizon` away; a job whose slots are not all accepted by `accept_by` can be
/// closed by anyone; disputes cost a bond (the user's too) and a silent arbiter lets anyone
/// settle after `ArbiterWindow`.
#[test]
fn attack_5_nothing_pins_a_provider() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		let far = JobTerms { deadline: u64::from(u32::MAX), ..terms(m, 100, 2) };
		assert_noop!(
			Inference::post_job(signed(USER), far, data(b"x"), anyone()),
			Error::<Test>::DeadlineTooFar
		);
		// A k = 2 job with one slot nobody takes.
		let job = post(m, 100, 2);
		assert_noop!(Inference::unregister(signed(P1)), Error::<Test>::HasOpenJobs);
		run_blocks(ACCEPT + 1);
		assert_ok!(Inference::expire(signed(P1), job));
		assert_eq!(closed(job).0, CloseReason::Unfilled);
		// A dispute the arbiter never decides.
		let job = post(m, 100, 1);
		deliver(job, &[(P1, b"ok")]);
		let user_lev = lev(USER);
		assert_ok!(Inference::dispute(signed(USER), job));
		assert_eq!(lev(USER), user_lev - DISPUTE_BOND, "the user's dispute is not free");
		run_blocks(ARBITER + 1);
		assert_ok!(Inference::expire(signed(P1), job));
		assert_eq!(closed(job).0, CloseReason::Completed);
		assert_eq!(lev(USER), user_lev + JOB_DEPOSIT, "undecided: the bond (and deposit) back");
		assert_ok!(Inference::unregister(signed(P1)));
	});
}

/// Attack 6: a model paid in an asset its creator can freeze, frozen after jobs are matched,
/// blocked every settlement. Rule: models are paid only in assets the `AssetOrigin` allows.
#[test]
fn attack_6_a_freezable_asset_cannot_be_used() {
	build_and_execute(|| {
		assert_ok!(Assets::create(signed(OTHER), 2, OTHER, 1));
		assert_ok!(Assets::mint(signed(OTHER), 2, USER, 1_000_000));
		assert_noop!(
			Inference::register_model(signed(OTHER), info("u"), 0, AssetKind::WithId(2)),
			Error::<Test>::AssetNotAllowed
		);
	});
}

/// Attack 7: offers of providers that cannot serve (full, offline) stayed in the cheap places
/// of the list, and throw-away identities filled it so honest providers got
/// `TooManyOffers`. Rule: only providers that can serve now are listed (a provider at
/// capacity leaves the lists, one that lets an offer lapse is paused); offers carry a
/// deposit; a full list takes a better offer (cheaper, or as cheap with more stake).
#[test]
fn attack_7_matching_is_not_starved() {
	build_and_execute(|| {
		let m = model(0);
		// An offline provider lets its offer lapse and leaves the list.
		provider(P1, m, 90);
		let job = post_offered(m, 100, 1);
		run_blocks(ACCEPT + 1);
		assert_ok!(Inference::expire(signed(OTHER), job));
		assert!(Providers::<Test>::get(P1).unwrap().paused);
		assert!(Offers::<Test>::get(m).is_empty());
		// Throw-away identities fill the list, each paying an offer deposit.
		for who in [P2, P3, P4, P5, USER] {
			assert_ok!(Inference::register_provider(
				signed(who),
				MIN_STAKE,
				offers(m, 100),
				1,
				text("spam")
			));
			assert_eq!(offer_deposit(who), OFFER_DEPOSIT);
		}
		// An honest provider with more stake at the same price still gets in.
		assert_ok!(Inference::register_provider(
			signed(OTHER),
			STAKE,
			offers(m, 100),
			2,
			text("e")
		));
		assert_eq!(Offers::<Test>::get(m).first().map(|o| o.provider), Some(OTHER));
		// A spammer that takes a job is full and leaves the list at once.
		let job = post(m, 100, 2);
		assert_eq!(assigned(job), vec![OTHER, USER]);
		assert!(!Offers::<Test>::get(m).iter().any(|o| o.provider == USER));
	});
}

/// Attack 8: jobs stored kilobytes for free, a model's deposit was never recoverable, and an
/// honest provider was marked failed when other slots of its job never filled. Rule: jobs
/// hold `JobDeposit` until they close; a retired model without open jobs is removed with its
/// deposit returned; an unfilled job is nobody's failure. (Payment assets, and so the pallet
/// account's consumers, are bounded by the allow-list of attack 6.)
#[test]
fn attack_8_storage_is_paid_for_and_returned() {
	build_and_execute(|| {
		let owner_lev = lev(OWNER);
		let m = model(0);
		provider(P1, m, 100);
		let user_lev = lev(USER);
		let job = post(m, 100, 2);
		assert_eq!(lev(USER), user_lev - JOB_DEPOSIT);
		run_blocks(ACCEPT + 1);
		assert_ok!(Inference::expire(signed(OTHER), job));
		assert_eq!(lev(USER), user_lev);
		let record = Providers::<Test>::get(P1).unwrap();
		assert_eq!((record.reputation.failed, record.reputation.slashed), (0, 0));
		assert_ok!(Inference::retire_model(signed(OWNER), m));
		assert_ok!(Inference::remove_model(signed(OWNER), m));
		assert_eq!(lev(OWNER), owner_lev);
	});
}

/// Attack 9: the payment asset's admin (its freezer) freezes the pallet account's balance, or
/// the whole asset, so every settlement transfer fails: no job could close and its providers
/// could never leave. Rule: a payment whose transfer fails for any reason is credited
/// instead (tried in its own storage layer); the credit is claimed once the transfer can go.
#[test]
fn attack_9_a_frozen_payment_asset_does_not_block_settlement() {
	build_and_execute(|| {
		let m = model(7);
		provider(P1, m, 100);
		let pallet = Inference::account_id();
		let job = post(m, 100, 1);
		deliver(job, &[(P1, b"ok")]);
		run_blocks(CHALLENGE + 1);
		let (p1, usdt_total) = (usdt(P1), total(&USDT));
		// USDT's freezer (OWNER) freezes the pallet account.
		assert_ok!(Assets::freeze(signed(OWNER), 1, pallet));
		assert_ok!(Inference::finalize(signed(OTHER), job));
		assert_eq!(closed(job).0, CloseReason::Completed);
		let credited =
			|who| events().iter().any(|e| matches!(e, Event::Credited { who: w, .. } if *w == who));
		assert!(credited(P1) && credited(OWNER) && credited(TREASURY), "price, royalty, fee");
		assert_eq!(crate::Credits::<Test>::get(P1, USDT), 100 + 50, "price and collateral");
		assert_eq!(usdt(P1), p1);
		assert_eq!(crate::Escrow::<Test>::get(USDT), 0);
		assert_eq!(total(&USDT), usdt_total);
		Inference::do_try_state().expect("inference invariants hold");
		assert_ok!(Inference::unregister(signed(P1)));
		// Still frozen: the claim fails and changes nothing.
		assert!(Inference::claim_credit(signed(OTHER), P1, USDT).is_err());
		assert_eq!(crate::Credits::<Test>::get(P1, USDT), 150);
		assert_ok!(Assets::thaw(signed(OWNER), 1, pallet));
		assert_ok!(Inference::claim_credit(signed(OTHER), P1, USDT));
		assert_eq!(usdt(P1), p1 + 150);
		// The whole asset frozen: a user still cancels its open job, refunded in credit.
		provider(P2, m, 100);
		let job = post_offered(m, 100, 1);
		assert_ok!(Assets::freeze_asset(signed(OWNER), 1));
		assert_ok!(Inference::cancel_job(signed(USER), job));
		assert_eq!(closed(job).0, CloseReason::Cancelled);
		assert!(crate::Credits::<Test>::get(USER, USDT) > 0);
		assert_ok!(Assets::thaw_asset(signed(OWNER), 1));
		assert_ok!(Inference::claim_credit(signed(USER), USER, USDT));
		assert_eq!(crate::Escrow::<Test>::get(USDT), 0);
		assert_eq!(total(&USDT), usdt_total);
	});
}

/// Attack 10: a user names two sybils and one honest provider; the sybils reveal the same
/// garbage; the honest provider disputes, and the arbiter stays silent. Settling the job as
/// agreed also slashed the honest dissenter's collateral and so rewarded the sybil majority
/// without anyone ruling. Rule: on an arbiter timeout nobody was ruled wrong: the agreed
/// result is paid, every other revealed result gets its collateral back, and the disputer's
/// bond comes back.
#[test]
fn attack_10_a_silent_arbiter_slashes_no_dissenter() {
	build_and_execute(|| {
		let m = model(0);
		for who in [P1, P2, P3] {
			provider(who, m, 100);
		}
		let (p3_usdt, p3_lev) = (usdt(P3), lev(P3));
		let named = BoundedVec::truncate_from(vec![P1, P2, P3]);
		let job = crate::NextJobId::<Test>::get();
		assert_ok!(Inference::post_job(signed(USER), terms(m, 100, 3), data(b"x"), named));
		accept_all(job);
		deliver(job, &[(P1, b"garbage"), (P2, b"garbage"), (P3, b"truth")]);
		assert_ok!(Inference::dispute(signed(P3), job));
		assert_eq!(lev(P3), p3_lev - DISPUTE_BOND);
		run_blocks(ARBITER + 1);
		assert_ok!(Inference::expire(signed(OTHER), job));
		let (reason, settlement) = closed(job);
		assert_eq!(reason, CloseReason::Completed);
		assert!(nobody_slashed(job));
		assert_eq!(settlement.slashed_to_user + settlement.slashed_to_treasury, 0);
		assert_eq!(settlement.providers, 200, "the agreed result stands");
		assert_eq!(settlement.collateral_returned, 150);
		assert_eq!(usdt(P3), p3_usdt, "the honest dissenter keeps its collateral");
		assert_eq!(lev(P3), p3_lev, "and its bond");
		let record = Providers::<Test>::get(P3).unwrap();
		assert_eq!((record.reputation.failed, record.reputation.slashed), (0, 0));
		assert_ok!(Inference::unregister(signed(P3)));
	});
}

/// Attack 11: collateral followed the provider's own price, so a sybil offering at price 1
/// risked nothing on a valuable job while crowding the lists and outvoting honest providers.
/// Rule: collateral is `CollateralRatio` of the job's max price (the value bound the user
/// set), whatever the provider's price.
#[test]
fn attack_11_a_cheap_provider_risks_the_jobs_value() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 1);
		let p1 = usdt(P1);
		let job = post(m, 100, 1);
		assert!(events().contains(&Event::JobAccepted {
			job,
			provider: P1,
			price: 1,
			collateral: 50
		}));
		run_blocks(DEADLINE + 1);
		assert_ok!(Inference::expire(signed(USER), job));
		let (reason, settlement) = closed(job);
		assert_eq!(reason, CloseReason::Expired);
		assert_eq!(settlement.slashed_to_user + settlement.slashed_to_treasury, 50);
		assert_eq!(usdt(P1), p1 - 50, "it loses CollateralRatio × max price, not × its price");
		assert!(events().contains(&Event::ProviderSlashed {
			provider: P1,
			job,
			amount: 50,
			to_user: 25,
			to_treasury: 25
		}));
	});
}

/// Attack 12: a user names a provider in many jobs and cancels them before acceptance, or lets
/// them lapse, again and again: when every offer took capacity, the provider was full of jobs
/// it never took, left the lists and lost honest work; a lapsed offer paused it. Rule: an
/// offer the user made by naming the provider takes no capacity until accepted (checked at
/// acceptance) and costs nothing to decline or let lapse; a declined slot is free to claim.
#[test]
fn attack_12_offers_cannot_fill_or_pause_a_provider() {
	build_and_execute(|| {
		let m = model(0);
		provider(P1, m, 100);
		provider(P2, m, 110);
		let named = |who| BoundedVec::truncate_from(vec![who]);
		let grief_terms = || terms(m, 110, 1);
		let before = Providers::<Test>::get(P1).unwrap();
		// The griefer names P1 (capacity 2) in its 8 open jobs: P1 stays listed and free.
		let griefs: Vec<JobId> = (0..8)
			.map(|_| {
				let id = crate::NextJobId::<Test>::get();
				assert_ok!(Inference::post_job(
					signed(USER),
					grief_terms(),
					data(b"grief"),
					named(P1)
				));
				id
			})
			.collect();
		assert_eq!(Providers::<Test>::get(P1).unwrap().jobs.len(), 0);
		assert_eq!(Offers::<Test>::get(m).first().map(|o| o.provider), Some(P1));
		// An honest job is still matched to P1, which accepts it.
		let honest = crate::NextJobId::<Test>::get();
		assert_ok!(Inference::post_job(signed(OTHER), terms(m, 100, 1), data(b"x"), anyone()));
		assert_eq!(offered(honest), vec![P1]);
		assert_ok!(Inference::accept_job(signed(P1), honest));
		// Cancelling before acceptance, again and again, changes nothing about P1.
		for job in &griefs[..4] {
			assert_ok!(Inference::cancel_job(signed(USER), *job));
		}
		// P1 takes one more and is full: it declines what it cannot serve, and the freed slot
		// goes to another provider by claim.
		assert_ok!(Inference::accept_job(signed(P1), griefs[4]));
		assert_noop!(Inference::accept_job(signed(P1), griefs[5]), Error::<Test>::NotEligible);
		assert_ok!(Inference::decline_job(signed(P1), griefs[5]));
		assert!(events().contains(&Event::JobDeclined { job: griefs[5], provider: P1 }));
		assert_ok!(Inference::claim(signed(P2), griefs[5]));
		assert_eq!(Jobs::<Test>::get(griefs[5]).map(|j| j.status), Some(JobStatus::Committing));
		// The rest lapse: a named offer that lapses neither pauses P1 nor counts against it.
		run_blocks(ACCEPT + 1);
		for job in &griefs[6..] {
			assert_ok!(Inference::expire(signed(USER), *job));
			assert_eq!(closed(*job).0, CloseReason::Unfilled);
		}
		let after = Providers::<Test>::get(P1).unwrap();
		assert!(!after.paused);
		assert_eq!(after.reputation, before.reputation);
		assert_eq!(after.jobs.len(), 2);
	});
}

/// Attack 13: a provider at the lowest price that never accepts would be offered every job if
/// matched offers took no capacity, and every job would fail. Rule: a matched offer reserves a
/// unit of the provider's capacity, so it is offered at most what it can take and then leaves
/// the lists; declining gives the unit back and counts against its reputation like a lapse.
#[test]
fn attack_13_a_cheap_provider_that_never_accepts_holds_at_most_its_capacity() {
	build_and_execute(|| {
		let m = model(0);
		assert_ok!(Inference::register_provider(signed(P1), MIN_STAKE, offers(m, 1), 1, text("x")));
		provider(P2, m, 100);
		let first = post_offered(m, 100, 1);
		assert_eq!(offered(first), vec![P1]);
		assert!(events().contains(&Event::JobOffered {
			job: first,
			provider: P1,
			price: 1,
			named: false
		}));
		// P1 is full with the offer: the next jobs go to P2.
		assert!(!Offers::<Test>::get(m).iter().any(|o| o.provider == P1));
		let second = post_offered(m, 100, 1);
		assert_eq!(offered(second), vec![P2]);
		// Declining gives the unit back and costs reputation.
		assert_ok!(Inference::decline_job(signed(P1), first));
		let record = Providers::<Test>::get(P1).unwrap();
		assert!(record.jobs.is_empty());
		assert_eq!(record.reputation.lapsed, 1);
		assert!(!record.paused);
		assert_eq!(Offers::<Test>::get(m).first().map(|o| o.provider), Some(P1));
		// The freed slot is anyone's to claim.
		assert_ok!(Inference::claim(signed(P2), first));
	});
}

//! Property test with adversarial actors: users posting impossible deadlines and tight bounds
//! or naming providers to grief them, colluding providers (cheap, minimally staked, declining
//! and claiming slots, revealing the same garbage), the model's owner changing its royalty,
//! the payment asset frozen and disallowed, time jumping. Honest providers and the arbiter
//! act after every step as the protocol expects of them. After every step: no LEV or USDT is
//! created or destroyed, the invariants hold, and an honest provider that accepted and
//! revealed on time has never lost anything.

use super::*;
use crate::{JobStatus, Jobs, Slot};
use proptest::prelude::*;

const HONEST: [AccountId; 2] = [P1, P2];
const COLLUDERS: [AccountId; 2] = [P3, P4];

#[derive(Clone, Debug)]
enum Op {
	/// The user posts; `deadline` may be too soon or too far, `slack` bounds the total.
	Post {
		price: u128,
		k: u32,
		deadline: u64,
		slack: Option<u128>,
	},
	Accept {
		colluder: usize,
		job: u64,
	},
	Claim {
		colluder: usize,
		job: u64,
	},
	/// A colluder declines an offer (freeing the slot for a claim).
	Decline {
		colluder: usize,
		job: u64,
	},
	/// The user names a provider (honest or colluding) in a k = 1 job, to grief it.
	Name {
		who: usize,
	},
	/// A colluder commits (or, when the job reveals, reveals) the shared garbage.
	Garbage {
		colluder: usize,
		job: u64,
	},
	/// Both colluders do all they can on a job: accept, commit or reveal the garbage.
	Collude {
		job: u64,
	},
	Dispute {
		job: u64,
	},
	Finalize {
		job: u64,
	},
	Expire {
		job: u64,
	},
	Cancel {
		job: u64,
	},
	Royalty {
		royalty: u128,
	},
	Freeze {
		frozen: bool,
	},
	Allow {
		allowed: bool,
	},
	Blocks {
		n: u64,
	},
}

fn op() -> impl Strategy<Value = Op> {
	let job = 0..3u64;
	let colluder = 0..2usize;
	prop_oneof![
		4 => (70..200u128, 1..4u32, 0..1_100u64, proptest::option::of(0..400u128))
			.prop_map(|(price, k, deadline, slack)| Op::Post { price, k, deadline, slack }),
		1 => (colluder.clone(), job.clone()).prop_map(|(colluder, job)| Op::Accept { colluder, job }),
		1 => (colluder.clone(), job.clone()).prop_map(|(colluder, job)| Op::Claim { colluder, job }),
		1 => (colluder.clone(), job.clone()).prop_map(|(colluder, job)| Op::Decline { colluder, job }),
		2 => (0..4usize).prop_map(|who| Op::Name { who }),
		2 => (colluder, job.clone()).prop_map(|(colluder, job)| Op::Garbage { colluder, job }),
		8 => job.clone().prop_map(|job| Op::Collude { job }),
		1 => job.clone().prop_map(|job| Op::Dispute { job }),
		3 => job.clone().prop_map(|job| Op::Finalize { job }),
		3 => job.clone().prop_map(|job| Op::Expire { job }),
		1 => job.prop_map(|job| Op::Cancel { job }),
		1 => (0..300u128).prop_map(|royalty| Op::Royalty { royalty }),
		1 => any::<bool>().prop_map(|frozen| Op::Freeze { frozen }),
		1 => any::<bool>().prop_map(|allowed| Op::Allow { allowed }),
		4 => (1..8u64).prop_map(|n| Op::Blocks { n }),
		1 => (8..60u64).prop_map(|n| Op::Blocks { n }),
	]
}

/// The `back`-th most recent job id.
fn recent(back: u64) -> u64 {
	crate::NextJobId::<Test>::get().saturating_sub(1 + back)
}

const TRUTH: &[u8] = b"truth";
const GARBAGE: &[u8] = b"garbage";

fn slot_of(job: u64, who: AccountId) -> Option<Slot> {
	Jobs::<Test>::get(job)?.assignments.iter().find(|a| a.provider == who).map(|a| a.slot)
}

/// `who` commits or reveals `output` on `job` if the job waits for that from it.
fn deliver_step(who: AccountId, job: u64, output: &[u8]) {
	let Some(record) = Jobs::<Test>::get(job) else { return };
	let hash = data(output).content_hash();
	match (record.status, slot_of(job, who)) {
		(JobStatus::Committing, Some(Slot::Accepted)) => {
			let c = crate::commitment(job, &who, &hash, &salt(who));
			let _ = Inference::commit_result(signed(who), job, c);
		},
		(JobStatus::Revealing { .. }, Some(Slot::Committed(_))) => {
			let _ = Inference::reveal_result(signed(who), job, data(output), salt(who));
		},
		_ => {},
	}
}

/// What honest providers and the arbiter do, at once, after every step.
fn honest_actors() {
	let truth = data(TRUTH).content_hash();
	for _ in 0..4 {
		for who in HONEST {
			if crate::Providers::<Test>::get(who).is_some_and(|p| p.paused) {
				let _ = Inference::set_paused(signed(who), false);
			}
		}
		let jobs: Vec<u64> = Jobs::<Test>::iter_keys().collect();
		for job in jobs {
			for who in HONEST {
				if slot_of(job, who).is_some_and(|s| s.is_offer()) {
					let _ = Inference::accept_job(signed(who), job);
				}
				deliver_step(who, job, TRUTH);
				if let Some(JobStatus::Challenge { agreed, .. }) =
					Jobs::<Test>::get(job).map(|j| j.status)
				{
					if agreed != truth && slot_of(job, who).is_some() {
						let _ = Inference::dispute(signed(who), job);
					}
				}
			}
			if let Some(JobStatus::Disputed { .. }) = Jobs::<Test>::get(job).map(|j| j.status) {
				let _ = Inference::resolve_dispute(RuntimeOrigin::root(), job, Some(truth));
			}
		}
	}
}

fn apply(m: crate::ModelId, op: &Op) {
	// Failures are part of the sequence: a refused call must change nothing.
	let _ = match op.clone() {
		Op::Post { price, k, deadline, slack } => {
			let terms = crate::JobTerms {
				model: m,
				max_price: price,
				redundancy: k,
				deadline: System::block_number() + deadline,
				// A tight bound: prices, the royalty it expects (7) and the fee, plus `slack`.
				max_total: slack.map_or(u128::MAX, |s| price * u128::from(k) * 106 / 100 + 7 + s),
			};
			Inference::post_job(signed(USER), terms, data(b"in"), anyone())
		},
		Op::Accept { colluder, job } => {
			Inference::accept_job(signed(COLLUDERS[colluder]), recent(job))
		},
		Op::Claim { colluder, job } => Inference::claim(signed(COLLUDERS[colluder]), recent(job)),
		Op::Decline { colluder, job } => {
			Inference::decline_job(signed(COLLUDERS[colluder]), recent(job))
		},
		Op::Name { who } => {
			let named = [HONEST, COLLUDERS].concat()[who];
			let terms = crate::JobTerms { max_total: u128::MAX, ..terms(m, 100, 1) };
			let named = frame_support::BoundedVec::truncate_from(vec![named]);
			Inference::post_job(signed(USER), terms, data(b"in"), named)
		},
		Op::Garbage { colluder, job } => {
			deliver_step(COLLUDERS[colluder], recent(job), GARBAGE);
			Ok(())
		},
		Op::Collude { job } => {
			let job = recent(job);
			for who in COLLUDERS {
				if slot_of(job, who).is_some_and(|s| s.is_offer()) {
					let _ = Inference::accept_job(signed(who), job);
				}
			}
			for who in COLLUDERS {
				deliver_step(who, job, GARBAGE);
			}
			for who in COLLUDERS {
				deliver_step(who, job, GARBAGE);
			}
			Ok(())
		},
		Op::Dispute { job } => Inference::dispute(signed(OTHER), recent(job)),
		Op::Finalize { job } => {
			Inference::finalize(signed(OTHER), recent(job)).map(|_| ()).map_err(|e| e.error)
		},
		Op::Expire { job } => {
			Inference::expire(signed(USER), recent(job)).map(|_| ()).map_err(|e| e.error)
		},
		Op::Cancel { job } => Inference::cancel_job(signed(USER), recent(job)),
		Op::Royalty { royalty } => Inference::update_model(signed(OWNER), m, info("u"), royalty),
		Op::Freeze { frozen } => {
			if frozen {
				Assets::freeze_asset(signed(OWNER), 1)
			} else {
				Assets::thaw_asset(signed(OWNER), 1)
			}
		},
		Op::Allow { allowed } => Inference::set_payment_asset(RuntimeOrigin::root(), USDT, allowed),
		Op::Blocks { n } => {
			run_blocks(n);
			Ok(())
		},
	};
}

/// Every `ProviderSlashed` so far.
fn slashed() -> Vec<AccountId> {
	events()
		.into_iter()
		.filter_map(|e| match e {
			Event::ProviderSlashed { provider, .. } => Some(provider),
			_ => None,
		})
		.collect()
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]
	#[test]
	fn adversaries_never_create_money_nor_take_an_honest_providers(
		ops in proptest::collection::vec(op(), 1..40)
	) {
		let mut outcome = Ok(());
		build_and_execute(|| {
			let m = model(7);
			for who in HONEST {
				provider(who, m, 100);
			}
			for who in COLLUDERS {
				frame_support::assert_ok!(Inference::register_provider(
					signed(who),
					MIN_STAKE,
					offers(m, 90),
					2,
					text("sybil")
				));
			}
			let totals = (total(&LEV), total(&USDT));
			outcome = (|| {
				for op in &ops {
					apply(m, op);
					honest_actors();
					prop_assert_eq!((total(&LEV), total(&USDT)), totals, "after {:?}", op);
					prop_assert!(Inference::do_try_state().is_ok(), "invariants after {:?}", op);
					let slashed = slashed();
					for who in HONEST {
						prop_assert!(!slashed.contains(&who), "honest {} slashed after {:?}", who, op);
						prop_assert_eq!(staked(who), STAKE);
					}
				}
				Ok(())
			})();
		});
		outcome?;
	}
}

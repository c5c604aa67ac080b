//! Property test: random sequences of market calls never change the total of user, provider,
//! owner, treasury and escrow balances (LEV and the payment asset), and keep the invariants.

use super::*;
use proptest::prelude::*;

const PROVIDERS: [AccountId; 4] = [P1, P2, P3, P4];

#[derive(Clone, Debug)]
enum Op {
	Post {
		price: u128,
		k: u32,
		deadline: u64,
	},
	Claim {
		provider: usize,
		job: u64,
	},
	/// The `provider`-th (modulo) of the job's assigned providers submits.
	Submit {
		provider: usize,
		job: u64,
		answer: u8,
	},
	Dispute {
		by_user: bool,
		job: u64,
	},
	Resolve {
		job: u64,
		upheld: bool,
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
	Pause {
		provider: usize,
		paused: bool,
	},
	Blocks {
		n: u64,
	},
}

fn op() -> impl Strategy<Value = Op> {
	// A job among the three most recently posted.
	let job = 0..3u64;
	let provider = 0..4usize;
	prop_oneof![
		3 => (50..200u128, 1..4u32, 20..80u64).prop_map(|(price, k, deadline)| Op::Post { price, k, deadline }),
		2 => (provider.clone(), job.clone()).prop_map(|(provider, job)| Op::Claim { provider, job }),
		6 => (0..3usize, job.clone(), 0..4u8).prop_map(|(provider, job, answer)| Op::Submit { provider, job, answer }),
		1 => (any::<bool>(), job.clone()).prop_map(|(by_user, job)| Op::Dispute { by_user, job }),
		1 => (job.clone(), any::<bool>()).prop_map(|(job, upheld)| Op::Resolve { job, upheld }),
		3 => job.clone().prop_map(|job| Op::Finalize { job }),
		1 => job.clone().prop_map(|job| Op::Expire { job }),
		1 => job.prop_map(|job| Op::Cancel { job }),
		1 => (provider, any::<bool>()).prop_map(|(provider, paused)| Op::Pause { provider, paused }),
		2 => (1..15u64).prop_map(|n| Op::Blocks { n }),
	]
}

/// `op` with its job index turned into one of the most recent job ids.
fn recent_op(op: Op) -> Op {
	match op {
		Op::Claim { provider, job } => Op::Claim { provider, job: recent(job) },
		Op::Submit { provider, job, answer } => Op::Submit { provider, job: recent(job), answer },
		Op::Dispute { by_user, job } => Op::Dispute { by_user, job: recent(job) },
		Op::Resolve { job, upheld } => Op::Resolve { job: recent(job), upheld },
		Op::Finalize { job } => Op::Finalize { job: recent(job) },
		Op::Expire { job } => Op::Expire { job: recent(job) },
		Op::Cancel { job } => Op::Cancel { job: recent(job) },
		other => other,
	}
}

/// The `back`-th most recent job id.
fn recent(back: u64) -> u64 {
	crate::NextJobId::<Test>::get().saturating_sub(1 + back)
}

fn apply(m: crate::ModelId, op: &Op) {
	// Failures are part of the sequence: a refused call must change nothing.
	let _refused: bool = match recent_op(op.clone()) {
		Op::Post { price, k, deadline } => Inference::post_job(
			signed(USER),
			m,
			data(b"in"),
			price,
			k,
			System::block_number() + deadline,
		)
		.is_err(),
		Op::Claim { provider, job } => Inference::claim(signed(PROVIDERS[provider]), job).is_err(),
		Op::Submit { provider, job, answer } => {
			// One of the job's assigned providers; mostly the same answer, sometimes not.
			let on_job = assigned(job);
			let Some(who) = on_job.get(provider % on_job.len().max(1)) else { return };
			Inference::submit_result(signed(*who), job, data(&[answer / 3])).is_err()
		},
		Op::Dispute { by_user, job } => {
			Inference::dispute(signed(if by_user { USER } else { OTHER }), job).is_err()
		},
		Op::Resolve { job, upheld } => {
			Inference::resolve_dispute(RuntimeOrigin::root(), job, upheld).is_err()
		},
		Op::Finalize { job } => Inference::finalize(signed(OTHER), job).is_err(),
		Op::Expire { job } => Inference::expire(signed(OTHER), job).is_err(),
		Op::Cancel { job } => Inference::cancel_job(signed(USER), job).is_err(),
		Op::Pause { provider, paused } => {
			Inference::set_paused(signed(PROVIDERS[provider]), paused).is_err()
		},
		Op::Blocks { n } => {
			run_blocks(n);
			false
		},
	};
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]
	#[test]
	fn market_calls_never_change_the_total(ops in proptest::collection::vec(op(), 1..40)) {
		let mut outcome = Ok(());
		build_and_execute(|| {
			let m = model(7);
			for (i, who) in PROVIDERS.iter().enumerate() {
				provider(*who, m, 60 + 20 * i as u128);
			}
			let totals = (total(&LEV), total(&USDT));
			outcome = (|| {
				for op in &ops {
					apply(m, op);
					prop_assert_eq!((total(&LEV), total(&USDT)), totals, "after {:?}", op);
					prop_assert!(Inference::do_try_state().is_ok(), "invariants after {:?}", op);
				}
				Ok(())
			})();
		});
		outcome?;
	}
}

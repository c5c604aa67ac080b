//! Turns input bytes into runtime calls: structured calls of every user-facing pallet (Lever's
//! three, balances, assets, the DEX, utility, sudo), with arguments drawn from the chain's real
//! accounts, assets, models and jobs at plausible and extreme sizes, nested through `utility`,
//! `sudo` and flash loans; and any call at all decoded straight from the input bytes.

use crate::{
	chain::{account, account_count, FEEDERS, FUNDED as FUNDED_SIGNERS},
	input::Source,
	prices::Prices,
};
use codec::DecodeLimit;
use frame_support::BoundedVec;
use lever_runtime::{AccountId, AssetKind, Runtime, RuntimeCall};
use pallet_lever_inference::{JobData, JobTerms, ModelInfo, ModelOffer};
use pallet_lever_lending::{Amount, MarketConfig};
use pallet_lever_oracle::AssetConfig;
use sp_core::H256;
use sp_runtime::{traits::Saturating, FixedU128, MultiAddress, Permill};

/// How deep calls nest (a batch in a flash loan in a sudo is depth 3).
const MAX_DEPTH: u32 = 3;
/// Calls decoded from raw bytes nest at most this deep (as `Executive` allows).
const RAW_DECODE_DEPTH: u32 = 8;

/// The assets the fuzzer names: LEV, the four test assets, and an asset that does not exist.
pub const ASSETS: [AssetKind; 6] = [
	AssetKind::Native,
	AssetKind::WithId(1),
	AssetKind::WithId(2),
	AssetKind::WithId(3),
	AssetKind::WithId(4),
	AssetKind::WithId(9),
];

/// One token of `asset` in its smallest unit (1 for an unknown asset).
pub fn unit(asset: &AssetKind) -> u128 {
	match asset {
		AssetKind::Native => lever_runtime::UNIT,
		AssetKind::WithId(1) | AssetKind::WithId(2) => 1_000_000,
		AssetKind::WithId(3) => 1_000_000_000_000_000_000,
		AssetKind::WithId(4) => 100_000_000,
		_ => 1,
	}
}

/// An asset: one of the five real ones, now and then the one that does not exist.
pub fn asset(src: &mut Source) -> AssetKind {
	if src.chance(12) {
		ASSETS[5].clone()
	} else {
		ASSETS[src.below(5)].clone()
	}
}

/// An amount of `asset`.
fn amount_of(src: &mut Source, asset: &AssetKind) -> u128 {
	src.amount(unit(asset))
}

/// `Amount::All` or an exact amount of `asset`.
fn lending_amount(src: &mut Source, asset: &AssetKind) -> Amount {
	if src.chance(64) {
		Amount::All
	} else {
		Amount::Exact(amount_of(src, asset))
	}
}

/// An account: a signer (funded or not), or the treasury.
fn who(src: &mut Source) -> AccountId {
	let n = account_count();
	let i = src.below(n + 1);
	if i == n {
		lever_runtime::configs::TreasuryAccount::get()
	} else {
		account(i)
	}
}

fn address(src: &mut Source) -> MultiAddress<AccountId, ()> {
	MultiAddress::Id(who(src))
}

fn bounded<S: frame_support::traits::Get<u32>>(bytes: Vec<u8>) -> BoundedVec<u8, S> {
	BoundedVec::truncate_from(bytes)
}

/// A short byte string: empty, a letter or two, or (rarely) longer than any bound.
fn text(src: &mut Source) -> Vec<u8> {
	match src.byte() % 8 {
		0 => Vec::new(),
		7 => vec![b'x'; 300],
		n => vec![b'a' + n; usize::from(n)],
	}
}

/// A share in parts per million: round values, the edges, or arbitrary.
fn permill(src: &mut Source) -> Permill {
	match src.byte() % 6 {
		0 => Permill::zero(),
		1 => Permill::one(),
		2 => Permill::from_parts(src.u32()),
		_ => Permill::from_percent(u32::from(src.byte() % 101)),
	}
}

/// A job id near the newest (most jobs that matter are recent), or any small id.
fn job_id(src: &mut Source) -> u64 {
	let next = pallet_lever_inference::NextJobId::<Runtime>::get();
	if src.chance(200) {
		next.saturating_sub(1 + src.below(4) as u64)
	} else {
		src.below(next as usize + 2) as u64
	}
}

/// A job `signer` works on (an assignment) or posted, mostly; else any recent job.
fn my_job(src: &mut Source, signer: usize, as_user: bool) -> u64 {
	let me = account(signer);
	let mine: Vec<u64> = pallet_lever_inference::Jobs::<Runtime>::iter()
		.filter(|(_, job)| {
			if as_user {
				job.user == me
			} else {
				job.assignments.iter().any(|a| a.provider == me)
			}
		})
		.map(|(id, _)| id)
		.collect();
	if !mine.is_empty() && src.chance(208) {
		src.pick(&mine)
	} else {
		job_id(src)
	}
}

/// A liquidation's target: a borrower (mostly one with debt), one of its debts and one of its
/// collateral assets (mostly), as a keeper reading the chain would choose.
pub fn target(src: &mut Source) -> (AccountId, AssetKind, AssetKind) {
	let borrower = borrower(src);
	let positions = pallet_lever_lending::Accounts::<Runtime>::get(&borrower);
	let pick = |src: &mut Source, debt: bool| {
		let of: Vec<AssetKind> = positions
			.iter()
			.filter(|(_, p)| if debt { p.scaled_debt > 0 } else { p.collateral && p.shares > 0 })
			.map(|(a, _)| a.clone())
			.collect();
		if !of.is_empty() && src.chance(224) {
			src.pick(&of)
		} else {
			asset(src)
		}
	};
	let debt = pick(src, true);
	let collateral = pick(src, false);
	(borrower, debt, collateral)
}

/// A model id: mostly one that exists.
fn model_id(src: &mut Source) -> u32 {
	let next = pallet_lever_inference::NextModelId::<Runtime>::get() as usize;
	if next > 0 && src.chance(224) {
		src.below(next) as u32
	} else {
		src.below(next + 2) as u32
	}
}

/// An asset in which `signer` supplies (`debt: false`) or owes (`debt: true`), mostly; else
/// any asset.
fn position_asset(src: &mut Source, signer: usize, debt: bool) -> AssetKind {
	let mine: Vec<AssetKind> = pallet_lever_lending::Accounts::<Runtime>::get(account(signer))
		.iter()
		.filter(|(_, p)| if debt { p.scaled_debt > 0 } else { p.shares > 0 })
		.map(|(a, _)| a.clone())
		.collect();
	if !mine.is_empty() && src.chance(208) {
		src.pick(&mine)
	} else {
		asset(src)
	}
}

/// A job's output as a provider reveals it: one of three answers, so that honest providers
/// agree and others do not.
pub fn output(src: &mut Source) -> pallet_lever_inference::DataOf<Runtime> {
	if src.chance(16) {
		JobData::Hash {
			hash: H256::repeat_byte(src.byte() % 3),
			uri: bounded(b"ipfs://o".to_vec()),
		}
	} else {
		JobData::Inline(bounded(vec![b'0' + src.byte() % 3]))
	}
}

/// A salt for a commitment: one of two, so a reveal can name the wrong one.
pub fn salt(src: &mut Source) -> H256 {
	H256::repeat_byte(src.byte() % 2)
}

/// The call `signer` makes, `depth` calls deep. The category mix favours Lever's own pallets.
pub fn call(src: &mut Source, prices: &Prices, signer: usize, depth: u32) -> RuntimeCall {
	let nest = depth < MAX_DEPTH;
	match src.byte() % 32 {
		0..=8 => lending(src, prices, signer, depth),
		9..=16 => inference(src, signer),
		17..=18 => oracle_feed(src, prices),
		19..=20 => balances(src),
		21..=22 => assets(src),
		23..=24 => dex(src),
		25 if nest => utility(src, prices, signer, depth),
		26 if nest => RuntimeCall::Sudo(pallet_sudo::Call::sudo {
			call: Box::new(root_call(src, prices, signer, depth + 1)),
		}),
		27 if nest => RuntimeCall::Sudo(pallet_sudo::Call::sudo_as {
			who: address(src),
			call: Box::new(call(src, prices, signer, depth + 1)),
		}),
		28 => raw(src),
		29 => root_call(src, prices, signer, depth),
		30 if nest => governance(src, prices, signer, depth),
		_ => lending(src, prices, signer, depth),
	}
}

/// A call decoded straight from the input bytes: any call of any pallet, with any arguments.
/// Calls that only root can make and that rewrite the chain's storage or issuance wholesale
/// (`system`'s storage and code calls, `force_adjust_total_issuance`, weights declared by the
/// caller) are replaced by a remark: they break invariants by design, not by a bug.
fn raw(src: &mut Source) -> RuntimeCall {
	let remaining = src.remaining();
	let mut input = remaining;
	match RuntimeCall::decode_with_depth_limit(RAW_DECODE_DEPTH, &mut input) {
		Ok(call) => {
			src.skip(remaining.len() - input.len());
			if forbidden(&call) {
				remark(src)
			} else {
				call
			}
		},
		Err(_) => {
			src.skip(1);
			remark(src)
		},
	}
}

fn remark(src: &mut Source) -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: text(src) })
}

/// Whether `call`, or a call nested in it, is one of root's wholesale rewrites (see [`raw`]).
pub fn forbidden(call: &RuntimeCall) -> bool {
	use pallet_utility::Call as U;
	match call {
		RuntimeCall::System(c) => !matches!(
			c,
			frame_system::Call::remark { .. } | frame_system::Call::remark_with_event { .. }
		),
		RuntimeCall::Balances(pallet_balances::Call::force_adjust_total_issuance { .. }) => true,
		RuntimeCall::Sudo(pallet_sudo::Call::sudo_unchecked_weight { .. }) => true,
		RuntimeCall::Sudo(pallet_sudo::Call::sudo { call })
		| RuntimeCall::Sudo(pallet_sudo::Call::sudo_as { call, .. }) => forbidden(call),
		RuntimeCall::Utility(U::with_weight { .. }) => true,
		RuntimeCall::Utility(
			U::batch { calls } | U::batch_all { calls } | U::force_batch { calls },
		) => calls.iter().any(forbidden),
		RuntimeCall::Utility(
			U::as_derivative { call, .. }
			| U::dispatch_as { call, .. }
			| U::dispatch_as_fallible { call, .. },
		) => forbidden(call),
		RuntimeCall::Utility(U::if_else { main, fallback }) => {
			forbidden(main) || forbidden(fallback)
		},
		RuntimeCall::Lending(pallet_lever_lending::Call::flash_loan { call, .. }) => {
			forbidden(call)
		},
		_ => false,
	}
}

fn utility(src: &mut Source, prices: &Prices, signer: usize, depth: u32) -> RuntimeCall {
	use pallet_utility::Call as U;
	let which = src.byte() % 4;
	let n = 1 + src.below(3);
	let mut calls = Vec::with_capacity(n);
	for _ in 0..n {
		calls.push(call(src, prices, signer, depth + 1));
	}
	RuntimeCall::Utility(match which {
		0 => U::batch { calls },
		1 => U::batch_all { calls },
		2 => U::force_batch { calls },
		_ => U::as_derivative {
			index: u16::from(src.byte() % 3),
			call: Box::new(call(src, prices, signer, depth + 1)),
		},
	})
}

/// A feed of one or more assets by the caller, near the current price or far from it.
fn oracle_feed(src: &mut Source, prices: &Prices) -> RuntimeCall {
	let n = 1 + src.below(3);
	let values = (0..n)
		.map(|_| {
			let asset = asset(src);
			let price = match src.byte() % 8 {
				0 => FixedU128::from_inner(0),
				1 => FixedU128::from_inner(u128::from(src.u64())),
				2 => prices.get(&asset).saturating_mul(FixedU128::from_u32(10)),
				_ => prices.moved(&asset, i32::from(src.byte() as i8) * 1_000),
			};
			(asset, price)
		})
		.collect::<Vec<_>>();
	RuntimeCall::Oracle(pallet_lever_oracle::Call::feed_prices {
		values: BoundedVec::truncate_from(values),
	})
}

fn balances(src: &mut Source) -> RuntimeCall {
	use pallet_balances::Call as B;
	let unit = lever_runtime::UNIT;
	RuntimeCall::Balances(match src.byte() % 4 {
		0 => B::transfer_keep_alive { dest: address(src), value: src.amount(unit) },
		1 => B::transfer_allow_death { dest: address(src), value: src.amount(unit) },
		2 => B::transfer_all { dest: address(src), keep_alive: src.chance(128) },
		_ => B::burn { value: src.amount(unit), keep_alive: src.chance(128) },
	})
}

fn asset_id(src: &mut Source) -> u32 {
	match asset(src) {
		AssetKind::WithId(id) => id,
		AssetKind::Native => 1,
	}
}

fn assets(src: &mut Source) -> RuntimeCall {
	use pallet_assets::Call as A;
	let id = asset_id(src);
	let unit = unit(&AssetKind::WithId(id));
	RuntimeCall::Assets(match src.byte() % 10 {
		0..=2 => A::transfer { id: id.into(), target: address(src), amount: src.amount(unit) },
		3 => {
			A::transfer_keep_alive { id: id.into(), target: address(src), amount: src.amount(unit) }
		},
		4 => {
			A::approve_transfer { id: id.into(), delegate: address(src), amount: src.amount(unit) }
		},
		5 => A::transfer_approved {
			id: id.into(),
			owner: address(src),
			destination: address(src),
			amount: src.amount(unit),
		},
		// The asset's owner (Alice on the dev chain) freezing an account, or the whole asset,
		// under a market or a pool: the chain must fail cleanly, not lose track of funds.
		6 => A::freeze { id: id.into(), who: address(src) },
		7 => A::thaw { id: id.into(), who: address(src) },
		8 => A::freeze_asset { id: id.into() },
		_ => A::thaw_asset { id: id.into() },
	})
}

/// A swap path of two or three assets, boxed as the DEX's calls take them.
#[allow(clippy::vec_box)] // `pallet-asset-conversion`'s calls take `Vec<Box<AssetKind>>`.
fn path(src: &mut Source) -> Vec<Box<AssetKind>> {
	let n = 2 + src.below(2);
	(0..n).map(|_| Box::new(asset(src))).collect()
}

fn dex(src: &mut Source) -> RuntimeCall {
	use pallet_asset_conversion::Call as D;
	RuntimeCall::AssetConversion(match src.byte() % 6 {
		0 | 1 => {
			let path = path(src);
			let amount_in = amount_of(src, &path[0]);
			D::swap_exact_tokens_for_tokens {
				path,
				amount_in,
				amount_out_min: if src.chance(128) { 1 } else { src.amount(1) },
				send_to: who(src),
				keep_alive: src.chance(200),
			}
		},
		2 => {
			let path = path(src);
			let amount_out = amount_of(src, path.last().expect("paths have two assets"));
			D::swap_tokens_for_exact_tokens {
				path,
				amount_out,
				amount_in_max: u128::MAX,
				send_to: who(src),
				keep_alive: src.chance(200),
			}
		},
		3 => {
			let (a, b) = (asset(src), asset(src));
			let (x, y) = (amount_of(src, &a), amount_of(src, &b));
			D::add_liquidity {
				asset1: Box::new(a),
				asset2: Box::new(b),
				amount1_desired: x,
				amount2_desired: y,
				amount1_min: 0,
				amount2_min: 0,
				mint_to: who(src),
			}
		},
		4 => D::remove_liquidity {
			asset1: Box::new(asset(src)),
			asset2: Box::new(asset(src)),
			lp_token_burn: src.amount(1_000_000_000_000),
			amount1_min_receive: 0,
			amount2_min_receive: 0,
			withdraw_to: who(src),
		},
		_ => D::create_pool { asset1: Box::new(asset(src)), asset2: Box::new(asset(src)) },
	})
}

/// A borrower worth liquidating: mostly one with debt (read from the chain), else anyone.
fn borrower(src: &mut Source) -> AccountId {
	let indebted: Vec<AccountId> = (0..account_count())
		.map(account)
		.filter(|a| {
			pallet_lever_lending::Accounts::<Runtime>::get(a)
				.iter()
				.any(|(_, position)| position.scaled_debt > 0)
		})
		.collect();
	if !indebted.is_empty() && src.chance(200) {
		src.pick(&indebted)
	} else {
		who(src)
	}
}

fn lending(src: &mut Source, prices: &Prices, signer: usize, depth: u32) -> RuntimeCall {
	use pallet_lever_lending::Call as L;
	let which = src.byte() % 20;
	let a = match which {
		3..=6 | 18 => position_asset(src, signer, false),
		9 | 16 | 17 => position_asset(src, signer, true),
		_ => asset(src),
	};
	RuntimeCall::Lending(match which {
		0..=2 => L::supply { asset: a.clone(), amount: amount_of(src, &a) },
		3 => L::withdraw { asset: a.clone(), amount: lending_amount(src, &a) },
		4 | 5 => L::enable_collateral { asset: a },
		6 => L::disable_collateral { asset: a },
		7 | 8 => L::borrow { asset: a.clone(), amount: amount_of(src, &a) },
		9 => L::repay { asset: a.clone(), amount: lending_amount(src, &a) },
		10 => {
			let (borrower, debt, _) = target(src);
			L::repay_on_behalf { borrower, asset: debt.clone(), amount: lending_amount(src, &debt) }
		},
		11 => {
			let (borrower, debt, collateral) = target(src);
			L::liquidate {
				borrower,
				debt_asset: debt.clone(),
				collateral_asset: collateral,
				amount: lending_amount(src, &debt),
				min_seized: if src.chance(200) { 0 } else { src.amount(1) },
				receive_underlying: src.chance(128),
			}
		},
		12 => {
			let (borrower, debt, collateral) = target(src);
			L::liquidate_through_dex {
				borrower,
				debt_asset: debt.clone(),
				collateral_asset: collateral,
				amount: lending_amount(src, &debt),
			}
		},
		13 if depth < MAX_DEPTH => L::flash_loan {
			asset: a.clone(),
			amount: amount_of(src, &a),
			call: Box::new(call(src, prices, signer, depth + 1)),
		},
		14 | 15 => {
			let debt = asset(src);
			L::leverage {
				collateral_asset: a.clone(),
				debt_asset: debt.clone(),
				equity: amount_of(src, &a),
				borrow: amount_of(src, &debt),
				min_out: if src.chance(200) { 0 } else { src.amount(1) },
			}
		},
		16 => {
			let collateral = position_asset(src, signer, false);
			L::deleverage {
				collateral_asset: collateral.clone(),
				debt_asset: a,
				amount: lending_amount(src, &collateral),
				min_out: 0,
			}
		},
		17 => L::close_position {
			collateral_asset: position_asset(src, signer, false),
			debt_asset: a,
			max_in: if src.chance(200) { u128::MAX } else { src.amount(1) },
		},
		18 => L::swap_collateral {
			from: a.clone(),
			to: asset(src),
			amount: lending_amount(src, &a),
			min_out: 0,
		},
		_ => L::supply { asset: a.clone(), amount: amount_of(src, &a) },
	})
}

fn model_info(src: &mut Source) -> pallet_lever_inference::ModelInfoOf<Runtime> {
	ModelInfo {
		name: bounded(text(src)),
		weights_hash: H256::repeat_byte(src.byte()),
		uri: bounded(b"file://model.onnx".to_vec()),
		input_format: bounded(b"digits-8x8".to_vec()),
		output_format: bounded(b"class".to_vec()),
	}
}

fn offers(src: &mut Source) -> pallet_lever_inference::OffersOf<Runtime> {
	let n = src.below(4);
	BoundedVec::truncate_from(
		(0..n)
			.map(|_| ModelOffer {
				model: model_id(src),
				price: src.amount(lever_runtime::UNIT / 10),
			})
			.collect::<Vec<_>>(),
	)
}

/// A deadline in blocks from now: impossible, tight, comfortable, or beyond the horizon.
fn deadline(src: &mut Source) -> u32 {
	let now = frame_system::Pallet::<Runtime>::block_number();
	now.saturating_add(src.pick(&[0u32, 5, 20, 71, 80, 200, 1_000, 20_000]))
}

fn inference(src: &mut Source, signer: usize) -> RuntimeCall {
	use pallet_lever_inference::Call as I;
	let lev = lever_runtime::UNIT;
	RuntimeCall::Inference(match src.byte() % 24 {
		0 => I::register_model {
			info: model_info(src),
			royalty: src.amount(lev / 100),
			asset: asset(src),
		},
		1 => I::update_model {
			model: model_id(src),
			info: model_info(src),
			royalty: src.amount(lev / 100),
		},
		2 => I::retire_model { model: model_id(src) },
		3 => I::register_provider {
			stake: if src.chance(200) {
				100 * lev * (1 + src.below(3) as u128)
			} else {
				src.amount(lev)
			},
			offers: offers(src),
			capacity: src.below(18) as u32,
			endpoint: bounded(text(src)),
		},
		4 => I::update_provider {
			offers: offers(src),
			capacity: src.below(18) as u32,
			endpoint: bounded(text(src)),
		},
		5 => I::set_paused { paused: src.chance(128) },
		6 => I::unregister {},
		7 => I::withdraw_stake {},
		8..=10 => {
			let redundancy = src.pick(&[1u32, 1, 2, 3, 3, 5, 0, 6]);
			let named = if src.chance(64) {
				(0..src.below(4)).map(|_| who(src)).collect::<Vec<_>>()
			} else {
				Vec::new()
			};
			I::post_job {
				terms: JobTerms {
					model: model_id(src),
					max_price: src.amount(lev),
					redundancy,
					deadline: deadline(src),
					max_total: if src.chance(200) { u128::MAX } else { src.amount(lev) },
				},
				input: JobData::Inline(bounded(text(src))),
				named: BoundedVec::truncate_from(named),
			}
		},
		11 => I::claim { job: job_id(src) },
		12 => I::cancel_job { job: my_job(src, signer, true) },
		13 => I::dispute { job: my_job(src, signer, true) },
		14 => I::finalize { job: job_id(src) },
		15 => I::expire { job: job_id(src) },
		16 => I::claim_credit { who: who(src), asset: asset(src) },
		17 | 18 => I::accept_job { job: my_job(src, signer, false) },
		19 | 20 => {
			let job = my_job(src, signer, false);
			let output = output(src);
			let salt = salt(src);
			let commitment = if src.chance(230) {
				pallet_lever_inference::commitment(
					job,
					&account(signer),
					&output.content_hash(),
					&salt,
				)
			} else {
				H256::repeat_byte(src.byte())
			};
			I::commit_result { job, commitment }
		},
		21 | 22 => I::reveal_result {
			job: my_job(src, signer, false),
			output: output(src),
			salt: salt(src),
		},
		_ => I::decline_job { job: my_job(src, signer, false) },
	})
}

/// The answer a provider gives for a job: the right one (`'0'`), except for one provider in
/// four per job, which answers wrongly. A function of the job and the provider only, so that the
/// reveal matches the commitment without the fuzzer keeping state.
fn answer(job: u64, provider: usize) -> (pallet_lever_inference::DataOf<Runtime>, H256) {
	let wrong = (job as usize + provider).is_multiple_of(4);
	let output = JobData::Inline(bounded(vec![if wrong { b'1' } else { b'0' }]));
	(output, H256::repeat_byte(provider as u8))
}

/// The next step of the protocol on a job, by whoever's turn it is: a provider accepts its
/// offer, commits or reveals its answer; anyone finalizes or expires; the user disputes; the
/// arbiter (sudo) rules. This is how honest agents drive jobs, so that sequences reach
/// settlement; the other generators supply the wrong turns.
pub fn protocol_step(src: &mut Source) -> Option<(usize, RuntimeCall)> {
	use pallet_lever_inference::{Call as I, JobStatus, Slot};
	let jobs: Vec<_> = pallet_lever_inference::Jobs::<Runtime>::iter().collect();
	if jobs.is_empty() {
		return None;
	}
	let (id, job) = src.pick(&jobs);
	let signer_of = |who: &AccountId| (0..account_count()).find(|i| account(*i) == *who);
	let user = signer_of(&job.user)?;
	let turns: Vec<(usize, RuntimeCall)> = match job.status {
		JobStatus::Open => job
			.assignments
			.iter()
			.filter(|a| a.slot.is_offer())
			.filter_map(|a| signer_of(&a.provider))
			.map(|p| (p, RuntimeCall::Inference(I::accept_job { job: id })))
			.chain([(src.below(FUNDED_SIGNERS), RuntimeCall::Inference(I::claim { job: id }))])
			.collect(),
		JobStatus::Committing => job
			.assignments
			.iter()
			.filter(|a| a.slot == Slot::Accepted)
			.filter_map(|a| signer_of(&a.provider))
			.map(|p| {
				let (output, salt) = answer(id, p);
				let commitment = pallet_lever_inference::commitment(
					id,
					&account(p),
					&output.content_hash(),
					&salt,
				);
				(p, RuntimeCall::Inference(I::commit_result { job: id, commitment }))
			})
			.collect(),
		JobStatus::Revealing { .. } => job
			.assignments
			.iter()
			.filter(|a| matches!(a.slot, Slot::Committed(_)))
			.filter_map(|a| signer_of(&a.provider))
			.map(|p| {
				let (output, salt) = answer(id, p);
				(p, RuntimeCall::Inference(I::reveal_result { job: id, output, salt }))
			})
			.collect(),
		JobStatus::Challenge { .. } => vec![
			(src.below(FUNDED_SIGNERS), RuntimeCall::Inference(I::finalize { job: id })),
			(user, RuntimeCall::Inference(I::dispute { job: id })),
		],
		JobStatus::Disputed { agreed, .. } => vec![
			(
				0,
				RuntimeCall::Sudo(pallet_sudo::Call::sudo {
					call: Box::new(RuntimeCall::Inference(I::resolve_dispute {
						job: id,
						correct: agreed.filter(|_| src.chance(128)),
					})),
				}),
			),
			(src.below(FUNDED_SIGNERS), RuntimeCall::Inference(I::expire { job: id })),
		],
	};
	let mut turns = turns;
	turns.push((src.below(FUNDED_SIGNERS), RuntimeCall::Inference(I::expire { job: id })));
	Some(src.pick(&turns))
}

/// OpenGov and the risk council: referenda on every track with small proposals (a root call
/// inline), decision deposits, conviction votes and their removal; council motions of any
/// threshold, votes and closes — so that enactments, the council's emergency powers and its
/// refusals run against everything else.
fn governance(src: &mut Source, prices: &Prices, signer: usize, depth: u32) -> RuntimeCall {
	use frame_support::traits::{schedule::DispatchTime, Bounded};
	use lever_runtime::{governance::pallet_custom_origins::Origin as Track, OriginCaller};
	type Council = pallet_collective::Call<Runtime, pallet_collective::Instance1>;
	let referendum = |src: &mut Source| {
		let next = pallet_referenda::ReferendumCount::<Runtime>::get();
		next.saturating_sub(1 + src.below(3) as u32)
	};
	match src.byte() % 9 {
		0 | 1 => {
			let call = root_call(src, prices, signer, depth + 1);
			let origin = match src.byte() % 5 {
				0 => OriginCaller::system(frame_system::RawOrigin::Root),
				1 | 2 => OriginCaller::Origins(Track::RiskAdmin),
				3 => OriginCaller::Origins(Track::Treasurer),
				_ => OriginCaller::Origins(Track::Arbiter),
			};
			RuntimeCall::Referenda(pallet_referenda::Call::submit {
				proposal_origin: Box::new(origin),
				proposal: Bounded::Inline(BoundedVec::truncate_from(codec::Encode::encode(&call))),
				enactment_moment: DispatchTime::After(src.below(4) as u32),
			})
		},
		2 => RuntimeCall::Referenda(pallet_referenda::Call::place_decision_deposit {
			index: referendum(src),
		}),
		3 | 4 => RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::vote {
			poll_index: referendum(src),
			vote: pallet_conviction_voting::AccountVote::Standard {
				vote: pallet_conviction_voting::Vote {
					aye: src.chance(170),
					conviction: src.pick(&[
						pallet_conviction_voting::Conviction::None,
						pallet_conviction_voting::Conviction::Locked1x,
						pallet_conviction_voting::Conviction::Locked6x,
					]),
				},
				balance: src.amount(lever_runtime::UNIT),
			},
		}),
		5 => RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::remove_vote {
			class: None,
			index: referendum(src),
		}),
		6 => {
			let call = root_call(src, prices, signer, depth + 1);
			let length_bound = codec::Encode::encoded_size(&call) as u32;
			RuntimeCall::RiskCouncil(Council::propose {
				threshold: 1 + src.below(3) as u32,
				proposal: Box::new(call),
				length_bound,
			})
		},
		_ => {
			let open = pallet_collective::Proposals::<Runtime, pallet_collective::Instance1>::get();
			let Some(hash) = (!open.is_empty()).then(|| src.pick(&open)) else {
				return remark(src);
			};
			// Motions are numbered in order; the open ones are among the latest.
			let count =
				pallet_collective::ProposalCount::<Runtime, pallet_collective::Instance1>::get();
			let index = count.saturating_sub(1 + src.below(open.len()) as u32);
			if src.chance(128) {
				RuntimeCall::RiskCouncil(Council::vote {
					proposal: hash,
					index,
					approve: src.chance(200),
				})
			} else {
				RuntimeCall::RiskCouncil(Council::close {
					proposal_hash: hash,
					index,
					proposal_weight_bound: frame_support::weights::Weight::from_parts(
						1_000_000_000_000,
						10_000_000,
					),
					length_bound: 10_000,
				})
			}
		},
	}
}

/// A perturbed copy of a market's configuration: one field moved.
fn market_config(src: &mut Source, a: &AssetKind) -> MarketConfig {
	let mut config =
		pallet_lever_lending::Markets::<Runtime>::get(a).map(|m| m.config).unwrap_or_else(|| {
			pallet_lever_lending::Markets::<Runtime>::get(AssetKind::WithId(1))
				.expect("the dev chain has a USDT market")
				.config
		});
	match src.byte() % 10 {
		0 => config.collateral_factor = permill(src),
		1 => config.liquidation_threshold = permill(src),
		2 => config.liquidation_bonus = permill(src),
		3 => config.close_factor = permill(src),
		4 => config.supply_cap = amount_of(src, a),
		5 => config.borrow_cap = amount_of(src, a),
		6 => config.min_borrow = amount_of(src, a),
		7 => config.max_slippage = permill(src),
		8 => {
			config.paused.supply = src.chance(128);
			config.paused.borrow = src.chance(128);
			config.paused.liquidation = src.chance(128);
			config.paused.flash_loan = src.chance(128);
		},
		_ => config.rate_model.slope2 = FixedU128::from_u32(u32::from(src.byte())),
	}
	config
}

fn oracle_config(src: &mut Source, a: &AssetKind) -> AssetConfig {
	let mut config =
		pallet_lever_oracle::Assets::<Runtime>::get(a).map(|s| s.config).unwrap_or_else(|| {
			pallet_lever_oracle::Assets::<Runtime>::get(AssetKind::WithId(1))
				.expect("the dev chain prices USDT")
				.config
		});
	match src.byte() % 4 {
		0 => config.max_age = src.pick(&[0u64, 6_000, 60_000, 600_000, u64::MAX]),
		1 => config.max_deviation = permill(src),
		2 => config.recovery_period = src.pick(&[0u64, 6_000, 1_800_000]),
		_ => config.recovery_tolerance = permill(src),
	}
	config
}

/// What only root (on the dev chain, sudo) may call: the risk parameters of every pallet and
/// the balance-forcing calls of FRAME's.
fn root_call(src: &mut Source, prices: &Prices, signer: usize, depth: u32) -> RuntimeCall {
	use pallet_lever_inference::Call as I;
	use pallet_lever_lending::Call as L;
	use pallet_lever_oracle::Call as O;
	let a = asset(src);
	match src.byte() % 17 {
		0 | 1 => RuntimeCall::Lending(L::update_market {
			asset: a.clone(),
			config: market_config(src, &a),
		}),
		2 => RuntimeCall::Lending(L::create_market {
			asset: a.clone(),
			config: market_config(src, &a),
		}),
		3 => RuntimeCall::Lending(L::withdraw_reserves {
			asset: a.clone(),
			amount: lending_amount(src, &a),
		}),
		4 => RuntimeCall::Oracle(O::add_feeder { who: who(src) }),
		5 => RuntimeCall::Oracle(O::remove_feeder { who: account(src.pick(&FEEDERS)) }),
		6 => RuntimeCall::Oracle(O::set_asset_config {
			asset: a.clone(),
			config: oracle_config(src, &a),
			reference: src.chance(64).then(|| prices.get(&a)),
		}),
		7 => RuntimeCall::Oracle(O::lock_price { asset: a }),
		8 => RuntimeCall::Oracle(O::unlock_price { asset: a }),
		9 => RuntimeCall::Oracle(O::unfreeze_price {
			asset: a.clone(),
			reviewed: prices.moved(&a, i32::from(src.byte() as i8) * 500),
		}),
		10 => RuntimeCall::Oracle(O::remove_asset { asset: a }),
		11 => RuntimeCall::Inference(I::set_payment_asset { asset: a, allowed: src.chance(128) }),
		12 => RuntimeCall::Inference(I::resolve_dispute {
			job: job_id(src),
			correct: src.chance(200).then(|| output(src).content_hash()),
		}),
		13 => RuntimeCall::Inference(I::remove_model { model: model_id(src) }),
		14 => RuntimeCall::Balances(pallet_balances::Call::force_transfer {
			source: address(src),
			dest: address(src),
			value: src.amount(lever_runtime::UNIT),
		}),
		15 => match src.byte() % 4 {
			0 => RuntimeCall::Lending(L::pause_market {
				asset: a,
				pause: pallet_lever_lending::PauseFlags {
					supply: src.chance(64),
					borrow: src.chance(128),
					liquidation: src.chance(32),
					flash_loan: src.chance(64),
				},
			}),
			1 => RuntimeCall::Inference(I::suspend_provider { provider: who(src) }),
			2 => RuntimeCall::Inference(I::lift_suspension { provider: who(src) }),
			_ => RuntimeCall::Treasury(pallet_treasury::Call::spend_local {
				amount: src.amount(lever_runtime::UNIT),
				beneficiary: address(src),
			}),
		},
		_ => call(src, prices, signer, depth),
	}
}

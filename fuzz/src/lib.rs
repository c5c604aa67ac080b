//! # Lever runtime fuzzer
//!
//! Builds the real runtime natively from the dev genesis and turns any input into a sequence of
//! blocks: each block is opened through `Executive` at an Aura slot with its timestamp
//! inherent (time jumps from one block to several hours), filled with signed extrinsics from
//! the dev accounts — any call of any pallet, nested through `utility`, `sudo` and flash loans,
//! prices moving through the feeders and the DEX pools following them, keeperless
//! liquidations — and closed; then every invariant is checked ([`invariants`]).
//!
//! - [`run`] runs one sequence from input bytes; libFuzzer's target (`runtime-fuzz`,
//!   coverage-guided, `scripts/fuzz.sh`) and the seeded mode (`tests/seeded.rs`, run by the
//!   README test command) both call it.
//! - Every sequence starts from the same state, the dev genesis plus one block ([`bootstrap`])
//!   in which prices are fed, a model and three providers registered, and lenders and
//!   borrowers opened positions, so short sequences already reach liquidations and jobs. The
//!   state is built once per process; each sequence runs in a storage transaction that is
//!   rolled back.

pub mod bootstrap;
pub mod calls;
pub mod chain;
pub mod input;
pub mod invariants;
pub mod prices;
pub mod report;

pub use report::Report;

use chain::{ALICE, FEEDERS, FUNDED, SIGNERS};
use frame_support::BoundedVec;
use input::Source;
use lever_runtime::{AssetConversion, AssetKind, RuntimeCall, System};
use prices::Prices;
use std::{cell::RefCell, sync::OnceLock, time::Instant};

/// Most blocks in a sequence.
pub const MAX_BLOCKS: usize = 8;
/// Most steps (extrinsics, or a market move's several) in a block.
pub const MAX_STEPS: usize = 12;
/// How far a block may be from the one before: mostly the next, sometimes minutes, hours or
/// most of a day later (windows, staleness, expiry and interest all need time to pass).
fn block_jump(src: &mut Source) -> u32 {
	match src.byte() {
		0..=191 => 1,
		192..=223 => src.pick(&[2, 3, 5, 10]),
		224..=247 => src.pick(&[20, 30, 50, 80]),
		_ => src.pick(&[100, 600, 3_000, 15_000]),
	}
}
/// Market moves, in parts per million.
const MOVES: [i32; 11] = [
	-400_000, -200_000, -100_000, -50_000, -10_000, 0, 10_000, 50_000, 100_000, 250_000, 1_000_000,
];
/// The stablecoin every dev pool pairs with.
const USDT: AssetKind = AssetKind::WithId(1);

thread_local! {
	/// The bootstrapped chain, built once per thread.
	static CHAIN: RefCell<Option<sp_io::TestExternalities>> = const { RefCell::new(None) };
}

/// The time check's margin, from `LEVER_FUZZ_WEIGHT_MARGIN`: an extrinsic that takes longer than
/// this many times the weight it was charged, plus a millisecond for the machine's jitter,
/// breaks the run. Unset: times are only reported (tests must not assert on time).
fn weight_margin() -> Option<f64> {
	static MARGIN: OnceLock<Option<f64>> = OnceLock::new();
	*MARGIN
		.get_or_init(|| std::env::var("LEVER_FUZZ_WEIGHT_MARGIN").ok().and_then(|m| m.parse().ok()))
}

/// Runs one sequence from `data` on a fresh copy of the bootstrapped chain, adding what it did
/// to `report`. `Err` names the invariant that broke; a panic anywhere propagates (call
/// [`reset`] before the next sequence if it is caught).
pub fn run(data: &[u8], report: &mut Report) -> Result<(), String> {
	CHAIN.with(|chain| {
		let mut chain = chain.borrow_mut();
		let ext = chain.get_or_insert_with(bootstrap::chain);
		ext.execute_with(|| {
			sp_io::storage::start_transaction();
			let result = sequence(data, report);
			sp_io::storage::rollback_transaction();
			report.sequences += 1;
			result
		})
	})
}

/// Drops this thread's chain (after a caught panic left a storage transaction open); the next
/// [`run`] builds it again.
pub fn reset() {
	CHAIN.with(|chain| *chain.borrow_mut() = None);
}

fn sequence(data: &[u8], report: &mut Report) -> Result<(), String> {
	let mut src = Source::new(data);
	let mut prices = Prices::default();
	let mut number = System::block_number();
	// A market move in a block whose feeders already fed is reported in the next block (a
	// feeder feeds once per block).
	let mut moved = false;
	for _ in 0..MAX_BLOCKS {
		if src.is_empty() {
			break;
		}
		number += block_jump(&mut src);
		let started = Instant::now();
		chain::open_block(number);
		report.phases[0] += started.elapsed();
		let mut fed = moved || src.chance(128);
		if fed {
			for (signer, call) in feed_round(&mut src, &prices) {
				apply(Some(signer), call, report)?;
			}
		}
		moved = false;
		for _ in 0..src.below(MAX_STEPS + 1) {
			let steps = if src.chance(16) {
				let asset = calls::ASSETS[src.below(5)].clone();
				prices.apply(&asset, src.pick(&MOVES));
				let mut steps = Vec::new();
				if fed {
					moved = true;
				} else {
					fed = true;
					steps.extend(
						feed_round(&mut src, &prices).into_iter().map(|(f, c)| (Some(f), c)),
					);
				}
				if src.chance(192) {
					steps.extend(pool_push(&asset, &prices).map(|push| (Some(ALICE), push)));
				}
				steps
			} else {
				step(&mut src, &prices)
			};
			for (signer, call) in steps {
				apply(signer, call, report)?;
			}
		}
		let started = Instant::now();
		chain::close_block();
		report.phases[2] += started.elapsed();
		report.blocks += 1;
		let started = Instant::now();
		let checked = invariants::check(number);
		report.phases[3] += started.elapsed();
		checked.map_err(|e| format!("after block {number}: {e}"))?;
	}
	Ok(())
}

/// Signs (or leaves unsigned) and applies one call, timing it against the weight the block was
/// charged for it.
fn apply(signer: Option<usize>, call: RuntimeCall, report: &mut Report) -> Result<(), String> {
	let xt = match signer {
		Some(i) => chain::signed(i, call.clone()),
		None => chain::bare(call.clone()),
	};
	let before = System::block_weight().total().ref_time();
	let started = Instant::now();
	let outcome = chain::apply(xt);
	let elapsed = started.elapsed();
	report.phases[1] += elapsed;
	let charged = System::block_weight().total().ref_time().saturating_sub(before);
	report.record(&call, &outcome, elapsed, charged);
	if let (Some(margin), true) = (weight_margin(), charged > 0) {
		let allowed_ns = (charged as f64 / 1_000.0) * margin + 1_000_000.0;
		if elapsed.as_nanos() as f64 > allowed_ns {
			return Err(format!(
				"{call:?} took {elapsed:?}, over {margin}× its charged weight {} ns",
				charged / 1_000
			));
		}
	}
	Ok(())
}

/// One step of a block besides a market move: a keeperless liquidation, the next turn of a
/// job's protocol, or a signed call, mostly by a funded account, sometimes by Alice (sudo), now
/// and then by one that cannot pay.
fn step(src: &mut Source, prices: &Prices) -> Vec<(Option<usize>, RuntimeCall)> {
	match src.byte() % 16 {
		0 => {
			let (borrower, debt_asset, collateral_asset) = calls::target(src);
			let call = pallet_lever_lending::Call::liquidate_unsigned {
				borrower,
				debt_asset,
				collateral_asset,
			};
			vec![(None, RuntimeCall::Lending(call))]
		},
		1..=3 => match calls::protocol_step(src) {
			Some((signer, call)) => vec![(Some(signer), call)],
			None => Vec::new(),
		},
		_ => {
			let signer = match src.byte() {
				0..=39 => ALICE,
				40..=47 => FUNDED + src.below(SIGNERS.len() - FUNDED),
				_ => src.below(FUNDED),
			};
			vec![(Some(signer), calls::call(src, prices, signer, 0))]
		},
	}
}

/// Every feeder reports every price; now and then one stays quiet and one lies (doubles).
fn feed_round(src: &mut Source, prices: &Prices) -> Vec<(usize, RuntimeCall)> {
	let quiet = src.below(6);
	let liar = src.below(6);
	FEEDERS
		.iter()
		.filter(|f| **f != quiet)
		.map(|&f| {
			let values = prices
				.assets()
				.map(|a| {
					let price = if f == liar { prices.moved(a, 1_000_000) } else { prices.get(a) };
					(a.clone(), price)
				})
				.collect::<Vec<_>>();
			let call = RuntimeCall::Oracle(pallet_lever_oracle::Call::feed_prices {
				values: BoundedVec::truncate_from(values),
			});
			(f, call)
		})
		.collect()
}

/// The swap that takes `asset`'s pool with USDT to the imagined price (a constant-product
/// estimate, fees ignored), or `None` for USDT itself or a missing pool.
fn pool_push(asset: &AssetKind, prices: &Prices) -> Option<RuntimeCall> {
	use pallet_asset_conversion::Call as D;
	if *asset == USDT {
		return None;
	}
	let (x, u) = AssetConversion::get_reserves(asset.clone(), USDT).ok()?;
	let usd = |p: sp_runtime::FixedU128| p.into_inner() as f64 / 1e18;
	let target = usd(prices.get(asset)) / usd(prices.get(&USDT)) * calls::unit(&USDT) as f64
		/ calls::unit(asset) as f64;
	let new_x = ((x as f64) * (u as f64) / target).sqrt();
	let alice = chain::account(ALICE);
	Some(RuntimeCall::AssetConversion(if new_x < x as f64 {
		D::swap_tokens_for_exact_tokens {
			path: vec![Box::new(USDT), Box::new(asset.clone())],
			amount_out: (x as f64 - new_x) as u128,
			amount_in_max: u128::MAX,
			send_to: alice,
			keep_alive: true,
		}
	} else {
		D::swap_exact_tokens_for_tokens {
			path: vec![Box::new(asset.clone()), Box::new(USDT)],
			amount_in: (new_x - x as f64) as u128,
			amount_out_min: 1,
			send_to: alice,
			keep_alive: true,
		}
	}))
}

//! What a run did: sequences, blocks and extrinsics, each call's outcomes, and how long each
//! call took against the weight it was charged.

use frame_support::traits::GetCallMetadata;
use lever_runtime::RuntimeCall;
use sp_runtime::ApplyExtrinsicResult;
use std::{collections::BTreeMap, fmt, time::Duration};

/// Outcomes and timing of one call (pallet and function).
#[derive(Clone, Copy, Debug, Default)]
pub struct CallStats {
	/// Dispatched and succeeded.
	pub ok: u64,
	/// Dispatched and failed with an error (fees paid, nothing else changed).
	pub failed: u64,
	/// Refused before dispatch (a bad nonce, no funds for the fee, an invalid unsigned call).
	pub invalid: u64,
	/// The largest ratio of measured time to charged weight seen.
	pub worst_ratio: f64,
	/// The time and the charged weight (both in nanoseconds) of that worst case.
	pub worst: (u64, u64),
}

/// Totals over a run.
#[derive(Clone, Debug, Default)]
pub struct Report {
	/// Sequences run.
	pub sequences: u64,
	/// Blocks closed (each followed by every invariant).
	pub blocks: u64,
	/// Per call, keyed by (pallet, function).
	pub calls: BTreeMap<(&'static str, &'static str), CallStats>,
	/// How often each (call, error) pair came up, to see which paths the generator misses.
	pub errors: BTreeMap<String, u64>,
	/// Time spent opening blocks, applying extrinsics, closing blocks and checking invariants.
	pub phases: [Duration; 4],
}

impl Report {
	/// Records one applied extrinsic: its outcome, how long it took and the weight it was
	/// charged (the block's weight before and after).
	pub fn record(
		&mut self,
		call: &RuntimeCall,
		outcome: &ApplyExtrinsicResult,
		elapsed: Duration,
		charged_ref_time: u64,
	) {
		let meta = call.get_call_metadata();
		let stats = self.calls.entry((meta.pallet_name, meta.function_name)).or_default();
		let error = match outcome {
			Ok(Ok(())) => {
				stats.ok += 1;
				None
			},
			Ok(Err(e)) => {
				stats.failed += 1;
				Some(match e {
					sp_runtime::DispatchError::Module(m) => m.message.unwrap_or("?").to_string(),
					other => format!("{other:?}"),
				})
			},
			Err(e) => {
				stats.invalid += 1;
				Some(format!("{e:?}"))
			},
		};
		if let Some(error) = error {
			let key = format!("{}.{}: {error}", meta.pallet_name, meta.function_name);
			*self.errors.entry(key).or_default() += 1;
		}
		let charged_ns = charged_ref_time / 1_000;
		if charged_ns > 0 {
			let elapsed_ns = elapsed.as_nanos() as u64;
			let ratio = elapsed_ns as f64 / charged_ns as f64;
			if ratio > stats.worst_ratio {
				stats.worst_ratio = ratio;
				stats.worst = (elapsed_ns, charged_ns);
			}
		}
	}

	/// Successful dispatches of `pallet::function`.
	pub fn ok(&self, pallet: &str, function: &str) -> u64 {
		self.calls
			.iter()
			.filter(|((p, f), _)| *p == pallet && *f == function)
			.map(|(_, s)| s.ok)
			.sum()
	}

	/// Adds another run's totals.
	pub fn merge(&mut self, other: &Report) {
		self.sequences += other.sequences;
		self.blocks += other.blocks;
		for (key, s) in &other.calls {
			let mine = self.calls.entry(*key).or_default();
			mine.ok += s.ok;
			mine.failed += s.failed;
			mine.invalid += s.invalid;
			if s.worst_ratio > mine.worst_ratio {
				mine.worst_ratio = s.worst_ratio;
				mine.worst = s.worst;
			}
		}
		for (mine, theirs) in self.phases.iter_mut().zip(other.phases) {
			*mine += theirs;
		}
		for (key, n) in &other.errors {
			*self.errors.entry(key.clone()).or_default() += n;
		}
	}

	/// Extrinsics applied, by outcome: (succeeded, failed, invalid).
	pub fn totals(&self) -> (u64, u64, u64) {
		self.calls.values().fold((0, 0, 0), |(o, f, i), s| (o + s.ok, f + s.failed, i + s.invalid))
	}
}

impl fmt::Display for Report {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		let (ok, failed, invalid) = self.totals();
		writeln!(
			f,
			"{} sequences, {} blocks, {} extrinsics: {ok} succeeded, {failed} failed, {invalid} invalid",
			self.sequences,
			self.blocks,
			ok + failed + invalid
		)?;
		let [open, apply, close, check] = self.phases.map(|d| d.as_secs_f64());
		writeln!(
			f,
			"time: opening blocks {open:.2} s, applying extrinsics {apply:.2} s, closing blocks \
			 {close:.2} s, invariants {check:.2} s"
		)?;
		writeln!(
			f,
			"{:<44} {:>8} {:>8} {:>8} {:>10} {:>12}",
			"call", "ok", "failed", "invalid", "time/wt", "µs (weight)"
		)?;
		for ((pallet, function), s) in &self.calls {
			writeln!(
				f,
				"{:<44} {:>8} {:>8} {:>8} {:>10.3} {:>5} ({})",
				format!("{pallet}.{function}"),
				s.ok,
				s.failed,
				s.invalid,
				s.worst_ratio,
				s.worst.0 / 1_000,
				s.worst.1 / 1_000,
			)?;
		}
		Ok(())
	}
}

impl Report {
	/// The `n` most frequent (call, error) pairs, most frequent first.
	pub fn top_errors(&self, n: usize) -> Vec<(&str, u64)> {
		let mut errors: Vec<_> = self.errors.iter().map(|(k, v)| (k.as_str(), *v)).collect();
		errors.sort_by_key(|e| core::cmp::Reverse(e.1));
		errors.truncate(n);
		errors
	}
}

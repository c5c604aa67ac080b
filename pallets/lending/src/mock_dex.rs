//! A DEX for the pallet tests, serving the lending pallet through the same traits as
//! `pallet-asset-conversion` (`Swap` and `QuotePrice`): constant-product pools with a 0.3% fee
//! and the same rounding (outputs down, inputs up). Every pool's tokens are held by one
//! account, [`POOL`], and really move: the pallet's conservation checks see them.

use crate::mock::{AccountId, AssetKind, NativeAndAssets};
use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::{
	ensure, parameter_types,
	traits::{fungibles::Mutate, tokens::Preservation},
};
use pallet_asset_conversion::{QuotePrice, Swap};
use sp_runtime::{DispatchError, TokenError};

/// The account holding every pool's reserves.
pub const POOL: AccountId = 77;

parameter_types! {
	/// Reserves per pool, keyed by its two assets in order.
	pub static Pools: BTreeMap<(AssetKind, AssetKind), (u128, u128)> = BTreeMap::new();
}

/// The pool of `a` and `b` (in either order) and its reserves as `(of a, of b)`.
fn reserves(a: &AssetKind, b: &AssetKind) -> Option<(u128, u128)> {
	if a < b {
		Pools::get().get(&(a.clone(), b.clone())).copied()
	} else {
		Pools::get().get(&(b.clone(), a.clone())).map(|(rb, ra)| (*ra, *rb))
	}
}

fn set_reserves(a: &AssetKind, b: &AssetKind, ra: u128, rb: u128) {
	Pools::mutate(|pools| {
		if a < b {
			pools.insert((a.clone(), b.clone()), (ra, rb));
		} else {
			pools.insert((b.clone(), a.clone()), (rb, ra));
		}
	});
}

/// Opens (or tops up) the pool of `a` and `b` with newly minted reserves.
pub fn create_pool(a: AssetKind, b: AssetKind, amount_a: u128, amount_b: u128) {
	NativeAndAssets::mint_into(a.clone(), &POOL, amount_a).expect("mints");
	NativeAndAssets::mint_into(b.clone(), &POOL, amount_b).expect("mints");
	let (ra, rb) = reserves(&a, &b).unwrap_or_default();
	set_reserves(&a, &b, ra + amount_a, rb + amount_b);
}

/// Makes the pool of `a` and `b` hold exactly what [`POOL`] holds of them (its only pool).
pub fn set_reserves_as_held(a: AssetKind, b: AssetKind) {
	use frame_support::traits::fungibles::Inspect;
	let (ra, rb) =
		(NativeAndAssets::balance(a.clone(), &POOL), NativeAndAssets::balance(b.clone(), &POOL));
	set_reserves(&a, &b, ra, rb);
}

/// Sets the pool of `a` and `b` to reserves `(ra, rb)`, minting or burning [`POOL`]'s tokens
/// to match: a price move made by arbitrage outside the test.
pub fn set_pool(a: AssetKind, b: AssetKind, ra: u128, rb: u128) {
	let (old_a, old_b) = reserves(&a, &b).unwrap_or_default();
	for (asset, old, new) in [(a.clone(), old_a, ra), (b.clone(), old_b, rb)] {
		if new > old {
			NativeAndAssets::mint_into(asset, &POOL, new - old).expect("mints");
		} else if old > new {
			NativeAndAssets::burn_from(
				asset,
				&POOL,
				old - new,
				Preservation::Expendable,
				frame_support::traits::tokens::Precision::Exact,
				frame_support::traits::tokens::Fortitude::Force,
			)
			.expect("burns");
		}
	}
	set_reserves(&a, &b, ra, rb);
}

/// What `amount_in` of the first asset buys against reserves `(r_in, r_out)`.
fn out_for(amount_in: u128, r_in: u128, r_out: u128) -> Option<u128> {
	let with_fee = amount_in.checked_mul(997)?;
	let out = with_fee.checked_mul(r_out)? / r_in.checked_mul(1000)?.checked_add(with_fee)?;
	(out < r_out).then_some(out)
}

/// What buying `amount_out` costs against reserves `(r_in, r_out)`.
fn in_for(amount_out: u128, r_in: u128, r_out: u128) -> Option<u128> {
	if amount_out == 0 || amount_out >= r_out {
		return None;
	}
	let numerator = r_in.checked_mul(amount_out)?.checked_mul(1000)?;
	let denominator = (r_out - amount_out).checked_mul(997)?;
	Some(numerator / denominator + 1)
}

/// The mock DEX.
pub struct MockDex;

impl MockDex {
	/// What selling `amount_in` of `from` for `to` in their pool brings now.
	pub fn quote(from: &AssetKind, to: &AssetKind, amount_in: u128) -> u128 {
		let (r_in, r_out) = reserves(from, to).expect("a pool");
		out_for(amount_in, r_in, r_out).expect("liquidity")
	}

	/// Each hop's amounts along `path` for an exact input.
	fn amounts_in(path: &[AssetKind], amount_in: u128) -> Option<Vec<u128>> {
		let mut amounts = alloc::vec![amount_in];
		for pair in path.windows(2) {
			let (r_in, r_out) = reserves(&pair[0], &pair[1])?;
			amounts.push(out_for(*amounts.last()?, r_in, r_out)?);
		}
		Some(amounts)
	}

	/// Each hop's amounts along `path` for an exact output.
	fn amounts_out(path: &[AssetKind], amount_out: u128) -> Option<Vec<u128>> {
		let mut amounts = alloc::vec![amount_out];
		for pair in path.windows(2).rev() {
			let (r_in, r_out) = reserves(&pair[0], &pair[1])?;
			amounts.insert(0, in_for(amounts[0], r_in, r_out)?);
		}
		Some(amounts)
	}

	fn swap(
		sender: &AccountId,
		path: &[AssetKind],
		amounts: &[u128],
		send_to: &AccountId,
		keep_alive: bool,
	) -> Result<(), DispatchError> {
		let preservation =
			if keep_alive { Preservation::Preserve } else { Preservation::Expendable };
		let (Some(first), Some(last)) = (path.first(), path.last()) else {
			return Err(DispatchError::Other("a path needs two assets"));
		};
		let amount_in = amounts[0];
		let amount_out = amounts[amounts.len() - 1];
		NativeAndAssets::transfer(first.clone(), sender, &POOL, amount_in, preservation)?;
		for (i, pair) in path.windows(2).enumerate() {
			let (r_in, r_out) = reserves(&pair[0], &pair[1]).ok_or(TokenError::UnknownAsset)?;
			set_reserves(&pair[0], &pair[1], r_in + amounts[i], r_out - amounts[i + 1]);
		}
		NativeAndAssets::transfer(
			last.clone(),
			&POOL,
			send_to,
			amount_out,
			Preservation::Expendable,
		)?;
		Ok(())
	}
}

impl Swap<AccountId> for MockDex {
	type Balance = u128;
	type AssetKind = AssetKind;

	fn max_path_len() -> u32 {
		4
	}

	fn swap_exact_tokens_for_tokens(
		sender: AccountId,
		path: Vec<AssetKind>,
		amount_in: u128,
		amount_out_min: Option<u128>,
		send_to: AccountId,
		keep_alive: bool,
	) -> Result<u128, DispatchError> {
		let amounts = Self::amounts_in(&path, amount_in)
			.ok_or(DispatchError::Other("no pool or too little liquidity"))?;
		let out = amounts[amounts.len() - 1];
		ensure!(amount_out_min.is_none_or(|min| out >= min), DispatchError::Other("slippage"));
		Self::swap(&sender, &path, &amounts, &send_to, keep_alive)?;
		Ok(out)
	}

	fn swap_tokens_for_exact_tokens(
		sender: AccountId,
		path: Vec<AssetKind>,
		amount_out: u128,
		amount_in_max: Option<u128>,
		send_to: AccountId,
		keep_alive: bool,
	) -> Result<u128, DispatchError> {
		let amounts = Self::amounts_out(&path, amount_out)
			.ok_or(DispatchError::Other("no pool or too little liquidity"))?;
		let amount_in = amounts[0];
		ensure!(amount_in_max.is_none_or(|max| amount_in <= max), DispatchError::Other("slippage"));
		Self::swap(&sender, &path, &amounts, &send_to, keep_alive)?;
		Ok(amount_in)
	}
}

impl QuotePrice for MockDex {
	type Balance = u128;
	type AssetKind = AssetKind;

	fn quote_price_tokens_for_exact_tokens(
		asset1: AssetKind,
		asset2: AssetKind,
		amount: u128,
		_include_fee: bool,
	) -> Option<u128> {
		let (r_in, r_out) = reserves(&asset1, &asset2)?;
		in_for(amount, r_in, r_out)
	}

	fn quote_price_exact_tokens_for_tokens(
		asset1: AssetKind,
		asset2: AssetKind,
		amount: u128,
		_include_fee: bool,
	) -> Option<u128> {
		let (r_in, r_out) = reserves(&asset1, &asset2)?;
		out_for(amount, r_in, r_out)
	}
}

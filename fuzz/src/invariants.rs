//! What must hold after every block, whatever was called: every pallet's own `try_state`, and
//! the chain-wide accounting no pallet checks alone.

use frame_support::{
	dispatch::DispatchClass,
	traits::{TryState, TryStateSelect},
};
use lever_runtime::{AllPalletsWithSystem, Runtime, System};

/// Every invariant at block `number`, or what broke.
pub fn check(number: u32) -> Result<(), String> {
	<AllPalletsWithSystem as TryState<u32>>::try_state(number, TryStateSelect::All)
		.map_err(|e| format!("try_state: {e:?}"))?;
	lev_issuance()?;
	asset_supplies::<pallet_assets::Instance1>("Assets")?;
	asset_supplies::<pallet_assets::Instance2>("PoolAssets")?;
	holds_within_reserved()?;
	block_weight()?;
	Ok(())
}

/// LEV's total issuance is exactly what the accounts hold, free and reserved (holds included):
/// no unit created or lost.
fn lev_issuance() -> Result<(), String> {
	let held: u128 = frame_system::Account::<Runtime>::iter()
		.map(|(_, info)| info.data.free.saturating_add(info.data.reserved))
		.fold(0u128, |sum, x| sum.saturating_add(x));
	let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
	if held != issuance {
		return Err(format!("LEV: accounts hold {held}, total issuance is {issuance}"));
	}
	Ok(())
}

/// Each asset's recorded supply is exactly what its accounts hold.
fn asset_supplies<I: 'static>(name: &str) -> Result<(), String>
where
	Runtime: pallet_assets::Config<I, AssetId = u32, Balance = u128>,
{
	for (id, details) in pallet_assets::Asset::<Runtime, I>::iter() {
		let held: u128 = pallet_assets::Account::<Runtime, I>::iter_prefix(id)
			.map(|(_, a)| a.balance)
			.fold(0u128, |sum, x| sum.saturating_add(x));
		if held != details.supply {
			return Err(format!("{name} {id}: accounts hold {held}, supply is {}", details.supply));
		}
	}
	Ok(())
}

/// No account has more on hold than its reserved balance (holds are part of it); each
/// pallet's `try_state` checks its own holds against what it records.
fn holds_within_reserved() -> Result<(), String> {
	for (who, holds) in pallet_balances::Holds::<Runtime>::iter() {
		let on_hold: u128 = holds.iter().map(|h| h.amount).sum();
		let reserved = System::account(&who).data.reserved;
		if on_hold > reserved {
			return Err(format!("{who}: {on_hold} on hold but only {reserved} reserved"));
		}
	}
	Ok(())
}

/// The normal and operational classes stay within their share of the block (only mandatory
/// work, inherents and hooks, may exceed it).
fn block_weight() -> Result<(), String> {
	let limits = <Runtime as frame_system::Config>::BlockWeights::get();
	let used = System::block_weight();
	for class in [DispatchClass::Normal, DispatchClass::Operational] {
		let (used, max) = (used.get(class), limits.get(class).max_total);
		if let Some(max) = max {
			if used.any_gt(max) {
				return Err(format!("{class:?} weight {used} over its limit {max}"));
			}
		}
	}
	Ok(())
}

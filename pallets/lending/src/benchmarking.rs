//! Benchmarks of the money market's calls, each at its worst case (frame-benchmarking v2): an
//! account in `MaxMarketsPerAccount` markets, every market accrued over a year first.

use crate::{pallet::*, types::*};
use alloc::{boxed::Box, vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungibles::Mutate, EnsureOrigin, Get};
use frame_system::RawOrigin;
use sp_runtime::{traits::Saturating, FixedU128, Permill};

use crate::traits::BenchmarkHelper;

/// One whole token of a benchmark asset (12 decimals).
const UNIT: Balance = 1_000_000_000_000;
/// A year of chain time.
const YEAR: u64 = 365 * 24 * 3_600 * 1_000;

/// The shared market fixture with caps out of the way, a minimum borrow of one unit and a 2%
/// base rate, so every market with debt accrues.
fn config() -> MarketConfig {
	let mut config = crate::fixtures::market_config(Balance::MAX / 4, 1);
	config.rate_model.base_rate = FixedU128::from_rational(2, 100);
	config
}

fn fund<T: Config>(asset: &T::AssetKind, who: &T::AccountId, amount: Balance) {
	T::Assets::mint_into(asset.clone(), who, amount).expect("benchmark assets can be minted");
}

/// `n` markets priced $1, each with 1,000,000 tokens of cash from a whale.
fn markets<T: Config>(n: u32) -> Vec<T::AssetKind> {
	let whale: T::AccountId = account("whale", 0, 0);
	(0..n)
		.map(|i| {
			let asset = T::BenchmarkHelper::asset(i);
			T::BenchmarkHelper::set_price(&asset, FixedU128::from_u32(1));
			if !Markets::<T>::contains_key(&asset) {
				Pallet::<T>::do_create_market(asset.clone(), config()).expect("a valid market");
			}
			fund::<T>(&asset, &whale, 2_000_000 * UNIT);
			Pallet::<T>::do_supply(whale.clone(), asset.clone(), 1_000_000 * UNIT)
				.expect("the whale supplies");
			asset
		})
		.collect()
}

/// `who` supplies 1,000 tokens as collateral and borrows `borrow` tokens in each of `assets`.
fn position_in<T: Config>(who: &T::AccountId, assets: &[T::AssetKind], borrow: Balance) {
	for asset in assets {
		fund::<T>(asset, who, 10_000 * UNIT);
		Pallet::<T>::do_supply(who.clone(), asset.clone(), 1_000 * UNIT).expect("supply");
		Pallet::<T>::do_set_collateral(who.clone(), asset.clone(), true).expect("collateral");
		if borrow > 0 {
			Pallet::<T>::do_borrow(who.clone(), asset.clone(), borrow).expect("borrow");
		}
	}
}

/// A year passes; prices are fed again (fresh at the new time).
fn a_year_later<T: Config>(assets: &[T::AssetKind]) {
	T::BenchmarkHelper::advance_time(YEAR);
	for asset in assets {
		T::BenchmarkHelper::set_price(asset, FixedU128::from_u32(1));
	}
}

fn max_positions<T: Config>() -> u32 {
	T::MaxMarketsPerAccount::get()
}

/// A borrower in every one of `assets`' markets: 1,000 tokens of collateral in market 0, 600
/// borrowed in market 1 and 10 in each other.
fn borrower_in<T: Config>(assets: &[T::AssetKind]) -> T::AccountId {
	let borrower: T::AccountId = account("borrower", 0, 0);
	fund::<T>(&assets[0], &borrower, 10_000 * UNIT);
	Pallet::<T>::do_supply(borrower.clone(), assets[0].clone(), 1_000 * UNIT).expect("supply");
	Pallet::<T>::do_set_collateral(borrower.clone(), assets[0].clone(), true).expect("on");
	Pallet::<T>::do_borrow(borrower.clone(), assets[1].clone(), 600 * UNIT).expect("borrow");
	for asset in &assets[2..] {
		Pallet::<T>::do_borrow(borrower.clone(), asset.clone(), 10 * UNIT).expect("borrow");
	}
	borrower
}

/// Pools of each of `assets` against the DEX hub, a million tokens deep at $1, and a thin
/// direct pool between the first two: every trade quotes both routes, finds the direct one
/// outside the oracle's bound and goes through the hub (two pools, the dearest path).
fn hub_pools<T: Config>(assets: &[T::AssetKind]) {
	for asset in assets {
		T::BenchmarkHelper::create_hub_pool(asset, 1_000_000, 1_000_000);
	}
	if let [a, b, ..] = assets {
		T::BenchmarkHelper::create_pool(a, b, 1_000, 1_000);
	}
}

/// `user` in `m − 2` other markets (collateral and a debt in each), then 3× long market 0 with
/// market 1's asset: 100 tokens of equity, 200 borrowed and sold for more of market 0.
fn leveraged<T: Config>(assets: &[T::AssetKind]) -> T::AccountId {
	let user: T::AccountId = account("user", 0, 0);
	position_in::<T>(&user, &assets[2..], 10 * UNIT);
	a_year_later::<T>(assets);
	fund::<T>(&assets[0], &user, 1_000 * UNIT);
	Pallet::<T>::do_leverage(
		user.clone(),
		assets[0].clone(),
		assets[1].clone(),
		100 * UNIT,
		200 * UNIT,
		0,
	)
	.expect("leverages");
	user
}

/// One market with a position in it, a year without accrual later: what updating or pausing
/// it must first accrue.
fn a_used_market_a_year_on<T: Config>() -> Vec<T::AssetKind> {
	let assets = markets::<T>(1);
	position_in::<T>(&account("user", 0, 0), &assets, 500 * UNIT);
	a_year_later::<T>(&assets);
	assets
}

#[benchmarks(where <T as Config>::RuntimeCall: From<frame_system::Call<T>>)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_market() -> Result<(), BenchmarkError> {
		let origin =
			T::MarketOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let asset = T::BenchmarkHelper::asset(T::MaxMarkets::get() - 1);
		// The oracle lists (and prices) the asset: a market needs that.
		T::BenchmarkHelper::set_price(&asset, FixedU128::from_u32(1));
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset.clone(), config());
		assert!(Markets::<T>::contains_key(&asset));
		Ok(())
	}

	#[benchmark]
	fn update_market() -> Result<(), BenchmarkError> {
		let origin =
			T::MarketOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let assets = a_used_market_a_year_on::<T>();
		// A threshold cut: the heaviest path, which opens a cut period.
		let mut new = config();
		new.paused.borrow = true;
		new.liquidation_threshold =
			new.liquidation_threshold.saturating_sub(Permill::from_percent(1));
		new.collateral_factor = new.collateral_factor.saturating_sub(Permill::from_percent(1));
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, assets[0].clone(), new);
		assert_eq!(Markets::<T>::get(&assets[0]).map(|m| m.config), Some(new));
		assert!(ThresholdCuts::<T>::contains_key(&assets[0]));
		Ok(())
	}

	/// Every operation paused at once after a year without accrual.
	#[benchmark]
	fn pause_market() -> Result<(), BenchmarkError> {
		let origin =
			T::EmergencyOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let assets = a_used_market_a_year_on::<T>();
		let all = PauseFlags { supply: true, borrow: true, liquidation: true, flash_loan: true };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, assets[0].clone(), all);
		assert_eq!(Markets::<T>::get(&assets[0]).map(|m| m.config.paused), Some(all));
		Ok(())
	}

	/// Into the last free position of an account in `MaxMarketsPerAccount − 1` markets.
	#[benchmark]
	fn supply() {
		let assets = markets::<T>(max_positions::<T>());
		let user: T::AccountId = account("user", 0, 0);
		position_in::<T>(&user, &assets[1..], 100 * UNIT);
		a_year_later::<T>(&assets);
		fund::<T>(&assets[0], &user, 1_000 * UNIT);
		#[extrinsic_call]
		_(RawOrigin::Signed(user.clone()), assets[0].clone(), 100 * UNIT);
		assert_eq!(Accounts::<T>::get(&user).len() as u32, max_positions::<T>());
	}

	/// Collateral backing debts in each of the account's `m` markets: the health check reads
	/// them all.
	#[benchmark]
	fn withdraw(m: Linear<1, { max_positions::<T>() }>) {
		let assets = markets::<T>(m);
		let user: T::AccountId = account("user", 0, 0);
		position_in::<T>(&user, &assets, 100 * UNIT);
		a_year_later::<T>(&assets);
		#[extrinsic_call]
		_(RawOrigin::Signed(user.clone()), assets[0].clone(), Amount::Exact(10 * UNIT));
	}

	#[benchmark]
	fn enable_collateral() {
		let assets = markets::<T>(max_positions::<T>());
		let user: T::AccountId = account("user", 0, 0);
		position_in::<T>(&user, &assets, 100 * UNIT);
		Pallet::<T>::do_set_collateral(user.clone(), assets[0].clone(), false)
			.expect("room to spare");
		a_year_later::<T>(&assets);
		#[extrinsic_call]
		_(RawOrigin::Signed(user.clone()), assets[0].clone());
	}

	#[benchmark]
	fn disable_collateral(m: Linear<2, { max_positions::<T>() }>) {
		let assets = markets::<T>(m);
		let user: T::AccountId = account("user", 0, 0);
		position_in::<T>(&user, &assets, 100 * UNIT);
		a_year_later::<T>(&assets);
		#[extrinsic_call]
		_(RawOrigin::Signed(user.clone()), assets[0].clone());
	}

	#[benchmark]
	fn borrow(m: Linear<1, { max_positions::<T>() }>) {
		let assets = markets::<T>(m);
		let user: T::AccountId = account("user", 0, 0);
		position_in::<T>(&user, &assets, 100 * UNIT);
		a_year_later::<T>(&assets);
		#[extrinsic_call]
		_(RawOrigin::Signed(user.clone()), assets[0].clone(), 10 * UNIT);
	}

	#[benchmark]
	fn repay() {
		let assets = markets::<T>(max_positions::<T>());
		let user: T::AccountId = account("user", 0, 0);
		position_in::<T>(&user, &assets, 100 * UNIT);
		a_year_later::<T>(&assets);
		#[extrinsic_call]
		_(RawOrigin::Signed(user.clone()), assets[0].clone(), Amount::Exact(10 * UNIT));
	}

	/// The collateral falls short of the debt repaid: all of it is seized and the borrower's
	/// debts in every other market are written off.
	#[benchmark]
	fn liquidate(m: Linear<2, { max_positions::<T>() }>) {
		let assets = markets::<T>(m);
		let borrower = borrower_in::<T>(&assets);
		// The liquidator is in every other market already.
		let liquidator: T::AccountId = account("liquidator", 0, 0);
		position_in::<T>(&liquidator, &assets[1..], 0);
		a_year_later::<T>(&assets);
		T::BenchmarkHelper::set_price(&assets[0], FixedU128::from_rational(1, 2));
		#[extrinsic_call]
		_(
			RawOrigin::Signed(liquidator.clone()),
			borrower.clone(),
			assets[1].clone(),
			assets[0].clone(),
			Amount::All,
			0,
			// Receiving the underlying pays it out too: the dearer path.
			true,
		);
		assert!(Accounts::<T>::get(&borrower).is_empty(), "everything seized or written off");
	}

	/// As `liquidate`'s worst case (the collateral falls short: all of it is seized, the
	/// other debts written off), the repayment bought on the DEX through the hub (a thin
	/// direct pool quoted and left out) and the keeper paid.
	#[benchmark]
	fn liquidate_through_dex(m: Linear<2, { max_positions::<T>() }>) {
		let assets = markets::<T>(m);
		let borrower = borrower_in::<T>(&assets);
		a_year_later::<T>(&assets);
		// Market 0's asset falls to $0.04, on the oracle and in its pool: the collateral ($40)
		// is swept, what the sale leaves of it is dust and goes to reserves, and the rest of
		// every debt is written off (the heaviest path).
		T::BenchmarkHelper::set_price(&assets[0], FixedU128::from_rational(1, 25));
		T::BenchmarkHelper::create_hub_pool(&assets[0], 25_000_000, 1_000_000);
		hub_pools::<T>(&assets[1..2]);
		// A thin direct pool, quoted and found outside the bound.
		T::BenchmarkHelper::create_pool(&assets[0], &assets[1], 1_000, 1_000);
		let keeper: T::AccountId = account("keeper", 0, 0);
		fund::<T>(&assets[0], &keeper, 1_000 * UNIT);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(keeper),
			borrower.clone(),
			assets[1].clone(),
			assets[0].clone(),
			Amount::All,
		);
		assert!(Accounts::<T>::get(&borrower).is_empty(), "everything sold or written off");
	}

	/// A 3× long opened from an account in `m − 2` other markets, through the hub.
	#[benchmark]
	fn leverage(m: Linear<2, { max_positions::<T>() }>) {
		let assets = markets::<T>(m);
		hub_pools::<T>(&assets[..2]);
		let user: T::AccountId = account("user", 0, 0);
		position_in::<T>(&user, &assets[2..], 10 * UNIT);
		a_year_later::<T>(&assets);
		fund::<T>(&assets[0], &user, 1_000 * UNIT);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(user.clone()),
			assets[0].clone(),
			assets[1].clone(),
			100 * UNIT,
			200 * UNIT,
			0,
		);
		assert_eq!(Accounts::<T>::get(&user).len() as u32, m);
	}

	/// Half the leveraged collateral sold to repay part of the debt, through the hub.
	#[benchmark]
	fn deleverage(m: Linear<2, { max_positions::<T>() }>) {
		let assets = markets::<T>(m);
		hub_pools::<T>(&assets[..2]);
		let user = leveraged::<T>(&assets);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(user.clone()),
			assets[0].clone(),
			assets[1].clone(),
			Amount::Exact(100 * UNIT),
			0,
		);
		assert!(Accounts::<T>::get(&user).get(&assets[1]).is_some_and(|p| p.scaled_debt > 0));
	}

	/// The leveraged position closed: the whole debt bought through the hub, the rest of the
	/// collateral paid out.
	#[benchmark]
	fn close_position(m: Linear<2, { max_positions::<T>() }>) {
		let assets = markets::<T>(m);
		hub_pools::<T>(&assets[..2]);
		let user = leveraged::<T>(&assets);
		#[extrinsic_call]
		_(RawOrigin::Signed(user.clone()), assets[0].clone(), assets[1].clone(), Balance::MAX);
		assert!(!Accounts::<T>::get(&user).contains_key(&assets[1]));
	}

	/// Collateral moved from market 0 to market 1 through the hub, by an account with debts
	/// in its `m − 2` other markets.
	#[benchmark]
	fn swap_collateral(m: Linear<2, { max_positions::<T>() }>) {
		let assets = markets::<T>(m);
		hub_pools::<T>(&assets[..2]);
		let user: T::AccountId = account("user", 0, 0);
		position_in::<T>(&user, &assets[..1], 0);
		position_in::<T>(&user, &assets[2..], 10 * UNIT);
		a_year_later::<T>(&assets);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(user.clone()),
			assets[0].clone(),
			assets[1].clone(),
			Amount::Exact(100 * UNIT),
			0,
		);
		assert!(Accounts::<T>::get(&user).get(&assets[1]).is_some_and(|p| p.collateral));
	}

	#[benchmark]
	fn flash_loan() {
		let assets = markets::<T>(1);
		a_year_later::<T>(&assets);
		let user: T::AccountId = account("user", 0, 0);
		fund::<T>(&assets[0], &user, 1_000 * UNIT);
		let call: <T as Config>::RuntimeCall =
			frame_system::Call::<T>::remark { remark: vec![] }.into();
		#[extrinsic_call]
		_(RawOrigin::Signed(user), assets[0].clone(), 100_000 * UNIT, Box::new(call));
	}

	#[benchmark]
	fn withdraw_reserves() -> Result<(), BenchmarkError> {
		let origin =
			T::ReserveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let assets = a_used_market_a_year_on::<T>();
		// Accrue into reserves.
		Pallet::<T>::do_update_market(assets[0].clone(), config()).expect("accrues");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, assets[0].clone(), Amount::All);
		Ok(())
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}

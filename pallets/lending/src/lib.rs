//! # Lever lending
//!
//! An over-collateralized money market. Suppliers earn interest on what they lend; borrowers
//! lock collateral under per-asset loan-to-value limits; unhealthy positions are liquidated;
//! flash loans lend a market's cash for the length of one extrinsic.
//!
//! ## Key concepts
//!
//! - **Market**: one per asset (LEV or a `pallet-assets` asset the oracle lists), created and
//!   tuned by `MarketOrigin` ([`MarketConfig`]). Its cash sits in its own account
//!   ([`Pallet::market_account`], a sub-account of `PalletId`) and is tracked in storage
//!   ([`MarketState::cash`]), never read from that account's balance, so a donation cannot move
//!   the exchange rate. Every change to a market's balances or a position goes through the
//!   [`ledger`].
//! - **Shares**: a supply mints shares at `total_shares / (cash + borrows − reserves)`, rounded
//!   down; a supply that would mint none fails. The first supply of a market mints
//!   `MinimumShares` to no one (they can never be redeemed) and moves the asset's minimum
//!   balance into the pallet account on top of the cash, so the pool account can always pay
//!   out its whole cash without being reaped.
//! - **Debt** is held as a scaled amount: `debt = scaled × borrow_index`, rounded up. Interest
//!   accrues per second of chain time by growing the index — O(1) per market touched, never a
//!   loop over borrowers. Reserves take `reserve_factor` of the interest.
//! - **Health**: `Σ collateral value × liquidation threshold / Σ debt value`, at fresh oracle
//!   prices (`PriceProvider`), with collateral valued down and debt up. Borrows, withdrawals
//!   and collateral switches must leave the debt within the borrow limit
//!   (`Σ collateral value × collateral factor`); a stale, frozen or locked price refuses them
//!   rather than guessing, and enabling collateral needs the asset's valid price. Supplies and
//!   repayments never need a price. Whether an account may be liquidated is judged on the
//!   assets priced now ([`health::Unpriced::Skip`]), so an unpriced asset cannot shield it.
//! - **Interest** accrual is total: the borrow index saturates at
//!   [`interest::MAX_BORROW_INDEX`], so no idle period can make a market fail.
//! - **Liquidation**: anyone but the borrower may repay part of an unhealthy account's debt and
//!   receive its collateral's supply shares worth the repaid value plus the bonus; the protocol
//!   keeps its share of the bonus as reserves. A liquidation never leaves collateral worth less
//!   than `CollateralDust` behind, and seizing the last collateral always succeeds; when the
//!   borrower has no collateral left, its remaining debt is written off, first against
//!   reserves. The liquidator bounds what it receives (`min_seized`) and may take the
//!   underlying instead of shares.
//! - **Supply generations**: bad debt that leaves the shares backing (almost) nothing voids them
//!   at the next supply ([`MarketState::void_shares`]); a position's shares count only in its
//!   market's current generation.
//! - **Flash loans** lend a market's cash to a call dispatched as the borrower; the pallet pulls
//!   `amount + fee` back at the end or the whole extrinsic fails. While a loan of an asset is
//!   out, every other operation on that asset's market is refused (so nothing can see its cash
//!   short); other markets stay usable, and a nested flash loan of another asset is allowed.
//!
//! ## Storage economics
//!
//! Markets are few and made by `MarketOrigin`. An account holds one storage item with at most
//! `MaxMarketsPerAccount` positions; it is removed when the last position empties.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod dex;
#[cfg(any(test, feature = "runtime-benchmarks"))]
pub mod fixtures;
pub mod flash_loan;
pub mod health;
pub mod interest;
pub mod invariants;
pub mod ledger;
pub mod leverage;
pub mod liquidation;
pub mod market;
pub mod migrations;
pub mod offchain;
pub mod positions;
pub mod runtime_api;
pub mod traits;
pub mod types;
pub mod views;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod mock_dex;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::{boxed::Box, vec::Vec};
	use frame_support::{
		dispatch::{GetDispatchInfo, PostDispatchInfo},
		pallet_prelude::*,
		traits::{fungibles, Time},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use pallet_asset_conversion::{QuotePrice, Swap};
	use pallet_lever_oracle::PriceProvider;
	use sp_runtime::{traits::Dispatchable, FixedU128, Permill};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// An account's positions, keyed by market.
	pub type PositionsOf<T> =
		BoundedBTreeMap<<T as Config>::AssetKind, Position, <T as Config>::MaxMarketsPerAccount>;

	#[pallet::config]
	pub trait Config:
		frame_system::Config + frame_system::offchain::CreateBare<Call<Self>>
	{
		/// The call a flash loan dispatches.
		type RuntimeCall: Parameter
			+ Dispatchable<RuntimeOrigin = Self::RuntimeOrigin, PostInfo = PostDispatchInfo>
			+ GetDispatchInfo;

		/// The assets markets are made of (LEV or a `pallet-assets` id).
		type AssetKind: Parameter + MaxEncodedLen + Ord + MaybeSerializeDeserialize;

		/// Where tokens move: every market's asset through one `fungibles` implementation.
		type Assets: fungibles::Mutate<
			Self::AccountId,
			AssetId = Self::AssetKind,
			Balance = Balance,
		>;

		/// Fresh prices (the oracle).
		type Oracle: PriceProvider<Self::AssetKind>;

		/// The DEX (`pallet-asset-conversion`), through its swap and quote traits: what
		/// one-call leverage and liquidations through the DEX trade on.
		type Dex: Swap<Self::AccountId, Balance = Balance, AssetKind = Self::AssetKind>
			+ QuotePrice<Balance = Balance, AssetKind = Self::AssetKind>;

		/// The asset every pool pairs with: a trade between two assets without a direct pool
		/// goes through it.
		type DexHub: Get<Self::AssetKind>;

		/// The keeper's share of what a liquidation through the DEX takes as its penalty (the
		/// liquidation bonus, less the protocol's share); the rest of the penalty stays with
		/// the borrower (unless the whole position is swept and what is left is dust).
		#[pallet::constant]
		type KeeperReward: Get<Permill>;

		/// The most a liquidation's sale on the DEX may be off the oracle (with the markets'
		/// `max_slippage`, the tighter applies): the borrower pays for the sale, so what a
		/// sandwich around it can take is bounded by this.
		#[pallet::constant]
		type LiquidationSlippage: Get<Permill>;

		/// Priority of the off-chain worker's unsigned liquidations in the transaction pool.
		#[pallet::constant]
		type UnsignedPriority: Get<TransactionPriority>;

		/// Most accounts the off-chain worker reads per block (it goes round all accounts, this
		/// many at a time).
		#[pallet::constant]
		type OffchainScanBudget: Get<u32>;

		/// Chain time in milliseconds (`pallet-timestamp`).
		type Time: Time<Moment = Moment>;

		/// The pallet account's id: it holds every market's cash.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Creates and updates markets.
		type MarketOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Withdraws reserves to [`Config::TreasuryAccount`].
		type ReserveOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Pauses a market's operations at once in an emergency (`pause_market`): it can only
		/// add pauses, never lift one or change another parameter.
		type EmergencyOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most a market's liquidation threshold may fall within one
		/// [`Config::ThresholdCutPeriod`]: a larger cut would make accounts liquidatable at once,
		/// so it must be phased over several periods, each announced by the governance that
		/// enacts it. Measured from the highest threshold of the period (raises included), so
		/// several updates in one block (a batch, a referendum enacting many), a raise followed
		/// by a deep cut, or two cuts on either side of a period's end cannot add up past it.
		#[pallet::constant]
		type MaxThresholdCut: Get<Permill>;

		/// How long (in [`Moment`] units, milliseconds) a period of threshold cuts lasts: the
		/// first cut of a market's liquidation threshold opens one, each further cut extends it,
		/// and until a full period passes without a cut the threshold stays within
		/// `MaxThresholdCut` of the highest it had in the period.
		#[pallet::constant]
		type ThresholdCutPeriod: Get<Moment>;

		/// Where withdrawn reserves go.
		type TreasuryAccount: Get<Self::AccountId>;

		/// Most markets there may be.
		#[pallet::constant]
		type MaxMarkets: Get<u32>;

		/// Most markets one account may be in (supply or debt); bounds every health check.
		#[pallet::constant]
		type MaxMarketsPerAccount: Get<u32>;

		/// Shares the first supply of a market locks forever (owned by no one).
		#[pallet::constant]
		type MinimumShares: Get<Balance>;

		/// Below this health factor a liquidation may repay the whole debt, not only the close
		/// factor's share.
		#[pallet::constant]
		type DeepLiquidationHealth: Get<FixedU128>;

		/// A USD value (18 decimals) below which the collateral a liquidation would leave behind
		/// in the seized market is seized with the rest: no liquidation leaves dust collateral
		/// that nobody would pay to liquidate and that would keep a bad debt alive.
		#[pallet::constant]
		type CollateralDust: Get<FixedU128>;

		/// Weights of this pallet's calls. Calls that check an account's health are weighted
		/// by its number of markets: charged for `MaxMarketsPerAccount`, refunded to the
		/// account's count.
		type WeightInfo: WeightInfo;

		/// What the benchmarks need from the runtime.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::traits::BenchmarkHelper<Self::AssetKind>;
	}

	/// Every market, by asset.
	#[pallet::storage]
	pub type Markets<T: Config> = CountedStorageMap<_, Blake2_128Concat, T::AssetKind, Market>;

	/// Each market's period of liquidation-threshold cuts: its latest cut and the highest
	/// threshold of the period. Absent for a market whose threshold was never cut; a period
	/// that has ended is replaced by the next cut.
	#[pallet::storage]
	pub type ThresholdCuts<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AssetKind, ThresholdCutWindow>;

	/// Every account's positions, by market. Absent when the account is in no market.
	#[pallet::storage]
	pub type Accounts<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, PositionsOf<T>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Markets open at genesis, with their parameters.
		pub markets: Vec<(T::AssetKind, MarketConfig)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (asset, config) in &self.markets {
				Pallet::<T>::do_create_market(asset.clone(), *config)
					.expect("genesis markets are valid and distinct");
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A market opened.
		MarketCreated { asset: T::AssetKind, config: MarketConfig },
		/// A market's parameters changed.
		MarketUpdated { asset: T::AssetKind, config: MarketConfig },
		/// An emergency paused operations of a market; `paused` is what is paused now.
		MarketPaused { asset: T::AssetKind, paused: PauseFlags },
		/// `who` supplied `amount` and received `shares`.
		Supplied { who: T::AccountId, asset: T::AssetKind, amount: Balance, shares: Balance },
		/// `who` burned `shares` and withdrew `amount`.
		Withdrawn { who: T::AccountId, asset: T::AssetKind, amount: Balance, shares: Balance },
		/// `who`'s supply of `asset` now counts as collateral.
		CollateralEnabled { who: T::AccountId, asset: T::AssetKind },
		/// `who`'s supply of `asset` no longer counts as collateral.
		CollateralDisabled { who: T::AccountId, asset: T::AssetKind },
		/// `who` borrowed `amount`; its debt in the market is now `debt`.
		Borrowed { who: T::AccountId, asset: T::AssetKind, amount: Balance, debt: Balance },
		/// `payer` repaid `amount` of `borrower`'s debt, which is now `debt`.
		Repaid {
			payer: T::AccountId,
			borrower: T::AccountId,
			asset: T::AssetKind,
			amount: Balance,
			debt: Balance,
		},
		/// `liquidator` repaid `repaid` of `borrower`'s `debt_asset` debt and received
		/// `seized_shares` of its `collateral_asset` supply, worth `seized_amount` of underlying
		/// (paid out as underlying when `received_underlying`); `protocol_shares` more went to
		/// reserves as `protocol_amount`.
		Liquidated {
			liquidator: T::AccountId,
			borrower: T::AccountId,
			debt_asset: T::AssetKind,
			collateral_asset: T::AssetKind,
			repaid: Balance,
			seized_shares: Balance,
			seized_amount: Balance,
			received_underlying: bool,
			protocol_shares: Balance,
			protocol_amount: Balance,
		},
		/// Bad debt left `asset`'s supply shares backing less than one unit per billion shares:
		/// they were voided (`leftover`, what they still backed, went to reserves) and the
		/// market's supply generation is now `generation`.
		SharesVoided { asset: T::AssetKind, generation: u32, leftover: Balance },
		/// `who` had no collateral left: its `amount` of debt was written off, `from_reserves`
		/// of it against reserves and the rest against suppliers.
		BadDebtWrittenOff {
			who: T::AccountId,
			asset: T::AssetKind,
			amount: Balance,
			from_reserves: Balance,
		},
		/// `who` borrowed `amount` for one call and paid it back with `fee`.
		FlashLoaned { who: T::AccountId, asset: T::AssetKind, amount: Balance, fee: Balance },
		/// `amount` of reserves went to `to`.
		ReservesWithdrawn { asset: T::AssetKind, amount: Balance, to: T::AccountId },
		/// The pallet traded `amount_in` of `route`'s first asset for `amount_out` of its last
		/// on the DEX, for `who`'s position (or liquidation).
		DexTraded {
			who: T::AccountId,
			route: Vec<T::AssetKind>,
			amount_in: Balance,
			amount_out: Balance,
		},
		/// `who` borrowed `borrowed` of `debt_asset`, sold it on the DEX and supplied the
		/// `bought` `collateral_asset` as collateral, in one call.
		Leveraged {
			who: T::AccountId,
			collateral_asset: T::AssetKind,
			debt_asset: T::AssetKind,
			borrowed: Balance,
			bought: Balance,
		},
		/// `who` withdrew `sold` of its `collateral_asset` supply, sold it on the DEX and repaid
		/// `repaid` of its `debt_asset` debt (now `debt`); `returned` (what the sale brought
		/// beyond the debt, or the collateral left after a close) went to its account.
		Deleveraged {
			who: T::AccountId,
			collateral_asset: T::AssetKind,
			debt_asset: T::AssetKind,
			sold: Balance,
			repaid: Balance,
			debt: Balance,
			returned: Balance,
		},
		/// `who` withdrew `sold` of its `from` supply, sold it on the DEX and supplied the
		/// `bought` `to` as collateral.
		CollateralSwapped {
			who: T::AccountId,
			from: T::AssetKind,
			to: T::AssetKind,
			sold: Balance,
			bought: Balance,
		},
		/// An unhealthy `borrower`'s `collateral_asset` supply was sold on the DEX to repay
		/// `repaid` of its `debt_asset` debt: `sold` of it bought the debt, `keeper_reward` went
		/// to the keeper that called (`None`: the off-chain worker), `protocol_amount` to
		/// reserves; the rest of the collateral stays the borrower's.
		LiquidatedThroughDex {
			keeper: Option<T::AccountId>,
			borrower: T::AccountId,
			debt_asset: T::AssetKind,
			collateral_asset: T::AssetKind,
			repaid: Balance,
			sold: Balance,
			keeper_reward: Balance,
			protocol_amount: Balance,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No market for this asset.
		MarketNotFound,
		/// A market for this asset already exists.
		MarketExists,
		/// The asset does not exist.
		UnknownAsset,
		/// The oracle does not list the asset: configure it in the oracle first.
		AssetNotPriced,
		/// `MaxMarkets` markets exist already.
		TooManyMarkets,
		/// The account is in `MaxMarketsPerAccount` markets already.
		TooManyPositions,
		/// The collateral factor must be below the liquidation threshold.
		CollateralFactorNotBelowThreshold,
		/// Liquidation threshold × (1 + liquidation bonus) must not exceed 100%.
		ThresholdWithBonusTooHigh,
		/// The reserve factor must be below 100%.
		ReserveFactorTooHigh,
		/// The close factor must be above zero.
		ZeroCloseFactor,
		/// The optimal utilization must be strictly between 0% and 100%.
		InvalidOptimalUtilization,
		/// The rate model may not exceed 1000% a year.
		RateTooHigh,
		/// The flash loan fee may not exceed 10%.
		FlashLoanFeeTooHigh,
		/// An amount of zero.
		ZeroAmount,
		/// Supplying is paused in this market.
		SupplyPaused,
		/// Borrowing is paused in this market.
		BorrowPaused,
		/// Liquidations are paused in the debt's or the collateral's market.
		LiquidationPaused,
		/// Flash loans are paused in this market.
		FlashLoanPaused,
		/// The supply would exceed the market's supply cap.
		SupplyCapExceeded,
		/// The borrow would exceed the market's borrow cap.
		BorrowCapExceeded,
		/// The first supply must exceed the locked minimum shares plus the asset's minimum
		/// balance.
		FirstSupplyTooSmall,
		/// The supply is worth less than one share.
		ZeroShares,
		/// The account has no supply in this market.
		NoSupply,
		/// Withdrawing more than the account's supply.
		InsufficientSupply,
		/// The market does not hold that much cash (it is lent out).
		InsufficientCash,
		/// The borrow is below the market's minimum.
		BelowMinimumBorrow,
		/// The account would owe more than its borrow limit.
		InsufficientCollateral,
		/// The asset cannot be collateral (its collateral factor is zero).
		NotCollateralAsset,
		/// The account has no debt in this market.
		NoDebt,
		/// Repaying more than the debt; use `Amount::All`.
		RepayExceedsDebt,
		/// The repayment is too small to reduce the debt by one scaled unit.
		RepayTooSmall,
		/// The account is healthy (health factor ≥ 1): it cannot be liquidated.
		HealthyAccount,
		/// A borrower cannot liquidate itself.
		SelfLiquidation,
		/// The borrower has no collateral-enabled supply in this market.
		NoCollateral,
		/// The liquidation repays more than the close factor allows.
		LiquidationTooLarge,
		/// The liquidation would leave a debt below the market's minimum borrow; repay it all.
		LiquidationLeavesDust,
		/// The liquidation is too small to seize any collateral.
		LiquidationTooSmall,
		/// The collateral the liquidator would receive is below its `min_seized` (the price moved
		/// between signing and inclusion).
		SeizedBelowMinimum,
		/// A flash loan of this market's asset is under way: the market is closed until it
		/// ends.
		MarketInFlashLoan,
		/// The flash loan's amount and fee could not be pulled back from the borrower.
		FlashLoanNotRepaid,
		/// The update lowers the liquidation threshold more than `MaxThresholdCut` below the
		/// highest threshold of the current cut period (`ThresholdCuts`): wait until a full
		/// `ThresholdCutPeriod` has passed since the latest cut.
		ThresholdCutTooLarge,
		/// `pause_market` was asked to pause nothing that is not already paused.
		NothingToPause,
		/// Withdrawing more than the reserves (or than the cash that backs them).
		InsufficientReserves,
		/// The oracle has no price for an asset the account uses.
		PriceUnavailable,
		/// The oracle's price for an asset the account uses is stale.
		PriceStale,
		/// The oracle's price for an asset the account uses is frozen by its circuit breaker
		/// or locked by its admin.
		PriceHalted,
		/// A state the pallet's own checks rule out; report it (nothing was changed).
		Unexpected,
		/// The largest allowed DEX slippage bound is 50%.
		SlippageBoundTooHigh,
		/// A trade needs two different assets.
		SameAsset,
		/// No DEX pool (direct, or through the hub asset) can make this trade.
		NoDexRoute,
		/// The DEX's price is off the oracle's by more than the markets' `max_slippage`: the
		/// pool may be manipulated. The ordinary `liquidate` still works.
		DexPriceOffOracle,
		/// The trade would bring less than the caller's `min_out`.
		TradeBelowMinimum,
		/// The trade would cost more than the caller's `max_in`.
		TradeAboveMaximum,
		/// Selling the seized collateral on the DEX would cost more of it than the liquidation
		/// may take.
		SaleExceedsSeizure,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxMarketsPerAccount::get() > 0, "an account must fit one market");
			assert!(T::MinimumShares::get() > 0, "the first supply must lock some shares");
			assert!(
				T::DeepLiquidationHealth::get() <= FixedU128::from_u32(1),
				"deep liquidation starts below health 1"
			);
		}

		/// Reads `OffchainScanBudget` accounts' health (going round all accounts over blocks)
		/// and submits an unsigned `liquidate_unsigned` for each unhealthy one the DEX can
		/// serve. Runs where the node runs off-chain workers (`--offchain-worker`).
		fn offchain_worker(_n: BlockNumberFor<T>) {
			Self::scan_for_liquidations();
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Opens a market for `asset` with `config`.
		///
		/// Origin: `MarketOrigin`. Errors: `UnknownAsset`, `MarketExists`, `TooManyMarkets`, and one error per
		/// invalid parameter (see [`MarketConfig`]). Event: `MarketCreated`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_market())]
		pub fn create_market(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			config: MarketConfig,
		) -> DispatchResult {
			T::MarketOrigin::ensure_origin(origin)?;
			Self::do_create_market(asset, config)
		}

		/// Replaces a market's parameters (pauses included); interest is accrued first under
		/// the old ones. The liquidation threshold may fall by at most `MaxThresholdCut` below
		/// the highest it had since a full `ThresholdCutPeriod` without a cut, however many
		/// updates that holds.
		///
		/// Origin: `MarketOrigin`. Errors: `MarketNotFound`, `MarketInFlashLoan`,
		/// `ThresholdCutTooLarge`, and one error per invalid parameter. Event: `MarketUpdated`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_market())]
		pub fn update_market(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			config: MarketConfig,
		) -> DispatchResult {
			T::MarketOrigin::ensure_origin(origin)?;
			Self::do_update_market(asset, config)
		}

		/// Supplies `amount` of `asset` and mints supply shares (rounded down).
		///
		/// Origin: signed. Errors: `ZeroAmount`, `MarketNotFound`, `MarketInFlashLoan`,
		/// `SupplyPaused`, `SupplyCapExceeded`, `FirstSupplyTooSmall`, `ZeroShares`,
		/// `TooManyPositions`, or the token's transfer error. Event: `Supplied`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::supply())]
		pub fn supply(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			amount: Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_supply(who, asset, amount)
		}

		/// Withdraws `amount` (burning shares rounded up) or all of the account's supply.
		///
		/// Origin: signed. Errors: `ZeroAmount`, `MarketNotFound`, `MarketInFlashLoan`,
		/// `NoSupply`, `InsufficientSupply`, `InsufficientCash`, `InsufficientCollateral`, and
		/// the price errors when the supply is collateral for a debt. Event: `Withdrawn`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::withdraw(T::MaxMarketsPerAccount::get()))]
		pub fn withdraw(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			amount: Amount,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let markets = Self::markets_of(&who);
			Self::do_withdraw(who, asset, amount)?;
			Ok(Some(T::WeightInfo::withdraw(markets)).into())
		}

		/// Counts the account's supply of `asset` as collateral. The asset needs a valid price
		/// now: the market does not take collateral the oracle cannot value.
		///
		/// Origin: signed. Errors: `MarketNotFound`, `MarketInFlashLoan`, `NoSupply`,
		/// `NotCollateralAsset`, `PriceUnavailable`, `PriceStale`, `PriceHalted`.
		/// Event: `CollateralEnabled`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::enable_collateral())]
		pub fn enable_collateral(origin: OriginFor<T>, asset: T::AssetKind) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_collateral(who, asset, true)
		}

		/// Stops counting the account's supply of `asset` as collateral; refused when its debt
		/// would exceed the borrow limit.
		///
		/// Origin: signed. Errors: `MarketNotFound`, `MarketInFlashLoan`, `NoSupply`,
		/// `InsufficientCollateral`, price errors. Event: `CollateralDisabled`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::disable_collateral(T::MaxMarketsPerAccount::get()))]
		pub fn disable_collateral(
			origin: OriginFor<T>,
			asset: T::AssetKind,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let markets = Self::markets_of(&who);
			Self::do_set_collateral(who, asset, false)?;
			Ok(Some(T::WeightInfo::disable_collateral(markets)).into())
		}

		/// Borrows `amount` of `asset` against the account's collateral in every market, at
		/// fresh prices, after accruing every market the account is in.
		///
		/// Origin: signed. Errors: `ZeroAmount`, `MarketNotFound`, `MarketInFlashLoan`,
		/// `BorrowPaused`, `BelowMinimumBorrow`, `InsufficientCash`, `BorrowCapExceeded`,
		/// `TooManyPositions`, `InsufficientCollateral`, `PriceUnavailable`, `PriceStale`,
		/// `PriceHalted`. Event: `Borrowed`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::borrow(T::MaxMarketsPerAccount::get()))]
		pub fn borrow(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			amount: Balance,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			// The borrow may add a market to the account's.
			let markets =
				Self::markets_of(&who).saturating_add(1).min(T::MaxMarketsPerAccount::get());
			Self::do_borrow(who, asset, amount)?;
			Ok(Some(T::WeightInfo::borrow(markets)).into())
		}

		/// Repays `amount` or all of the caller's own debt in `asset`.
		///
		/// Origin: signed. Errors: `ZeroAmount`, `MarketNotFound`, `MarketInFlashLoan`,
		/// `NoDebt`, `RepayExceedsDebt`, `RepayTooSmall`, or the token's transfer error.
		/// Event: `Repaid`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::repay())]
		pub fn repay(origin: OriginFor<T>, asset: T::AssetKind, amount: Amount) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_repay(who.clone(), who, asset, amount)
		}

		/// Repays `amount` or all of `borrower`'s debt in `asset`, paid by the caller.
		///
		/// Origin: signed. Errors: as `repay`. Event: `Repaid`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::repay())]
		pub fn repay_on_behalf(
			origin: OriginFor<T>,
			borrower: T::AccountId,
			asset: T::AssetKind,
			amount: Amount,
		) -> DispatchResult {
			let payer = ensure_signed(origin)?;
			Self::do_repay(payer, borrower, asset, amount)
		}

		/// Liquidates `borrower` (health factor below 1): repays `amount` (or the most allowed)
		/// of its `debt_asset` debt and receives its `collateral_asset` supply worth the repaid
		/// value plus the liquidation bonus, less the protocol's share of the bonus.
		///
		/// Health is judged on the assets the oracle prices now: collateral without a valid
		/// price counts for nothing and debt without one is left out, so no asset the
		/// liquidation does not touch can block it; the two assets it touches need valid
		/// prices. At most the close factor's share of the debt, or all of it when the health
		/// factor is below `DeepLiquidationHealth` or the rest would be below the minimum
		/// borrow. When the collateral is worth less than that, or what would remain of it is
		/// worth less than `CollateralDust`, all of it is seized and the repayment shrinks to
		/// what it covers. A borrower left without collateral has its remaining debt written
		/// off.
		///
		/// - `min_seized`: the least underlying of collateral the caller accepts to receive
		///   (a bound against a price move between signing and inclusion).
		/// - `receive_underlying`: receive the collateral as underlying from the market's cash
		///   (`InsufficientCash` when it is lent out) instead of supply shares.
		///
		/// Origin: signed, not the borrower. Errors: `SelfLiquidation`, `ZeroAmount`,
		/// `MarketNotFound`, `MarketInFlashLoan`, `LiquidationPaused`, `NoDebt`, `NoCollateral`,
		/// `HealthyAccount`, `LiquidationTooLarge`, `LiquidationLeavesDust`,
		/// `LiquidationTooSmall`, `SeizedBelowMinimum`, `InsufficientCash`,
		/// `TooManyPositions`, price errors, the token's transfer error.
		/// Events: `Liquidated`, `BadDebtWrittenOff`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::liquidate(T::MaxMarketsPerAccount::get()))]
		pub fn liquidate(
			origin: OriginFor<T>,
			borrower: T::AccountId,
			debt_asset: T::AssetKind,
			collateral_asset: T::AssetKind,
			amount: Amount,
			min_seized: Balance,
			receive_underlying: bool,
		) -> DispatchResultWithPostInfo {
			let liquidator = ensure_signed(origin)?;
			let markets = Self::markets_of(&borrower).max(2);
			let terms = liquidation::LiquidationTerms { amount, min_seized, receive_underlying };
			Self::do_liquidate(liquidator, borrower, debt_asset, collateral_asset, terms)?;
			Ok(Some(T::WeightInfo::liquidate(markets)).into())
		}

		/// Lends `amount` of `asset` to the caller, dispatches `call` as the caller, then pulls
		/// `amount + fee` back (fee = `flash_loan_fee` of the amount, rounded up, to reserves).
		/// If the call fails or the pull fails, the whole extrinsic fails and nothing changes.
		///
		/// While the loan is out, the asset's market refuses every operation (a nested flash
		/// loan of it included); other markets work as usual.
		///
		/// Origin: signed. Errors: `ZeroAmount`, `MarketNotFound`, `MarketInFlashLoan`,
		/// `FlashLoanPaused`, `InsufficientCash`, the call's own error, `FlashLoanNotRepaid`.
		/// Event: `FlashLoaned`.
		#[pallet::call_index(10)]
		#[pallet::weight({
			let info = call.get_dispatch_info();
			(T::WeightInfo::flash_loan().saturating_add(info.call_weight), info.class)
		})]
		pub fn flash_loan(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			amount: Balance,
			call: Box<<T as Config>::RuntimeCall>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_flash_loan(who, asset, amount, *call)
		}

		/// Sends `amount` or all of a market's reserves (backed by cash) to the treasury.
		///
		/// Origin: `ReserveOrigin`. Errors: `ZeroAmount`, `MarketNotFound`, `MarketInFlashLoan`,
		/// `InsufficientReserves`. Event: `ReservesWithdrawn`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::withdraw_reserves())]
		pub fn withdraw_reserves(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			amount: Amount,
		) -> DispatchResult {
			T::ReserveOrigin::ensure_origin(origin)?;
			Self::do_withdraw_reserves(asset, amount)
		}

		/// Liquidates `borrower` (health factor below 1) through the DEX: its `collateral_asset`
		/// supply is sold for exactly the `debt_asset` debt repaid (`amount`, or the most
		/// allowed), which is repaid. The penalty is the liquidation bonus: the protocol takes
		/// its share into reserves and the caller (the keeper) `KeeperReward` of the rest, in
		/// underlying; everything else, what the sale did not need included, stays the
		/// borrower's. The close factor, dust and write-off rules of `liquidate` hold.
		///
		/// The sale is bounded by the oracle: it may be at most the tightest of the two markets'
		/// `max_slippage` and `LiquidationSlippage` off the oracle's equivalent of the debt,
		/// either way, and it may not cost more than the seized collateral less the protocol's
		/// and the keeper's shares; a pool pushed further off the oracle is refused
		/// (`DexPriceOffOracle`) and `liquidate` remains. The route is the direct pool or the
		/// one through `DexHub`. When the whole position is swept, the unsold rest goes to
		/// reserves only if it is dust (worth less than `CollateralDust`).
		///
		/// Origin: signed, not the borrower. Errors: those of `liquidate` (but
		/// `SeizedBelowMinimum`), `NoDexRoute`, `DexPriceOffOracle`, `SaleExceedsSeizure`,
		/// `InsufficientCash`, the DEX's error. Events: `DexTraded`, `LiquidatedThroughDex`,
		/// `BadDebtWrittenOff`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::liquidate_through_dex(T::MaxMarketsPerAccount::get()))]
		pub fn liquidate_through_dex(
			origin: OriginFor<T>,
			borrower: T::AccountId,
			debt_asset: T::AssetKind,
			collateral_asset: T::AssetKind,
			amount: Amount,
		) -> DispatchResultWithPostInfo {
			let keeper = ensure_signed(origin)?;
			let markets = Self::markets_of(&borrower).max(2);
			Self::do_liquidate_through_dex(
				Some(keeper),
				borrower,
				debt_asset,
				collateral_asset,
				amount,
			)?;
			Ok(Some(T::WeightInfo::liquidate_through_dex(markets)).into())
		}

		/// `liquidate_through_dex` of the most allowed, submitted by the off-chain worker as an
		/// unsigned transaction: no keeper reward. The transaction pool takes it only if the
		/// liquidation goes through against the state it validates on (one per borrower at a
		/// time); the block re-checks it the same way.
		///
		/// Origin: none. Errors: as `liquidate_through_dex`.
		#[pallet::call_index(13)]
		#[pallet::weight(Pallet::<T>::unsigned_liquidation_weight())]
		pub fn liquidate_unsigned(
			origin: OriginFor<T>,
			borrower: T::AccountId,
			debt_asset: T::AssetKind,
			collateral_asset: T::AssetKind,
		) -> DispatchResult {
			ensure_none(origin)?;
			Self::do_liquidate_through_dex(
				None,
				borrower,
				debt_asset,
				collateral_asset,
				Amount::All,
			)
		}

		/// Opens or grows a leveraged position in one call: supplies `equity` of
		/// `collateral_asset` from the caller (zero to grow on existing collateral), borrows
		/// `borrow` of `debt_asset`, sells it on the DEX for at least `min_out` of
		/// `collateral_asset` and supplies that as collateral too. The health check comes once,
		/// at the end: the borrow may exceed what the collateral allowed before the purchase.
		/// Long WETH with USDT debt and short WETH (WETH debt, USDT collateral) are the same
		/// call. The trade is bounded by the oracle as `liquidate_through_dex`'s.
		///
		/// Origin: signed. Errors: those of `supply` and `borrow`, `SameAsset`,
		/// `NotCollateralAsset`, `NoDexRoute`, `DexPriceOffOracle`, `TradeBelowMinimum`, the
		/// DEX's error. Events: `Supplied`, `DexTraded`, `Leveraged`.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::leverage(T::MaxMarketsPerAccount::get()))]
		pub fn leverage(
			origin: OriginFor<T>,
			collateral_asset: T::AssetKind,
			debt_asset: T::AssetKind,
			equity: Balance,
			borrow: Balance,
			min_out: Balance,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let markets =
				Self::markets_of(&who).saturating_add(2).min(T::MaxMarketsPerAccount::get());
			Self::do_leverage(who, collateral_asset, debt_asset, equity, borrow, min_out)?;
			Ok(Some(T::WeightInfo::leverage(markets)).into())
		}

		/// Shrinks a leveraged position in one call: withdraws `amount` (or all) of the
		/// caller's `collateral_asset` supply, sells it on the DEX for at least `min_out` of
		/// `debt_asset` and repays the debt with it; what the sale brings beyond the debt goes
		/// to the caller. Health is checked at the end: within the borrow limit, or owing less
		/// and no less healthy than before (a deleverage never needs room under the limit).
		///
		/// Origin: signed. Errors: those of `withdraw` and `repay`, `SameAsset`, `NoDexRoute`,
		/// `DexPriceOffOracle`, `TradeBelowMinimum`, the DEX's error. Events: `DexTraded`,
		/// `Deleveraged`.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::deleverage(T::MaxMarketsPerAccount::get()))]
		pub fn deleverage(
			origin: OriginFor<T>,
			collateral_asset: T::AssetKind,
			debt_asset: T::AssetKind,
			amount: Amount,
			min_out: Balance,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let markets = Self::markets_of(&who).max(2);
			Self::do_deleverage(who, collateral_asset, debt_asset, amount, min_out)?;
			Ok(Some(T::WeightInfo::deleverage(markets)).into())
		}

		/// Closes a leveraged position in one call: buys exactly the caller's whole
		/// `debt_asset` debt on the DEX with its `collateral_asset` supply (at most `max_in` of
		/// it), repays it, and sends the rest of that supply to the caller (it stays supplied if
		/// the market lacks the cash). Health is checked at the end as for `deleverage`.
		///
		/// Origin: signed. Errors: `NoDebt`, `NoSupply`, `InsufficientSupply`,
		/// `InsufficientCash`, `SameAsset`, `NoDexRoute`, `DexPriceOffOracle`,
		/// `TradeAboveMaximum`, `InsufficientCollateral`, price errors, the DEX's error.
		/// Events: `DexTraded`, `Deleveraged`.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::close_position(T::MaxMarketsPerAccount::get()))]
		pub fn close_position(
			origin: OriginFor<T>,
			collateral_asset: T::AssetKind,
			debt_asset: T::AssetKind,
			max_in: Balance,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let markets = Self::markets_of(&who).max(2);
			Self::do_close_position(who, collateral_asset, debt_asset, max_in)?;
			Ok(Some(T::WeightInfo::close_position(markets)).into())
		}

		/// Swaps collateral in one call: withdraws `amount` (or all) of the caller's `from`
		/// supply, sells it on the DEX for at least `min_out` of `to` and supplies that as
		/// collateral. Health is checked at the end.
		///
		/// Origin: signed. Errors: those of `withdraw` and `supply`, `SameAsset`,
		/// `NotCollateralAsset`, `NoDexRoute`, `DexPriceOffOracle`, `TradeBelowMinimum`, the
		/// DEX's error. Events: `DexTraded`, `CollateralSwapped`.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::swap_collateral(T::MaxMarketsPerAccount::get()))]
		pub fn swap_collateral(
			origin: OriginFor<T>,
			from: T::AssetKind,
			to: T::AssetKind,
			amount: Amount,
			min_out: Balance,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let markets =
				Self::markets_of(&who).saturating_add(1).min(T::MaxMarketsPerAccount::get());
			Self::do_swap_collateral(who, from, to, amount, min_out)?;
			Ok(Some(T::WeightInfo::swap_collateral(markets)).into())
		}

		/// Pauses the operations `pause` names in `asset`'s market, at once; what is already
		/// paused stays paused. Lifting a pause is a market update (`MarketOrigin`).
		///
		/// Origin: `EmergencyOrigin`. Errors: `MarketNotFound`, `MarketInFlashLoan`,
		/// `NothingToPause`. Event: `MarketPaused`.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::pause_market())]
		pub fn pause_market(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			pause: PauseFlags,
		) -> DispatchResult {
			T::EmergencyOrigin::ensure_origin(origin)?;
			Self::do_pause_market(asset, pause)
		}
	}

	/// Why the pool refuses an unsigned liquidation: it would fail now.
	pub const UNSIGNED_LIQUIDATION_FAILS: u8 = 1;
	/// Blocks an unsigned liquidation stays valid in the pool.
	pub const UNSIGNED_LONGEVITY: u64 = 5;

	impl<T: Config> Pallet<T> {
		/// What `liquidate_unsigned` is charged: its dry run in validation (repeated when the
		/// block checks it) and the liquidation itself, at the most markets.
		pub fn unsigned_liquidation_weight() -> Weight {
			T::WeightInfo::liquidate_through_dex(T::MaxMarketsPerAccount::get()).saturating_mul(2)
		}
	}

	// `ValidateUnsigned` is deprecated in this release in favour of `#[pallet::authorize]`,
	// which needs `frame_system::AuthorizeCall` in the runtime's transaction extensions (a
	// change to every signed extrinsic's format that polkadot.js users would meet); it is
	// supported until April 2027.
	#[allow(deprecated)]
	#[pallet::validate_unsigned]
	impl<T: Config> ValidateUnsigned for Pallet<T> {
		type Call = Call<T>;

		/// Takes an unsigned liquidation only from this node's own off-chain worker (or in a
		/// block) and only if it goes through now (dry-run, rolled back): a healthy account's,
		/// or one the DEX cannot serve within the oracle's bound, never enters the pool, and
		/// nobody can make the pool dry-run liquidations for free from outside. One per
		/// borrower at a time (`provides` its account); not gossiped (each validator's worker
		/// submits its own).
		fn validate_unsigned(source: TransactionSource, call: &Self::Call) -> TransactionValidity {
			let Call::liquidate_unsigned { borrower, debt_asset, collateral_asset } = call else {
				return InvalidTransaction::Call.into();
			};
			if !matches!(source, TransactionSource::Local | TransactionSource::InBlock) {
				return InvalidTransaction::Call.into();
			}
			if !Self::liquidation_goes_through(borrower, debt_asset, collateral_asset) {
				return InvalidTransaction::Custom(UNSIGNED_LIQUIDATION_FAILS).into();
			}
			ValidTransaction::with_tag_prefix("LeverLiquidation")
				.priority(T::UnsignedPriority::get())
				.and_provides(borrower)
				.longevity(UNSIGNED_LONGEVITY)
				.propagate(false)
				.build()
		}
	}
}

//! `LendingApi`: the money market for clients, callable from polkadot.js as
//! `api.call.lendingApi.*` with no custom types (the types come from the runtime's metadata).

use crate::types::{AccountView, MarketView};
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Read-only money-market queries, accrued to the queried block's time.
	pub trait LendingApi<AccountId, AssetKind> where AccountId: Codec, AssetKind: Codec {
		/// An account's positions (supply, debt, collateral flag), its collateral and debt
		/// values in USD, borrow limit and health factor.
		fn account(who: AccountId) -> AccountView<AssetKind>;
		/// A market's cash, borrows, reserves, utilization, rates, APYs, exchange rate and
		/// configuration (caps included); `None` for an unknown asset.
		fn market(asset: AssetKind) -> Option<MarketView>;
		/// Every market.
		fn markets() -> Vec<(AssetKind, MarketView)>;
	}
}

//! `OracleApi`: the oracle's state for clients, callable from polkadot.js as
//! `api.call.oracleApi.*` with no custom types (the types come from the runtime's metadata).

use crate::types::{AssetPriceInfo, PriceInfo};
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Read-only oracle queries.
	pub trait OracleApi<AssetKind> where AssetKind: Codec {
		/// An asset's price, age, status, fresh feeders and held-back median, at this block.
		fn price_info(asset: AssetKind) -> PriceInfo;
		/// Every configured asset with its price information.
		fn price_infos() -> Vec<AssetPriceInfo<AssetKind>>;
	}
}

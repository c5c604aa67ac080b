//! The inference market at genesis: the assets models may be paid in.

use super::assets::USDT;
use crate::AssetKind;
use alloc::{vec, vec::Vec};

/// The assets inference models may be paid in from genesis: LEV and USDT. (Root allows others
/// with `Inference::set_payment_asset`.)
pub fn inference_payment_assets() -> Vec<AssetKind> {
	vec![AssetKind::Native, AssetKind::WithId(USDT.id)]
}

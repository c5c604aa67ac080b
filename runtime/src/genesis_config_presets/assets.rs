//! The dev chain's tokens: LEV holdings and the test assets (`pallet-assets`) every dev account
//! holds. The one place their ids, symbols, decimals and amounts are written.

use crate::{AssetId, Balance, UNIT};

/// A test asset the presets create: id, name, symbol, decimals, min balance, and what each dev
/// account holds of it, in whole tokens.
pub struct TestAsset {
	/// `pallet-assets` id.
	pub id: AssetId,
	/// Metadata name.
	pub name: &'static str,
	/// Metadata symbol.
	pub symbol: &'static str,
	/// Metadata decimals.
	pub decimals: u8,
	/// Smallest balance an account may hold, in the asset's smallest unit.
	pub min_balance: Balance,
	/// What every dev account holds, in whole tokens.
	pub per_account: Balance,
}

impl TestAsset {
	/// One whole token in the asset's smallest unit.
	pub const fn unit(&self) -> Balance {
		10u128.pow(self.decimals as u32)
	}
}

/// Tether USD, 6 decimals.
pub const USDT: TestAsset = TestAsset {
	id: 1,
	name: "Tether USD",
	symbol: "USDT",
	decimals: 6,
	min_balance: 1_000,
	per_account: 1_000_000,
};
/// USD Coin, 6 decimals.
pub const USDC: TestAsset = TestAsset {
	id: 2,
	name: "USD Coin",
	symbol: "USDC",
	decimals: 6,
	min_balance: 1_000,
	per_account: 1_000_000,
};
/// Wrapped Ether, 18 decimals.
pub const WETH: TestAsset = TestAsset {
	id: 3,
	name: "Wrapped Ether",
	symbol: "WETH",
	decimals: 18,
	min_balance: 1_000_000_000,
	per_account: 100,
};
/// Wrapped Bitcoin, 8 decimals.
pub const WBTC: TestAsset = TestAsset {
	id: 4,
	name: "Wrapped BTC",
	symbol: "WBTC",
	decimals: 8,
	min_balance: 100,
	per_account: 10,
};
/// Every test asset, in id order.
pub const TEST_ASSETS: [TestAsset; 4] = [USDT, USDC, WETH, WBTC];

/// LEV every dev account holds, in whole LEV.
pub const LEV_PER_ACCOUNT: Balance = 1_000_000;
/// LEV the treasury account starts with (so that small fees never fall below the existential
/// deposit of a new account).
pub const TREASURY_ENDOWMENT: Balance = UNIT;

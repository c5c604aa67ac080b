//! The ledger: every change to a market's balances and to an account's position, each doing its
//! checked arithmetic once.
//!
//! A `do_*` function reads as check → ledger → pay in/out → store → event: it checks what the
//! user may do (with a pallet error each), then calls one of these methods, which can then only
//! fail on an arithmetic bound the checks already ruled out (an `ArithmeticError`, never a
//! silent clamp).

use crate::types::{Balance, MarketState, Position};
use sp_runtime::{traits::Zero, ArithmeticError};

fn add(a: Balance, b: Balance) -> Result<Balance, ArithmeticError> {
	a.checked_add(b).ok_or(ArithmeticError::Overflow)
}

fn sub(a: Balance, b: Balance) -> Result<Balance, ArithmeticError> {
	a.checked_sub(b).ok_or(ArithmeticError::Underflow)
}

impl MarketState {
	/// Opens a supply generation: `to_pool` of underlying arrives and as many shares are
	/// minted, `locked` of them owned by no one. Returns the shares the supplier receives.
	pub fn open(&mut self, to_pool: Balance, locked: Balance) -> Result<Balance, ArithmeticError> {
		let shares = sub(to_pool, locked)?;
		self.cash = add(self.cash, to_pool)?;
		self.locked_shares = locked;
		self.total_shares = to_pool;
		Ok(shares)
	}

	/// `amount` of underlying supplied for `shares` newly minted.
	pub fn deposit(&mut self, amount: Balance, shares: Balance) -> Result<(), ArithmeticError> {
		self.cash = add(self.cash, amount)?;
		self.total_shares = add(self.total_shares, shares)?;
		Ok(())
	}

	/// `amount` of underlying paid out for `shares` burned.
	pub fn redeem(&mut self, amount: Balance, shares: Balance) -> Result<(), ArithmeticError> {
		self.cash = sub(self.cash, amount)?;
		self.total_shares = sub(self.total_shares, shares)?;
		Ok(())
	}

	/// `amount` of cash lent out as `scaled` debt.
	pub fn lend(&mut self, amount: Balance, scaled: Balance) -> Result<(), ArithmeticError> {
		self.cash = sub(self.cash, amount)?;
		self.total_scaled_debt = add(self.total_scaled_debt, scaled)?;
		Ok(())
	}

	/// `amount` paid back, cancelling `scaled` debt.
	pub fn repay(&mut self, amount: Balance, scaled: Balance) -> Result<(), ArithmeticError> {
		self.cash = add(self.cash, amount)?;
		self.total_scaled_debt = sub(self.total_scaled_debt, scaled)?;
		Ok(())
	}

	/// The protocol's part of a seized supply: `shares` burned and their underlying, `amount`,
	/// counted as reserves (the cash stays; it changes owner).
	pub fn seize_to_reserves(
		&mut self,
		shares: Balance,
		amount: Balance,
	) -> Result<(), ArithmeticError> {
		self.total_shares = sub(self.total_shares, shares)?;
		self.reserves = add(self.reserves, amount)?;
		Ok(())
	}

	/// A fee paid into the pool for the protocol: cash and reserves both grow by `fee`.
	pub fn collect_fee(&mut self, fee: Balance) -> Result<(), ArithmeticError> {
		self.cash = add(self.cash, fee)?;
		self.reserves = add(self.reserves, fee)?;
		Ok(())
	}

	/// `amount` of reserves paid out of the pool.
	pub fn take_reserves(&mut self, amount: Balance) -> Result<(), ArithmeticError> {
		self.reserves = sub(self.reserves, amount)?;
		self.cash = sub(self.cash, amount)?;
		Ok(())
	}

	/// `scaled` debt worth `amount` written off: reserves absorb what they can, suppliers the
	/// rest (through a lower total supply). Returns what the reserves absorbed.
	pub fn write_off(
		&mut self,
		scaled: Balance,
		amount: Balance,
	) -> Result<Balance, ArithmeticError> {
		self.total_scaled_debt = sub(self.total_scaled_debt, scaled)?;
		let from_reserves = self.reserves.min(amount);
		self.reserves = sub(self.reserves, from_reserves)?;
		Ok(from_reserves)
	}

	/// Voids a supply generation whose shares back nothing: what is left of the suppliers'
	/// claim (`leftover`, below one unit per [`crate::interest::WIPED_OUT_SHARES_PER_UNIT`]
	/// shares) becomes reserves, the shares are void and the next supply opens a new
	/// generation.
	pub fn void_shares(&mut self, leftover: Balance) -> Result<(), ArithmeticError> {
		self.reserves = add(self.reserves, leftover)?;
		self.total_shares = Zero::zero();
		self.locked_shares = Zero::zero();
		self.generation = self.generation.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		Ok(())
	}

	/// The shares `position` holds in this market's current supply generation (those of a
	/// voided generation are worth nothing).
	pub fn live_shares(&self, position: &Position) -> Balance {
		if position.generation == self.generation {
			position.shares
		} else {
			Zero::zero()
		}
	}
}

impl Position {
	/// Moves a position whose shares belong to a voided generation into `state`'s: its old
	/// shares are dropped.
	pub fn sync(&mut self, state: &MarketState) {
		if self.generation != state.generation {
			self.shares = Zero::zero();
			self.collateral = false;
			self.generation = state.generation;
		}
	}

	/// `shares` more supply.
	pub fn add_shares(&mut self, shares: Balance) -> Result<(), ArithmeticError> {
		self.shares = add(self.shares, shares)?;
		Ok(())
	}

	/// `shares` less supply.
	pub fn remove_shares(&mut self, shares: Balance) -> Result<(), ArithmeticError> {
		self.shares = sub(self.shares, shares)?;
		Ok(())
	}

	/// `scaled` more debt.
	pub fn add_debt(&mut self, scaled: Balance) -> Result<(), ArithmeticError> {
		self.scaled_debt = add(self.scaled_debt, scaled)?;
		Ok(())
	}

	/// `scaled` less debt.
	pub fn remove_debt(&mut self, scaled: Balance) -> Result<(), ArithmeticError> {
		self.scaled_debt = sub(self.scaled_debt, scaled)?;
		Ok(())
	}
}

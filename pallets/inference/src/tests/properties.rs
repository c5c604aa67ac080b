//! Property test: random market calls never change the total of everyone's balances.

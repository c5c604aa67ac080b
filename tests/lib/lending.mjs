// Money-market helpers for the end-to-end tests: the runtime API `LendingApi` as plain JSON.
import { fromFixed } from './oracle.mjs';

/** An account's positions, values (USD) and health factor now. */
export async function accountView(api, address) {
  const view = await api.call.lendingApi.account(address);
  const liquidity = view.liquidity.isSome ? view.liquidity.unwrap() : null;
  return {
    positions: view.positions.map((p) => ({
      asset: p.asset.toJSON(),
      shares: p.shares.toBigInt(),
      supplied: p.supplied.toBigInt(),
      debt: p.debt.toBigInt(),
      collateral: p.collateral.isTrue,
    })),
    collateralValue: liquidity ? fromFixed(liquidity.collateralValue) : null,
    borrowLimit: liquidity ? fromFixed(liquidity.borrowLimit) : null,
    debtValue: liquidity ? fromFixed(liquidity.debtValue) : null,
    healthFactor: view.healthFactor.isSome ? Number(fromFixed(view.healthFactor.unwrap())) : null,
  };
}

/** One position of `view` by asset JSON (e.g. `{ withId: 1 }`), or undefined. */
export function positionOf(view, assetId) {
  return view.positions.find((p) => JSON.stringify(p.asset).toLowerCase() === JSON.stringify({ withId: assetId }).toLowerCase());
}

/** A market's balances and rates now. */
export async function marketView(api, asset) {
  const view = await api.call.lendingApi.market(asset);
  if (view.isNone) return null;
  const m = view.unwrap();
  return {
    cash: m.cash.toBigInt(),
    totalBorrows: m.totalBorrows.toBigInt(),
    reserves: m.reserves.toBigInt(),
    totalSupply: m.totalSupply.toBigInt(),
    utilization: Number(fromFixed(m.utilization)),
    borrowApy: Number(fromFixed(m.borrowApy)),
    supplyApy: Number(fromFixed(m.supplyApy)),
    exchangeRate: Number(fromFixed(m.exchangeRate)),
    supplyCap: m.config.supplyCap.toBigInt(),
    borrowCap: m.config.borrowCap.toBigInt(),
  };
}

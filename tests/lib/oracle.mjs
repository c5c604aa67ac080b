// Oracle helpers shared by the feeder program and the end-to-end tests.
import { submit } from './tx.mjs';

/** The oracle's assets by symbol, as the runtime names them (NativeOrWithId). */
export const ORACLE_ASSETS = {
  LEV: 'Native',
  USDT: { WithId: 1 },
  USDC: { WithId: 2 },
  WETH: { WithId: 3 },
  WBTC: { WithId: 4 },
};

/** The genesis reference prices (USD per whole token). */
export const REFERENCE_PRICES = { LEV: 2, USDT: 1, USDC: 1, WETH: 3000, WBTC: 60000 };

/** The dev chain's feeders: four, one more than the quorum (MinFeeders = 3). */
export const DEV_FEEDERS = ['//Alice', '//Bob', '//Charlie', '//Dave'];

/** Fresh feeds needed to form a price on the Lever runtime. */
export const QUORUM = 3;

const ONE = 10n ** 18n;

/** A decimal USD price (number or string) as a FixedU128's inner value (18 decimals), exactly. */
export function toFixed(price) {
  const text = typeof price === 'number' ? price.toFixed(12) : String(price);
  const match = /^(\d+)(?:\.(\d{0,18})\d*)?$/.exec(text.trim());
  if (!match) throw new Error(`not a non-negative decimal price: ${price}`);
  const [, whole, frac = ''] = match;
  return BigInt(whole) * ONE + BigInt(frac.padEnd(18, '0'));
}

/** A FixedU128 inner value as a decimal string. */
export function fromFixed(inner) {
  const v = BigInt(inner.toString());
  const frac = (v % ONE).toString().padStart(18, '0').replace(/0+$/, '');
  return frac ? `${v / ONE}.${frac}` : `${v / ONE}`;
}

/**
 * One feeder's batch: `prices` maps symbols to USD prices. Resolves with the decoded outcome
 * (`{ events, dispatchError }`).
 */
export function feed(api, feeder, prices) {
  const batch = Object.entries(prices).map(([symbol, price]) => {
    const asset = ORACLE_ASSETS[symbol];
    if (asset === undefined) throw new Error(`unknown oracle asset ${symbol}`);
    return [asset, toFixed(price)];
  });
  return submit(api, api.tx.oracle.feedPrices(batch), feeder);
}

/** The oracle's view of an asset (runtime API `OracleApi_price_info`), as plain JSON. */
export async function priceInfo(api, symbol) {
  const info = await api.call.oracleApi.priceInfo(ORACLE_ASSETS[symbol]);
  return {
    price: info.price.isSome ? fromFixed(info.price.unwrap()) : null,
    at: info.at.isSome ? info.at.unwrap().toNumber() : null,
    age: info.age.isSome ? info.age.unwrap().toNumber() : null,
    status: info.status.type,
    freshFeeders: info.freshFeeders.toNumber(),
    heldBack: info.heldBack.isSome ? fromFixed(info.heldBack.unwrap()) : null,
    heldSince: info.heldSince.isSome ? info.heldSince.unwrap().toNumber() : null,
  };
}

/** A deterministic pseudo-random generator (mulberry32) in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `rounds` rounds of a deterministic random walk from `start`: each round moves every price by
 * at most ±`step` (a fraction; stablecoins by a tenth of it).
 */
export function randomWalk(start, rounds, seed, step = 0.01) {
  const next = rng(seed);
  const path = [];
  let current = { ...start };
  for (let r = 0; r < rounds; r++) {
    current = Object.fromEntries(Object.entries(current).map(([symbol, price]) => {
      const s = symbol.startsWith('USD') ? step / 10 : step;
      return [symbol, Number((price * (1 + (next() * 2 - 1) * s)).toPrecision(10))];
    }));
    path.push(current);
  }
  return path;
}

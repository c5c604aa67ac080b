#!/usr/bin/env node
// Feeds oracle prices to a running Lever node as one or several feeders, from a JSON or CSV price
// path or from a deterministic random walk, printing one progress line per round.
//
//   node tools/feeder.mjs [--url ws://127.0.0.1:9944] [--feeders //Alice,//Bob,//Charlie,//Dave]
//                         [--rounds 10] [--interval-ms 6000]
//                         [--prices path.json|path.csv | --walk SEED [--step 0.01]]
//                         [--spread 0.001]
//
// JSON: an array of rounds, each an object { "WETH": 3000.5, "LEV": 2.01, ... }.
// CSV:  a header line of symbols (LEV,USDT,USDC,WETH,WBTC), then one line of prices per round.
// Each feeder reports the round's price moved by a deterministic ±spread, so the chain's median
// has something to do. Without --prices or --walk, it walks from the genesis reference prices.
// By default it feeds as the dev chain's four feeders; a price needs three fresh feeds (the
// quorum), so give at least three.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { DEV_FEEDERS, feed, priceInfo, QUORUM, randomWalk, rng, REFERENCE_PRICES } from '../lib/oracle.mjs';

/** Reads a price path from a JSON or CSV file. */
export function readPricePath(file) {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.json')) return JSON.parse(text);
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const symbols = header.split(',').map((s) => s.trim());
  return lines.filter((l) => l.trim()).map((line) => {
    const values = line.split(',').map((v) => Number(v.trim()));
    return Object.fromEntries(symbols.map((s, i) => [s, values[i]]));
  });
}

/**
 * Runs the feeder: for each round of `path`, every feeder feeds its (spread) prices; then prints
 * the chain's median of each asset. Returns the last round's on-chain price infos.
 */
export async function runFeeder({ api, feeders, path, intervalMs = 0, spread = 0.001, seed = 1, log = console.log }) {
  const jitter = rng(seed ^ 0x5eed);
  let infos = {};
  for (let round = 0; round < path.length; round++) {
    const started = Date.now();
    const prices = path[round];
    const outcomes = await Promise.all(feeders.map((feeder) => {
      const mine = Object.fromEntries(Object.entries(prices).map(([s, p]) =>
        [s, Number((p * (1 + (jitter() * 2 - 1) * spread)).toPrecision(10))]));
      return feed(api, feeder, mine);
    }));
    const failed = outcomes.filter((o) => o.dispatchError);
    for (const o of failed) log(`  feed failed: ${o.dispatchError.section}.${o.dispatchError.name}`);
    infos = {};
    for (const symbol of Object.keys(prices)) infos[symbol] = await priceInfo(api, symbol);
    const shown = Object.entries(infos).map(([s, i]) => `${s} ${i.price ?? '-'} (${i.status}, ${i.freshFeeders} feeds)`).join(' | ');
    log(`round ${round + 1}/${path.length}: ${feeders.length} feeders, ${failed.length} failed | ${shown}`);
    const wait = intervalMs - (Date.now() - started);
    if (wait > 0 && round + 1 < path.length) await new Promise((r) => setTimeout(r, wait));
  }
  return infos;
}

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'ws://127.0.0.1:9944' },
      feeders: { type: 'string', default: DEV_FEEDERS.join(',') },
      rounds: { type: 'string', default: '10' },
      'interval-ms': { type: 'string', default: '6000' },
      prices: { type: 'string' },
      walk: { type: 'string' },
      step: { type: 'string', default: '0.01' },
      spread: { type: 'string', default: '0.001' },
    },
  });
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  const feeders = values.feeders.split(',').map((uri) => keyring.addFromUri(uri.trim()));
  if (feeders.length < QUORUM) console.warn(`warning: ${feeders.length} feeders form no price (the quorum is ${QUORUM})`);
  const rounds = Number(values.rounds);
  const seed = Number(values.walk ?? 1);
  const path = values.prices
    ? readPricePath(values.prices).slice(0, rounds)
    : randomWalk(REFERENCE_PRICES, rounds, seed, Number(values.step));
  const api = await ApiPromise.create({ provider: new WsProvider(values.url), noInitWarn: true });
  try {
    await runFeeder({ api, feeders, path, intervalMs: Number(values['interval-ms']), spread: Number(values.spread), seed });
  } finally {
    await api.disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => { console.error(err); process.exit(1); });
}

// The dev chain as a test fixture: starts a dev node (instant sealing by default), connects
// @polkadot/api with no custom types, names the dev accounts, and reads what genesis put on chain
// — the assets with their decimals, the oracle's feeders and reference prices — from the chain
// itself, so that tests restate no genesis constant.
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { LeverNode } from './node.mjs';
import { feed, fromFixed } from './oracle.mjs';

const DEV_NAMES = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'];

/** The chain's tokens by symbol: `{ kind, decimals, units(n) }`, LEV (native) included. */
export async function readAssets(api) {
  const tokens = {};
  const units = (decimals) => (n) => {
    const [whole, frac = ''] = String(n).split('.');
    return BigInt(whole) * 10n ** BigInt(decimals) + BigInt((frac.padEnd(decimals, '0') || '0').slice(0, decimals));
  };
  const levDecimals = api.registry.chainDecimals[0];
  tokens[api.registry.chainTokens[0]] = { kind: 'Native', decimals: levDecimals, units: units(levDecimals) };
  for (const [key, metadata] of await api.query.assets.metadata.entries()) {
    const id = key.args[0].toNumber();
    const symbol = metadata.symbol.toUtf8();
    const decimals = metadata.decimals.toNumber();
    tokens[symbol] = { kind: { WithId: id }, id, decimals, units: units(decimals) };
  }
  return tokens;
}

/** The oracle's last accepted (at genesis: reference) price of every asset, by symbol, in USD. */
export async function readPrices(api, assets) {
  const bySymbol = {};
  const infos = await api.call.oracleApi.priceInfos();
  for (const { asset, info } of infos) {
    const json = asset.toJSON();
    const symbol = Object.keys(assets).find((s) => JSON.stringify(assets[s].kind).toLowerCase() === JSON.stringify(json).toLowerCase());
    if (symbol && info.price.isSome) bySymbol[symbol] = Number(fromFixed(info.price.unwrap()));
  }
  return bySymbol;
}

/**
 * Starts a dev chain. Resolves with `{ node, api, accounts, assets, prices, feeders, feedAll, stop }`:
 * `accounts` by lower-case dev name (`alice` … `ferdie`), `assets` and `prices` read from chain,
 * `feeders` the dev accounts the oracle lists as feeders, and `feedAll(prices)` feeding a batch
 * from each of them.
 */
export async function startDevChain({ name = 'dev', args } = {}) {
  await cryptoWaitReady();
  const node = new LeverNode({ name, ...(args ? { args } : {}) });
  await node.start();
  const api = await node.api();
  const keyring = new Keyring({ type: 'sr25519' });
  const accounts = Object.fromEntries(DEV_NAMES.map((n) => [n.toLowerCase(), keyring.addFromUri(`//${n}`)]));
  const assets = await readAssets(api);
  const prices = await readPrices(api, assets);
  const listed = new Set([...(await api.query.oracle.feeders()).keys()].map((who) => who.toHex()));
  const feeders = Object.values(accounts).filter((a) => listed.has(u8aToHex(a.publicKey)));
  async function feedAll(batch) {
    for (const feeder of feeders) {
      const { dispatchError } = await feed(api, feeder, batch);
      if (dispatchError) throw new Error(`${feeder.address} could not feed: ${JSON.stringify(dispatchError)}`);
    }
  }
  return { node, api, accounts, assets, prices, feeders, feedAll, stop: () => node.stop() };
}

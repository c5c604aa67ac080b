// The oracle, end to end: feeders post prices over RPC, the runtime API serves the median with
// its age, and a price nobody refreshes goes stale as chain time passes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { LeverNode, withLog } from '../lib/node.mjs';
import { feed, priceInfo, ORACLE_ASSETS } from '../lib/oracle.mjs';
import { submit, eventsOf } from '../lib/tx.mjs';

const MAX_AGE_MS = 10 * 60 * 1000; // the dev genesis max age
const node = new LeverNode({ name: 'dev' });
let api, alice, bob, charlie, dave;

before(async () => {
  await cryptoWaitReady();
  await node.start();
  api = await node.api();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie, dave] = ['Alice', 'Bob', 'Charlie', 'Dave'].map((n) => keyring.addFromUri(`//${n}`));
});

after(async () => {
  await node.stop();
});

const free = async (who) => (await api.query.system.account(who.address)).data.free.toBigInt();

test('genesis reference prices read as stale until fed', withLog(node, async () => {
  for (const symbol of ['LEV', 'USDT', 'USDC', 'WETH', 'WBTC']) {
    const info = await priceInfo(api, symbol);
    assert.equal(info.status, 'Stale', `${symbol}: ${JSON.stringify(info)}`);
    assert.equal(info.freshFeeders, 0);
  }
}));

test('three feeders post; the runtime API returns the median with its age; feeds are free', withLog(node, async () => {
  const before = await free(alice);
  for (const [feeder, price] of [[alice, 3000], [bob, 3150.5], [charlie, 2900]]) {
    const { dispatchError } = await feed(api, feeder, { WETH: price });
    assert.equal(dispatchError, null);
  }
  const info = await priceInfo(api, 'WETH');
  assert.equal(info.price, '3000');
  assert.equal(info.status, 'Fresh');
  assert.equal(info.freshFeeders, 3);
  assert.ok(info.age >= 0 && info.age < MAX_AGE_MS, `age ${info.age}`);
  const now = (await api.query.timestamp.now()).toNumber();
  assert.equal(info.age, now - info.at);
  assert.equal(await free(alice), before, 'a feeder pays no fee for its feed');

  // A non-feeder's feed fails with a decoded module error, and it pays.
  const daveBefore = await free(dave);
  const { dispatchError } = await feed(api, dave, { WETH: 1 });
  assert.deepEqual({ section: dispatchError.section, name: dispatchError.name }, { section: 'oracle', name: 'NotFeeder' });
  assert.ok((await free(dave)) < daveBefore, 'a non-feeder pays');
}));

test('after max age with no feeds, the price reads as stale', withLog(node, async () => {
  const fed = await priceInfo(api, 'WETH');
  assert.equal(fed.status, 'Fresh');
  // Every sealed block advances chain time by at least one 6 s slot.
  let info = fed;
  for (let i = 0; i < 200 && info.age <= MAX_AGE_MS; i++) {
    const created = await node.rawRpc('engine_createBlock', [true, true, null]);
    assert.ok(created.result, JSON.stringify(created));
    info = await priceInfo(api, 'WETH');
  }
  assert.ok(info.age > MAX_AGE_MS, `age ${info.age}`);
  assert.equal(info.status, 'Stale');
  assert.equal(info.price, '3000', 'the last accepted price is still reported, as stale');
  assert.ok(info.freshFeeders < 2, `fewer than MinFeeders (2) fresh feeds remain: ${info.freshFeeders}`);
}));

test('the feeder program feeds every asset as three feeders', withLog(node, async () => {
  const script = fileURLToPath(new URL('../tools/feeder.mjs', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [script, '--url', node.url, '--rounds', '2', '--interval-ms', '0', '--walk', '7']);
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 2, stdout);
  assert.match(lines[1], /^round 2\/2: 3 feeders, 0 failed/);
  for (const symbol of ['LEV', 'USDT', 'USDC', 'WETH', 'WBTC']) {
    const info = await priceInfo(api, symbol);
    assert.equal(info.status, 'Fresh', `${symbol}: ${JSON.stringify(info)}`);
    assert.equal(info.freshFeeders, 3);
  }
  const weth = Number((await priceInfo(api, 'WETH')).price);
  assert.ok(weth > 2800 && weth < 3200, `a 1% walk stays near $3,000: ${weth}`);
}));

test('the feeder program replays a CSV price path', withLog(node, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lever-prices-'));
  const csv = join(dir, 'path.csv');
  writeFileSync(csv, 'WETH,WBTC\n3010,60100\n3020.5,60200\n');
  const script = fileURLToPath(new URL('../tools/feeder.mjs', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath,
    [script, '--url', node.url, '--prices', csv, '--rounds', '5', '--interval-ms', '0', '--spread', '0']);
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 2, 'one progress line per round in the file');
  assert.equal((await priceInfo(api, 'WETH')).price, '3020.5');
  assert.equal((await priceInfo(api, 'WBTC')).price, '60200');
}));

test('a crash beyond the circuit breaker freezes the price until sudo reviews it', withLog(node, async () => {
  const before = await priceInfo(api, 'WETH');
  assert.equal(before.status, 'Fresh');
  for (const feeder of [alice, bob, charlie]) {
    const { dispatchError } = await feed(api, feeder, { WETH: 1000 });
    assert.equal(dispatchError, null);
  }
  const frozen = await priceInfo(api, 'WETH');
  assert.equal(frozen.status, 'Frozen');
  assert.equal(frozen.price, before.price, 'the last accepted price is kept');
  assert.equal(frozen.heldBack, '1000');

  // Only the admin origin (sudo on dev) may accept the held-back median.
  const denied = await submit(api, api.tx.oracle.unfreezePrice(ORACLE_ASSETS.WETH), dave);
  assert.equal(denied.dispatchError?.name, 'BadOrigin');
  const { events } = await submit(api, api.tx.sudo.sudo(api.tx.oracle.unfreezePrice(ORACLE_ASSETS.WETH)), alice);
  const [sudid] = eventsOf(events, 'sudo', 'Sudid');
  assert.ok(sudid?.data.sudoResult.isOk, 'sudo dispatched the unfreeze');
  assert.equal(eventsOf(events, 'oracle', 'PriceUnfrozen').length, 1);
  const after = await priceInfo(api, 'WETH');
  assert.equal(after.status, 'Fresh');
  assert.equal(after.price, '1000');
}));

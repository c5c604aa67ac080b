// The oracle, end to end: feeders post prices over RPC, the runtime API serves the median of a
// quorum of three fresh feeds with its age, a price nobody refreshes goes stale as chain time
// passes, one feeder cannot walk a price, and the admin's review of a frozen price is bound to
// the median it reviewed.
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
import { feed, fromFixed, priceInfo, toFixed, ORACLE_ASSETS, QUORUM } from '../lib/oracle.mjs';
import { submit, eventsOf } from '../lib/tx.mjs';

const MAX_AGE_MS = 10 * 60 * 1000; // the dev genesis max age
const node = new LeverNode({ name: 'dev' });
let api, alice, bob, charlie, dave, eve;

before(async () => {
  await cryptoWaitReady();
  await node.start();
  api = await node.api();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie, dave, eve] = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve'].map((n) => keyring.addFromUri(`//${n}`));
});

after(async () => {
  await node.stop();
});

const free = async (who) => (await api.query.system.account(who.address)).data.free.toBigInt();

/** Feeds `prices` as each of `feeders`, expecting success. */
async function feedAs(feeders, prices) {
  for (const feeder of feeders) {
    const { dispatchError } = await feed(api, feeder, prices);
    assert.equal(dispatchError, null, JSON.stringify(dispatchError));
  }
}

/** Seals empty blocks until `done(info)` holds for `symbol`'s price info (at most 200). */
async function sealUntil(symbol, done) {
  let info = await priceInfo(api, symbol);
  for (let i = 0; i < 200 && !done(info); i++) {
    const created = await node.rawRpc('engine_createBlock', [true, true, null]);
    assert.ok(created.result, JSON.stringify(created));
    info = await priceInfo(api, symbol);
  }
  assert.ok(done(info), JSON.stringify(info));
  return info;
}

test('genesis reference prices read as stale until fed', withLog(node, async () => {
  for (const symbol of ['LEV', 'USDT', 'USDC', 'WETH', 'WBTC']) {
    const info = await priceInfo(api, symbol);
    assert.equal(info.status, 'Stale', `${symbol}: ${JSON.stringify(info)}`);
    assert.equal(info.freshFeeders, 0);
  }
}));

test('a quorum of three feeders forms the median; the runtime API returns it with its age; feeds are free', withLog(node, async () => {
  const before = await free(alice);
  await feedAs([alice, bob], { WETH: 3000 });
  assert.equal((await priceInfo(api, 'WETH')).status, 'Stale', `two feeds are no quorum (${QUORUM})`);
  await feedAs([charlie], { WETH: 2900 });
  await feedAs([bob], { WETH: 3150.5 });
  const info = await priceInfo(api, 'WETH');
  assert.equal(info.price, '3000');
  assert.equal(info.status, 'Fresh');
  assert.equal(info.freshFeeders, 3);
  assert.ok(info.age >= 0 && info.age < MAX_AGE_MS, `age ${info.age}`);
  const now = (await api.query.timestamp.now()).toNumber();
  assert.equal(info.age, now - info.at);
  assert.equal(await free(alice), before, 'a feeder pays no fee for its feed');

  // A non-feeder's feed fails with a decoded module error, and it pays.
  const eveBefore = await free(eve);
  const { dispatchError } = await feed(api, eve, { WETH: 1 });
  assert.deepEqual({ section: dispatchError.section, name: dispatchError.name }, { section: 'oracle', name: 'NotFeeder' });
  assert.ok((await free(eve)) < eveBefore, 'a non-feeder pays');
}));

test('after max age with no feeds, the price reads as stale', withLog(node, async () => {
  assert.equal((await priceInfo(api, 'WETH')).status, 'Fresh');
  const info = await sealUntil('WETH', (i) => i.age > MAX_AGE_MS);
  assert.equal(info.status, 'Stale');
  assert.equal(info.price, '3000', 'the last accepted price is still reported, as stale');
  assert.ok(info.freshFeeders < QUORUM, `fewer than the quorum of fresh feeds remain: ${info.freshFeeders}`);
}));

test('the feeder program feeds every asset as the four dev feeders', withLog(node, async () => {
  const script = fileURLToPath(new URL('../tools/feeder.mjs', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [script, '--url', node.url, '--rounds', '2', '--interval-ms', '0', '--walk', '7']);
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 2, stdout);
  assert.match(lines[1], /^round 2\/2: 4 feeders, 0 failed/);
  for (const symbol of ['LEV', 'USDT', 'USDC', 'WETH', 'WBTC']) {
    const info = await priceInfo(api, symbol);
    assert.equal(info.status, 'Fresh', `${symbol}: ${JSON.stringify(info)}`);
    assert.equal(info.freshFeeders, 4);
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

test('a crash beyond the circuit breaker freezes the price; sudo accepts only the median it reviewed', withLog(node, async () => {
  const before = await priceInfo(api, 'WETH');
  assert.equal(before.status, 'Fresh');
  await feedAs([alice, bob, charlie, dave], { WETH: 1000 });
  const frozen = await priceInfo(api, 'WETH');
  assert.equal(frozen.status, 'Frozen');
  assert.equal(frozen.price, before.price, 'the last accepted price is kept');
  assert.equal(frozen.heldBack, '1000');
  assert.ok(frozen.heldSince > 0, 'the automatic recovery window is reported');

  const unfreeze = (reviewed) => api.tx.oracle.unfreezePrice(ORACLE_ASSETS.WETH, toFixed(reviewed));
  // Only the admin origin (sudo on dev) may accept the held-back median.
  const denied = await submit(api, unfreeze(frozen.heldBack), eve);
  assert.equal(denied.dispatchError?.name, 'BadOrigin');
  // A review of another price than the median now is refused.
  const stale = await submit(api, api.tx.sudo.sudo(unfreeze('1200')), alice);
  const [refused] = eventsOf(stale.events, 'sudo', 'Sudid');
  assert.ok(refused?.data.sudoResult.isErr, 'sudo dispatched, the oracle refused');
  const { section, name } = api.registry.findMetaError(refused.data.sudoResult.asErr.asModule);
  assert.deepEqual({ section, name }, { section: 'oracle', name: 'MedianMoved' });
  assert.equal((await priceInfo(api, 'WETH')).status, 'Frozen');

  const { events } = await submit(api, api.tx.sudo.sudo(unfreeze(frozen.heldBack)), alice);
  const [sudid] = eventsOf(events, 'sudo', 'Sudid');
  assert.ok(sudid?.data.sudoResult.isOk, 'sudo dispatched the unfreeze');
  const [unfrozen] = eventsOf(events, 'oracle', 'PriceUnfrozen');
  assert.equal(fromFixed(unfrozen.data.price), '1000');
  const after = await priceInfo(api, 'WETH');
  assert.equal(after.status, 'Fresh');
  assert.equal(after.price, '1000');
}));

test('one feeder cannot walk a price: a quiet feeder leaves a quorum, two quiet leave no price', withLog(node, async () => {
  // Issue 9.8 as measured on the dev chain: with two fresh feeds, one feeder walked WETH by the
  // breaker's bound every round. Bob walks (he reports what would put the mean of two at +20%),
  // Dave is quiet, Alice and Charlie report $1,000.
  const walk = (last) => String(2 * Number(last) * 1.2 - 1000);
  for (let round = 0; round < 3; round++) {
    const last = (await priceInfo(api, 'WETH')).price;
    await feedAs([bob], { WETH: walk(last) });
    await feedAs([alice, charlie], { WETH: 1000 });
    const info = await priceInfo(api, 'WETH');
    assert.equal(info.status, 'Fresh', `round ${round}: ${JSON.stringify(info)}`);
    assert.equal(info.price, '1000', `round ${round}: the median stays honest`);
  }
  // Charlie goes quiet too. Once his and Dave's feeds are stale, two fresh feeds remain: no
  // quorum, so the price goes stale instead of following Bob.
  await sealUntil('WETH', (i) => i.freshFeeders === 0);
  for (let round = 0; round < 3; round++) {
    const last = (await priceInfo(api, 'WETH')).price;
    await feedAs([bob], { WETH: walk(last) });
    await feedAs([alice], { WETH: 1000 });
    const info = await priceInfo(api, 'WETH');
    assert.equal(info.status, 'Stale', `round ${round}: ${JSON.stringify(info)}`);
    assert.equal(info.price, '1000', `round ${round}: never Bob's walk`);
  }
}));

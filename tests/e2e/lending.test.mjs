// The money market, end to end over RPC: supply and interest, collateral and borrowing, a price
// drop and a liquidation, flash loans that repay and one that does not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { LeverNode, withLog } from '../lib/node.mjs';
import { feed, REFERENCE_PRICES } from '../lib/oracle.mjs';
import { accountView, marketView, positionOf } from '../lib/lending.mjs';
import { submit, eventsOf } from '../lib/tx.mjs';

const USDT = { WithId: 1 };
const WETH = { WithId: 3 };
const usdt = (n) => BigInt(n) * 10n ** 6n;
const weth = (n) => BigInt(n) * 10n ** 18n;

const node = new LeverNode({ name: 'dev' });
let api, alice, bob, charlie, dave;

/** Alice, Bob and Charlie (a quorum: three of the four genesis feeders) feed `prices`. */
async function feedAll(prices) {
  for (const feeder of [alice, bob, charlie]) {
    const { dispatchError } = await feed(api, feeder, prices);
    assert.equal(dispatchError, null);
  }
}

/** Submits and expects success; returns the outcome. */
async function ok(tx, who) {
  const outcome = await submit(api, tx, who);
  assert.equal(outcome.dispatchError, null, JSON.stringify(outcome.dispatchError));
  return outcome;
}

before(async () => {
  await cryptoWaitReady();
  await node.start();
  api = await node.api();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie, dave] = ['Alice', 'Bob', 'Charlie', 'Dave'].map((n) => keyring.addFromUri(`//${n}`));
  await feedAll(REFERENCE_PRICES);
});

after(async () => {
  await node.stop();
});

test('the genesis markets are open and readable with no custom types', withLog(node, async () => {
  const markets = await api.call.lendingApi.markets();
  assert.equal(markets.length, 5);
  const market = await marketView(api, USDT);
  assert.equal(market.cash, 0n);
  assert.equal(market.supplyCap, usdt(50_000_000));
  assert.equal(await marketView(api, { WithId: 99 }), null);
}));

test('Bob supplies USDT and his supply grows as Alice borrows against WETH', withLog(node, async () => {
  const { events } = await ok(api.tx.lending.supply(USDT, usdt(100_000)), bob);
  assert.equal(eventsOf(events, 'lending', 'Supplied').length, 1);
  await ok(api.tx.lending.supply(WETH, weth(10)), alice);
  await ok(api.tx.lending.enableCollateral(WETH), alice);
  const borrowed = await ok(api.tx.lending.borrow(USDT, usdt(20_000)), alice);
  assert.equal(eventsOf(borrowed.events, 'lending', 'Borrowed').length, 1);

  const before = positionOf(await accountView(api, bob.address), 1).supplied;
  // Ten blocks: each at least one 6 s slot of chain time later.
  for (let i = 0; i < 10; i++) assert.ok((await node.rawRpc('engine_createBlock', [true, true, null])).result);
  const later = positionOf(await accountView(api, bob.address), 1).supplied;
  assert.ok(later > before, `${later} > ${before}`);
  const market = await marketView(api, USDT);
  assert.ok(market.utilization > 0.19 && market.utilization < 0.21, `${market.utilization}`);
  assert.ok(market.borrowApy > market.supplyApy && market.supplyApy > 0);

  const aliceView = await accountView(api, alice.address);
  assert.ok(positionOf(aliceView, 1).debt > usdt(20_000), 'interest accrues on the debt');
  assert.ok(aliceView.healthFactor > 1.19 && aliceView.healthFactor < 1.2, `${aliceView.healthFactor}`);
}));

test('borrowing beyond the limit fails with a decoded error and changes nothing', withLog(node, async () => {
  const before = await accountView(api, alice.address);
  const { dispatchError } = await submit(api, api.tx.lending.borrow(USDT, usdt(5_000)), alice);
  assert.deepEqual({ section: dispatchError.section, name: dispatchError.name }, { section: 'lending', name: 'InsufficientCollateral' });
  assert.match(dispatchError.docs, /borrow limit/);
  const after = await accountView(api, alice.address);
  assert.ok(positionOf(after, 1).debt - positionOf(before, 1).debt < usdt(1), 'only interest moved');
}));

test('WETH drops, Charlie liquidates Alice, her health factor recovers', withLog(node, async () => {
  const healthy = await accountView(api, alice.address);
  assert.ok(healthy.healthFactor > 1);
  const refused = await submit(api, api.tx.lending.liquidate(alice.address, USDT, WETH, 'All'), charlie);
  assert.equal(refused.dispatchError.name, 'HealthyAccount');

  await feedAll({ WETH: 2450, USDT: 1 });
  const unhealthy = await accountView(api, alice.address);
  assert.ok(unhealthy.healthFactor < 1 && unhealthy.healthFactor > 0.95, `${unhealthy.healthFactor}`);

  const { events } = await ok(api.tx.lending.liquidate(alice.address, USDT, WETH, 'All'), charlie);
  const [liquidated] = eventsOf(events, 'lending', 'Liquidated');
  assert.ok(liquidated, 'a Liquidated event');
  const repaid = liquidated.data.repaid.toBigInt();
  assert.ok(repaid > usdt(10_000) && repaid < usdt(10_001), `half the debt: ${repaid}`);
  const after = await accountView(api, alice.address);
  assert.ok(after.healthFactor > unhealthy.healthFactor, `${after.healthFactor} > ${unhealthy.healthFactor}`);
  const seized = positionOf(await accountView(api, charlie.address), 3);
  assert.ok(seized.supplied > weth(4), `Charlie holds the seized WETH: ${seized.supplied}`);
}));

test('a flash loan that repays lands; one that does not fails and changes nothing', withLog(node, async () => {
  const reserves = (await marketView(api, USDT)).reserves;
  const { events } = await ok(api.tx.lending.flashLoan(USDT, usdt(50_000), api.tx.system.remark('0x00')), dave);
  const [loaned] = eventsOf(events, 'lending', 'FlashLoaned');
  assert.equal(loaned.data.fee.toBigInt(), usdt(45), '0.09% of 50,000');
  assert.ok((await marketView(api, USDT)).reserves >= reserves + usdt(45));

  const held = (await api.query.assets.account(1, dave.address)).unwrap().balance.toBigInt();
  const giveAway = api.tx.assets.transfer(1, charlie.address, held + usdt(50_000) - 1000n);
  const failed = await submit(api, api.tx.lending.flashLoan(USDT, usdt(50_000), giveAway), dave);
  assert.deepEqual({ section: failed.dispatchError.section, name: failed.dispatchError.name }, { section: 'lending', name: 'FlashLoanNotRepaid' });
  const after = (await api.query.assets.account(1, dave.address)).unwrap().balance.toBigInt();
  assert.equal(after, held, 'the failed loan moved no USDT (fees are paid in LEV)');
}));

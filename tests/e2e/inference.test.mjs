// The inference market, end to end over RPC: a model, a provider, a job paid in USDT, its
// result, the challenge window passing, and the balances that moved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { LeverNode, withLog } from '../lib/node.mjs';
import { submit, eventsOf } from '../lib/tx.mjs';

const USDT = { WithId: 1 };
const UNIT = 10n ** 12n;
const node = new LeverNode({ name: 'dev' });
let api, alice, bob, charlie, dave;

async function ok(tx, who) {
  const outcome = await submit(api, tx, who);
  assert.equal(outcome.dispatchError, null, JSON.stringify(outcome.dispatchError));
  return outcome;
}

const usdt = async (who) => {
  const account = await api.query.assets.account(1, who.address);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
};

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

test('a provider serves a job, it finalizes after the window, balances move as promised', withLog(node, async () => {
  // Alice registers a model paid in USDT with a 0.05 USDT royalty.
  const registered = await ok(api.tx.inference.registerModel('tiny-llm', '0x' + '11'.repeat(32), 'ipfs://tiny',
    'text/plain', 'text/plain', 50_000n, USDT), alice);
  const [modelEvent] = eventsOf(registered.events, 'inference', 'ModelRegistered');
  const model = modelEvent.data.model.toNumber();

  // Bob stakes 100 LEV and serves it at 1 USDT a job.
  await ok(api.tx.inference.registerProvider(100n * UNIT, [[model, 1_000_000n]], 4, 'https://bob.gpu'), bob);
  const offers = await api.call.inferenceApi.modelOffers(model);
  assert.equal(offers.length, 1);
  assert.equal(offers[0][0].toString(), bob.address);

  // Charlie posts a job at up to 2 USDT; Bob is matched at once.
  const before = { charlie: await usdt(charlie), bob: await usdt(bob), alice: await usdt(alice) };
  const header = await api.rpc.chain.getHeader();
  const posted = await ok(api.tx.inference.postJob(model, { Inline: '0x' + Buffer.from('What is Lever?').toString('hex') },
    2_000_000n, 1, header.number.toNumber() + 100), charlie);
  const [postedEvent] = eventsOf(posted.events, 'inference', 'JobPosted');
  const job = postedEvent.data.job.toNumber();
  const escrow = postedEvent.data.escrow.toBigInt();
  const endowment = postedEvent.data.endowment.toBigInt();
  assert.equal(escrow, 2_090_000n, '2 USDT + royalty + 2% fee');
  assert.equal(eventsOf(posted.events, 'inference', 'JobAssigned')[0].data.provider.toString(), bob.address);
  assert.deepEqual((await api.call.inferenceApi.providerJobs(bob.address)).map((j) => j.toNumber()), [job]);
  assert.deepEqual((await api.call.inferenceApi.userJobs(charlie.address)).map((j) => j.toNumber()), [job]);

  // Bob delivers; the job waits out its challenge window.
  await ok(api.tx.inference.submitResult(job, { Inline: '0x' + Buffer.from('A DeFi appchain').toString('hex') }), bob);
  const open = (await api.call.inferenceApi.job(job)).unwrap();
  assert.ok(open.status.isChallenge, open.status.type);
  const early = await submit(api, api.tx.inference.finalize(job), dave);
  assert.equal(early.dispatchError.name, 'ChallengeNotOver');
  for (let i = 0; i < 11; i++) assert.ok((await node.rawRpc('engine_createBlock', [true, true, null])).result);

  const { events } = await ok(api.tx.inference.finalize(job), dave);
  const [closed] = eventsOf(events, 'inference', 'JobClosed');
  assert.equal(closed.data.reason.type, 'Completed');
  const settlement = closed.data.settlement;
  assert.equal(settlement.providers.toBigInt(), 1_000_000n);
  assert.equal(settlement.royalty.toBigInt(), 50_000n);
  assert.equal(settlement.protocolFee.toBigInt(), 20_000n);
  assert.equal(settlement.refund.toBigInt(), 1_020_000n);
  assert.equal(await usdt(charlie), before.charlie - endowment - 1_070_000n);
  assert.equal(await usdt(bob), before.bob + 1_000_000n);
  assert.equal(await usdt(alice), before.alice + 50_000n);
  assert.ok((await api.call.inferenceApi.job(job)).isNone, 'a closed job leaves storage');
  const provider = (await api.call.inferenceApi.provider(bob.address)).unwrap();
  assert.equal(provider.reputation.completed.toNumber(), 1);
}));

test('bad input gets a decoded error and changes nothing', withLog(node, async () => {
  const before = await usdt(charlie);
  const header = await api.rpc.chain.getHeader();
  const { dispatchError } = await submit(api, api.tx.inference.postJob(0, { Inline: '0x00' }, 1n, 9, header.number.toNumber() + 10), charlie);
  assert.deepEqual({ section: dispatchError.section, name: dispatchError.name }, { section: 'inference', name: 'InvalidRedundancy' });
  assert.equal(await usdt(charlie), before);
}));

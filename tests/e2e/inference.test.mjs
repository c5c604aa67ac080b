// The inference market, end to end over RPC: a model, three providers, a k = 3 job paid in
// USDT; the providers accept, commit, then reveal (one dissenting); the challenge window
// passes; the job settles and every balance moves exactly as promised.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { blake2AsU8a, cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';
import { bnToU8a, u8aConcat, u8aToHex, stringToU8a } from '@polkadot/util';
import { LeverNode, withLog } from '../lib/node.mjs';
import { submit, eventsOf } from '../lib/tx.mjs';

const USDT = { WithId: 1 };
const UNIT = 10n ** 12n;
const node = new LeverNode({ name: 'dev' });
let api, alice, bob, charlie, dave, eve, ferdie;

async function ok(tx, who) {
  const outcome = await submit(api, tx, who);
  assert.equal(outcome.dispatchError, null, JSON.stringify(outcome.dispatchError));
  return outcome;
}

const usdt = async (who) => {
  const account = await api.query.assets.account(1, who.address);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
};

const inline = (text) => ({ Inline: u8aToHex(stringToU8a(text)) });

// What results are compared by: blake2-256 of an inline output's bytes.
const contentHash = (text) => blake2AsU8a(stringToU8a(text), 256);

// blake2_256(SCALE((job: u64, provider: AccountId32, output hash: H256, salt: H256))).
const commitment = (job, who, text, salt) =>
  u8aToHex(blake2AsU8a(u8aConcat(
    bnToU8a(job, { bitLength: 64, isLe: true }),
    decodeAddress(who.address),
    contentHash(text),
    salt,
  ), 256));

const blockNumber = async () => (await api.rpc.chain.getHeader()).number.toNumber();

before(async () => {
  await cryptoWaitReady();
  await node.start();
  api = await node.api();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie, dave, eve, ferdie] =
    ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'].map((n) => keyring.addFromUri(`//${n}`));
});

after(async () => {
  await node.stop();
});

test('three providers accept, commit and reveal; the dissenter is slashed; balances move exactly', withLog(node, async () => {
  // Alice registers a model paid in USDT with a 0.05 USDT royalty.
  const info = {
    name: 'tiny-llm', weightsHash: '0x' + '11'.repeat(32), uri: 'ipfs://tiny',
    inputFormat: 'text/plain', outputFormat: 'text/plain;canonical',
  };
  const registered = await ok(api.tx.inference.registerModel(info, 50_000n, USDT), alice);
  const [modelEvent] = eventsOf(registered.events, 'inference', 'ModelRegistered');
  const model = modelEvent.data.model.toNumber();

  // Bob, Dave and Eve stake 100 LEV each and serve it at 1 USDT a job.
  const providers = [bob, dave, eve];
  for (const who of providers) {
    await ok(api.tx.inference.registerProvider(100n * UNIT, [{ model, price: 1_000_000n }], 4, 'https://gpu'), who);
  }
  const offers = await api.call.inferenceApi.modelOffers(model);
  assert.equal(offers.length, 3);

  // Charlie posts a k = 3 job at up to 2 USDT a provider, bounding the total at 6.17 USDT.
  const start = {
    charlie: await usdt(charlie), bob: await usdt(bob), dave: await usdt(dave), eve: await usdt(eve), alice: await usdt(alice),
  };
  const acceptWindow = api.consts.inference.acceptWindow.toNumber();
  const minExecution = api.consts.inference.minExecutionWindow.toNumber();
  const terms = {
    model, maxPrice: 2_000_000n, redundancy: 3,
    deadline: (await blockNumber()) + 1 + acceptWindow + minExecution, maxTotal: 6_170_000n,
  };
  const posted = await ok(api.tx.inference.postJob(terms, inline('What is Lever?'), []), charlie);
  const [postedEvent] = eventsOf(posted.events, 'inference', 'JobPosted');
  const job = postedEvent.data.job.toNumber();
  const endowment = postedEvent.data.endowment.toBigInt();
  assert.equal(postedEvent.data.escrow.toBigInt(), 6_170_000n, '3 × 2 USDT + royalty + 2% fee');
  const offered = eventsOf(posted.events, 'inference', 'JobOffered').map((e) => e.data.provider.toString()).sort();
  assert.deepEqual(offered, providers.map((p) => p.address).sort());
  assert.deepEqual((await api.call.inferenceApi.userJobs(charlie.address)).map((j) => j.toNumber()), [job]);

  // Each accepts, putting the job's max price (2 USDT, not its own 1 USDT price) in escrow as
  // collateral.
  for (const who of providers) {
    const { events } = await ok(api.tx.inference.acceptJob(job), who);
    assert.equal(eventsOf(events, 'inference', 'JobAccepted')[0].data.collateral.toBigInt(), 2_000_000n);
  }
  assert.equal((await api.call.inferenceApi.job(job)).unwrap().status.type, 'Committing');

  // Each commits to its output; Eve's differs. Nothing can be revealed before the last commit.
  const outputs = ['A DeFi appchain', 'A DeFi appchain', 'A cat'];
  const salts = providers.map((_, i) => blake2AsU8a(stringToU8a(`salt-${i}`), 256));
  await ok(api.tx.inference.commitResult(job, commitment(job, bob, outputs[0], salts[0])), bob);
  const early = await submit(api, api.tx.inference.revealResult(job, inline(outputs[0]), u8aToHex(salts[0])), bob);
  assert.equal(early.dispatchError.name, 'NotRevealing');
  await ok(api.tx.inference.commitResult(job, commitment(job, dave, outputs[1], salts[1])), dave);
  await ok(api.tx.inference.commitResult(job, commitment(job, eve, outputs[2], salts[2])), eve);
  assert.equal((await api.call.inferenceApi.job(job)).unwrap().status.type, 'Revealing');

  // Each reveals; Eve cannot pass off the majority's output as hers.
  const forged = await submit(api, api.tx.inference.revealResult(job, inline(outputs[0]), u8aToHex(salts[2])), eve);
  assert.equal(forged.dispatchError.name, 'CommitmentMismatch');
  let agreed;
  for (const [i, who] of providers.entries()) {
    const { events } = await ok(api.tx.inference.revealResult(job, inline(outputs[i]), u8aToHex(salts[i])), who);
    [agreed] = eventsOf(events, 'inference', 'ResultsAgreed');
  }
  // `data.hash` would be the codec's own hash of the event data: read the field by position.
  assert.equal(agreed.data[1].toHex(), u8aToHex(contentHash(outputs[0])));
  const open = (await api.call.inferenceApi.job(job)).unwrap();
  assert.ok(open.status.isChallenge, open.status.type);
  const tooEarly = await submit(api, api.tx.inference.finalize(job), ferdie);
  assert.equal(tooEarly.dispatchError.name, 'ChallengeNotOver');
  const challenge = api.consts.inference.challengeWindow.toNumber();
  for (let i = 0; i <= challenge; i++) assert.ok((await node.rawRpc('engine_createBlock', [true, true, null])).result);

  const { events } = await ok(api.tx.inference.finalize(job), ferdie);
  const [closed] = eventsOf(events, 'inference', 'JobClosed');
  assert.equal(closed.data.reason.type, 'Completed');
  const s = closed.data.settlement;
  assert.deepEqual(
    [s.providers, s.royalty, s.protocolFee, s.refund, s.collateralReturned, s.slashedToUser, s.slashedToTreasury].map((v) => v.toBigInt()),
    [2_000_000n, 50_000n, 40_000n, 4_080_000n, 4_000_000n, 1_000_000n, 1_000_000n],
  );
  const [slashed] = eventsOf(events, 'inference', 'ProviderSlashed');
  assert.equal(slashed.data.provider.toString(), eve.address);
  assert.equal(await usdt(charlie), start.charlie - endowment - 6_170_000n + 4_080_000n + 1_000_000n);
  assert.equal(await usdt(bob), start.bob + 1_000_000n);
  assert.equal(await usdt(dave), start.dave + 1_000_000n);
  assert.equal(await usdt(eve), start.eve - 2_000_000n);
  assert.equal(await usdt(alice), start.alice + 50_000n);
  assert.ok((await api.call.inferenceApi.job(job)).isNone, 'a closed job leaves storage');
  assert.equal((await api.call.inferenceApi.provider(bob.address)).unwrap().reputation.completed.toNumber(), 1);
  assert.equal((await api.call.inferenceApi.provider(eve.address)).unwrap().reputation.slashed.toNumber(), 1);
}));

test('bad input gets a decoded error and changes nothing', withLog(node, async () => {
  const before = await usdt(charlie);
  const now = await blockNumber();
  const bad = [
    [{ model: 0, maxPrice: 1n, redundancy: 9, deadline: now + 10_000, maxTotal: 10n ** 18n }, 'InvalidRedundancy'],
    [{ model: 0, maxPrice: 1n, redundancy: 1, deadline: now + 2, maxTotal: 10n ** 18n }, 'DeadlineTooSoon'],
    [{ model: 0, maxPrice: 1_000_000n, redundancy: 1, deadline: now + 10_000, maxTotal: 1n }, 'CostAboveMax'],
  ];
  for (const [terms, name] of bad) {
    const { dispatchError } = await submit(api, api.tx.inference.postJob(terms, { Inline: '0x00' }, []), charlie);
    assert.deepEqual({ section: dispatchError.section, name: dispatchError.name }, { section: 'inference', name });
  }
  assert.equal(await usdt(charlie), before);
}));

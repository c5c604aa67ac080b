// Governance, end to end over RPC on the dev chain (one block a second, the dev preset's short
// periods): a LEV holder notes a preimage and submits a referendum on the risk track raising
// WETH's LTV; others vote with conviction; it passes, is scheduled, enacted after its delay, and
// `LendingApi` shows the new LTV. A referendum the voters reject changes nothing. The risk
// council pauses borrowing in one motion, and its motion to raise an LTV is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withLog } from '../lib/node.mjs';
import { startDevChain } from '../lib/devchain.mjs';
import { submit, eventsOf } from '../lib/tx.mjs';

let chain, node, api, alice, bob, charlie, dave, eve, ferdie, USDT, WETH, LEV;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function ok(tx, who) {
  const outcome = await submit(api, tx, who);
  assert.equal(outcome.dispatchError, null, JSON.stringify(outcome.dispatchError));
  return outcome;
}

/** WETH's market configuration as the runtime API shows it (`collateralFactor` in Permill parts). */
async function wethConfig() {
  const view = await api.call.lendingApi.market(WETH);
  return view.unwrap().config.toJSON();
}

/** The call raising (or setting) WETH's collateral factor to `parts` (Permill). */
async function setWethLtv(parts) {
  const config = (await api.query.lending.markets(WETH)).unwrap().config.toJSON();
  return api.tx.lending.updateMarket(WETH, { ...config, collateralFactor: parts });
}

/** Notes `call`'s preimage and submits it on the risk track; returns the referendum index. */
async function propose(call, proposer) {
  await ok(api.tx.preimage.notePreimage(call.method.toHex()), proposer);
  const { events } = await ok(api.tx.referenda.submit(
    { Origins: 'RiskAdmin' },
    { Lookup: { hash: call.method.hash.toHex(), len: call.method.encodedLength } },
    { After: 2 },
  ), proposer);
  const [submitted] = eventsOf(events, 'referenda', 'Submitted');
  assert.ok(submitted, 'the referendum is submitted');
  assert.equal(submitted.data.track.toNumber(), 1, 'on the risk track');
  const index = submitted.data.index.toNumber();
  await ok(api.tx.referenda.placeDecisionDeposit(index), proposer);
  return index;
}

function vote(index, aye, tokens) {
  return api.tx.convictionVoting.vote(index, {
    Standard: { vote: { aye, conviction: 'Locked1x' }, balance: BigInt(tokens) * LEV },
  });
}

/** Waits until `predicate()` is truthy, for at most `ms`. */
async function until(predicate, ms, what) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await predicate();
    if (value) return value;
    await sleep(500);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function referendum(index) {
  return (await api.query.referenda.referendumInfoFor(index)).unwrap();
}

before(async () => {
  chain = await startDevChain({ name: 'governance', args: ['--dev', '--sealing', '1000'] });
  ({ node, api } = chain);
  ({ alice, bob, charlie, dave, eve, ferdie } = chain.accounts);
  [USDT, WETH] = [chain.assets.USDT.kind, chain.assets.WETH.kind];
  LEV = 10n ** BigInt(chain.assets.LEV.decimals);
  await chain.feedAll(chain.prices);
});

after(async () => {
  await chain?.stop();
});

test('a risk-track referendum raises WETH LTV after its delay; LendingApi shows it', withLog(() => node, async () => {
  const before = await wethConfig();
  assert.equal(before.collateralFactor, 750_000);
  const index = await propose(await setWethLtv(780_000), dave);
  for (const voter of [bob, charlie, eve]) await ok(vote(index, true, 800_000), voter);

  // It passes: confirmed, approved, and its enactment is scheduled — announced before it bites.
  const approvedAt = await until(async () => {
    const info = await referendum(index);
    return info.isApproved ? (await api.rpc.chain.getHeader()).number.toNumber() : null;
  }, 90_000, 'the referendum to pass');
  assert.equal((await wethConfig()).collateralFactor, 750_000, 'nothing changes before enactment');
  const enacted = await until(async () => (await wethConfig()).collateralFactor === 780_000, 30_000, 'enactment');
  assert.ok(enacted);
  const enactedAt = (await api.rpc.chain.getHeader()).number.toNumber();
  assert.ok(enactedAt >= approvedAt + 2, `enacted at #${enactedAt}, approved at #${approvedAt}: at least the track's delay`);
  const after = await wethConfig();
  assert.deepEqual({ ...after, collateralFactor: 0 }, { ...before, collateralFactor: 0 }, 'only the LTV changed');
}));

test('a referendum the voters reject changes nothing', withLog(() => node, async () => {
  const before = await wethConfig();
  const index = await propose(await setWethLtv(790_000), dave);
  await ok(vote(index, true, 100_000), eve);
  await ok(vote(index, false, 900_000), ferdie);
  const info = await until(async () => {
    const i = await referendum(index);
    return i.isRejected || i.isTimedOut ? i : null;
  }, 90_000, 'the referendum to fail');
  assert.ok(info.isRejected, `rejected, got ${info.type}`);
  assert.deepEqual(await wethConfig(), before, 'the market is as it was');
}));

test('the risk council pauses borrowing in one motion and cannot raise an LTV', withLog(() => node, async () => {
  // Alice (a member) moves to pause USDT borrowing; she and Bob vote aye (two of three); the
  // motion closes and executes.
  const pause = api.tx.lending.pauseMarket(USDT, { supply: false, borrow: true, liquidation: false, flashLoan: false });
  const motion = async (call) => {
    const length = call.method.encodedLength;
    const { events } = await ok(api.tx.riskCouncil.propose(2, call, length), alice);
    const [proposed] = eventsOf(events, 'riskCouncil', 'Proposed');
    const { proposalIndex, proposalHash } = proposed.data;
    for (const member of [alice, bob]) await ok(api.tx.riskCouncil.vote(proposalHash, proposalIndex, true), member);
    const closed = await ok(api.tx.riskCouncil.close(proposalHash, proposalIndex, { refTime: 10n ** 12n, proofSize: 10n ** 7n }, length), charlie);
    const [executed] = eventsOf(closed.events, 'riskCouncil', 'Executed');
    assert.ok(executed, 'the motion executed');
    return executed.data.result;
  };
  const result = await motion(pause);
  assert.ok(result.isOk, `pause: ${result.toString()}`);
  assert.equal((await wethConfig()).paused.borrow, false, 'WETH untouched');
  const usdtPaused = (await api.call.lendingApi.market(USDT)).unwrap().config.paused.borrow.isTrue;
  assert.ok(usdtPaused, 'USDT borrowing paused');

  // The council's motion to raise WETH's LTV executes as a motion but the market refuses it.
  const before = await wethConfig();
  const raise = await motion(await setWethLtv(850_000));
  assert.ok(raise.isErr, 'the council cannot loosen a parameter');
  assert.equal(raise.asErr.isBadOrigin, true, `refused with BadOrigin, got ${raise.toString()}`);
  assert.deepEqual(await wethConfig(), before);
}));

// The provider agent end to end: a model developer registers the digits model with
// `lever-provider register-model` (served over HTTP, its weights hash checked by every agent),
// three agents serve it — two honest, one `--faulty` — and a user posts k = 3 jobs from images
// of the held-out set. The honest two are paid their price, the faulty one is slashed, the
// model owner gets the royalty, the user's refund is exact and the agreed result is the right
// digit; a second job settles with the node restarted in the middle of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex, u8aEq } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { LeverNode, withLog } from '../lib/node.mjs';
import { submit } from '../lib/tx.mjs';
import { ProviderAgent, runProvider } from '../lib/provider.mjs';
import { runtimeMetadata, METADATA_FILE } from '../tools/provider-metadata.mjs';
import { readImage, postImageJob, waitForClose, encodeInput } from '../tools/post-job.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const MODEL_DIR = join(here, '..', '..', 'provider', 'model');
const USDT = 1;
const PRICE = 1_000_000n; // each agent's price: 1 USDT
const MAX_PRICE = 2_000_000n; // the job's max price (and each provider's collateral)
const ROYALTY = 50_000n;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const base = mkdtempSync(join(tmpdir(), 'lever-provider-e2e-'));
// 500 ms blocks, final at once: the job's windows (in blocks) pass on their own.
const node = new LeverNode({ name: 'dev', args: ['--dev', '--sealing', '500', '--base-path', base], tmp: false });
let api, keyring, alice, charlie, server, model;
const agents = {};
const inputs = new Map(); // path → job input bytes the test's server serves
const all = () => [node, ...Object.values(agents)];

const usdt = async (who) => {
  const account = await api.query.assets.account(USDT, who);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
};

before(async () => {
  await cryptoWaitReady();
  await node.start();
  api = await node.api();
  keyring = new Keyring({ type: 'sr25519' });
  [alice, charlie] = ['//Alice', '//Charlie'].map((uri) => keyring.addFromUri(uri));
  // The model's URI: an HTTP server the test runs.
  const onnx = readFileSync(join(MODEL_DIR, 'digits.onnx'));
  server = createServer((req, res) => {
    if (req.url === '/digits.onnx') res.end(onnx);
    else if (inputs.has(req.url)) res.end(inputs.get(req.url));
    else { res.statusCode = 404; res.end(); }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
});

after(async () => {
  for (const agent of Object.values(agents)) await agent.stop();
  await node.stop();
  server?.close();
  rmSync(base, { recursive: true, force: true });
});

test("the agent's typed client is the running runtime's metadata", withLog(node, async () => {
  const live = await runtimeMetadata(api);
  assert.ok(u8aEq(live, readFileSync(METADATA_FILE)),
    'provider/metadata/lever.scale is stale: run `node tests/tools/provider-metadata.mjs` against a dev node and commit it');
}));

test('a model developer registers the digits model; three agents register to serve it', withLog(all, async () => {
  const uri = `http://127.0.0.1:${server.address().port}/digits.onnx`;
  const { code, stdout, stderr } = await runProvider([
    'register-model', '--url', node.url, '--suri', '//Alice', '--file', join(MODEL_DIR, 'digits.onnx'), '--uri', uri,
    '--royalty', String(ROYALTY), '--asset', String(USDT),
  ]);
  assert.equal(code, 0, stdout + stderr);
  model = Number(/model (\d+) registered/.exec(stdout)[1]);
  const registered = (await api.call.inferenceApi.model(model)).unwrap();
  const hash = (await runProvider(['hash', join(MODEL_DIR, 'digits.onnx')])).stdout.trim();
  assert.equal(registered.info.weightsHash.toHex(), hash);
  assert.equal(registered.info.uri.toUtf8(), uri);

  // Bob by flags; Dave by a config file; Eve by flags, faulty, acting on best blocks.
  // The test serves job inputs on 127.0.0.1: the agents are told private hosts are allowed
  // (by default an input URI may name public hosts only).
  const flags = (who) => ['--url', node.url, '--suri', who, '--offer', `${model}:${PRICE}`, '--stake', String(100n * 10n ** 12n), '--capacity', '2', '--allow-private-inputs'];
  const config = join(base, 'dave.json');
  writeFileSync(config, JSON.stringify({ url: node.url, suri: '//Dave', offers: [[model, Number(PRICE)]], stake: 100e12, capacity: 2, endpoint: 'https://dave.example', allow_private_inputs: true }));
  agents.bob = new ProviderAgent({ name: 'bob', args: flags('//Bob') }).start();
  agents.dave = new ProviderAgent({ name: 'dave', args: ['--config', config] }).start();
  agents.eve = new ProviderAgent({ name: 'eve', args: [...flags('//Eve'), '--faulty', '--follow', 'best'] }).start();
  for (const agent of Object.values(agents)) {
    await agent.waitFor(/model \d+: fetched from http.*weights hash 0x[0-9a-f]{64} checked/);
    await agent.waitFor(/provider: registered/);
  }
  const offers = await api.call.inferenceApi.modelOffers(model);
  assert.deepEqual(offers.map((o) => o.price.toBigInt()), [PRICE, PRICE, PRICE]);
  const dave = (await api.call.inferenceApi.provider(keyring.addFromUri('//Dave').address)).unwrap();
  assert.equal(dave.endpoint.toUtf8(), 'https://dave.example', 'the config file was read');

  // A dry run reads the chain and loads the model, and sends nothing.
  const ferdie = keyring.addFromUri('//Ferdie');
  const nonce = (await api.rpc.system.accountNextIndex(ferdie.address)).toNumber();
  const dry = new ProviderAgent({ name: 'ferdie-dry', args: ['--url', node.url, '--suri', '//Ferdie', '--offer', `${model}:${PRICE}`, '--dry-run'] }).start();
  try {
    await dry.waitFor(/connected to .*dry run/);
    await dry.waitFor(/provider: would register \(dry run\)/);
    await sleep(2000);
    assert.equal((await api.rpc.system.accountNextIndex(ferdie.address)).toNumber(), nonce);
    assert.ok((await api.call.inferenceApi.provider(ferdie.address)).isNone);
  } finally {
    assert.equal((await dry.stop()).code, 0, dry.tail());
  }
}));

test('an agent refuses to serve a model whose file does not match its registered weights hash', withLog(node, async () => {
  // A model registered with the digits file's URI but another hash: what a provider would get
  // if the file were swapped after registration.
  const info = {
    name: 'swapped', weightsHash: '0x' + '42'.repeat(32), uri: `http://127.0.0.1:${server.address().port}/digits.onnx`,
    inputFormat: 'json', outputFormat: 'json',
  };
  const { events, dispatchError } = await submit(api, api.tx.inference.registerModel(info, 0, { WithId: USDT }), alice);
  assert.equal(dispatchError, null);
  const swapped = events.find((r) => r.event.method === 'ModelRegistered').event.data.model.toNumber();
  const ferdie = keyring.addFromUri('//Ferdie');
  const { code, stdout } = await runProvider(['run', '--url', node.url, '--suri', '//Ferdie', '--offer', `${swapped}:1`,
    '--cache-dir', join(base, 'ferdie-cache')]);
  assert.equal(code, 1, stdout);
  assert.match(stdout, /has weights hash 0xa1a3d856[0-9a-f]+, the model was registered with 0x4242/);
  assert.ok((await api.call.inferenceApi.provider(ferdie.address)).isNone, 'it did not register');
}));

/** Posts a k = 3 job for `image` as Charlie and checks its exact settlement; `during` runs mid-job. */
async function jobSettlesExactly(image, { during, byUri } = {}) {
  const { pixels, label } = image;
  let uri;
  if (byUri) {
    inputs.set(`/input-${label}.json`, encodeInput(pixels));
    uri = `http://127.0.0.1:${server.address().port}/input-${label}.json`;
  }
  const who = {
    charlie: charlie.address, alice: alice.address,
    bob: keyring.addFromUri('//Bob').address, dave: keyring.addFromUri('//Dave').address, eve: keyring.addFromUri('//Eve').address,
  };
  const start = Object.fromEntries(await Promise.all(Object.entries(who).map(async ([n, a]) => [n, await usdt(a)])));
  const posted = await postImageJob(api, charlie, { model, pixels, k: 3, maxPrice: MAX_PRICE, uri });
  const closing = waitForClose(api, posted.job, { fromBlock: posted.block });
  if (during) await during(posted.job);
  const { closed, output, slashed } = await closing;

  assert.equal(closed.reason.type, 'Completed');
  const s = closed.settlement;
  const fee = (3n * MAX_PRICE * 2n) / 100n;
  assert.equal(posted.escrow, 3n * MAX_PRICE + ROYALTY + fee);
  assert.deepEqual(
    [s.providers, s.royalty, s.protocolFee, s.refund, s.collateralReturned, s.slashedToUser, s.slashedToTreasury].map((v) => v.toBigInt()),
    // Two paid their 1 USDT price; the user gets back what was not spent (3 × 2 USDT max price,
    // the 2% fee on the unspent part) and half of the faulty provider's 2 USDT collateral.
    [2n * PRICE, ROYALTY, (2n * PRICE * 2n) / 100n, posted.escrow - 2n * PRICE - ROYALTY - (2n * PRICE * 2n) / 100n, 2n * MAX_PRICE, MAX_PRICE / 2n, MAX_PRICE / 2n],
  );
  assert.deepEqual(slashed.map((e) => e.provider.toString()), [who.eve]);
  assert.equal(await usdt(who.bob), start.bob + PRICE);
  assert.equal(await usdt(who.dave), start.dave + PRICE);
  assert.equal(await usdt(who.eve), start.eve - MAX_PRICE);
  assert.equal(await usdt(who.alice), start.alice + ROYALTY);
  assert.equal(await usdt(who.charlie), start.charlie - posted.endowment - posted.escrow + s.refund.toBigInt() + s.slashedToUser.toBigInt());
  // The agreed output decodes to the image's digit.
  assert.ok(output, 'an agreed output');
  const result = JSON.parse(output);
  assert.equal(result.class, label, output);
  assert.equal(result.scores.length, 10);
  return posted.job;
}

test('a k = 3 job: two honest agents paid, the faulty one slashed, the royalty and refund exact, the digit right', withLog(all, async () => {
  const image = { pixels: readImage(join(MODEL_DIR, 'examples', 'digit-3.pgm')), label: 3 };
  const job = await jobSettlesExactly(image);
  for (const name of ['bob', 'dave', 'eve']) {
    for (const step of ['accept', 'commit', 'reveal']) await agents[name].waitFor(new RegExp(`job ${job}: ${step} landed`));
  }
  await agents.eve.waitFor(new RegExp(`job ${job}: SLASHED`));
}));

test('an input given by URI is fetched and checked against its hash', withLog(all, async () => {
  const image = { pixels: readImage(join(MODEL_DIR, 'examples', 'digit-5.pgm')), label: 5 };
  const job = await jobSettlesExactly(image, { byUri: true });
  for (const name of ['bob', 'dave', 'eve']) await agents[name].waitFor(new RegExp(`job ${job}: fetching the input from http`));
}));

test('a job settles with the node restarted in the middle of it', withLog(all, async () => {
  const image = { pixels: readImage(join(MODEL_DIR, 'examples', 'digit-7.pgm')), label: 7 };
  const job = await jobSettlesExactly(image, {
    during: async (id) => {
      // Wait until some agent has committed, then stop the node and start it again on the same
      // port and database (the test's API reconnects on its own, as the agents must).
      for (let i = 0; i < 200; i++) {
        const j = (await api.call.inferenceApi.job(id)).unwrap();
        if (j.assignments.some((a) => a.slot.isCommitted)) break;
        await sleep(100);
      }
      await node.restart();
    },
  });
  for (const name of ['bob', 'dave', 'eve']) await agents[name].waitFor(/reconnecting/);
  await agents.bob.waitFor(new RegExp(`job ${job}: closed \\(Completed\\)`));
}));

test('the agents exit cleanly on Ctrl-C', withLog(all, async () => {
  for (const agent of Object.values(agents)) {
    const { code } = await agent.stop();
    assert.equal(code, 0, agent.tail());
    await agent.waitFor(/stopping/);
    // LEVER_SHOW_AGENT_LOGS=1 prints what the agents logged, one line per job step.
    if (process.env.LEVER_SHOW_AGENT_LOGS) console.log(agent.tail(1000));
  }
}));

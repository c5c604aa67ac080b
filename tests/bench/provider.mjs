// Provider throughput benchmark: how many jobs one `lever-provider` agent serves per minute on
// this machine, and the latency from `post_job` to `JobClosed`. Prints numbers; asserts nothing
// (speed is measured, not tested).
//
//   node bench/provider.mjs [--jobs 96] [--capacity 16] [--block-ms 500] [--users 4]
//
// A dev node sealing a block every `--block-ms` (final at once), the digits model registered,
// one agent serving it with `--capacity` jobs at once. `--users` accounts each keep
// capacity/users k = 1 jobs open (closed loop: a job posted as soon as one of theirs closes),
// each from a held-out image, until `--jobs` jobs have closed. Every job must complete with the
// right digit. Reported: jobs per minute (closed jobs over the time from the first post to the
// last close), latency post → JobClosed (p50/p95/max, in seconds and blocks), and
// the model's own time per image (`lever-provider eval`).
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { LeverNode } from '../lib/node.mjs';
import { ProviderAgent, runProvider } from '../lib/provider.mjs';
import { postImageJob, JobWatcher } from '../tools/post-job.mjs';

const { values: args } = parseArgs({
  options: { jobs: { type: 'string' }, capacity: { type: 'string' }, 'block-ms': { type: 'string' }, users: { type: 'string' } },
});
const JOBS = Number(args.jobs ?? 96);
const CAPACITY = Number(args.capacity ?? 16);
const BLOCK_MS = Number(args['block-ms'] ?? 500);
const USERS = Number(args.users ?? 4);
const here = dirname(fileURLToPath(import.meta.url));
const MODEL_DIR = join(here, '..', '..', 'provider', 'model');
const holdout = JSON.parse(readFileSync(join(MODEL_DIR, 'digits-holdout.json')));

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const median = (xs) => quantile(xs, 0.5);

await cryptoWaitReady();
const node = new LeverNode({ name: 'bench', args: ['--dev', '--sealing', String(BLOCK_MS)] });
await node.start();
const api = await node.api();
const keyring = new Keyring({ type: 'sr25519' });

let agent;
try {
  const onnx = join(MODEL_DIR, 'digits.onnx');
  const eval_ = await runProvider(['eval', '--model', onnx, '--set', join(MODEL_DIR, 'digits-holdout.json')]);
  const registered = await runProvider(['register-model', '--url', node.url, '--suri', '//Alice', '--file', onnx, '--royalty', '50000', '--asset', '1']);
  if (registered.code !== 0) throw new Error(registered.stdout + registered.stderr);
  const model = Number(/model (\d+) registered/.exec(registered.stdout)[1]);
  agent = new ProviderAgent({ name: 'agent', args: ['--url', node.url, '--suri', '//Bob', '--offer', `${model}:1000000`, '--capacity', String(CAPACITY)] }).start();
  await agent.waitFor(/provider: registered/);

  const users = ['//Charlie', '//Dave', '//Eve', '//Ferdie', '//Alice'].slice(0, USERS).map((u) => keyring.addFromUri(u));
  const perUser = Math.max(1, Math.floor(CAPACITY / USERS));
  const samples = [];
  let posted = 0;
  let image = 0;
  const started = Date.now();
  const firstBlock = (await api.rpc.chain.getHeader()).number.toNumber();
  const watcher = new JobWatcher(api, firstBlock);

  async function one(user) {
    const { pixels, label } = holdout[image++ % holdout.length];
    const t0 = Date.now();
    const job = await postImageJob(api, user, { model, pixels, k: 1, maxPrice: 2_000_000n });
    const result = await watcher.close(job.job);
    const t1 = Date.now();
    if (result.closed.reason.type !== 'Completed') throw new Error(`job ${job.job} closed ${result.closed.reason.type}`);
    const digit = JSON.parse(result.output).class;
    samples.push({ ms: t1 - t0, blocks: result.block - job.block, right: digit === label });
  }

  // Each user keeps `perUser` jobs open: posts are sequential per user (one nonce at a time).
  await Promise.all(users.map(async (user) => {
    const running = new Set();
    while (posted < JOBS || running.size) {
      if (running.size < perUser && posted < JOBS) {
        posted++;
        const p = one(user).finally(() => running.delete(p));
        running.add(p);
        // Let the post land before the next one from this account.
        await new Promise((r) => setTimeout(r, BLOCK_MS));
        continue;
      }
      await Promise.race(running);
    }
  }));
  const elapsed = (Date.now() - started) / 1000;
  const lastBlock = (await api.rpc.chain.getHeader()).number.toNumber();
  const ms = samples.map((s) => s.ms / 1000);
  const blocks = samples.map((s) => s.blocks);
  const right = samples.filter((s) => s.right).length;
  const steps = agent.log.filter((l) => / sent at block /.test(l)).length;
  console.log(`lever-provider throughput — ${new Date().toISOString()}`);
  console.log(`  chain: --dev --sealing ${BLOCK_MS} (a block every ${BLOCK_MS} ms, final at once); challenge window ${api.consts.inference.challengeWindow.toNumber()} blocks`);
  console.log(`  one agent, capacity ${CAPACITY}; ${USERS} users × ${perUser} open k = 1 jobs (closed loop)`);
  console.log(`  model: ${eval_.stdout.trim()}`);
  console.log(`  ${samples.length} jobs closed Completed in ${elapsed.toFixed(1)} s (${lastBlock - firstBlock} blocks): ${(samples.length / elapsed * 60).toFixed(1)} jobs/min`);
  console.log(`  latency post_job → JobClosed: p50 ${median(ms).toFixed(2)} s, p95 ${quantile(ms, 0.95).toFixed(2)} s, max ${Math.max(...ms).toFixed(2)} s; in blocks p50 ${median(blocks)}, max ${Math.max(...blocks)}`);
  console.log(`  results: ${right}/${samples.length} the image's digit; agent sent ${steps} transactions (${(steps / samples.length).toFixed(2)} per job)`);
} catch (err) {
  console.error(agent?.tail(400));
  throw err;
} finally {
  await agent?.stop();
  await node.stop();

}

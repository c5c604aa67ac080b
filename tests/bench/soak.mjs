// Soak: the dev node (Aura, 6 s blocks, GRANDPA) under a steady mixed load for a bounded time,
// killed with SIGKILL and restarted on the same database every few minutes. Prints numbers and
// exits non-zero if a rule broke:
//
// - finalized state is never lost: the finalized block before each kill is still there, with
//   the same hash and the same state, after the restart;
// - every transaction the pool accepted is found in a block, or was reported dropped, invalid
//   or usurped by the pool, or was lost with the pool of a killed node (reported as such);
// - the node keeps finalizing after each restart;
// - memory: the node's RSS, sampled every 10 s, is printed per run (first, peak, last).
//
//   node bench/soak.mjs [--minutes 10] [--restart-every 150] [--rate 10]
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { LeverNode, freePort } from '../lib/node.mjs';
import { feed, REFERENCE_PRICES, DEV_FEEDERS } from '../lib/oracle.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const MINUTES = Number(args.minutes ?? 10);
const RESTART_EVERY_S = Number(args['restart-every'] ?? 150);
const RATE = Number(args.rate ?? 10); // transactions per second
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const LEV = 10n ** 12n;
const USDT = { WithId: 1 };
const WETH = { WithId: 3 };

function rssKiB(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return Number(line.split(/\s+/)[1]);
  } catch { return null; }
}

/** The mixed load: the fuzzer's kinds of calls, ones that succeed and ones that fail. */
function loadCall(api, k, who, others) {
  const to = others[k % others.length].address;
  switch (k % 10) {
    case 0: case 1: case 2: return api.tx.balances.transferKeepAlive(to, LEV / 1000n);
    case 3: return api.tx.lending.supply(USDT, 1_000_000n);
    case 4: return api.tx.lending.borrow(USDT, 10_000_000n);
    case 5: return api.tx.lending.repay(USDT, { Exact: 1_000_000n });
    case 6: return api.tx.assetConversion.swapExactTokensForTokens([USDT, WETH], 1_000_000n, 1, who.address, true);
    case 7: return api.tx.lending.flashLoan(USDT, 1_000_000_000n, api.tx.system.remark('0x'));
    case 8: return api.tx.lending.borrow(WETH, 10n ** 30n); // fails: far beyond any limit
    default: return api.tx.utility.batch([api.tx.system.remark('0x01'), api.tx.lending.withdraw(USDT, { Exact: 1n })]);
  }
}

async function main() {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  const base = mkdtempSync(join(tmpdir(), 'lever-soak-'));
  const p2pPort = await freePort();
  const node = new LeverNode({ name: 'soak', args: ['--dev', '--base-path', base], tmp: false });
  const users = ['Bob', 'Charlie', 'Eve', 'Ferdie'].map((n) => keyring.addFromUri(`//${n}`));
  const feeders = DEV_FEEDERS.map((u) => keyring.addFromUri(u));
  const tracked = new Map(); // tx hash -> { status, reason }
  const refused = new Map(); // reason -> count
  const runs = [];
  const broken = [];
  const endAt = Date.now() + MINUTES * 60_000;
  let k = 0;
  let lastCheckpoint = null;

  while (Date.now() < endAt) {
    await node.start({ p2pPort });
    const api = await node.api();
    const run = { rss: [], startedAt: Date.now(), restartedFinalizedOk: null };
    runs.push(run);
    // Finalized state survives: the block finalized before the kill is still there, same state.
    if (lastCheckpoint) {
      const hash = await api.rpc.chain.getBlockHash(lastCheckpoint.number);
      const same = hash.toHex() === lastCheckpoint.hash;
      const state = same ? (await api.query.system.account.at(hash, users[0].address)).data.free.toString() : null;
      run.restartedFinalizedOk = same && state === lastCheckpoint.bobFree;
      if (!run.restartedFinalizedOk) broken.push(`finalized block #${lastCheckpoint.number} lost or changed after restart`);
    }
    // Users (re)open their positions once; feeders keep prices fresh.
    if (runs.length === 1) {
      for (const u of users) {
        await api.tx.utility.batchAll([
          api.tx.lending.supply(WETH, 10n ** 19n),
          api.tx.lending.enableCollateral(WETH),
          api.tx.lending.supply(USDT, 10_000_000_000n),
        ]).signAndSend(u, { nonce: -1 });
      }
    }
    // Nonces kept here (the pool forgets a killed node's transactions; the chain is the truth
    // at each start), so that concurrent submissions never collide.
    const nonces = new Map();
    for (const u of users) nonces.set(u.address, (await api.rpc.system.accountNextIndex(u.address)).toNumber());
    const sampler = setInterval(() => run.rss.push(rssKiB(node.proc.pid)), 10_000);
    run.rss.push(rssKiB(node.proc.pid));
    const killAt = Math.min(endAt, Date.now() + RESTART_EVERY_S * 1000);
    let lastFeed = 0;
    while (Date.now() < killAt) {
      if (Date.now() - lastFeed > 60_000) {
        lastFeed = Date.now();
        for (const f of feeders) feed(api, f, REFERENCE_PRICES).catch(() => {});
      }
      const who = users[k % users.length];
      const tx = loadCall(api, k, who, users);
      k += 1;
      const entry = { status: 'submitted', reason: null, run: runs.length };
      try {
        const nonce = nonces.get(who.address);
        nonces.set(who.address, nonce + 1);
        await tx.signAndSend(who, { nonce }, ({ status, dispatchError }) => {
          if (status.isInBlock || status.isFinalized) {
            entry.status = 'included';
            entry.failed = !!dispatchError;
          } else if (status.isDropped || status.isInvalid || status.isUsurped) {
            entry.status = 'reported';
            entry.reason = status.type;
          }
        });
        tracked.set(tx.hash.toHex(), entry);
      } catch (e) {
        // Refused at submission: the pool said why (not accepted, so nothing to track); the
        // nonce is the chain's again.
        entry.status = 'refused';
        entry.reason = e.message;
        refused.set(e.message, (refused.get(e.message) ?? 0) + 1);
        nonces.set(who.address, (await api.rpc.system.accountNextIndex(who.address)).toNumber());
      }
      await sleep(1000 / RATE);
    }
    clearInterval(sampler);
    const fin = await api.rpc.chain.getFinalizedHead();
    const finHeader = await api.rpc.chain.getHeader(fin);
    const bobFree = (await api.query.system.account.at(fin, users[0].address)).data.free.toString();
    lastCheckpoint = { number: finHeader.number.toNumber(), hash: fin.toHex(), bobFree };
    run.finalized = lastCheckpoint.number;
    run.best = (await api.rpc.chain.getHeader()).number.toNumber();
    // SIGKILL, no goodbye.
    node.proc.kill('SIGKILL');
    await node.exited;
    for (const a of node.apis ?? []) a.disconnect().catch(() => {});
    node.apis = [];
  }

  // One last start: everything accepted must now be in a block, reported, or lost with a
  // killed node's pool (never silently gone while the node was alive).
  await node.start({ p2pPort });
  const api = await node.api();
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const inBlocks = new Set();
  for (let n = 1; n <= best; n++) {
    const block = await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(n));
    for (const x of block.block.extrinsics) inBlocks.add(x.hash.toHex());
  }
  let included = 0; let reported = 0; let lostWithPool = 0; let silent = 0;
  for (const [hash, e] of tracked) {
    if (inBlocks.has(hash)) included += 1;
    else if (e.status === 'reported') reported += 1;
    else if (e.status === 'submitted') lostWithPool += 1; // pending when its node was killed
    else if (e.status === 'included') { silent += 1; broken.push(`${hash} was reported in a block but is in none`); }
  }
  const finalized = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
  await sleep(15_000);
  const finalizedLater = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
  if (finalizedLater <= finalized) broken.push('the node stopped finalizing after the last restart');
  await node.stop();

  console.log(`soak: ${MINUTES} min, ${runs.length} runs with a SIGKILL after each, ${RATE} tx/s`);
  for (const [i, r] of runs.entries()) {
    const rss = r.rss.filter((x) => x != null);
    console.log(`run ${i + 1}: best #${r.best}, finalized #${r.finalized}, RSS first ${(rss[0] / 1024).toFixed(0)} MiB, ` +
      `peak ${(Math.max(...rss) / 1024).toFixed(0)} MiB, last ${(rss[rss.length - 1] / 1024).toFixed(0)} MiB` +
      `${r.restartedFinalizedOk == null ? '' : `, previous finalized block intact: ${r.restartedFinalizedOk}`}`);
  }
  console.log(`accepted ${tracked.size}: ${included} in blocks, ${reported} reported dropped/invalid/usurped by the pool, ` +
    `${lostWithPool} pending in a killed node's pool, ${silent} missing`);
  for (const [reason, n] of refused) console.log(`refused at submission ${n}×: ${reason}`);
  console.log(`finalized #${finalized} → #${finalizedLater} 15 s after the last restart`);
  if (broken.length) {
    console.log(`BROKEN:\n${broken.join('\n')}`);
    process.exit(1);
  }
  console.log('nothing lost');
  process.exit(0);
}

main().catch((e) => { console.error(e); process.exit(1); });

// Load benchmark: how many extrinsics of each kind the dev node includes per block, measured,
// and the round-trip latency of a transaction on an instant-seal node. Prints numbers; asserts
// nothing (speed is measured, not tested).
//
//   node bench/load.mjs [--burst 8000] [--only transfer,borrow] [--latency 200]
//
// 1. A dev node with Aura and 6 s blocks (the release build, `lever-node --dev`). Six load
//    accounts (//load/1 … //load/6) are funded by the dev accounts, supply WETH as collateral
//    and USDT, and the feeders keep prices fresh.
// 2. For each kind, a burst of pre-signed extrinsics (nonces assigned up front, immortal) from the
//    six accounts goes to the pool at once; every block is read until all are included. A full
//    block is one authored while the pool still held more of the burst: its count is the
//    node's throughput for that kind. Nothing may be lost: included + refused must equal sent.
// 3. Every other user-facing call's capacity follows from its benchmarked weight (what block
//    production packs by): max normal weight / (weight + base extrinsic), from the node's own
//    `TransactionPaymentApi` and constants — checked against the measured kinds.
// 4. Latency: transfers sent one after another to a `--sealing instant` node, submit → in block.
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { LeverNode } from '../lib/node.mjs';
import { submit } from '../lib/tx.mjs';
import { feed, REFERENCE_PRICES, DEV_FEEDERS } from '../lib/oracle.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
  return acc;
}, []));
const BURST = Number(args.burst ?? 8000);
const LATENCY_SAMPLES = Number(args.latency ?? 200);
const ONLY = args.only ? new Set(args.only.split(',')) : null;

const USDT = { WithId: 1 };
const WETH = { WithId: 3 };
const LEV = 10n ** 12n;
const usdt = (n) => BigInt(n) * 10n ** 6n;
const weth = (n) => BigInt(n) * 10n ** 18n;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function must({ dispatchError }, what) {
  if (dispatchError) throw new Error(`${what}: ${dispatchError.section}.${dispatchError.name}`);
}

/** Feeds the reference prices from every dev feeder (prices go stale after 10 minutes). */
async function feedAll(api, keyring) {
  for (const uri of DEV_FEEDERS) must(await feed(api, keyring.addFromUri(uri), REFERENCE_PRICES), `feed ${uri}`);
}

/** The kinds measured in bursts: a name and the call load account `i` makes `j`-th. */
function kinds(api, senders, ferdie) {
  const mix = [
    ...Array(8).fill('transfer'), ...Array(3).fill('swap'), ...Array(3).fill('supply'),
    ...Array(2).fill('borrow'), ...Array(2).fill('repay'), 'flash_loan', 'remark',
  ];
  const make = {
    transfer: () => api.tx.balances.transferKeepAlive(ferdie, LEV / 1000n),
    supply: () => api.tx.lending.supply(USDT, usdt(1)),
    borrow: () => api.tx.lending.borrow(USDT, usdt(10)),
    repay: () => api.tx.lending.repay(USDT, { Exact: usdt(1) }),
    flash_loan: () => api.tx.lending.flashLoan(USDT, usdt(1000), api.tx.system.remark('0x')),
    swap: (i) => api.tx.assetConversion.swapExactTokensForTokens([USDT, WETH], usdt(10), 1, senders[i].address, true),
    remark: () => api.tx.system.remark('0x00'),
  };
  return [
    ['transfer_keep_alive', make.transfer],
    ['lending.supply', make.supply],
    ['lending.borrow', make.borrow],
    ['lending.repay', make.repay],
    ['lending.flash_loan', make.flash_loan],
    ['asset_conversion.swap', make.swap],
    ['mix', (i, j) => make[mix[(i * 7 + j) % mix.length]](i)],
  ];
}

/** Sends a burst of `count` pre-signed extrinsics and counts them into blocks. */
async function burst(api, senders, name, make, count) {
  const per = Math.ceil(count / senders.length);
  const signed = [];
  for (const [i, s] of senders.entries()) {
    let nonce = (await api.rpc.system.accountNextIndex(s.address)).toNumber();
    for (let j = 0; j < per && signed.length < count; j++) {
      signed.push(await make(i, j).signAsync(s, { nonce: nonce++, era: 0 }));
    }
  }
  const senderSet = new Set(senders.map((s) => s.address));
  const perBlock = [];
  let pending = signed.length;
  let included = 0;
  let idle = 0;
  const start = (await api.rpc.chain.getHeader()).number.toNumber();
  // Submit everything, then follow blocks.
  const results = await Promise.allSettled(signed.map((tx) => api.rpc.author.submitExtrinsic(tx)));
  const refused = results.filter((r) => r.status === 'rejected');
  pending -= refused.length;
  let next = start + 1;
  while (pending > 0 && idle < 4) {
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    if (head < next) { await sleep(500); continue; }
    const hash = await api.rpc.chain.getBlockHash(next);
    const block = await api.rpc.chain.getBlock(hash);
    const mine = block.block.extrinsics.filter((x) => x.isSigned && senderSet.has(x.signer.toString())).length;
    perBlock.push(mine);
    included += mine;
    pending -= mine;
    idle = mine === 0 ? idle + 1 : 0;
    next += 1;
  }
  // Blocks authored while more of the burst waited are full; the last one takes the rest.
  const full = perBlock.slice(0, -1).filter((n) => n > 0);
  const perFull = full.length ? Math.max(...full) : Math.max(0, ...perBlock);
  const reasons = [...new Set(refused.map((r) => String(r.reason?.message ?? r.reason)))];
  return { name, sent: signed.length, included, refused: refused.length, lost: pending, perBlock, perFull, reasons };
}

/** Capacity from weight: how many of `tx` fit the normal class of a block. */
async function weightCapacity(api, tx, signer) {
  const signedTx = await tx.signAsync(signer, { nonce: -1 });
  const info = await api.call.transactionPaymentApi.queryInfo(signedTx.toU8a(), signedTx.encodedLength);
  const weights = api.consts.system.blockWeights;
  const normal = weights.perClass.normal;
  const max = normal.maxTotal.unwrap().refTime.toBigInt();
  const base = normal.baseExtrinsic.refTime.toBigInt();
  const w = info.weight.refTime.toBigInt();
  return { weightUs: Number(w) / 1e6, capacity: Number(max / (w + base)) };
}

async function latency(keyring, samples) {
  const node = new LeverNode({ name: 'latency', args: ['--dev', '--sealing', 'instant'] });
  await node.start();
  try {
    const api = await node.api();
    const alice = keyring.addFromUri('//Alice');
    const bob = keyring.addFromUri('//Bob');
    const times = [];
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      must(await submit(api, api.tx.balances.transferKeepAlive(bob.address, LEV / 1000n), alice), 'transfer');
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    return { samples, p50: q(0.5), p99: q(0.99), max: times[times.length - 1] };
  } finally {
    await node.stop();
  }
}

async function main() {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  const node = new LeverNode({ name: 'load', args: ['--dev', '--pool-limit', String(BURST * 2), '--pool-kbytes', '200000'] });
  await node.start();
  const report = { burst: BURST, kinds: [], capacity: [] };
  try {
    const api = await node.api();
    const devs = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'].map((n) => keyring.addFromUri(`//${n}`));
    const senders = [1, 2, 3, 4, 5, 6].map((i) => keyring.addFromUri(`//load/${i}`));
    const ferdie = devs[5].address;
    console.log(`node ${node.url}; funding ${senders.length} load accounts`);
    for (const [i, s] of senders.entries()) {
      const dev = devs[i];
      must(await submit(api, api.tx.utility.batchAll([
        api.tx.balances.transferKeepAlive(s.address, 20_000n * LEV),
        api.tx.assets.transferKeepAlive(1, s.address, usdt(150_000)),
        api.tx.assets.transferKeepAlive(3, s.address, weth(40)),
      ]), dev), `fund ${i}`);
    }
    await feedAll(api, keyring);
    for (const s of senders) {
      must(await submit(api, api.tx.utility.batchAll([
        api.tx.lending.supply(WETH, weth(30)),
        api.tx.lending.enableCollateral(WETH),
        api.tx.lending.supply(USDT, usdt(50_000)),
      ]), s), 'open positions');
    }
    for (const [name, make] of kinds(api, senders, ferdie)) {
      if (ONLY && !ONLY.has(name)) continue;
      await feedAll(api, keyring);
      const r = await burst(api, senders, name, make, BURST);
      report.kinds.push(r);
      console.log(`${name.padEnd(22)} sent ${r.sent}, included ${r.included} in ${r.perBlock.length} blocks ` +
        `[${r.perBlock.join(', ')}], refused ${r.refused}${r.reasons.length ? ` (${r.reasons.join('; ')})` : ''}, lost ${r.lost}: ${r.perFull} per full block`);
    }
    // Capacity by weight of every user-facing call (arguments are representative; the weight
    // charged up front is the benchmarked worst case whatever they are).
    const [a] = senders;
    const job = { model: 0, maxPrice: LEV, redundancy: 3, deadline: 1000, maxTotal: 10n * LEV };
    const calls = [
      ['balances.transfer_keep_alive', api.tx.balances.transferKeepAlive(ferdie, 1)],
      ['lending.supply', api.tx.lending.supply(USDT, 1)],
      ['lending.withdraw', api.tx.lending.withdraw(USDT, 'All')],
      ['lending.borrow', api.tx.lending.borrow(USDT, 1)],
      ['lending.repay', api.tx.lending.repay(USDT, 'All')],
      ['lending.liquidate', api.tx.lending.liquidate(ferdie, USDT, WETH, 'All', 0, true)],
      ['lending.liquidate_through_dex', api.tx.lending.liquidateThroughDex(ferdie, USDT, WETH, 'All')],
      ['lending.flash_loan(remark)', api.tx.lending.flashLoan(USDT, 1, api.tx.system.remark('0x'))],
      ['lending.leverage', api.tx.lending.leverage(WETH, USDT, 1, 1, 0)],
      ['lending.close_position', api.tx.lending.closePosition(WETH, USDT, 1)],
      ['oracle.feed_prices (5 assets)', api.tx.oracle.feedPrices(Object.entries({ Native: 2, 1: 1, 2: 1, 3: 3000, 4: 60000 }).map(([k, v]) => [k === 'Native' ? 'Native' : { WithId: Number(k) }, BigInt(v) * 10n ** 18n]))],
      ['inference.post_job (k=3)', api.tx.inference.postJob(job, { Inline: '0x01' }, [])],
      ['inference.accept_job', api.tx.inference.acceptJob(0)],
      ['inference.claim', api.tx.inference.claim(0)],
      ['inference.commit_result', api.tx.inference.commitResult(0, '0x' + '11'.repeat(32))],
      ['inference.reveal_result', api.tx.inference.revealResult(0, { Inline: '0x30' }, '0x' + '22'.repeat(32))],
      ['inference.finalize', api.tx.inference.finalize(0)],
      ['asset_conversion.swap_exact_tokens_for_tokens', api.tx.assetConversion.swapExactTokensForTokens([USDT, WETH], 1, 1, ferdie, true)],
    ];
    let transfer;
    for (const [name, tx] of calls) {
      const c = await weightCapacity(api, tx, a);
      transfer ??= c.capacity;
      report.capacity.push({ name, ...c, ratio: c.capacity / transfer });
    }
  } finally {
    await node.stop();
  }
  const transfer = report.kinds.find((k) => k.name === 'transfer_keep_alive')?.perFull;
  console.log('\nMeasured (Aura, 6 s blocks, bursts of', BURST, 'pre-signed extrinsics from 6 accounts):');
  console.log('| call | per block | × transfer | lost |');
  console.log('|---|---:|---:|---:|');
  for (const k of report.kinds) {
    console.log(`| ${k.name} | ${k.perFull} | ${transfer ? (k.perFull / transfer).toFixed(2) : '-'} | ${k.lost} |`);
  }
  console.log('\nBy benchmarked weight (max normal weight / (weight + base extrinsic)):');
  console.log('| call | weight (µs) | per block | × transfer |');
  console.log('|---|---:|---:|---:|');
  for (const c of report.capacity) {
    console.log(`| ${c.name} | ${c.weightUs.toFixed(1)} | ${c.capacity} | ${c.ratio.toFixed(3)} |`);
  }
  if (LATENCY_SAMPLES > 0) {
    const l = await latency(keyring, LATENCY_SAMPLES);
    console.log(`\nInstant-seal round trip (transfer, submit → in block, ${l.samples} in a row): p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms`);
  }
  process.exit(0);
}

main().catch((e) => { console.error(e); process.exit(1); });

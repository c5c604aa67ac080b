// Posts an inference job from an image and prints the result when the job closes:
//   node tests/tools/post-job.mjs --image provider/model/examples/digit-3.pgm [--model 0] [--k 3]
//        [--max-price 2000000] [--url ws://127.0.0.1:9944] [--suri //Charlie] [--uri URL]
// The image is an 8×8 grayscale PGM (P2 or P5, any maxval; dark = ink), or a JSON array of 64
// integers 0..=16. It is sent inline in the digits model's input encoding (with `--uri`, the job
// carries the input's hash and that URI instead, and you serve the bytes it prints there). The
// result is the canonical output the providers agreed on, `{"class":c,"scores":[…]}` (see
// README, "The digits model's encodings"). Also a library for the end-to-end tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex, stringToU8a, u8aToString, hexToU8a } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import { submit } from '../lib/tx.mjs';

/** The 64 pixels (0..=16, 16 = full ink) of an image file. */
export function readImage(path) {
  const bytes = readFileSync(path);
  if (bytes[0] === 0x50 && (bytes[1] === 0x32 || bytes[1] === 0x35)) return pgmPixels(bytes);
  const pixels = JSON.parse(bytes.toString());
  if (!Array.isArray(pixels) || pixels.length !== 64 || !pixels.every((p) => Number.isInteger(p) && p >= 0 && p <= 16)) {
    throw new Error(`${path}: not a PGM image nor a JSON array of 64 integers 0..16`);
  }
  return pixels;
}

/** An 8×8 PGM's pixels scaled to 0..=16 ink (black = 16). */
function pgmPixels(bytes) {
  const binary = bytes[1] === 0x35;
  // Header: magic, width, height, maxval, with '#' comments; then the raster.
  const fields = [];
  let at = 2;
  while (fields.length < 3) {
    while (/\s/.test(String.fromCharCode(bytes[at]))) at++;
    if (bytes[at] === 0x23) { while (bytes[at] !== 0x0a) at++; continue; }
    let token = '';
    while (at < bytes.length && !/\s/.test(String.fromCharCode(bytes[at]))) token += String.fromCharCode(bytes[at++]);
    fields.push(Number(token));
  }
  const [width, height, maxval] = fields;
  if (width !== 8 || height !== 8 || !(maxval > 0 && maxval < 256)) throw new Error(`expected an 8×8 PGM with maxval < 256, got ${width}×${height}/${maxval}`);
  const gray = binary
    ? [...bytes.subarray(at + 1, at + 1 + 64)]
    : bytes.subarray(at).toString().replace(/#[^\n]*/g, '').trim().split(/\s+/).map(Number);
  if (gray.length !== 64 || gray.some((g) => !(g >= 0 && g <= maxval))) throw new Error('the raster is not 64 values within maxval');
  return gray.map((g) => Math.round(((maxval - g) * 16) / maxval));
}

/** The digits model's input encoding of `pixels`: compact JSON. */
export const encodeInput = (pixels) => JSON.stringify(pixels);

/**
 * Posts a k-provider job for `pixels` on `model` as `signer`, its deadline `slack` blocks after
 * the earliest the chain allows (the earliest is counted from the block the job lands in, and a
 * busy chain or machine may include the transaction a few blocks after the head read here: with
 * no slack it would fail with `DeadlineTooSoon`; the deadline does not delay an honest job, which
 * closes as soon as every provider revealed) and `maxTotal` exactly what the escrow will hold;
 * the input inline, or by `uri` (its hash on chain, the bytes served there by the caller).
 * Resolves with `{ job, escrow, endowment, block }`.
 */
export async function postImageJob(api, signer, { model, pixels, k = 3, maxPrice, uri, slack = 10 }) {
  const info = (await api.call.inferenceApi.model(model)).unwrap();
  const royalty = info.royalty.toBigInt();
  const fee = api.consts.inference.protocolFee.toBigInt(); // Permill
  const providers = BigInt(k) * BigInt(maxPrice);
  const maxTotal = providers + royalty + (providers * fee + 999_999n) / 1_000_000n;
  const now = (await api.rpc.chain.getHeader()).number.toNumber();
  const deadline = now + 1 + api.consts.inference.acceptWindow.toNumber() + api.consts.inference.minExecutionWindow.toNumber() + slack;
  const terms = { model, maxPrice, redundancy: k, deadline, maxTotal };
  // Inline, or by reference: the blake2-256 of the encoded input and where providers fetch it
  // (the caller serves `encodeInput(pixels)` at `uri`).
  const bytes = stringToU8a(encodeInput(pixels));
  const input = uri ? { Hash: { hash: blake2AsHex(bytes, 256), uri } } : { Inline: u8aToHex(bytes) };
  const { events, dispatchError, blockHash } = await submit(api, api.tx.inference.postJob(terms, input, []), signer);
  if (dispatchError) throw new Error(`post_job failed: ${dispatchError.section}.${dispatchError.name}`);
  const posted = events.map((r) => r.event).find((e) => e.section === 'inference' && e.method === 'JobPosted');
  const block = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
  return { job: posted.data.job.toNumber(), escrow: posted.data.escrow.toBigInt(), endowment: posted.data.endowment.toBigInt(), block };
}

/**
 * Reads every block's events from `fromBlock` on, once, for any number of jobs: `close(job)`
 * resolves when `job` closes with `{ closed, output, revealed, slashed, block }` — the
 * `JobClosed` event's data, the agreed output's text (null if none), every revealed output by
 * provider, the `ProviderSlashed` events' data, and the block it closed in. It reads block by
 * block (not a subscription), so nothing is missed while the connection is down: `api`
 * reconnects on its own and reading resumes where it stopped.
 */
export class JobWatcher {
  constructor(api, fromBlock) {
    this.api = api;
    this.next = fromBlock;
    this.records = new Map(); // job → { revealed, slashed, agreed, closed, block }
    this.waiting = new Map(); // job → [resolve]
  }

  record(job) {
    if (!this.records.has(job)) this.records.set(job, { revealed: {}, slashed: [], agreed: null, closed: null, block: null });
    return this.records.get(job);
  }

  /** Resolves when `job` has closed (`timeoutMs` after the call at most). */
  close(job, { timeoutMs = 300_000 } = {}) {
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`job ${job} did not close in ${timeoutMs} ms`)), timeoutMs);
      this.waiting.set(job, [...(this.waiting.get(job) ?? []), (r) => { clearTimeout(timer); ok(r); }]);
      this.settle(job);
      this.run();
    });
  }

  settle(job) {
    const r = this.records.get(job);
    if (!r?.closed || !this.waiting.has(job)) return;
    const output = Object.values(r.revealed).find((text) => blake2AsHex(stringToU8a(text), 256) === r.agreed) ?? null;
    for (const resolve of this.waiting.get(job)) resolve({ closed: r.closed, output, revealed: r.revealed, slashed: r.slashed, block: r.block });
    this.waiting.delete(job);
  }

  async run() {
    if (this.running) return;
    this.running = true;
    while (this.waiting.size) {
      if (this.api.isConnected) {
        try {
          const head = (await this.api.rpc.chain.getHeader()).number.toNumber();
          for (; this.next <= head; this.next++) {
            const at = await this.api.at(await this.api.rpc.chain.getBlockHash(this.next));
            for (const { event } of await at.query.system.events()) {
              if (event.section !== 'inference' || event.data.job?.toNumber === undefined) continue;
              const job = event.data.job.toNumber();
              const r = this.record(job);
              if (event.method === 'ResultRevealed') {
                r.revealed[event.data.provider.toString()] = u8aToString(hexToU8a(event.data.output.asInline.toHex()));
              } else if (event.method === 'ResultsAgreed') {
                r.agreed = event.data[1].toHex(); // `.hash` would be the codec's own hash
              } else if (event.method === 'ProviderSlashed') {
                r.slashed.push(event.data);
              } else if (event.method === 'JobClosed') {
                r.closed = event.data;
                r.block = this.next;
                this.settle(job);
              }
            }
          }
        } catch { /* the node is away: try again */ }
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    this.running = false;
  }
}

/** Waits for one job to close, reading blocks from `fromBlock` (see `JobWatcher`). */
export function waitForClose(api, job, { fromBlock, timeoutMs } = {}) {
  return new JobWatcher(api, fromBlock).close(job, { timeoutMs });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'ws://127.0.0.1:9944' },
      suri: { type: 'string', default: process.env.LEVER_USER_SURI ?? '//Charlie' },
      model: { type: 'string', default: '0' },
      image: { type: 'string' },
      k: { type: 'string', default: '3' },
      'max-price': { type: 'string', default: '2000000' },
      uri: { type: 'string' },
    },
  });
  if (!values.image) { console.error('usage: post-job.mjs --image FILE [--model N] [--k K] [--max-price P] [--url WS] [--suri SURI] [--uri URL]'); process.exit(2); }
  await cryptoWaitReady();
  const pixels = readImage(values.image);
  const api = await ApiPromise.create({ provider: new WsProvider(values.url), noInitWarn: true, throwOnConnect: true });
  const signer = new Keyring({ type: 'sr25519' }).addFromUri(values.suri);
  const started = Date.now();
  if (values.uri) console.log(`serve these bytes at ${values.uri}: ${encodeInput(pixels)}`);
  const posted = await postImageJob(api, signer, { model: Number(values.model), pixels, k: Number(values.k), maxPrice: BigInt(values['max-price']), uri: values.uri });
  console.log(`job ${posted.job} posted: ${posted.escrow} held in escrow`);
  const { closed: c, output } = await waitForClose(api, posted.job, { fromBlock: posted.block });
  console.log(`job ${posted.job} closed (${c.reason.type}) after ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(c.settlement.toJSON())}`);
  if (output) {
    const { class: digit, scores } = JSON.parse(output);
    console.log(`result: ${output}\nthe digit is ${digit} (${(scores[digit] / 100).toFixed(2)}%)`);
  } else {
    console.log('no agreed result');
  }
  await api.disconnect();
}

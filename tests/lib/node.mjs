// Harness for end-to-end tests: starts the already built `lever-node` on free ports, waits for
// its RPC, connects @polkadot/api (no custom types), and stops the node afterwards. The node's
// log is kept in memory and printed when a test fails (see `withLog`).
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';

const here = dirname(fileURLToPath(import.meta.url));

/** Path of the lever-node binary: $LEVER_NODE, else $CARGO_TARGET_DIR or ../target. */
export function nodeBinary() {
  const bin = process.env.LEVER_NODE
    ?? join(resolve(process.env.CARGO_TARGET_DIR ?? join(here, '..', '..', 'target')), 'release', 'lever-node');
  if (!existsSync(bin)) {
    throw new Error(`lever-node not found at ${bin}: build it with 'cargo build --release -p lever-node -p lever-provider -p lever-workspace-hack' (as scripts/dev.sh does) or set LEVER_NODE`);
  }
  return bin;
}

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The libp2p peer id of an ed25519 node key given as 64 hex characters. */
export function peerIdOf(nodeKeyHex) {
  const dir = mkdtempSync(join(tmpdir(), 'lever-key-'));
  const file = join(dir, 'node-key');
  writeFileSync(file, nodeKeyHex);
  return execFileSync(nodeBinary(), ['key', 'inspect-node-key', '--file', file]).toString().trim();
}

/**
 * A running lever-node.
 * - `args`: extra arguments (default: `--dev --sealing instant`).
 * - `name`: label used in printed logs.
 * - `tmp`: throw the chain away on exit (`--tmp`, the default); pass false with `--base-path`.
 */
export class LeverNode {
  constructor({ args = ['--dev', '--sealing', 'instant'], name = 'node', tmp = true } = {}) {
    this.args = args;
    this.name = name;
    this.tmp = tmp;
    this.log = [];
  }

  /**
   * Starts the node on free ports (or the given ones: a restart keeps `rpcPort` so clients can
   * reconnect) and waits until its RPC answers.
   */
  async start({ p2pPort, rpcPort } = {}) {
    this.rpcPort = rpcPort ?? await freePort();
    this.p2pPort = p2pPort ?? await freePort();
    const args = [
      ...this.args,
      ...(this.tmp ? ['--tmp'] : []),
      '--rpc-port', String(this.rpcPort),
      '--port', String(this.p2pPort),
      '--no-prometheus',
      '--no-telemetry',
      '--no-mdns',
      '--rpc-cors', 'all',
    ];
    this.proc = spawn(nodeBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk) => {
      for (const line of chunk.toString().split('\n')) if (line) this.log.push(line);
      if (this.log.length > 5000) this.log.splice(0, this.log.length - 5000);
    };
    this.proc.stdout.on('data', keep);
    this.proc.stderr.on('data', keep);
    this.exited = new Promise((r) => this.proc.on('exit', (code, signal) => r({ code, signal })));
    this.url = `ws://127.0.0.1:${this.rpcPort}`;
    await this.waitForRpc();
    return this;
  }

  /** Polls `system_health` over HTTP until the node answers (or dies, or 60 s pass). */
  async waitForRpc(timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    this.exited.then(() => { exited = true; });
    while (Date.now() < deadline) {
      if (exited) throw new Error(`${this.name} exited before its RPC came up:\n${this.tail()}`);
      try {
        if ((await this.rawRpc('system_health')).result) return;
      } catch { /* not up yet */ }
      await sleep(200);
    }
    throw new Error(`${this.name}: RPC did not come up in ${timeoutMs} ms:\n${this.tail()}`);
  }

  /** An @polkadot/api connection with no custom types. */
  async api() {
    const api = await ApiPromise.create({ provider: new WsProvider(this.url), noInitWarn: true, throwOnConnect: true });
    (this.apis ??= []).push(api);
    return api;
  }

  /** Sends a raw JSON-RPC request over HTTP and returns the parsed response (result or error). */
  async rawRpc(method, params = []) {
    const res = await fetch(`http://127.0.0.1:${this.rpcPort}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    return res.json();
  }

  /** The last lines of the node's log. */
  tail(lines = 150) {
    return this.log.slice(-lines).map((l) => `  [${this.name}] ${l}`).join('\n');
  }

  /**
   * Stops the node (SIGINT) and starts it again on the same ports and database; connected APIs
   * stay and reconnect on their own, as a dapp's would.
   */
  async restart({ downMs = 1000 } = {}) {
    this.proc.kill('SIGINT');
    await this.exited;
    await sleep(downMs);
    await this.start({ rpcPort: this.rpcPort, p2pPort: this.p2pPort });
  }

  /** Disconnects every API and stops the node (SIGINT, then SIGKILL after 10 s). */
  async stop() {
    for (const api of this.apis ?? []) await api.disconnect().catch(() => {});
    if (!this.proc || this.proc.exitCode !== null) return;
    this.proc.kill('SIGINT');
    const timeout = sleep(10_000).then(() => 'timeout');
    if (await Promise.race([this.exited, timeout]) === 'timeout') {
      this.proc.kill('SIGKILL');
      await this.exited;
    }
  }
}

/** Wraps a test body so that, when it fails, the logs of `nodes` (or of what a function returns) are printed. */
export function withLog(nodes, body) {
  return async (t) => {
    try {
      await body(t);
    } catch (err) {
      const list = typeof nodes === 'function' ? nodes() : nodes;
      for (const node of [].concat(list).filter(Boolean)) {
        console.error(`\n----- last log lines of ${node.name} (test "${t.name}" failed) -----\n${node.tail()}`);
      }
      throw err;
    }
  };
}

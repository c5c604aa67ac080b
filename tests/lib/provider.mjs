// Harness for the provider agent: starts the built `lever-provider run` with given flags, keeps
// its log lines (printed when a test fails, via `withLog`, like a node's), waits for lines, and
// stops it with Ctrl-C (SIGINT), reporting how it exited.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Path of the lever-provider binary: $LEVER_PROVIDER, else next to the node's. */
export function providerBinary() {
  const bin = process.env.LEVER_PROVIDER
    ?? (process.env.LEVER_NODE && join(dirname(process.env.LEVER_NODE), 'lever-provider'))
    ?? join(resolve(process.env.CARGO_TARGET_DIR ?? join(here, '..', '..', 'target')), 'release', 'lever-provider');
  if (!existsSync(bin)) {
    throw new Error(`lever-provider not found at ${bin}: build it with 'cargo build --release -p lever-node -p lever-provider -p lever-workspace-hack' (as scripts/dev.sh does) or set LEVER_PROVIDER`);
  }
  return bin;
}

/** Runs `lever-provider` with `args` to completion; resolves with `{ code, stdout, stderr }`. */
export function runProvider(args) {
  return new Promise((ok) => {
    const proc = spawn(providerBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c) => { stdout += c; });
    proc.stderr.on('data', (c) => { stderr += c; });
    proc.on('exit', (code) => ok({ code, stdout, stderr }));
  });
}

/** A running agent (`lever-provider run`). */
export class ProviderAgent {
  /** `name` labels its log; `args` follow `run` (a fresh model cache is added). */
  constructor({ name, args }) {
    this.name = name;
    this.cacheDir = mkdtempSync(join(tmpdir(), `lever-provider-${name}-`));
    this.args = ['run', '--cache-dir', this.cacheDir, ...args];
    this.log = [];
  }

  start() {
    this.proc = spawn(providerBinary(), this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk) => {
      for (const line of chunk.toString().split('\n')) if (line) this.log.push(line);
    };
    this.proc.stdout.on('data', keep);
    this.proc.stderr.on('data', keep);
    this.exited = new Promise((r) => this.proc.on('exit', (code, signal) => r({ code, signal })));
    return this;
  }

  /** Resolves with the first log line matching `pattern` (waiting up to `timeoutMs`). */
  async waitFor(pattern, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const line = this.log.find((l) => pattern.test(l));
      if (line) return line;
      if (this.proc.exitCode !== null) throw new Error(`${this.name} exited (${this.proc.exitCode}) before logging ${pattern}:\n${this.tail()}`);
      await sleep(100);
    }
    throw new Error(`${this.name} did not log ${pattern} in ${timeoutMs} ms:\n${this.tail()}`);
  }

  tail(lines = 80) {
    return this.log.slice(-lines).map((l) => `  [${this.name}] ${l}`).join('\n');
  }

  /** Ctrl-C; resolves with how it exited (SIGKILL after 10 s). */
  async stop() {
    if (!this.proc || this.proc.exitCode !== null || this.proc.signalCode !== null) return this.exited;
    this.proc.kill('SIGINT');
    const timeout = sleep(10_000).then(() => 'timeout');
    if (await Promise.race([this.exited, timeout]) === 'timeout') this.proc.kill('SIGKILL');
    return this.exited;
  }
}

// lever-node's subcommands on a chain kept under --base-path: export-blocks, import-blocks into a
// fresh base path, check-block, purge-chain, and chain specs from the runtime's presets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LeverNode, nodeBinary, withLog } from '../lib/node.mjs';

const run = (args) => promisify(execFile)(nodeBinary(), args, { maxBuffer: 64 << 20 });

test('export-blocks, import-blocks, check-block and purge-chain work on a persisted chain', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lever-sub-'));
  const [chainA, chainB, file] = [join(dir, 'a'), join(dir, 'b'), join(dir, 'blocks.json')];

  // A chain with a few blocks, sealed every 100 ms and kept on disk.
  const node = new LeverNode({ name: 'persisted', args: ['--dev', '--sealing', '100', '--base-path', chainA], tmp: false });
  await node.start();
  await withLog(node, async () => {
    const api = await node.api();
    const deadline = Date.now() + 30_000;
    while ((await api.rpc.chain.getHeader()).number.toNumber() < 5 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
  })({ name: 'seal five blocks' });
  await node.stop();

  await run(['export-blocks', '--dev', '--base-path', chainA, '--from', '1', file]);
  const exported = readFileSync(file, 'utf8');
  assert.ok(exported.length > 0);

  const { stderr: imported } = await run(['import-blocks', '--dev', '--sealing', 'instant', '--base-path', chainB, file]);
  const count = Number(/Imported (\d+) blocks/.exec(imported)?.[1]);
  assert.ok(count >= 5, `imported ${count} blocks:\n${imported}`);

  const { stdout: checked } = await run(['check-block', '--dev', '--sealing', 'instant', '--base-path', chainA, '3']);
  assert.match(checked, /Completed in/);

  const db = join(chainA, 'chains', 'lever_dev', 'paritydb');
  assert.ok(existsSync(db));
  await run(['purge-chain', '--dev', '--base-path', chainA, '-y']);
  assert.ok(!existsSync(db), 'purge-chain removes the database');
});

test('build-spec and export-chain-spec give the runtime presets', async () => {
  const { stdout: dev } = await run(['build-spec', '--dev']);
  const spec = JSON.parse(dev);
  assert.equal(spec.id, 'lever_dev');
  assert.equal(spec.properties.tokenSymbol, 'LEV');
  const patch = spec.genesis.runtimeGenesis.patch;
  assert.deepEqual(Object.keys(patch).sort(), ['assetConversion', 'assets', 'aura', 'balances', 'grandpa', 'inference', 'lending', 'oracle', 'origins', 'riskCouncilMembership', 'sudo']);
  assert.deepEqual(patch.inference.paymentAssets, ['Native', { WithId: 1 }], 'LEV and USDT pay for inference');
  assert.equal(patch.aura.authorities.length, 1, 'one validator on dev');
  assert.equal(patch.oracle.feeders.length, 4, 'a quorum of three and one spare');
  assert.ok(patch.oracle.assets.every((a) => a.reference && a.config.minPrice && a.config.recoveryPeriod), 'named oracle assets with reference and bounds');
  assert.equal(patch.lending.markets.length, 5, 'LEV, USDT, USDC, WETH and WBTC markets');
  assert.equal(patch.origins.periods, 'Dev', 'the dev chain runs short governance periods');
  assert.equal(patch.riskCouncilMembership.members.length, 3, 'a risk council of three');
  const { stdout: local } = await run(['export-chain-spec', '--chain', 'local']);
  const localSpec = JSON.parse(local);
  assert.equal(localSpec.id, 'lever_local');
  assert.equal(localSpec.genesis.runtimeGenesis.patch.aura.authorities.length, 2, 'Alice and Bob');
  assert.equal(localSpec.genesis.runtimeGenesis.patch.sudo.key, null, 'no sudo on the local testnet');
  assert.equal(localSpec.genesis.runtimeGenesis.patch.origins.periods, 'Production');
});

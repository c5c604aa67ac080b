// `--chain local`: Alice and Bob, two processes on one machine, author with Aura and finalize
// with GRANDPA together. Real consensus, so this test waits for real 6-second slots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LeverNode, withLog, freePort, peerIdOf } from '../lib/node.mjs';

const ALICE_NODE_KEY = '0000000000000000000000000000000000000000000000000000000000000001';
const BOB_NODE_KEY = '0000000000000000000000000000000000000000000000000000000000000002';

let alice, bob;

before(async () => {
  const alicePort = await freePort();
  const alicePeer = peerIdOf(ALICE_NODE_KEY);
  alice = new LeverNode({ name: 'alice', args: ['--chain', 'local', '--alice', '--node-key', ALICE_NODE_KEY] });
  bob = new LeverNode({
    name: 'bob',
    args: ['--chain', 'local', '--bob', '--node-key', BOB_NODE_KEY,
      '--bootnodes', `/ip4/127.0.0.1/tcp/${alicePort}/p2p/${alicePeer}`],
  });
  await alice.start({ p2pPort: alicePort });
  await bob.start();
});

after(async () => {
  await bob?.stop();
  await alice?.stop();
});

test('two --chain local validators produce and finalize blocks together', withLog(() => [alice, bob], async () => {
  const [apiA, apiB] = [await alice.api(), await bob.api()];
  const finalized = async (api) => (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
  const deadline = Date.now() + 150_000;
  let a = 0, b = 0;
  while (Date.now() < deadline) {
    [a, b] = [await finalized(apiA), await finalized(apiB)];
    if (a >= 3 && b >= 3) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  assert.ok(a >= 3 && b >= 3, `both nodes finalize past block 3 (alice ${a}, bob ${b})`);

  const peers = (await apiA.rpc.system.peers()).length;
  assert.ok(peers >= 1, 'alice sees bob as a peer');
  const hashA = await apiA.rpc.chain.getBlockHash(3);
  const hashB = await apiB.rpc.chain.getBlockHash(3);
  assert.equal(hashA.toHex(), hashB.toHex(), 'both agree on block 3');
}));

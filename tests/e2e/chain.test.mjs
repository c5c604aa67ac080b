// The chain foundation, end to end: a dev node with instant sealing, driven by @polkadot/api
// with no custom type definitions, the way polkadot.js Apps and dapps use it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex, compactAddLength } from '@polkadot/util';
import { LeverNode, withLog } from '../lib/node.mjs';
import { submit, eventsOf } from '../lib/tx.mjs';

const UNIT = 10n ** 12n;
const ASSETS = [
  { id: 1, name: 'Tether USD', symbol: 'USDT', decimals: 6, perAccount: 1_000_000n },
  { id: 2, name: 'USD Coin', symbol: 'USDC', decimals: 6, perAccount: 1_000_000n },
  { id: 3, name: 'Wrapped Ether', symbol: 'WETH', decimals: 18, perAccount: 100n },
  { id: 4, name: 'Wrapped BTC', symbol: 'WBTC', decimals: 8, perAccount: 10n },
];
const USDT = { WithId: 1 };
const WETH = { WithId: 3 };

const node = new LeverNode({ name: 'dev' });
let api;
let alice, bob, charlie, dave, eve, ferdie;

before(async () => {
  await cryptoWaitReady();
  await node.start();
  api = await node.api();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  [alice, bob, charlie, dave, eve, ferdie] =
    ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'].map((n) => keyring.addFromUri(`//${n}`));
});

after(async () => {
  await node.stop();
});

const bestNumber = async () => (await api.rpc.chain.getHeader()).number.toNumber();

test('metadata lists every pallet and runtime API', withLog(node, async () => {
  const pallets = api.runtimeMetadata.asLatest.pallets.map((p) => p.name.toString());
  for (const name of ['System', 'Timestamp', 'Aura', 'Grandpa', 'Balances', 'TransactionPayment',
    'Assets', 'PoolAssets', 'AssetConversion', 'Utility', 'Sudo', 'Oracle']) {
    assert.ok(pallets.includes(name), `pallet ${name} in ${pallets}`);
  }
  const apis = api.runtimeMetadata.asLatest.apis.map((a) => a.name.toString());
  for (const name of ['Core', 'Metadata', 'BlockBuilder', 'TaggedTransactionQueue', 'OffchainWorkerApi',
    'AuraApi', 'GrandpaApi', 'SessionKeys', 'AccountNonceApi', 'TransactionPaymentApi',
    'TransactionPaymentCallApi', 'GenesisBuilder', 'AssetConversionApi', 'RuntimeViewFunction',
    'OracleApi']) {
    assert.ok(apis.includes(name), `runtime API ${name} in ${apis}`);
  }
  const versions = (await api.call.metadata.metadataVersions()).map((v) => v.toNumber());
  assert.ok(versions.includes(15) && versions.includes(16), `metadata versions ${versions}`);
  assert.equal(api.runtimeVersion.specName.toString(), 'lever');
  const props = await api.rpc.system.properties();
  assert.equal(props.tokenSymbol.unwrap()[0].toString(), 'LEV');
  assert.equal(props.tokenDecimals.unwrap()[0].toNumber(), 12);
}));

test('a transfer lands and its event decodes', withLog(node, async () => {
  const amount = 12n * UNIT;
  const before = (await api.query.system.account(bob.address)).data.free.toBigInt();
  const { events, dispatchError } = await submit(api, api.tx.balances.transferKeepAlive(bob.address, amount), alice);
  assert.equal(dispatchError, null);
  const [transfer] = eventsOf(events, 'balances', 'Transfer');
  assert.ok(transfer, 'a Balances.Transfer event');
  assert.equal(transfer.data.from.toString(), alice.address);
  assert.equal(transfer.data.to.toString(), bob.address);
  assert.equal(transfer.data.amount.toBigInt(), amount);
  assert.equal(eventsOf(events, 'transactionPayment', 'TransactionFeePaid').length, 1);
  const after = (await api.query.system.account(bob.address)).data.free.toBigInt();
  assert.equal(after - before, amount);
}));

test('a failing extrinsic yields a decoded module error', withLog(node, async () => {
  const tooMuch = 10n ** 30n;
  const before = (await api.query.assets.account(1, dave.address)).unwrap().balance.toBigInt();
  const { events, dispatchError } = await submit(api, api.tx.assets.transfer(1, eve.address, tooMuch), charlie);
  assert.deepEqual(
    { section: dispatchError.section, name: dispatchError.name },
    { section: 'assets', name: 'BalanceLow' },
  );
  assert.ok(dispatchError.docs.length > 0, 'the error carries its docs');
  assert.equal(eventsOf(events, 'system', 'ExtrinsicFailed').length, 1);
  const after = (await api.query.assets.account(1, dave.address)).unwrap().balance.toBigInt();
  assert.equal(after, before);
}));

test('dev accounts hold the test assets with the right metadata', withLog(node, async () => {
  for (const asset of ASSETS) {
    const meta = await api.query.assets.metadata(asset.id);
    assert.equal(meta.name.toUtf8(), asset.name);
    assert.equal(meta.symbol.toUtf8(), asset.symbol);
    assert.equal(meta.decimals.toNumber(), asset.decimals);
    const details = (await api.query.assets.asset(asset.id)).unwrap();
    assert.equal(details.status.toString(), 'Live');
    for (const who of [dave, eve, ferdie]) {
      const account = (await api.query.assets.account(asset.id, who.address)).unwrap();
      assert.equal(account.balance.toBigInt(), asset.perAccount * 10n ** BigInt(asset.decimals), `${asset.symbol} of ${who.address}`);
    }
  }
}));

test('a DEX swap with a reachable min-out lands; an impossible one fails cleanly', withLog(node, async () => {
  const amountIn = 3_000n * 10n ** 6n; // 3,000 USDT
  const quote = (await api.call.assetConversionApi.quotePriceExactTokensForTokens(USDT, WETH, amountIn, true)).unwrap().toBigInt();
  assert.ok(quote > 99n * 10n ** 16n && quote < 10n ** 18n, `3,000 USDT buy a little under 1 WETH, got ${quote}`);

  const wethOf = async (who) => (await api.query.assets.account(3, who.address)).unwrap().balance.toBigInt();
  const usdtOf = async (who) => (await api.query.assets.account(1, who.address)).unwrap().balance.toBigInt();

  const weth0 = await wethOf(eve);
  const ok = await submit(api, api.tx.assetConversion.swapExactTokensForTokens([USDT, WETH], amountIn, quote * 99n / 100n, eve.address, true), eve);
  assert.equal(ok.dispatchError, null);
  const [swap] = eventsOf(ok.events, 'assetConversion', 'SwapExecuted');
  assert.ok(swap, 'a SwapExecuted event');
  assert.equal(swap.data.amountIn.toBigInt(), amountIn);
  assert.equal((await wethOf(eve)) - weth0, swap.data.amountOut.toBigInt());

  const [usdt1, weth1] = [await usdtOf(ferdie), await wethOf(ferdie)];
  const bad = await submit(api, api.tx.assetConversion.swapExactTokensForTokens([USDT, WETH], amountIn, 2n * 10n ** 18n, ferdie.address, true), ferdie);
  assert.deepEqual(
    { section: bad.dispatchError.section, name: bad.dispatchError.name },
    { section: 'assetConversion', name: 'ProvidedMinimumNotSufficientForSwap' },
  );
  assert.equal(await usdtOf(ferdie), usdt1, 'no USDT moved');
  assert.equal(await wethOf(ferdie), weth1, 'no WETH moved');
}));

test('malformed, forged and unknown-call extrinsics are rejected; blocks go on', withLog(node, async () => {
  const start = await bestNumber();

  // Garbage bytes.
  const garbage = await node.rawRpc('author_submitExtrinsic', ['0xdeadbeef']);
  assert.ok(garbage.error, `garbage rejected: ${JSON.stringify(garbage)}`);
  assert.match(garbage.error.message, /decode/i);

  // A bad signature: a valid signed remark whose signature bytes are flipped.
  const remark = api.tx.system.remark('0x');
  await remark.signAsync(alice, { nonce: -1 });
  const signed = remark.toU8a();
  const forged = new Uint8Array(signed);
  // Layout: compact length | version | address (0x00 + 32 bytes) | signature (0x01 + 64 bytes) | ...
  const lenBytes = [1, 2, 4][signed[0] & 3];
  const sigStart = lenBytes + 1 + 33 + 1;
  forged[sigStart + 10] ^= 0xff;
  const badSig = await node.rawRpc('author_submitExtrinsic', [u8aToHex(forged)]);
  assert.ok(badSig.error, `bad signature rejected: ${JSON.stringify(badSig)}`);
  assert.equal(badSig.error.code, 1010, 'an invalid transaction');
  assert.match(badSig.error.data, /bad signature/);

  // An unknown call index: a bare (version 4) extrinsic calling pallet 99, call 0.
  const unknownCall = u8aToHex(compactAddLength(new Uint8Array([0x04, 99, 0])));
  const unknown = await node.rawRpc('author_submitExtrinsic', [unknownCall]);
  assert.ok(unknown.error, `unknown call rejected: ${JSON.stringify(unknown)}`);
  // The runtime cannot decode the call: the pool's verification fails (code 1002).
  assert.equal(unknown.error.code, 1002);

  // A signed extrinsic whose call index is unknown: the empty remark's call bytes (0x00 0x00 0x00)
  // end the extrinsic; point them at pallet 99.
  const signedUnknown = new Uint8Array(signed);
  signedUnknown[signedUnknown.length - 3] = 99;
  const unknownSigned = await node.rawRpc('author_submitExtrinsic', [u8aToHex(signedUnknown)]);
  assert.ok(unknownSigned.error, `signed unknown call rejected: ${JSON.stringify(unknownSigned)}`);
  assert.equal(unknownSigned.error.code, 1002);

  // Malformed RPC itself: wrong params.
  const wrongParams = await node.rawRpc('author_submitExtrinsic', [42, 'x']);
  assert.ok(wrongParams.error);

  // The node is alive and still producing blocks.
  const { dispatchError } = await submit(api, api.tx.balances.transferKeepAlive(charlie.address, UNIT), bob);
  assert.equal(dispatchError, null);
  assert.ok((await bestNumber()) > start, 'a new block after the rejections');
}));

test('engine_createBlock seals on demand and blocks are final at once', withLog(node, async () => {
  const before = await bestNumber();
  const created = await node.rawRpc('engine_createBlock', [true, true, null]);
  assert.ok(created.result?.hash, `created: ${JSON.stringify(created)}`);
  const after = await bestNumber();
  assert.equal(after, before + 1);
  const finalized = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
  assert.equal(finalized.number.toNumber(), after);
  // Chain time advances at least one slot (6 s) per block.
  const t1 = (await api.query.timestamp.now()).toBigInt();
  await node.rawRpc('engine_createBlock', [true, true, null]);
  const t2 = (await api.query.timestamp.now()).toBigInt();
  assert.ok(t2 - t1 >= 6000n, `timestamps ${t1} → ${t2}`);
}));

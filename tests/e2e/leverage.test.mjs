// Leverage through the DEX, end to end over RPC: a 3× long WETH opened in one call, the price
// up 10% on the oracle and in the pool, the equity up about 30%, the position closed to the
// wallet; a short that gains when the price falls; and a crash after which the node's off-chain
// worker liquidates an account through the DEX with no signed transaction from anyone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withLog } from '../lib/node.mjs';
import { startDevChain } from '../lib/devchain.mjs';
import { accountView, positionOf } from '../lib/lending.mjs';
import { submit, eventsOf } from '../lib/tx.mjs';

let chain, node, api, accounts, USDT, WETH, usdt, weth, prices;

async function ok(tx, who) {
  const outcome = await submit(api, tx, who);
  assert.equal(outcome.dispatchError, null, JSON.stringify(outcome.dispatchError));
  return outcome;
}

/** Equity (collateral − debt, USD) of an account, from `LendingApi`. */
async function equity(who) {
  const view = await accountView(api, who.address);
  return Number(view.collateralValue) - Number(view.debtValue);
}

/**
 * Moves WETH to `price` USD on the oracle (every feeder) and in the WETH/USDT pool (`trader`
 * swaps the pool there, as arbitrage would).
 */
async function moveWeth(price, trader) {
  prices = { ...prices, WETH: price };
  await chain.feedAll(prices);
  const reserves = (await api.call.assetConversionApi.getReserves(USDT, WETH)).unwrap();
  const [u, w] = [Number(reserves[0].toBigInt()), Number(reserves[1].toBigInt())];
  const raw = (price * 1e6) / 1e18; // USDT units per WETH unit
  const k = u * w;
  const [path, amountIn] = u / w < raw
    ? [[USDT, WETH], BigInt(Math.floor((Math.sqrt(k * raw) - u) / 0.997))]
    : [[WETH, USDT], BigInt(Math.floor((Math.sqrt(k / raw) - w) / 0.997))];
  const { blockHash } = await ok(api.tx.assetConversion.swapExactTokensForTokens(path, amountIn, 1, trader.address, false), trader);
  // The pool as the swap left it (the off-chain worker may trade right after).
  const at = await api.at(blockHash);
  const after = (await at.call.assetConversionApi.getReserves(USDT, WETH)).unwrap();
  const poolPrice = (Number(after[0].toBigInt()) / Number(after[1].toBigInt())) / raw * price;
  assert.ok(Math.abs(poolPrice / price - 1) < 0.002, `pool at ${poolPrice}, oracle at ${price}`);
}

async function balanceOf(asset, who) {
  const account = await api.query.assets.account(asset.WithId, who.address);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
}

before(async () => {
  chain = await startDevChain({ name: 'leverage' });
  ({ node, api, accounts } = chain);
  [USDT, WETH] = [chain.assets.USDT.kind, chain.assets.WETH.kind];
  [usdt, weth] = [chain.assets.USDT.units, chain.assets.WETH.units];
  prices = chain.prices;
  await chain.feedAll(prices);
  // Bob lends the markets their cash.
  await ok(api.tx.lending.supply(USDT, usdt(200_000)), accounts.bob);
  await ok(api.tx.lending.supply(WETH, weth(50)), accounts.bob);
});

after(async () => {
  await chain?.stop();
});

test('a 3× long gains about 30% on a 10% move and closes to the wallet', withLog(() => node, async () => {
  const { alice, eve } = accounts;
  const start = await balanceOf(WETH, alice);
  // 1 WETH of equity at $3,000, 6,000 USDT borrowed and sold for ≈ 1.99 WETH: ≈ 3 WETH long.
  const { events } = await ok(api.tx.lending.leverage(WETH, USDT, weth(1), usdt(6_000), weth('1.9')), alice);
  const [opened] = eventsOf(events, 'lending', 'Leveraged');
  assert.ok(opened, 'Leveraged');
  const [traded] = eventsOf(events, 'lending', 'DexTraded');
  assert.deepEqual(traded.data.route.toJSON().map((a) => JSON.stringify(a).toLowerCase()),
    [USDT, WETH].map((a) => JSON.stringify({ withId: a.WithId }).toLowerCase()));
  assert.equal(await balanceOf(WETH, alice), start - weth(1));
  const view = await accountView(api, alice.address);
  assert.equal(positionOf(view, USDT.WithId).debt, usdt(6_000));
  assert.ok(positionOf(view, WETH.WithId).supplied > weth('2.98'));
  const before = await equity(alice);
  assert.ok(before > 2_950 && before < 3_000, `equity ${before}`);

  await moveWeth(3_300, eve);
  const after = await equity(alice);
  const gain = after / before - 1;
  assert.ok(gain > 0.28 && gain < 0.31, `equity ${before} → ${after}: ${(gain * 100).toFixed(2)}%`);

  // Close: buy the whole debt with WETH, repay, take the rest.
  const closed = await ok(api.tx.lending.closePosition(WETH, USDT, weth('2.5')), alice);
  assert.equal(eventsOf(closed.events, 'lending', 'Deleveraged').length, 1);
  const back = await balanceOf(WETH, alice) - (start - weth(1));
  // ≈ $3,850 of equity at $3,300 ≈ 1.167 WETH.
  assert.ok(back > weth('1.15') && back < weth('1.18'), `${back}`);
  const closedView = await accountView(api, alice.address);
  assert.equal(positionOf(closedView, USDT.WithId), undefined);
  assert.equal(positionOf(closedView, WETH.WithId), undefined);
}));

test('a short gains when the price falls', withLog(() => node, async () => {
  const { charlie, eve } = accounts;
  const start = await balanceOf(USDT, charlie);
  // 3,300 USDT of equity, 2 WETH borrowed and sold for USDT collateral.
  await ok(api.tx.lending.leverage(USDT, WETH, usdt(3_300), weth(2), usdt(6_400)), charlie);
  await moveWeth(2_970, eve);
  await ok(api.tx.lending.closePosition(USDT, WETH, usdt(10_000)), charlie);
  const back = (await balanceOf(USDT, charlie)) - (start - usdt(3_300));
  // ≈ $3,300 + 2 × $330, less two trades' fees and impact.
  assert.ok(back > usdt(3_850) && back < usdt(3_960), `${back}`);
}));

test('a trade against a pool pushed off the oracle is refused and changes nothing', withLog(() => node, async () => {
  const { charlie, ferdie } = accounts;
  const before = await accountView(api, charlie.address);
  // The pool 10% above the oracle: no leverage is taken at that price.
  const reserves = (await api.call.assetConversionApi.getReserves(USDT, WETH)).unwrap();
  const pushIn = reserves[0].toBigInt() / 20n;
  await ok(api.tx.assetConversion.swapExactTokensForTokens([USDT, WETH], pushIn, 1, ferdie.address, false), ferdie);
  const refused = await submit(api, api.tx.lending.leverage(WETH, USDT, weth(1), usdt(3_000), 0), charlie);
  assert.equal(refused.dispatchError?.name, 'DexPriceOffOracle');
  assert.deepEqual(await accountView(api, charlie.address), before);
  // Arbitrage brings it back.
  await moveWeth(2_970, ferdie);
}));

test('after a crash the off-chain worker liquidates through the DEX, unsigned', withLog(() => node, async () => {
  const { dave, ferdie } = accounts;
  // Dave: 10 WETH ($29,700) of collateral, 22,000 USDT of debt (health 1.08).
  await ok(api.tx.lending.supply(WETH, weth(10)), dave);
  await ok(api.tx.lending.enableCollateral(WETH), dave);
  await ok(api.tx.lending.borrow(USDT, usdt(22_000)), dave);
  const healthy = await accountView(api, dave.address);
  assert.ok(healthy.healthFactor > 1.07, `${healthy.healthFactor}`);

  // Watch every new block's events from here.
  const seen = [];
  const unsub = await api.rpc.chain.subscribeNewHeads(async (header) => {
    const hash = header.hash;
    const [block, events] = await Promise.all([api.rpc.chain.getBlock(hash), api.query.system.events.at(hash)]);
    seen.push({ block, events });
  });
  try {
    // WETH −15% to $2,524.5 on the oracle and in the pool: health 0.92.
    await moveWeth(2_524.5, ferdie);
    const deadline = Date.now() + 60_000;
    let found;
    while (!found && Date.now() < deadline) {
      for (const { block, events } of seen) {
        const record = events.find(({ event }) => event.section === 'lending' && event.method === 'LiquidatedThroughDex');
        if (record) found = { block, record };
      }
      if (!found) await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(found, 'the off-chain worker liquidated within a minute');
    const { block, record } = found;
    const data = record.event.data;
    assert.ok(data.keeper.isNone, 'no keeper: the off-chain worker');
    assert.equal(data.borrower.toString(), dave.address);
    // The extrinsic is unsigned: nobody signed it.
    const xt = block.block.extrinsics[record.phase.asApplyExtrinsic.toNumber()];
    assert.equal(xt.isSigned, false);
    assert.equal(`${xt.method.section}.${xt.method.method}`, 'lending.liquidateUnsigned');
    // Deeply unhealthy: the whole debt repaid from the sale; the excess stays Dave's.
    const view = await accountView(api, dave.address);
    assert.equal(positionOf(view, USDT.WithId), undefined, 'no debt left');
    const left = positionOf(view, WETH.WithId).supplied;
    assert.ok(left > weth('0.9') && left < weth(2), `${left}`);
    const repaid = data.repaid.toBigInt();
    assert.ok(repaid >= usdt(22_000) && repaid < usdt(22_001), `${repaid} (interest included)`);
    const sold = data.sold.toBigInt();
    assert.ok(sold > weth('8.7') && sold < weth(9), `${sold}`);
    // Healthy accounts were never touched.
    const liquidated = seen.flatMap(({ events }) => events.filter(({ event }) => event.section === 'lending' && event.method.startsWith('Liquidated')));
    assert.equal(liquidated.length, 1);
  } finally {
    unsub();
  }
}));

#!/usr/bin/env node
// Regenerates `workspace-hack/Cargo.toml`: the crate that makes the two builds of the test command
// share their dependencies.
//
// Why: cargo compiles a crate once per set of enabled features, and the features of a crate are
// the union of what the packages in *one* cargo command ask of it. The node's build
// (`-p lever-node -p lever-provider`) and the tests' build (`--workspace --exclude lever-node
// --exclude lever-provider --features runtime-benchmarks,try-runtime`; `BUILDS` below repeats
// both commands of scripts/test.sh, keep them alike) ask different features of about 110 shared crates
// (sp-core with `default`, tokio, hyper, ring, ...), so the tests' build compiled them again, and
// again everything above them: about 260 crates. The hack crate depends on each such crate with
// the union of the features both builds ask, and both commands build it, so each shared crate is
// compiled once. What the `runtime-benchmarks` and `try-runtime` features change (sp-runtime,
// FRAME, the pallets, and what depends on them) is left out: it differs on purpose and is
// compiled twice either way.
//
// Every feature the hack enables is one the other build enables already. In the node's build it
// adds two (measured from the unit graphs): bit-vec's `default` (`std`, already on) and
// matrixmultiply's `default` (its AVX-512 kernels, chosen at run time; used under tract's ndarray
// in the agent only) — the `lever-node` binary is compiled exactly as without the hack. Stale
// (after a dependency change), the hack only costs build time; run this script again then. It
// asks cargo for the unit graphs of both builds (`--unit-graph`, which needs a nightly cargo:
// `rustup toolchain install nightly --profile minimal`; nothing is compiled), starting from an
// empty hack, writes the hack and repeats until it no longer changes (a unified feature can bring
// new crates in), then prints what the tests' build still compiles that the node's build did not.
//
//   node scripts/workspace-hack.mjs           write workspace-hack/Cargo.toml
//   node scripts/workspace-hack.mjs --check   only report; exit 1 when it is not up to date
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = join(root, 'workspace-hack', 'Cargo.toml');
const HACK = 'lever-workspace-hack';

// The cargo commands of scripts/test.sh whose builds should share crates (the first is the
// node's build, which scripts/dev.sh runs too).
const BUILDS = [
	{ args: ['build', '--release', '-p', 'lever-node', '-p', 'lever-provider', '-p', HACK], env: {} },
	{
		args: ['test', '--release', '--workspace', '--exclude', 'lever-node', '--exclude', 'lever-provider', '--features', 'runtime-benchmarks,try-runtime'],
		env: { SKIP_WASM_BUILD: '1' },
	},
];
// Features that differ between the builds on purpose: crates asked for them are not unified.
const PURPOSEFUL = new Set(['runtime-benchmarks', 'try-runtime']);

function unitGraph({ args, env }) {
	const out = execFileSync('cargo', ['+nightly', ...args, '--unit-graph', '-Z', 'unstable-options'], {
		cwd: root,
		env: { ...process.env, ...env },
		maxBuffer: 1 << 30,
		encoding: 'utf8',
	});
	return JSON.parse(out);
}

// Each unit's context: `host` for build scripts, proc-macros and what they depend on (compiled
// for cargo itself to run), `target` for the rest. The hack's [build-dependencies] unify the
// first, its [dependencies] the second.
function contexts(graph) {
	const ctx = new Array(graph.units.length);
	const visit = (i, c) => {
		const unit = graph.units[i];
		const kinds = unit.target.kind;
		if ((kinds.includes('custom-build') && unit.mode === 'build') || kinds.includes('proc-macro')) c = 'host';
		if (ctx[i] === c || ctx[i] === 'host') return;
		ctx[i] = c;
		for (const dep of unit.dependencies) visit(dep.index, c);
	};
	for (const r of graph.roots) visit(r, 'target');
	return ctx;
}

// A unit's identity, as cargo decides whether it can reuse a compiled one: the package, target,
// mode, profile, features, and the identities of its dependencies.
function identities(graph) {
	const memo = new Array(graph.units.length);
	const id = (i) => {
		if (memo[i] !== undefined) return memo[i];
		const u = graph.units[i];
		const deps = u.dependencies.map((d) => id(d.index)).sort();
		const text = JSON.stringify([u.pkg_id, u.target.name, u.target.kind, u.mode, u.profile, u.features, deps]);
		memo[i] = createHash('sha256').update(text).digest('hex');
		return memo[i];
	};
	return graph.units.map((_, i) => id(i));
}

const isRegistry = (pkg) => pkg.startsWith('registry+');
const nameVersion = (pkg) => pkg.split('#').pop().split('@');

// Per (package, context): the features a build enables, for library units.
function featureSets(graph) {
	const ctx = contexts(graph);
	const sets = new Map();
	graph.units.forEach((u, i) => {
		if (u.mode !== 'build' || u.target.kind.includes('custom-build') || !isRegistry(u.pkg_id)) return;
		const key = `${ctx[i]} ${u.pkg_id}`;
		const set = sets.get(key) ?? new Set();
		u.features.forEach((f) => set.add(f));
		sets.set(key, set);
	});
	return sets;
}

// Packages the builds must compile differently: asked for a purposeful feature by the tests'
// build (`graph`) and not the node's, or depending there on such a package.
function purposefulPackages(graph, sets) {
	const driven = new Set();
	for (const [key, set] of sets[1]) {
		const other = sets[0].get(key) ?? new Set();
		if ([...set].some((f) => PURPOSEFUL.has(f) && !other.has(f))) driven.add(key.split(' ')[1]);
	}
	const memo = new Map();
	const tainted = (i) => {
		if (memo.has(i)) return memo.get(i);
		memo.set(i, false);
		const u = graph.units[i];
		const t = driven.has(u.pkg_id) || u.dependencies.some((d) => tainted(d.index));
		memo.set(i, t);
		return t;
	};
	const out = new Set();
	graph.units.forEach((u, i) => {
		if (tainted(i)) out.add(u.pkg_id);
	});
	return out;
}

function readHack() {
	const deps = { target: new Map(), host: new Map() };
	let section = null;
	for (const line of readFileSync(manifest, 'utf8').split('\n')) {
		if (line.startsWith('[')) section = line === '[dependencies]' ? 'target' : line === '[build-dependencies]' ? 'host' : null;
		const m = section && line.match(/^\S+ = \{ package = "([^"]+)", version = "([^"]+)".*features = \[(.*)\] \}$/);
		if (m) {
			const features = m[3] ? m[3].split(', ').map((f) => JSON.parse(f)) : [];
			deps[section].set(`${m[1]}@${m[2]}`, new Set(features));
		}
	}
	return deps;
}

function writeHack(deps) {
	const head = readFileSync(manifest, 'utf8').split('\n[dependencies]')[0];
	const section = (map) =>
		[...map.entries()]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([pkg, features]) => {
				const [name, version] = pkg.split('@');
				const alias = `${name}-${version}`.replace(/[^A-Za-z0-9_-]/g, '-');
				const list = [...features].sort().map((f) => JSON.stringify(f)).join(', ');
				return `${alias} = { package = "${name}", version = "${version}", default-features = false, features = [${list}] }`;
			})
			.join('\n');
	writeFileSync(manifest, `${head}\n[dependencies]\n${section(deps.target)}\n\n[build-dependencies]\n${section(deps.host)}\n`);
}

// One pass: the hack the current unit graphs call for (the current one, plus every feature by
// which the builds still differ on a shared, non-purposeful package).
function pass(deps) {
	const graphs = BUILDS.map(unitGraph);
	const sets = graphs.map(featureSets);
	const purposeful = purposefulPackages(graphs[1], sets);
	const next = { target: new Map(), host: new Map() };
	for (const c of ['target', 'host']) for (const [pkg, f] of deps[c]) next[c].set(pkg, new Set(f));
	for (const [key, b] of sets[1]) {
		const a = sets[0].get(key);
		const [c, pkgId] = key.split(' ');
		if (!a || purposeful.has(pkgId)) continue;
		const union = new Set([...a, ...b]);
		const pkg = nameVersion(pkgId).join('@');
		if (union.size === a.size && union.size === b.size && !next[c].has(pkg)) continue;
		const cur = next[c].get(pkg) ?? new Set();
		union.forEach((f) => cur.add(f));
		next[c].set(pkg, cur);
	}
	return { next, graphs };
}

const same = (x, y) =>
	['target', 'host'].every(
		(c) =>
			x[c].size === y[c].size &&
			[...x[c]].every(([pkg, f]) => y[c].has(pkg) && f.size === y[c].get(pkg).size && [...f].every((v) => y[c].get(pkg).has(v))),
	);

// From an empty hack, so that entries nothing needs any more (a crate gone, or bumped to a new
// version) are dropped rather than kept beside their successors.
const check = process.argv.includes('--check');
const original = readFileSync(manifest, 'utf8');
const written = readHack();
let deps = { target: new Map(), host: new Map() };
let result;
try {
	writeHack(deps);
	for (let round = 1; ; round++) {
		result = pass(deps);
		if (same(result.next, deps)) break;
		if (round === 8) throw new Error('the hack did not settle in 8 rounds');
		deps = result.next;
		writeHack(deps);
		console.log(`round ${round}: ${deps.target.size} target and ${deps.host.size} host crates unified`);
	}
} finally {
	if (check) writeFileSync(manifest, original);
}
if (check && !same(deps, written)) {
	console.log('workspace-hack/Cargo.toml is not up to date: run node scripts/workspace-hack.mjs');
	process.exit(1);
}

// What the tests' build compiles that the node's build did not.
const [a, b] = result.graphs.map(identities);
const built = new Set(a);
const again = new Map();
result.graphs[1].units.forEach((u, i) => {
	if (built.has(b[i]) || u.mode === 'run-custom-build') return;
	const [name] = nameVersion(u.pkg_id);
	again.set(name, (again.get(name) ?? 0) + 1);
});
console.log(
	`workspace-hack is up to date (${deps.target.size} target, ${deps.host.size} host crates); the tests' build compiles ` +
		`${[...again.values()].reduce((x, y) => x + y, 0)} units the node's build did not, of ${again.size} packages:`,
);
console.log([...again.keys()].sort().join(' '));

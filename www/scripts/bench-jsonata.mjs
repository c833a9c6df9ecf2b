#!/usr/bin/env node
// JSONata evaluations per second: ours (benches/jsonata.rs, native release) against the reference
// npm `jsonata` on the same cases (benches/jsonata-cases.json), and the ratio. A benchmark, not a test:
//   npm --prefix www run bench:jsonata [-- NAME...]   both sides, then the table (cases whose name
//                                                     contains every NAME)
//   node www/scripts/bench-jsonata.mjs --update       regenerates the file's input and every case's
//                                                     expected result (computed by npm jsonata)
//
// Both sides compile each expression once, then time batches of evaluations sized to ~0.3 s, best of
// 3, and check the result against `expected` first. A case with "states": true is evaluated with
// $states = {"input": input} bound as well, as Step Functions binds it. jsonata 2.x evaluates
// asynchronously (each step is an async function), so each evaluation here is awaited, as users do.
import jsonata from 'jsonata';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const FILE = join(ROOT, 'benches/jsonata-cases.json');
const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith('--'));
const data = JSON.parse(readFileSync(FILE, 'utf8'));

if (args.includes('--update')) {
  data.input = order(500);
  for (const c of data.cases) c.expected = await evaluate(jsonata(c.expr), c);
  const { items, ...head } = data.input;
  const lines = (xs) => xs.map((x) => `    ${JSON.stringify(x)}`).join(',\n');
  // One case, and one order line, per line: readable, and small diffs.
  const input = `${JSON.stringify(head).slice(0, -1)}, "items": [\n${lines(items)}\n  ]}`;
  writeFileSync(FILE, `{\n  "cases": [\n${lines(data.cases)}\n  ],\n  "input": ${input}\n}\n`);
  console.log(`wrote ${FILE}`);
  process.exit(0);
}

const cases = data.cases.filter((c) => filters.every((f) => c.name.includes(f)));
const ours = runCargo();
const npm = {};
console.log(`npm jsonata ${createRequire(import.meta.url)('jsonata/package.json').version}`);
for (const c of cases) {
  const expr = jsonata(c.expr);
  const got = await evaluate(expr, c);
  if (!isDeepStrictEqual(got, c.expected)) {
    throw new Error(`${c.name}: npm jsonata gives ${JSON.stringify(got)}, not the expected result`);
  }
  const vars = bindings(c);
  const { n, best } = await measure(() => expr.evaluate(data.input, vars));
  npm[c.name] = n / best;
  console.log(`${c.name.padEnd(20)} ${String(n).padStart(8)} evals ${(best * 1000).toFixed(1).padStart(8)} ms ${npm[c.name].toFixed(0).padStart(12)} evals/s`);
}

const fmt = (x) => Math.round(x).toLocaleString('en-US');
console.log(`\n${'case'.padEnd(20)} ${'ours evals/s'.padStart(14)} ${'npm evals/s'.padStart(13)} ${'ours/npm'.padStart(9)}`);
const ratios = cases.map((c) => {
  const ratio = ours[c.name] / npm[c.name];
  console.log(`${c.name.padEnd(20)} ${fmt(ours[c.name]).padStart(14)} ${fmt(npm[c.name]).padStart(13)} ${ratio.toFixed(1).padStart(8)}x`);
  return ratio;
});
const geomean = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
console.log(`${'geometric mean'.padEnd(49)} ${geomean.toFixed(1).padStart(8)}x`);

function bindings(c) {
  return c.states ? { states: { input: data.input } } : undefined;
}

// The result as plain JSON, as ours answers it (jsonata-js marks arrays with extra properties).
async function evaluate(expr, c) {
  const result = await expr.evaluate(data.input, bindings(c));
  if (result === undefined) throw new Error(`${c.name}: the result is undefined`);
  return JSON.parse(JSON.stringify(result));
}

// Doubles a batch until it takes 50 ms (warming the JIT up), sizes it to ~0.3 s, then best of 3.
async function measure(run) {
  const time = async (n) => {
    const start = performance.now();
    for (let i = 0; i < n; i++) await run();
    return (performance.now() - start) / 1000;
  };
  let n = 1;
  let t;
  while ((t = await time(n)) < 0.05) n *= 2;
  n = Math.max(1, Math.round((n * 0.3) / t));
  let best = Infinity;
  for (let i = 0; i < 3; i++) best = Math.min(best, await time(n));
  return { n, best };
}

// Our side: its evaluations/s by case name, from `cargo bench`'s lines (echoed as they are).
function runCargo() {
  const r = spawnSync('cargo', ['bench', '--bench', 'jsonata', '--', ...filters], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`cargo bench --bench jsonata failed (${r.error ?? `exit ${r.status}`})`);
  process.stdout.write(r.stdout);
  const rates = {};
  for (const [, name, rate] of r.stdout.matchAll(/^(\S+) .* (\d+) evals\/s$/gm)) rates[name] = Number(rate);
  return rates;
}

// A deterministic order of `count` lines (the MINSTD generator, exact in doubles).
function order(count) {
  let seed = 20240501;
  const int = (n) => (seed = (seed * 48271) % 2147483647) % n;
  const pick = (xs) => xs[int(xs.length)];
  const colours = ['Red', 'Blue', 'Green', 'Black', 'White', 'Silver'];
  const materials = ['Steel', 'Brass', 'Oak', 'Nylon', 'Copper', 'Ceramic', 'Glass'];
  const things = ['Bracket', 'Hinge', 'Bowl', 'Clamp', 'Lamp', 'Shelf', 'Valve', 'Spoon'];
  const tags = ['fragile', 'heavy', 'gift', 'eco', 'imported', 'sale'];
  const items = Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    sku: `SKU-${1000 + int(9000)}`,
    name: `${pick(colours)} ${pick(materials)} ${pick(things)}`,
    category: pick(['tools', 'garden', 'kitchen', 'office', 'lighting']),
    price: int(20000) / 100,
    quantity: 1 + int(10),
    discount: pick([0, 0.05, 0.1, 0.15]),
    status: pick(['pending', 'shipped', 'delivered', 'cancelled']),
    tags: Array.from({ length: 1 + int(3) }, () => pick(tags)),
  }));
  return {
    orderId: 'ORD-2024-000417',
    customer: { id: 'C-0042', name: 'Ada Lovelace', email: 'ada@example.com', tier: 'gold', region: 'eu-west-1' },
    minQuantity: 5,
    items,
  };
}

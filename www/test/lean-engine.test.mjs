// The two engine builds (www/pkg): the lean one, without the JSONata evaluator, must answer exactly
// as the full one for every definition the worker would give it (jsonata.ts says no JSONata), and
// refuse JSONata cleanly; the full one runs JSONata.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadTs } from '../scripts/load-ts.mjs';

const pkg = new URL('../pkg/', import.meta.url);
const corpus = new URL('../../../shared/corpus/aws-recorded/', import.meta.url);
const { needsJsonata } = await loadTs('engine/jsonata.ts');
const { examples } = await loadTs('examples/index.ts');
let full, lean;

async function load(name) {
  const wasm = new URL(`${name}_bg.wasm`, pkg);
  if (!existsSync(fileURLToPath(wasm)))
    throw new Error(`${fileURLToPath(wasm)} is missing: run \`npm --prefix www run build\` first`);
  const m = await import(new URL(`${name}.js`, pkg).href);
  m.initSync({ module: readFileSync(wasm) });
  return m;
}

before(async () => {
  full = await load('asl_sandbox');
  lean = await load('asl_sandbox_lean');
});

/** What an engine says of a definition: its diagnostics and its graph (or the graph's error). */
function answers(engine, definition) {
  let graph;
  try {
    graph = engine.graph(definition);
  } catch (e) {
    graph = `error: ${e.message}`;
  }
  return { diagnostics: engine.validate(definition), graph };
}

function run(engine, example) {
  const s = new engine.Session(example.definition, example.input, { mocks: example.mocks, express: example.express, seed: 7 });
  s.run(1_000_000);
  const result = { status: s.status(), describe: s.describe(), events: s.events(0, s.eventCount()) };
  s.free();
  return result;
}

test('the lean engine answers as the full one for every definition without JSONata', () => {
  const definitions = examples.map((e) => e.definition);
  if (existsSync(fileURLToPath(corpus)))
    for (const f of readdirSync(corpus).filter((f) => f.endsWith('.jsonl')))
      for (const line of readFileSync(new URL(f, corpus), 'utf8').split('\n').filter(Boolean)) {
        const { definition } = JSON.parse(line);
        if (definition) definitions.push(typeof definition === 'string' ? definition : JSON.stringify(definition, null, 2));
      }
  let jsonPath = 0;
  for (const d of definitions.filter((d) => !needsJsonata(d))) {
    assert.deepEqual(answers(lean, d), answers(full, d), d);
    jsonPath++;
  }
  assert.ok(jsonPath > 1000, `only ${jsonPath} JSONPath definitions were compared`);
});

test('gallery examples without JSONata run the same on both engines', () => {
  const plain = examples.filter((e) => !needsJsonata(e.definition) && !needsJsonata(e.mocks));
  assert.ok(plain.length >= 5);
  for (const e of plain) assert.deepEqual(run(lean, e), run(full, e), e.id);
});

test('JSONata: the worker picks the full engine, which runs it; the lean one refuses it cleanly', () => {
  const jsonata = examples.filter((e) => e.definition.includes('"JSONata"') || e.mocks.includes('{%'));
  assert.ok(jsonata.length >= 2);
  for (const e of jsonata) {
    assert.ok(needsJsonata(e.definition) || needsJsonata(e.mocks), e.id);
    assert.equal(run(full, e).status, 'SUCCEEDED', e.id);
  }
  const definition = examples.find((e) => e.id === 'order-jsonata').definition;
  assert.deepEqual(full.validate(definition), []);
  const refused = lean.validate(definition);
  assert.ok(refused.length > 0 && refused.every((d) => /no JSONata evaluator/.test(d.message)), JSON.stringify(refused));
  assert.throws(() => new lean.Session(definition, '{}', {}), (e) => !(e instanceof WebAssembly.RuntimeError));
  // The textual check: QueryLanguage or an expression anywhere; plain JSONPath does not trigger it.
  assert.ok(needsJsonata('{"QueryLanguage": "JSONata", "StartAt": "A"}'));
  assert.ok(needsJsonata('States:\n  A:\n    Output: "{% $states.input %}"'));
  assert.equal(needsJsonata('{"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$.a", "End": true}}}'), false);
});

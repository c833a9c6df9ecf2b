// The real wasm engine (www/pkg, built by `npm --prefix www run build`) called from Node through
// its wasm-bindgen API, as the Web Worker calls it (www/engine-api.md).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = new URL('../pkg/', import.meta.url);
const repo = new URL('../../', import.meta.url);
let engine;

before(async () => {
  const wasm = new URL('asl_sandbox_bg.wasm', pkg);
  if (!existsSync(fileURLToPath(wasm)))
    throw new Error(`${fileURLToPath(wasm)} is missing: run \`npm --prefix www run build\` first`);
  engine = await import(new URL('asl_sandbox.js', pkg).href);
  engine.initSync({ module: readFileSync(wasm) });
});

const example = (name, file) => readFileSync(new URL(`examples/${name}/${file}`, repo), 'utf8');

test('validate: AWS codes and the UTF-16 range of the located value', () => {
  const text = '{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"}}}';
  const diags = engine.validate(text);
  const missing = diags.find((d) => d.code === 'MISSING_TRANSITION_TARGET');
  assert.ok(missing, JSON.stringify(diags));
  assert.equal(missing.severity, 'ERROR');
  assert.equal(missing.location, '/States/A/Next');
  assert.match(text.slice(missing.from, missing.to), /Nowhere/);
  assert.deepEqual(engine.validate('{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}'), []);
  assert.ok(engine.validate('{"StartAt": ').length > 0, 'malformed JSON is a diagnostic, not an exception');
});

test('validate: YAML definitions too', () => {
  assert.deepEqual(engine.validate(example('human-approval', 'definition.yaml')), []);
});

test('graph: nodes with types, choice/default/catch edges', () => {
  const g = engine.graph(example('order-saga', 'definition.json'));
  const byId = Object.fromEntries(g.nodes.map((n) => [n.id, n]));
  assert.equal(byId.ReserveInventory.type, 'Task');
  assert.equal(byId.ReserveInventory.start, true);
  assert.equal(byId['ChargeApproved?'].type, 'Choice');
  assert.equal(byId.OrderShipped.end, true);
  const kinds = new Set(g.edges.map((e) => e.kind));
  for (const k of ['next', 'choice', 'default', 'catch']) assert.ok(kinds.has(k), `edge kind ${k} in ${JSON.stringify(g.edges)}`);
  const c = g.edges.find((e) => e.kind === 'catch');
  assert.deepEqual([c.from, c.to], ['ChargeCard', 'ReleaseInventory']);
  assert.throws(() => engine.graph('not a definition'), Error);
});

test('Session: the order saga example runs to SUCCEEDED with its mocks', () => {
  const s = new engine.Session(example('order-saga', 'definition.json'), example('order-saga', 'input.json'), {
    mocks: example('order-saga', 'mocks.json'),
    testCase: 'HappyPath',
    seed: 1,
  });
  assert.equal(s.run(1_000_000), 'DONE');
  assert.equal(s.status(), 'SUCCEEDED');
  const events = s.events(0, s.eventCount());
  assert.equal(events[0].type, 'ExecutionStarted');
  assert.equal(events.at(-1).type, 'ExecutionSucceeded');
  assert.equal(events.length, s.eventCount());
  // The one-day Wait is skipped instantly but shows on the virtual clock.
  const start = Date.parse(events[0].timestamp);
  assert.ok(Date.parse(events.at(-1).timestamp) - start >= 86_400_000);
  assert.equal(s.stateStatuses(s.eventCount()).ShipOrder, 'SUCCEEDED');
  assert.ok(JSON.parse(s.describe().output).shipment.trackingNumber);
  s.free();
});

test('Session: scripted mocks compute the answers; a malformed one is a readable load error', () => {
  const s = new engine.Session(example('scripted-mocks', 'definition.json'), example('scripted-mocks', 'input.json'), {
    mocks: example('scripted-mocks', 'mocks.json'),
  });
  assert.equal(s.run(1_000_000), 'DONE');
  assert.equal(s.status(), 'SUCCEEDED');
  assert.deepEqual(JSON.parse(s.describe().output), JSON.parse(example('scripted-mocks', 'expected-output.json')));
  s.free();
  assert.throws(
    () => new engine.Session('{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}', '{}', {
      mocks: '{"T": [{"Return": "{% 1 + %}"}]}',
    }),
    (e) => e instanceof Error && /^mocks: T\[0\]: Return: the JSONata expression '1 \+' does not parse: S0207/.test(e.message),
  );
});

test('Session: retries then catch, state statuses', () => {
  const s = new engine.Session(example('order-saga', 'definition.json'), example('order-saga', 'input.json'), {
    mocks: example('order-saga', 'mocks.json'),
    testCase: 'CardDeclined',
  });
  s.run(1_000_000);
  assert.equal(s.status(), 'FAILED');
  const types = s.events(0, s.eventCount()).map((e) => e.type);
  assert.equal(types.filter((t) => t === 'TaskFailed').length, 3, types.join(' '));
  const st = s.stateStatuses(s.eventCount());
  assert.equal(st.ChargeCard, 'CAUGHT');
  assert.equal(st.ReleaseInventory, 'SUCCEEDED');
  assert.equal(st.ShipOrder, undefined);
  const insp = s.inspection('ChargeCard', s.eventCount());
  assert.equal(insp.retries, 2);
  assert.equal(insp.error, 'CardDeclined');
  s.free();
});

test('Session: the JSONata gallery example records each field value and the variables', () => {
  const ex = JSON.parse(readFileSync(new URL('../src/examples/order-jsonata.json', import.meta.url), 'utf8'));
  const s = new engine.Session(ex.definition, ex.input, { mocks: ex.mocks });
  assert.equal(s.run(1_000_000), 'DONE');
  assert.equal(s.status(), 'SUCCEEDED', JSON.stringify(s.describe()));
  const upto = s.eventCount();
  const price = s.inspection('PriceOrder', upto);
  assert.equal(price.queryLanguage, 'JSONata');
  assert.equal(price.variables, undefined);
  assert.deepEqual(price.assigned, { orderId: 'ORD-20240117-0042', total: 108 });
  const charge = s.inspection('ChargeCard', upto);
  assert.deepEqual(charge.jsonata.Arguments.Payload, { orderId: 'ORD-20240117-0042', amount: 108, paymentMethodId: 'pm_1OkVn2Lk3x' });
  assert.deepEqual(charge.variables.reservations, ['RSV-5521', 'RSV-5522']);
  assert.equal(charge.assigned.chargeId, 'ch_3Ok9xQ2eZvKYlo2C');
  const choice = s.inspection('LargeOrder?', upto);
  assert.deepEqual(Object.entries(choice.jsonata), [
    ['Choices[0]/Condition', false],
    ['Choices[1]/Condition', true],
    ['Choices[1]/Assign', { shipping: 'consolidated' }],
  ]);
  const map = s.inspection('ReserveItems', upto);
  assert.deepEqual(map.jsonata['ItemSelector[1]'], { orderId: 'ORD-20240117-0042', sku: 'USB-C-CABLE-2M', quantity: 2 });
  assert.deepEqual(map.result, ['RSV-5521', 'RSV-5522']);
  s.free();
});

test('Session: step adds events one at a time', () => {
  const def = '{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","End":true}}}';
  const s = new engine.Session(def, '{}', {});
  let last = s.eventCount();
  let steps = 0;
  while (s.status() === 'RUNNING' && steps < 100) {
    assert.equal(s.step(), true);
    assert.ok(s.eventCount() > last, 'each step adds an event');
    last = s.eventCount();
    steps++;
  }
  assert.equal(s.status(), 'SUCCEEDED');
  assert.ok(steps >= 4, `${steps} steps`);
  // engine-api.md: step() is false once the execution is done.
  assert.equal(s.step(), false, 'step() after the end');
  assert.equal(s.eventCount(), last);
  s.free();
});

test('Session: a task token is answered through the API; snapshot/restore continues', () => {
  const s = new engine.Session(example('human-approval', 'definition.yaml'), example('human-approval', 'input.json'), {});
  assert.equal(s.run(1_000_000), 'BLOCKED');
  assert.equal(s.isBlocked(), true);
  assert.equal(s.status(), 'RUNNING');
  const [pending] = s.pendingTasks();
  assert.equal(pending.state, 'RequestApproval');
  const copy = engine.Session.restore(s.snapshot());
  s.sendTaskSuccess(pending.token, '{"approved": true, "approver": "ana@example.com", "comment": "ok"}');
  s.run(1_000_000);
  assert.equal(s.status(), 'SUCCEEDED');
  copy.sendTaskFailure(copy.pendingTasks()[0].token, 'Nope', 'declined');
  copy.run(1_000_000);
  assert.equal(copy.status(), 'FAILED');
  assert.equal(copy.describe().error, 'Nope');
  assert.throws(() => s.sendTaskSuccess('no-such-token', '{}'), Error);
  s.free();
  copy.free();
});

test('Session: errors are JS Errors with a readable message', () => {
  assert.throws(
    () => new engine.Session('{"StartAt":"A","States":{}}', '{}', {}),
    (e) => e instanceof Error && e.message.length > 0,
  );
  assert.throws(
    () => new engine.Session('{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}', '{not json', {}),
    (e) => e instanceof Error && e.message.length > 0,
  );
});

// History display helpers and the chunked event cache behind the virtualized table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTs } from '../scripts/load-ts.mjs';

const f = await loadTs('history/format.ts');
const { createEventStore } = await loadTs('history/store.ts');

const entered = { id: 2, previousEventId: 0, timestamp: '2024-01-01T00:00:00Z', type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'Charge', input: '{}' } };

test('events name their state through their details', () => {
  assert.equal(f.eventStateName(entered), 'Charge');
  assert.equal(f.eventStateName({ id: 3, previousEventId: 2, timestamp: '', type: 'TaskScheduled', taskScheduledEventDetails: { resource: 'x' } }), null);
});

test('the details summary is the one details object, clipped', () => {
  assert.equal(f.detailsSummary(entered), '{"name":"Charge","input":"{}"}');
  assert.equal(f.detailsSummary({ id: 1, previousEventId: 0, timestamp: '', type: 'ExecutionStarted' }), '');
  assert.equal(f.detailsSummary(entered, 10).length, 10);
});

test('durations use the two largest units', () => {
  assert.equal(f.formatDuration(0), '0ms');
  assert.equal(f.formatDuration(250), '250ms');
  assert.equal(f.formatDuration(6000), '6s');
  assert.equal(f.formatDuration(90_000), '1m 30s');
  assert.equal(f.formatDuration(86_400_000), '1d');
  assert.equal(f.formatDuration(93_600_000), '1d 2h');
  assert.equal(f.between('2024-01-01T00:00:00Z', '2024-01-02T00:00:06Z'), 86_406_000);
});

test('row tones follow the AWS event type suffix', () => {
  assert.equal(f.eventTone('TaskFailed'), 'failed');
  assert.equal(f.eventTone('ExecutionTimedOut'), 'failed');
  assert.equal(f.eventTone('ExecutionSucceeded'), 'succeeded');
  assert.equal(f.eventTone('PassStateEntered'), 'started');
  assert.equal(f.eventTone('TaskStateExited'), 'plain');
});

function fakeEngine(total) {
  const calls = [];
  const fetch = async (from, to) => {
    calls.push([from, to]);
    return Array.from({ length: Math.min(to, total) - from }, (_, i) => ({ id: from + i + 1 }));
  };
  return { calls, fetch };
}

test('the store fetches only the chunks that hold the rows asked for', async () => {
  const engine = fakeEngine(25_000);
  const store = createEventStore(engine.fetch);
  store.setCount(25_000);
  assert.equal(await store.load(12_000, 12_050), true);
  assert.deepEqual(engine.calls, [[12_000, 12_200]]);
  assert.equal(store.get(12_010).id, 12_011);
  assert.equal(store.get(0), undefined);
  assert.equal(await store.load(12_000, 12_050), false, 'held chunks are not fetched again');
  assert.equal(engine.calls.length, 1);
});

test('a chunk fetched while the history was shorter is completed when it grows', async () => {
  const engine = fakeEngine(150);
  const store = createEventStore(engine.fetch);
  store.setCount(100);
  await store.load(0, 100);
  store.setCount(150);
  assert.equal(await store.load(0, 150), true);
  assert.deepEqual(engine.calls, [[0, 100], [0, 150]]);
  assert.equal(store.get(149).id, 150);
});

test('clearing drops answers still on their way for the old execution', async () => {
  let release;
  const store = createEventStore(() => new Promise((resolve) => (release = resolve)));
  store.setCount(10);
  const pending = store.load(0, 10);
  store.clear();
  release([{ id: 1 }]);
  assert.equal(await pending, false);
  assert.equal(store.get(0), undefined);
  assert.equal(store.count, 0);
});

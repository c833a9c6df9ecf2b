// The shell's pure decisions: status labels, time-travel cursor moves, when a run starts afresh.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTs } from '../scripts/load-ts.mjs';

const s = await loadTs('state.ts');

const view = (over = {}) => ({
  status: 'RUNNING',
  blocked: false,
  now: '2024-01-01T00:00:00Z',
  nowMs: 0,
  eventCount: 5,
  describe: { startDate: '2024-01-01T00:00:00Z', input: '{}' },
  pending: [],
  statuses: {},
  ...over,
});

test('the status is AWS status, or WAITING while blocked on a task token', () => {
  assert.equal(s.statusLabel(null), 'NOT STARTED');
  assert.equal(s.statusLabel(view()), 'RUNNING');
  assert.equal(s.statusLabel(view({ blocked: true })), 'WAITING');
  assert.equal(s.statusLabel(view({ status: 'TIMED_OUT' })), 'TIMED_OUT');
});

test('the output shows the output, or error and cause', () => {
  assert.equal(s.outputText(view({ status: 'SUCCEEDED', describe: { output: '{"a":1}' } })), '{\n  "a": 1\n}');
  assert.equal(s.outputText(view({ status: 'FAILED', describe: { error: 'Card.Declined', cause: 'no funds' } })), 'error: Card.Declined\ncause: no funds');
  assert.match(s.outputText(view({ blocked: true, pending: [{}] })), /a task token/);
  assert.equal(s.outputText(view()), '');
});

test('engine state statuses map to the graph data-status names', () => {
  assert.equal(s.nodeStatus(undefined), 'not-run');
  assert.equal(s.nodeStatus('IN_PROGRESS'), 'in-progress');
  assert.equal(s.nodeStatus('CAUGHT'), 'caught');
  assert.equal(s.nodeStatus('CANCELLED'), 'cancelled');
});

test('time travel moves between the first and the latest event', () => {
  assert.equal(s.moveCursor(null, 0, -1), null, 'no history, nothing to show');
  assert.equal(s.moveCursor(null, 10, -1), 9, 'back from following the latest');
  assert.equal(s.moveCursor(1, 10, -1), 1, 'stops at the first event');
  assert.equal(s.moveCursor(8, 10, 1), 9);
  assert.equal(s.moveCursor(9, 10, 1), null, 'reaching the latest follows it again');
  assert.equal(s.moveCursor(null, 10, 1), null);
  assert.equal(s.shownEvent(null, 10), 10);
  assert.equal(s.shownEvent(4, 10), 4);
});

test('a run starts afresh when anything it was started from changed', () => {
  const ws = { definition: 'd', input: '{}', mocks: '', settings: { seed: 1, express: false, testCase: '' } };
  const key = s.runKey(ws);
  assert.equal(s.runKey(structuredClone(ws)), key);
  assert.notEqual(s.runKey({ ...ws, settings: { ...ws.settings, seed: 2 } }), key);
  assert.notEqual(s.runKey({ ...ws, mocks: '{}' }), key);
});

test('session options name a test case only when one is given', () => {
  const ws = { definition: 'd', input: '{}', mocks: 'm', settings: { seed: 7, express: true, testCase: '  ' } };
  assert.deepEqual(s.sessionOptions(ws), { seed: 7, express: true, mocks: 'm' });
  assert.equal(s.sessionOptions({ ...ws, settings: { ...ws.settings, testCase: 'HappyPath' } }).testCase, 'HappyPath');
});

test('JSON or YAML is told by the first character', () => {
  assert.equal(s.textFormat('  {"StartAt": "A"}'), 'json');
  assert.equal(s.textFormat(''), 'json');
  assert.equal(s.textFormat('StartAt: A'), 'yaml');
  assert.equal(s.textFormat('# comment\nStartAt: A'), 'yaml');
});

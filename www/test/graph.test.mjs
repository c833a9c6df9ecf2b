// Graph layout: Parallel branches and Map processors nest inside their containers, every
// definition edge is drawn, and Default edges are labelled.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTs } from '../scripts/load-ts.mjs';

const { layoutGraph } = await loadTs('graph/layout.ts');

const node = (id, type, parent = null, branch = null, flags = {}) => ({ id, type, parent, branch, start: false, end: false, ...flags });
const graph = {
  nodes: [
    node('Check', 'Choice', null, null, { start: true }),
    node('Fan', 'Parallel'),
    node('A', 'Pass', 'Fan', 0, { start: true, end: true }),
    node('Each', 'Map', 'Fan', 1, { start: true, end: true }),
    node('Work', 'Task', 'Each', 0, { start: true, end: true, resource: 'arn:aws:states:::lambda:invoke' }),
    node('Done', 'Succeed', null, null, { end: true }),
    node('Oops', 'Fail', null, null, { end: true }),
  ],
  edges: [
    { from: 'Check', to: 'Fan', kind: 'choice', label: '$.go BooleanEquals true' },
    { from: 'Check', to: 'Done', kind: 'default', label: null },
    { from: 'Fan', to: 'Done', kind: 'next', label: null },
    { from: 'Fan', to: 'Oops', kind: 'catch', label: 'States.ALL' },
    { from: 'Fan', to: 'Nowhere', kind: 'next', label: null },
  ],
};

const inside = (inner, outer) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

test('containers hold their branches and states, outermost first', () => {
  const layout = layoutGraph(graph);
  assert.deepEqual(layout.containers.map((c) => c.name), ['Fan', 'Each']);
  const [fan, each] = layout.containers;
  const state = (name) => layout.states.find((s) => s.name === name);
  assert.ok(inside(each, fan));
  assert.ok(inside(state('A'), fan));
  assert.ok(inside(state('Work'), each));
  assert.ok(!inside(state('Done'), fan));
  assert.equal(layout.branches.length, 2, 'one dashed box per Parallel branch; a Map has none');
  assert.equal(state('Work').resource, 'arn:aws:states:::lambda:invoke');
});

test('every edge between known states is drawn with its kind and label', () => {
  const layout = layoutGraph(graph);
  const drawn = layout.edges.filter((e) => e.kind !== 'structure');
  assert.deepEqual(drawn.map((e) => e.kind).sort(), ['catch', 'choice', 'default', 'next']);
  assert.equal(drawn.find((e) => e.kind === 'default').label, 'Default');
  assert.equal(drawn.find((e) => e.kind === 'catch').label, 'States.ALL');
  for (const e of drawn) assert.ok(e.points.length >= 2 && (e.labelBox === null) === (e.label === null));
});

test('the top level gets start and end markers', () => {
  const layout = layoutGraph(graph);
  assert.deepEqual(layout.markers.map((m) => m.which).sort(), ['end', 'start']);
  const start = layout.markers.find((m) => m.which === 'start');
  assert.ok(layout.states.every((s) => s.y > start.y), 'start is above everything');
});

test('a large machine lays out quickly enough to redraw while typing', () => {
  const nodes = Array.from({ length: 200 }, (_, i) => node(`S${i}`, 'Pass', null, null, { start: i === 0, end: i === 199 }));
  const edges = nodes.slice(1).map((n, i) => ({ from: `S${i}`, to: n.id, kind: 'next', label: null }));
  const t = performance.now();
  assert.equal(layoutGraph({ nodes, edges }).states.length, 200);
  assert.ok(performance.now() - t < 3000);
});

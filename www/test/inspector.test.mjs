// The inspector panel's choices: which stages a visit's query language has, its JSONata fields in
// the order evaluated, and when the variables section shows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTs } from '../scripts/load-ts.mjs';

const { shownStages, jsonataFields, hasVariables } = await loadTs('inspector/inspector.ts');

const visit = (more) => ({ state: 'S', queryLanguage: 'JSONPath', enteredEventId: 2, retries: 0, input: {}, ...more });

test('a JSONPath visit lists every stage; a JSONata one only input, result and output', () => {
  const keys = (more) => shownStages(visit(more)).map(([key]) => key);
  assert.deepEqual(keys({}), ['input', 'afterInputPath', 'afterParameters', 'result', 'afterResultSelector', 'afterResultPath', 'output']);
  assert.deepEqual(keys({ queryLanguage: 'JSONata' }), ['input', 'result', 'output'], 'a Task waiting for its result');
  assert.deepEqual(keys({ queryLanguage: 'JSONata', result: 1, output: 2 }), ['input', 'result', 'output']);
  assert.deepEqual(keys({ queryLanguage: 'JSONata', output: {} }), ['input', 'output'], 'a Choice has no result');
  assert.deepEqual(keys({ output: {} }), keys({}), 'JSONPath keeps every stage');
});

test('JSONata fields keep their locations and the order they were evaluated in', () => {
  const jsonata = { TimeoutSeconds: 30, Arguments: { amount: 42 }, 'Choices[1]/Condition': true, 'Catch[0]/Output': false };
  assert.deepEqual(jsonataFields(visit({ queryLanguage: 'JSONata', jsonata })), [
    ['TimeoutSeconds', 30],
    ['Arguments', { amount: 42 }],
    ['Choices[1]/Condition', true],
    ['Catch[0]/Output', false],
  ]);
  assert.deepEqual(jsonataFields(visit()), []);
});

test('the variables section shows when some were in scope, assigned or left out', () => {
  assert.equal(hasVariables(visit()), false);
  assert.equal(hasVariables(visit({ variables: { total: 108 } })), true);
  assert.equal(hasVariables(visit({ assigned: { chargeId: 'ch_1' } })), true);
  assert.equal(hasVariables(visit({ variablesOmitted: 3 })), true);
});

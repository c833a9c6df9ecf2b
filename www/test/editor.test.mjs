// Editor helpers that need no DOM: ASL completion and the mapping of engine diagnostics.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { loadTs } from '../scripts/load-ts.mjs';

const { completeJson, completeYaml } = await loadTs('editor/completion.ts');
const { toLint } = await loadTs('editor/diagnostics.ts');

const complete = (source, doc, explicit = false) => {
  const result = source(new CompletionContext(EditorState.create({ doc }), doc.length, explicit));
  return result && { from: result.from, labels: result.options.map((o) => o.label) };
};

test('state types complete after "Type" in JSON and YAML', () => {
  const json = complete(completeJson, '{"A": {"Type": "Pa');
  assert.ok(json.labels.includes('Pass') && json.labels.includes('Parallel'));
  assert.equal(json.from, '{"A": {"Type": "'.length);
  assert.ok(complete(completeYaml, 'States:\n  A:\n    Type: Ta').labels.includes('Task'));
});

test('field names complete where a key starts', () => {
  assert.ok(complete(completeJson, '{\n  "Sta').labels.includes('StartAt'));
  assert.ok(complete(completeJson, '{"A": {"Type": "Pass", "Res').labels.includes('ResultPath'));
  assert.ok(complete(completeYaml, 'States:\n  A:\n    Res').labels.includes('Resource'));
});

test('nothing pops up inside values or on an empty word unless asked', () => {
  assert.equal(complete(completeJson, '{"Comment": "some te'), null);
  assert.equal(complete(completeYaml, 'Comment: some te'), null);
  assert.equal(complete(completeJson, '{\n  "'), null);
  assert.ok(complete(completeJson, '{\n  "', true).labels.length > 20);
});

test('engine diagnostics become lint marks clamped to the text', () => {
  const d = { severity: 'ERROR', code: 'MISSING_TRANSITION_TARGET', message: "Missing 'Next' target: B", location: '/States/A/Next', from: 40, to: 43 };
  assert.deepEqual(toLint([d], 100), [{ from: 40, to: 43, severity: 'error', source: 'MISSING_TRANSITION_TARGET', message: "Missing 'Next' target: B (/States/A/Next)" }]);
  const [clamped] = toLint([{ ...d, severity: 'WARNING', from: 90, to: 120 }], 50);
  assert.deepEqual([clamped.from, clamped.to, clamped.severity], [50, 50, 'warning']);
});

// The app shell: restores the workspace (share link, then autosave, then the first example),
// builds the editors and panels, wires the controls, and marks the page ready for tests once the
// engine is loaded and the first validation is on screen.

import { byTestId, debounce, h } from './dom';
import { renderDiagnostics, toLint } from './editor/diagnostics';
import { createEditor, type Editor, type EditorOptions } from './editor/editor';
import { createEngine } from './engine/client';
import { type Example, examples } from './examples/index';
import { createExecution } from './execution';
import { renderGallery } from './gallery';
import { layoutGraph } from './graph/layout';
import { createGraphView } from './graph/render';
import { applyTheme, attachSplitters, initialTheme } from './panes';
import { MAX_WORKSPACE_BYTES, codeFromHash, decodeWorkspace, encodeWorkspace, shareUrl } from './share/codec';
import { loadSavedWorkspace, saveWorkspace } from './share/storage';
import { defaultSettings, textFormat, type Workspace } from './state';

type Tone = 'info' | 'error';

function notify(message: string, tone: Tone = 'error'): void {
  const box = byTestId('notice');
  box.querySelector('.text')!.textContent = message;
  box.dataset.tone = tone;
  box.hidden = false;
}

function fromExample(example: Example): Workspace {
  return { definition: example.definition, input: example.input, mocks: example.mocks, settings: { ...defaultSettings, express: example.express } };
}

/** The workspace a link carries, or null (with a message when the link is bad). Drops the fragment
 *  either way, so a reload restores the autosaved edits rather than the link's original. */
async function fromLink(): Promise<Workspace | null> {
  const code = codeFromHash(location.hash);
  if (code === null) return null;
  history.replaceState(null, '', location.pathname + location.search);
  const decoded = await decodeWorkspace(code);
  if (decoded.ok) return decoded.workspace;
  notify(decoded.message);
  return null;
}

/** Test case names of a MockConfigFile, for the test-case field's suggestions. */
function testCases(mocks: string): string[] {
  try {
    const machines = (JSON.parse(mocks) as { StateMachines?: Record<string, { TestCases?: object }> }).StateMachines ?? {};
    return Object.values(machines).flatMap((m) => Object.keys(m.TestCases ?? {}));
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  let theme = initialTheme();
  applyTheme(theme, false);
  attachSplitters(document);
  byTestId('notice').querySelector('button')!.addEventListener('click', () => (byTestId('notice').hidden = true));

  const ws: Workspace = (await fromLink()) ?? loadSavedWorkspace() ?? fromExample(examples[0]);
  const engine = createEngine(new URL('./worker.js', import.meta.url));
  const graph = createGraphView(byTestId('graph'), (name) => execution.select(name));
  const execution = createExecution(engine, () => ws, graph, notify);
  const run = () => void execution.run();

  // Editors. Each change updates the workspace, which is autosaved and (the definition) validated.
  let saveWarned = false;
  const autosave = debounce(() => {
    const result = saveWorkspace(ws);
    if (result === 'too-large' && !saveWarned) notify('This workspace is over 1 MB, so it is not autosaved.', 'info');
    saveWarned = result === 'too-large';
  }, 400);
  const analyzeSoon = debounce(() => void analyze(), 250);
  const formatLabel = byTestId('definition-format');
  const suggestTestCases = debounce(() => {
    byTestId('test-cases').replaceChildren(...testCases(ws.mocks).map((name) => h('option', { value: name })));
  }, 400);
  const editor = (id: string, label: string, options: Partial<EditorOptions>, onChange: (text: string) => void): Editor =>
    createEditor(byTestId(id), { text: '', label, format: 'auto', onRun: run, ...options, onChange: (text) => (onChange(text), autosave()) });
  const definition = editor('definition-editor', 'State machine definition', { text: ws.definition, completion: true }, (text) => {
    ws.definition = text;
    formatLabel.textContent = textFormat(text).toUpperCase();
    analyzeSoon();
  });
  const input = editor('input-editor', 'Execution input', { text: ws.input, format: 'json', syntaxLint: true }, (text) => (ws.input = text));
  const mocks = editor('mocks-editor', 'Task mocks', { text: ws.mocks, syntaxLint: true }, (text) => {
    ws.mocks = text;
    suggestTestCases();
  });
  formatLabel.textContent = textFormat(ws.definition).toUpperCase();
  suggestTestCases();

  // Settings.
  const seed = byTestId<HTMLInputElement>('seed');
  const express = byTestId<HTMLInputElement>('express');
  const testCase = byTestId<HTMLInputElement>('test-case');
  const showSettings = () => {
    seed.value = String(ws.settings.seed);
    express.checked = ws.settings.express;
    testCase.value = ws.settings.testCase;
  };
  showSettings();
  // 'input', not 'change': a click on Run right after typing must already see the new value.
  seed.addEventListener('input', () => {
    const n = Number(seed.value);
    ws.settings.seed = Number.isSafeInteger(n) && n >= 0 ? n : 0;
    autosave();
  });
  seed.addEventListener('change', showSettings);
  express.addEventListener('input', () => ((ws.settings.express = express.checked), autosave()));
  testCase.addEventListener('input', () => ((ws.settings.testCase = testCase.value), autosave()));

  /** Replaces the whole workspace (an example or a link); never runs it. */
  const load = (next: Workspace) => {
    void execution.reset();
    execution.select(null);
    definition.setText(next.definition);
    input.setText(next.input);
    mocks.setText(next.mocks);
    ws.settings = { ...next.settings };
    showSettings();
    autosave();
  };

  // Validation diagnostics and the graph, for the definition as it is now.
  let drawn = '';
  async function analyze(): Promise<void> {
    const text = ws.definition;
    const [diagnostics, shape] = await Promise.all([engine.call({ type: 'validate', definition: text }), engine.call({ type: 'graph', definition: text })]);
    if (text !== ws.definition) return; // a newer analysis is on its way
    definition.setDiagnostics(toLint(diagnostics, definition.view.state.doc.length));
    renderDiagnostics(byTestId('diagnostics'), diagnostics, (d) => definition.reveal(d.from, d.to));
    if (!shape.ok) {
      graph.note(drawn ? `Showing the last definition that could be drawn. ${shape.error}` : shape.error);
      return;
    }
    const json = JSON.stringify(shape.graph);
    try {
      if (json !== drawn) graph.show(layoutGraph(shape.graph));
      drawn = json;
      graph.note(null);
    } catch (e) {
      graph.note(`The graph could not be laid out: ${(e as Error).message}`);
    }
  }

  // Toolbar.
  byTestId('run').addEventListener('click', run);
  byTestId('step').addEventListener('click', () => void execution.step());
  byTestId('stop').addEventListener('click', () => void execution.stop());
  byTestId('reset').addEventListener('click', () => void execution.reset());
  byTestId('step-back').addEventListener('click', () => execution.travel(-1));
  byTestId('step-forward').addEventListener('click', () => execution.travel(1));
  byTestId('theme').addEventListener('click', () => {
    theme = theme === 'dark' ? 'light' : 'dark';
    applyTheme(theme, true);
  });
  document.addEventListener('keydown', (e) => {
    // Editors handle Mod-Enter themselves (and mark the event handled).
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
      e.preventDefault();
      run();
    }
  });

  const shareLink = byTestId<HTMLInputElement>('share-link');
  byTestId('share').addEventListener('click', async () => {
    if (new TextEncoder().encode(JSON.stringify(ws)).length > MAX_WORKSPACE_BYTES) {
      notify('This workspace is over 1 MB, too large for a share link.');
      return;
    }
    shareLink.value = shareUrl(location, await encodeWorkspace(ws));
    shareLink.select();
    navigator.clipboard?.writeText(shareLink.value).then(
      () => notify('Share link copied to the clipboard. Opening it loads this workspace; it never runs by itself.', 'info'),
      () => {},
    );
  });
  window.addEventListener('hashchange', async () => {
    const next = await fromLink();
    if (next) load(next);
  });

  renderGallery(byTestId('examples'), examples, (example) => load(fromExample(example)));

  try {
    await engine.ready;
  } catch (e) {
    notify(`The engine could not be loaded: ${(e as Error).message}`);
    document.body.dataset.ready = 'failed';
    return;
  }
  await analyze().catch((e: Error) => notify(`Validation failed: ${e.message}`));
  document.body.dataset.ready = '1';
}

void main();

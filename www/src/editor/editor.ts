// One CodeMirror 6 editor as the workbench uses it: JSON or YAML by the text's first character,
// diagnostics pushed in from outside (the engine's validation), Ctrl/Cmd+Enter to run.

import { acceptCompletion, closeCompletion, completionStatus } from '@codemirror/autocomplete';
import { jsonLanguage, json, jsonParseLinter } from '@codemirror/lang-json';
import { yaml, yamlLanguage } from '@codemirror/lang-yaml';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic as LintDiagnostic, linter, lintGutter, setDiagnostics } from '@codemirror/lint';
import { Compartment, EditorState, Prec, type Extension, type Text } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { basicSetup } from 'codemirror';
import { textFormat } from '../state';
import { completeJson, completeYaml } from './completion';

export interface Editor {
  readonly view: EditorView;
  text(): string;
  /** Replaces the whole text, as one undoable change. */
  setText(text: string): void;
  setDiagnostics(diagnostics: LintDiagnostic[]): void;
  reveal(from: number, to: number): void;
}

export interface EditorOptions {
  text: string;
  label: string;
  /** `json` for the input, which must be JSON; `auto` picks JSON or YAML from the text. */
  format: 'json' | 'auto';
  /** Complete state types and field names (the definition editor). */
  completion?: boolean;
  /** Mark JSON syntax errors locally (input and mocks; the definition gets the engine's diagnostics). */
  syntaxLint?: boolean;
  onChange: (text: string) => void;
  onRun: () => void;
}

/** Colours come from CSS variables so both themes style the editor from app.css. */
const highlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--syn-key)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--syn-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--syn-atom)' },
  { tag: [tags.comment, tags.meta], color: 'var(--syn-comment)', fontStyle: 'italic' },
  { tag: [tags.keyword, tags.typeName], color: 'var(--syn-keyword)' },
  { tag: tags.invalid, color: 'var(--bad)' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', backgroundColor: 'var(--panel)', color: 'var(--text)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', fontSize: '13px' },
  '.cm-gutters': { backgroundColor: 'var(--panel-2)', color: 'var(--muted)', borderRight: '1px solid var(--line)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--active-line)' },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--selection)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--line)' },
});

const languages = {
  json: [json(), jsonLanguage.data.of({ autocomplete: completeJson })],
  yaml: [yaml(), yamlLanguage.data.of({ autocomplete: completeYaml })],
} as const;

const jsonSyntax = jsonParseLinter();

export function createEditor(parent: HTMLElement, options: EditorOptions): Editor {
  const language = new Compartment();
  // The first characters decide, so a huge text is never scanned whole on each keystroke.
  const formatOf = (doc: Text) => (options.format === 'json' ? 'json' : textFormat(doc.sliceString(0, 1000)));
  const languageFor = (f: 'json' | 'yaml'): Extension => (options.completion ? languages[f] : languages[f][0]);
  const initial = EditorState.create({ doc: options.text }).doc;

  const extensions: Extension[] = [
    Prec.highest(
      keymap.of([
        { key: 'Mod-Enter', run: () => (options.onRun(), true) },
        // Enter always breaks the line (typing never turns into an accepted completion); Tab accepts.
        { key: 'Enter', run: (view) => (completionStatus(view.state) === 'active' && closeCompletion(view), false) },
        { key: 'Tab', run: acceptCompletion },
      ]),
    ),
    // No auto-closed brackets or quotes: typed text (a person's or a test's) arrives verbatim.
    Prec.highest(EditorState.languageData.of(() => [{ closeBrackets: { brackets: [] } }])),
    basicSetup,
    theme,
    syntaxHighlighting(highlight),
    lintGutter(),
    language.of(languageFor(formatOf(initial))),
    EditorState.transactionExtender.of((tr) => {
      if (!tr.docChanged) return null;
      const next = formatOf(tr.newDoc);
      return next === formatOf(tr.startState.doc) ? null : { effects: language.reconfigure(languageFor(next)) };
    }),
    // Wrapped lines keep the content as wide as its pane, in narrow columns and for pointer tests alike.
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': options.label }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) options.onChange(update.state.doc.toString());
    }),
  ];
  if (options.syntaxLint)
    extensions.push(linter((view) => (formatOf(view.state.doc) === 'json' && view.state.doc.length ? jsonSyntax(view) : [])));

  const view = new EditorView({ parent, state: EditorState.create({ doc: initial, extensions }) });
  return {
    view,
    text: () => view.state.doc.toString(),
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    setDiagnostics(diagnostics) {
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    reveal(from, to) {
      const end = view.state.doc.length;
      const selection = { anchor: Math.min(from, end), head: Math.min(to, end) };
      view.dispatch({ selection, effects: EditorView.scrollIntoView(selection.anchor, { y: 'center' }) });
      view.focus();
    },
  };
}

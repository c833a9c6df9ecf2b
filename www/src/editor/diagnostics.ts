// The engine's validation diagnostics as lint marks in the editor and as the problems list.

import type { Diagnostic as LintDiagnostic } from '@codemirror/lint';
import type { Diagnostic } from '../engine/api';
import { h } from '../dom';

/** Offsets are UTF-16 already (CodeMirror's unit); clamp them in case the text moved on meanwhile. */
export function toLint(diagnostics: Diagnostic[], docLength: number): LintDiagnostic[] {
  return diagnostics.map((d) => {
    const from = Math.min(Math.max(0, d.from), docLength);
    return {
      from,
      to: Math.min(Math.max(from, d.to), docLength),
      severity: d.severity === 'ERROR' ? 'error' : 'warning',
      source: d.code,
      message: `${d.message}${d.location ? ` (${d.location})` : ''}`,
    };
  });
}

/** One child per problem, showing its code; clicking one selects its text in the editor. */
export function renderDiagnostics(list: HTMLElement, diagnostics: Diagnostic[], reveal: (d: Diagnostic) => void): void {
  list.replaceChildren(
    ...diagnostics.map((d) => {
      const item = h(
        'li',
        { class: `diagnostic ${d.severity.toLowerCase()}`, 'data-code': d.code, tabindex: 0, title: 'Show in the definition' },
        h('code', { class: 'code' }, d.code),
        h('span', { class: 'message' }, d.message),
        d.location && h('span', { class: 'location' }, d.location),
      );
      item.addEventListener('click', () => reveal(d));
      item.addEventListener('keydown', (e) => e.key === 'Enter' && reveal(d));
      return item;
    }),
  );
}

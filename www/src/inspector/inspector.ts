// The per-state panel: the data at each stage of the selected state's latest visit up to the
// shown event, in the order of the TestState API's inspectionData, with retries and error; for a
// JSONata state each field's value, and for every state the workflow variables it saw and set.

import type { Inspection } from '../engine/api';
import { h, pretty } from '../dom';

type StageKey = 'input' | 'afterInputPath' | 'afterParameters' | 'result' | 'afterResultSelector' | 'afterResultPath' | 'output';

const stages: [StageKey, string][] = [
  ['input', 'Input'],
  ['afterInputPath', 'After InputPath'],
  ['afterParameters', 'After Parameters'],
  ['result', 'Result'],
  ['afterResultSelector', 'After ResultSelector'],
  ['afterResultPath', 'After ResultPath'],
  ['output', 'Output'],
];

/** A JSONata state has no paths, selectors or Parameters; its Arguments is one of its fields. */
const jsonataStages: ReadonlySet<StageKey> = new Set(['input', 'result', 'output']);

/** The stages a visit's query language has, in data-flow order. A JSONata state that gave its
 *  output without a result (Pass, Choice, Wait) has none to show. */
export function shownStages(inspection: Inspection): [StageKey, string][] {
  if (inspection.queryLanguage !== 'JSONata') return stages;
  const noResult = inspection.result === undefined && inspection.output !== undefined;
  return stages.filter(([key]) => jsonataStages.has(key) && !(key === 'result' && noResult));
}

/** Each JSONata field the visit evaluated, by its location (`Arguments`, `Choices[1]/Condition`), in order. */
export function jsonataFields(inspection: Inspection): [string, unknown][] {
  return Object.entries(inspection.jsonata ?? {});
}

/** The variables section has something to say: some were in scope at entry, or set at exit. */
export function hasVariables(inspection: Inspection): boolean {
  return inspection.variables !== undefined || inspection.assigned !== undefined || (inspection.variablesOmitted ?? 0) > 0;
}

/** Sections the user folded, kept across re-renders (every step re-renders the panel). */
const folded = new Set<string>();

function section(id: string, title: string, ...children: Node[]): HTMLDetailsElement {
  const details = h('details', { class: 'section', 'data-testid': `inspector-${id}`, open: !folded.has(id) }, h('summary', {}, title), ...children);
  details.addEventListener('toggle', () => (details.open ? folded.delete(id) : folded.add(id)));
  return details;
}

function stage(label: string, value: unknown, attrs: Record<string, string>, nameClass?: string): HTMLElement {
  return h('div', { class: `stage${value === undefined ? ' unreached' : ''}` }, h('h4', { class: nameClass }, label), h('pre', attrs, pretty(value)));
}

function variablesSection(inspection: Inspection): HTMLElement {
  const omitted = inspection.variablesOmitted ?? 0;
  return section(
    'variables',
    'Variables',
    stage('In scope at entry', inspection.variables, { 'data-variables': 'entry' }),
    ...(omitted > 0 ? [h('p', { class: 'hint' }, `${omitted} more not shown.`)] : []),
    stage('Assigned at exit', inspection.assigned, { 'data-variables': 'assigned' }),
  );
}

/** `hint` says why there is no data when `inspection` is null. */
export function renderInspector(panel: HTMLElement, state: string | null, inspection: Inspection | null, hint: string): void {
  const title = h('h3', {}, state === null ? 'Inspector' : `State: ${state}`);
  if (state === null) {
    panel.replaceChildren(title, h('p', { class: 'hint' }, 'Click a state in the graph to see its data at each stage.'));
    return;
  }
  if (inspection === null) {
    panel.replaceChildren(title, h('p', { class: 'hint' }, hint));
    return;
  }
  const facts = h(
    'p',
    { class: 'facts' },
    `Entered at event ${inspection.enteredEventId}`,
    inspection.retries > 0 ? ` · ${inspection.retries} ${inspection.retries === 1 ? 'retry' : 'retries'}` : ' · no retries',
    ` · ${inspection.queryLanguage}`,
  );
  const fields = jsonataFields(inspection);
  const failed = inspection.error !== undefined || inspection.cause !== undefined;
  const error = h('div', { class: 'stage error' }, h('h4', {}, 'Error'), h('pre', { 'data-stage': 'error' }, [inspection.error, inspection.cause].filter(Boolean).join('\n')));
  // The fields right after the input: for a JSONata state they are most of what happened.
  const [input, ...after] = shownStages(inspection).map(([key, label]) => stage(label, inspection[key], { 'data-stage': key }));
  panel.replaceChildren(
    title,
    facts,
    input,
    ...(fields.length > 0 ? [section('jsonata', 'JSONata fields', ...fields.map(([field, value]) => stage(field, value, { 'data-field': field }, 'field')))] : []),
    ...after,
    ...(hasVariables(inspection) ? [variablesSection(inspection)] : []),
    ...(failed ? [error] : []),
  );
}

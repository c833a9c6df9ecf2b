// The per-state panel: the data at each stage of the selected state's latest visit up to the
// shown event, in the order of the TestState API's inspectionData, with retries and error.

import type { Inspection } from '../engine/api';
import { h, pretty } from '../dom';

const stages: [keyof Inspection, string][] = [
  ['input', 'Input'],
  ['afterInputPath', 'After InputPath'],
  ['afterParameters', 'After Parameters'],
  ['result', 'Result'],
  ['afterResultSelector', 'After ResultSelector'],
  ['afterResultPath', 'After ResultPath'],
  ['output', 'Output'],
];

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
  );
  const failed = inspection.error !== undefined || inspection.cause !== undefined;
  const error = h('div', { class: 'stage error' }, h('h4', {}, 'Error'), h('pre', { 'data-stage': 'error' }, [inspection.error, inspection.cause].filter(Boolean).join('\n')));
  panel.replaceChildren(
    title,
    facts,
    ...stages.map(([key, label]) =>
      h('div', { class: `stage${inspection[key] === undefined ? ' unreached' : ''}` }, h('h4', {}, label), h('pre', { 'data-stage': key }, pretty(inspection[key]))),
    ),
    ...(failed ? [error] : []),
  );
}

// Human-in-the-loop: the task tokens the execution waits for, with their task input, and forms to
// answer each one (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat).

import type { PendingTask } from '../engine/api';
import { h, pretty } from '../dom';

export interface CallbackActions {
  success(token: string, output: string): void;
  failure(token: string, error: string, cause: string): void;
  heartbeat(token: string): void;
  /** Continue as if nobody will ever answer: waiting tasks time out (Session.runUnanswered). */
  timeOut(): void;
}

function item(task: PendingTask, actions: CallbackActions): HTMLElement {
  const output = h('textarea', { 'data-testid': 'callback-output', rows: 3, spellcheck: false, 'aria-label': `Output for ${task.state}` });
  output.value = '{}';
  const error = h('input', { 'data-testid': 'callback-error', placeholder: 'Error', value: 'Rejected', 'aria-label': 'Error name' });
  const cause = h('input', { 'data-testid': 'callback-cause', placeholder: 'Cause', 'aria-label': 'Cause' });
  const success = h('button', { 'data-testid': 'callback-success', class: 'good' }, 'Send success');
  const failure = h('button', { 'data-testid': 'callback-failure', class: 'bad' }, 'Send failure');
  const heartbeat = h('button', { 'data-testid': 'callback-heartbeat' }, 'Heartbeat');
  success.addEventListener('click', () => actions.success(task.token, output.value));
  failure.addEventListener('click', () => actions.failure(task.token, error.value, cause.value));
  heartbeat.addEventListener('click', () => actions.heartbeat(task.token));
  return h(
    'li',
    { class: 'callback', 'data-token': task.token, 'data-callback-state': task.state },
    h('div', { class: 'callback-head' }, h('strong', {}, task.state), h('code', { class: 'token', title: task.token }, task.token)),
    h('details', {}, h('summary', {}, 'Task input'), h('pre', {}, pretty(task.input))),
    h('label', {}, 'Output (JSON)', output),
    h('div', { class: 'row' }, success, heartbeat),
    h('div', { class: 'row' }, error, cause, failure),
  );
}

/** Redraws only when the set of tokens changes, so half-typed answers survive progress updates. */
export function renderCallbacks(panel: HTMLElement, pending: PendingTask[], actions: CallbackActions): void {
  const list = panel.querySelector('ul')!;
  const shown = [...list.children].map((li) => li.getAttribute('data-token')).join('\n');
  panel.querySelector<HTMLElement>('.callbacks-empty')!.hidden = pending.length > 0;
  if (shown === pending.map((t) => t.token).join('\n')) return;
  const timeOut = h('button', { 'data-testid': 'callback-timeout', title: 'Run on as if nobody will answer: waiting tasks time out' }, 'Nobody answers');
  timeOut.addEventListener('click', () => actions.timeOut());
  list.replaceChildren(...pending.map((task) => item(task, actions)));
  panel.querySelector('.callbacks-foot')!.replaceChildren(...(pending.length ? [timeOut] : []));
}

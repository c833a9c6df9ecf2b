// The workspace (what a user edits and shares) and the pure functions the shell uses to decide
// what to show. Nothing here knows ASL: statuses and data come from the engine as they are.

import type { SessionOptions, StateStatus } from './engine/api';
import type { ExecutionView } from './engine/protocol';

export interface Settings {
  seed: number;
  express: boolean;
  /** Test case of a MockConfigFile; "" lets the engine pick the only one. */
  testCase: string;
}

export interface Workspace {
  definition: string;
  input: string;
  mocks: string;
  settings: Settings;
}

export const defaultSettings: Settings = { seed: 0, express: false, testCase: '' };

export function sessionOptions(ws: Workspace): SessionOptions {
  const options: SessionOptions = { seed: ws.settings.seed, express: ws.settings.express, mocks: ws.mocks };
  if (ws.settings.testCase.trim()) options.testCase = ws.settings.testCase.trim();
  return options;
}

/** Identity of what an execution was started from: a change means the next Run starts afresh. */
export function runKey(ws: Workspace): string {
  return JSON.stringify([ws.definition, ws.input, ws.mocks, ws.settings]);
}

/** The status shown to people and tests: AWS's status, or WAITING while blocked on a task token. */
export function statusLabel(view: ExecutionView | null): string {
  if (!view) return 'NOT STARTED';
  return view.blocked ? 'WAITING' : view.status;
}

/** Status names as the graph's data-status attribute and CSS spell them. */
export const NodeStatus = {
  IN_PROGRESS: 'in-progress',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  CAUGHT: 'caught',
  CANCELLED: 'cancelled',
} as const satisfies Record<StateStatus, string>;
export type NodeStatus = (typeof NodeStatus)[StateStatus] | 'not-run';

export function nodeStatus(status: StateStatus | undefined): NodeStatus {
  return status ? NodeStatus[status] : 'not-run';
}

/**
 * Time travel: the event the views show. `cursor` null follows the latest event. Moving forward
 * past the last event returns to following; moving back stops at the first.
 */
export function moveCursor(cursor: number | null, eventCount: number, delta: number): number | null {
  if (eventCount === 0) return null;
  const next = (cursor ?? eventCount) + delta;
  if (next >= eventCount) return null;
  return Math.max(1, next);
}

export function shownEvent(cursor: number | null, eventCount: number): number {
  return cursor === null ? eventCount : Math.min(cursor, eventCount);
}

/** JSON unless the first meaningful character says otherwise; the engine accepts both. */
export function textFormat(text: string): 'json' | 'yaml' {
  const first = text.trimStart()[0];
  return first === undefined || first === '{' || first === '[' ? 'json' : 'yaml';
}

/** What the output area says: the output, or error and cause, or what the execution waits for. */
export function outputText(view: ExecutionView | null): string {
  if (!view) return '';
  const d = view.describe;
  if (view.status === 'SUCCEEDED') return prettyJson(d.output ?? 'null');
  if (view.status !== 'RUNNING') return [`error: ${d.error ?? '(none)'}`, `cause: ${d.cause ?? '(none)'}`].join('\n');
  if (view.blocked) return `Waiting for ${view.pending.length === 1 ? 'a task token' : `${view.pending.length} task tokens`}: answer in the callbacks panel.`;
  return '';
}

/** Output JSON text re-indented for reading; kept as is if it does not parse. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

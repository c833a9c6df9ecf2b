// Messages between the page (client.ts) and the engine's Web Worker (worker.ts). Every request
// carries an id; the worker answers each with one `reply` or `failure`, and a long `run` also sends
// `progress` messages under the same id so the page stays live while the engine works.

import type {
  Describe,
  Diagnostic,
  ExecutionStatus,
  Graph,
  HistoryEvent,
  Inspection,
  PendingTask,
  SessionOptions,
  StateStatus,
} from './api';

/** What the page needs after every call that moves the execution. */
export interface ExecutionView {
  status: ExecutionStatus;
  blocked: boolean;
  now: string;
  nowMs: number;
  eventCount: number;
  describe: Describe;
  pending: PendingTask[];
  /** State statuses at the latest event. */
  statuses: Record<string, StateStatus>;
}

export type GraphResult = { ok: true; graph: Graph } | { ok: false; error: string };

export type Request =
  | { type: 'init' }
  | { type: 'validate'; definition: string }
  | { type: 'graph'; definition: string }
  | { type: 'start'; definition: string; input: string; options: SessionOptions }
  | { type: 'step' }
  /** `unanswered`: waiting tasks time out, as if nobody will answer (Session.runUnanswered). */
  | { type: 'run'; unanswered: boolean }
  | { type: 'reset' }
  | { type: 'sendSuccess'; token: string; output: string }
  | { type: 'sendFailure'; token: string; error: string; cause: string }
  | { type: 'sendHeartbeat'; token: string }
  | { type: 'events'; from: number; to: number }
  | { type: 'statuses'; uptoEvent: number }
  | { type: 'inspection'; state: string; uptoEvent: number };

export type RequestType = Request['type'];

/** The value each request resolves to. */
export interface Replies {
  init: null;
  validate: Diagnostic[];
  graph: GraphResult;
  start: ExecutionView;
  step: ExecutionView;
  run: ExecutionView;
  reset: null;
  sendSuccess: ExecutionView;
  sendFailure: ExecutionView;
  sendHeartbeat: ExecutionView;
  events: HistoryEvent[];
  statuses: Record<string, StateStatus>;
  inspection: Inspection | null;
}

export type ToWorker = { id: number; request: Request };

export type FromWorker =
  | { type: 'reply'; id: number; value: Replies[RequestType] }
  /** `crashed`: the wasm instance trapped (a panic) and must not be used again. */
  | { type: 'failure'; id: number; error: string; crashed: boolean }
  | { type: 'progress'; id: number; view: ExecutionView };

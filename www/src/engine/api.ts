// The shapes the wasm engine returns (www/engine-api.md). The bindings return untyped values
// (serde-wasm-bindgen), so this file is the one place the page and the worker agree on them.

export type Severity = 'ERROR' | 'WARNING';

export interface Diagnostic {
  severity: Severity;
  /** AWS code, e.g. MISSING_TRANSITION_TARGET. */
  code: string;
  message: string;
  /** JSON pointer, e.g. /States/Charge/Next. */
  location: string;
  /** UTF-16 offsets of the located value (0, 0 when unknown): CodeMirror positions as they are. */
  from: number;
  to: number;
}

export const StateTypes = ['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'] as const;
export type StateType = (typeof StateTypes)[number];

export interface GraphNode {
  id: string;
  type: StateType;
  parent: string | null;
  branch: number | null;
  start: boolean;
  end: boolean;
  resource?: string;
}

export type EdgeKind = 'next' | 'choice' | 'default' | 'catch';

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  label: string | null;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
export type RunOutcome = 'DONE' | 'BLOCKED' | 'BUDGET';
export type StateStatus = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'CAUGHT' | 'CANCELLED';

export interface SessionOptions {
  seed?: number;
  startTime?: string;
  mocks?: string;
  testCase?: string;
  stateMachine?: string;
  express?: boolean;
}

export interface Describe {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: string;
  stopDate?: string;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
}

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: string;
  type: string;
  [details: string]: unknown;
}

export type QueryLanguage = 'JSONPath' | 'JSONata';

export interface Inspection {
  state: string;
  queryLanguage: QueryLanguage;
  enteredEventId: number;
  retries: number;
  input: unknown;
  afterInputPath?: unknown;
  afterParameters?: unknown;
  result?: unknown;
  afterResultSelector?: unknown;
  afterResultPath?: unknown;
  output?: unknown;
  /** Each JSONata field's value by its location (`Arguments`, `Choices[1]/Condition`), in the order evaluated. */
  jsonata?: Record<string, unknown>;
  /** The workflow variables in scope when the state was entered (absent: none). */
  variables?: Record<string, unknown>;
  /** How many more were in scope than `variables` holds. */
  variablesOmitted?: number;
  /** The variables the state set as it exited. */
  assigned?: Record<string, unknown>;
  error?: string;
  cause?: string;
}

export interface PendingTask {
  token: string;
  state: string;
  input: unknown;
}

/** The JS surface of pkg/asl_sandbox.js that the worker uses. */
export interface EngineSession {
  step(): boolean;
  run(budget: number): RunOutcome;
  runUnanswered(budget: number): RunOutcome;
  status(): ExecutionStatus;
  isBlocked(): boolean;
  describe(): Describe;
  now(): string;
  nowMs(): number;
  eventCount(): number;
  events(from: number, to: number): HistoryEvent[];
  stateStatuses(uptoEvent: number): Record<string, StateStatus>;
  inspection(state: string, uptoEvent: number): Inspection | null;
  pendingTasks(): PendingTask[];
  sendTaskSuccess(token: string, output: string): void;
  sendTaskFailure(token: string, error: string, cause: string): void;
  sendTaskHeartbeat(token: string): void;
  free?(): void;
}

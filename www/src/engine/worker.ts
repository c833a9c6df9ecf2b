// The engine's Web Worker: the only importer of the wasm package and the owner of the one Session.
// Keeping the engine off the main thread means a runaway workflow never freezes the page; the page
// stops one by terminating this worker (client.ts).
//
// Two builds of the engine: the lean one (no JSONata evaluator) loads at init; the full one loads
// when a request first brings a text that may use JSONata (jsonata.ts), and serves from then on.

import * as full from '../../pkg/asl_sandbox.js';
import * as lean from '../../pkg/asl_sandbox_lean.js';
import type { Diagnostic, EngineSession, Graph } from './api';
import { needsJsonata } from './jsonata';
import type { ExecutionView, FromWorker, Replies, Request, RequestType, ToWorker } from './protocol';

/** Scheduler actions per `Session.run` call: small enough to report progress often. */
const SLICE = 2000;
/** How often (ms) a long run reports progress and lets queued queries through. */
const PROGRESS_EVERY_MS = 100;

const scope = self as unknown as DedicatedWorkerGlobalScope;
let session: EngineSession | null = null;
/** The engine that serves requests: the lean one until a text needs JSONata. */
let engine: Pick<typeof full, 'validate' | 'graph' | 'Session'> = lean;
/** The latest wasm instantiation; requests that arrive meanwhile wait for it. */
let loading: Promise<unknown> | null = null;

function post(message: FromWorker): void {
  scope.postMessage(message);
}

function live(): EngineSession {
  if (!session) throw new Error('No execution: press Run or Step to start one.');
  return session;
}

function view(s: EngineSession): ExecutionView {
  const eventCount = s.eventCount();
  return {
    status: s.status(),
    blocked: s.isBlocked(),
    now: s.now(),
    nowMs: s.nowMs(),
    eventCount,
    describe: s.describe(),
    pending: s.pendingTasks(),
    statuses: s.stateStatuses(eventCount),
  };
}

/** A macrotask boundary, so messages queued during a long run (queries, Stop's successor) are seen. */
const yieldToQueue = () => new Promise<void>((resume) => setTimeout(resume, 0));

async function run(id: number, unanswered: boolean): Promise<ExecutionView> {
  const s = live();
  let reported = performance.now();
  while ((unanswered ? s.runUnanswered(SLICE) : s.run(SLICE)) === 'BUDGET') {
    if (performance.now() - reported >= PROGRESS_EVERY_MS) {
      post({ type: 'progress', id, view: view(s) });
      await yieldToQueue();
      // A reset or a new start may have replaced the session while we yielded.
      if (session !== s) throw new Error('The execution was replaced while it ran.');
      reported = performance.now();
    }
  }
  return view(s);
}

function drop(): void {
  session?.free?.();
  session = null;
}

/** Switches to the full engine, once, if `texts` may use JSONata. */
function forTexts(...texts: (string | undefined)[]): Promise<unknown> | null {
  if (engine === full || !texts.some((t) => t !== undefined && needsJsonata(t))) return null;
  // A session already started on the lean engine keeps running there.
  engine = full;
  loading = full.default({ module_or_path: new URL('pkg/asl_sandbox_bg.wasm', scope.location.href) }).catch((e) => {
    // Not loaded (offline?): this request fails, later ones keep the lean engine.
    engine = lean;
    loading = null;
    throw e;
  });
  return loading;
}

async function handle(id: number, req: Request): Promise<Replies[RequestType]> {
  if (req.type !== 'init' && loading) await loading;
  switch (req.type) {
    case 'init':
      // The bindings are bundled into dist/worker.js; their .wasm stays in dist/pkg/.
      loading ??= lean.default({ module_or_path: new URL('pkg/asl_sandbox_lean_bg.wasm', scope.location.href) });
      await loading;
      return null;
    case 'validate':
      await forTexts(req.definition);
      return engine.validate(req.definition) as Diagnostic[];
    case 'graph':
      await forTexts(req.definition);
      try {
        return { ok: true, graph: engine.graph(req.definition) as Graph };
      } catch (e) {
        return { ok: false, error: message(e) };
      }
    case 'start': {
      await forTexts(req.definition, req.options.mocks);
      const next = new engine.Session(req.definition, req.input, req.options) as unknown as EngineSession;
      drop();
      session = next;
      return view(next);
    }
    case 'step':
      live().step();
      return view(live());
    case 'run':
      return run(id, req.unanswered);
    case 'reset':
      drop();
      return null;
    case 'sendSuccess':
      live().sendTaskSuccess(req.token, req.output);
      return view(live());
    case 'sendFailure':
      live().sendTaskFailure(req.token, req.error, req.cause);
      return view(live());
    case 'sendHeartbeat':
      live().sendTaskHeartbeat(req.token);
      return view(live());
    case 'events':
      return live().events(req.from, req.to);
    case 'statuses':
      return live().stateStatuses(req.uptoEvent);
    case 'inspection':
      return live().inspection(req.state, req.uptoEvent);
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

scope.onmessage = async (event: MessageEvent<ToWorker>) => {
  const { id, request } = event.data;
  try {
    post({ type: 'reply', id, value: await handle(id, request) });
  } catch (e) {
    // A Rust panic surfaces as a RuntimeError ("unreachable"); the instance is unusable after it.
    post({ type: 'failure', id, error: message(e), crashed: e instanceof WebAssembly.RuntimeError });
  }
};

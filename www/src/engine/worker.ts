// The engine's Web Worker: the only importer of the wasm package and the owner of the one Session.
// Keeping the engine off the main thread means a runaway workflow never freezes the page; the page
// stops one by terminating this worker (client.ts).

import init, { Session, graph, validate } from '../../pkg/asl_sandbox.js';
import type { Diagnostic, EngineSession, Graph } from './api';
import type { ExecutionView, FromWorker, Replies, Request, RequestType, ToWorker } from './protocol';

/** Scheduler actions per `Session.run` call: small enough to report progress often. */
const SLICE = 2000;
/** How often (ms) a long run reports progress and lets queued queries through. */
const PROGRESS_EVERY_MS = 100;

const scope = self as unknown as DedicatedWorkerGlobalScope;
let session: EngineSession | null = null;
/** The wasm instantiation; requests that arrive meanwhile wait for it. */
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

async function handle(id: number, req: Request): Promise<Replies[RequestType]> {
  if (req.type !== 'init' && loading) await loading;
  switch (req.type) {
    case 'init':
      // The bindings are bundled into dist/worker.js; their .wasm stays in dist/pkg/.
      loading ??= init({ module_or_path: new URL('pkg/asl_sandbox_bg.wasm', scope.location.href) });
      await loading;
      return null;
    case 'validate':
      return validate(req.definition) as Diagnostic[];
    case 'graph':
      try {
        return { ok: true, graph: graph(req.definition) as Graph };
      } catch (e) {
        return { ok: false, error: message(e) };
      }
    case 'start': {
      const next = new Session(req.definition, req.input, req.options) as unknown as EngineSession;
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

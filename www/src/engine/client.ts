// The page's handle on the engine worker: one promise per request, progress callbacks for runs,
// and `stop()`, which terminates the worker (the only dependable way to end a runaway workflow,
// since a wasm call cannot be interrupted) and starts a fresh one.

import type { ExecutionView, FromWorker, Replies, Request, ToWorker } from './protocol';

/** Rejection reason of the requests that were in flight when `stop()` ended the worker. */
export class StoppedError extends Error {
  constructor() {
    super('Stopped.');
  }
}

interface Pending {
  resolve: (value: never) => void;
  reject: (reason: Error) => void;
  onProgress?: (view: ExecutionView) => void;
}

export interface Engine {
  call<R extends Request>(request: R, onProgress?: (view: ExecutionView) => void): Promise<Replies[R['type']]>;
  /** Ends the worker and whatever it was doing; resolves once a fresh worker is initialised. */
  stop(): Promise<void>;
  /** Settles when the current worker has loaded the wasm engine (replaced on stop and crash). */
  ready: Promise<void>;
  /** Called when a working engine crashed (a Rust panic) and was replaced by a fresh worker. */
  onCrash: (message: string) => void;
}

export function createEngine(workerUrl: URL): Engine {
  let worker: Worker;
  let loaded = false;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const spawn = (): Promise<void> => {
    loaded = false;
    worker = new Worker(workerUrl, { type: 'module' });
    worker.onmessage = (event: MessageEvent<FromWorker>) => receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      crash(event.message || 'the engine worker failed');
    };
    return engine.call({ type: 'init' }).then(() => {
      loaded = true;
    });
  };

  const rejectAll = (reason: Error) => {
    for (const p of pending.values()) p.reject(reason);
    pending.clear();
  };

  const crash = (message: string) => {
    worker.terminate();
    rejectAll(new Error(`The engine crashed: ${message}`));
    // A worker that never loaded would fail again: respawn only one that had worked.
    if (loaded) {
      engine.ready = spawn();
      engine.onCrash(message);
    }
  };

  const receive = (message: FromWorker) => {
    const p = pending.get(message.id);
    if (!p) return;
    switch (message.type) {
      case 'progress':
        p.onProgress?.(message.view);
        return;
      case 'reply':
        pending.delete(message.id);
        p.resolve(message.value as never);
        return;
      case 'failure':
        pending.delete(message.id);
        p.reject(new Error(message.error));
        if (message.crashed) crash(message.error);
        return;
    }
  };

  const engine: Engine = {
    call<R extends Request>(request: R, onProgress?: (view: ExecutionView) => void) {
      const id = nextId++;
      return new Promise<Replies[R['type']]>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: never) => void, reject, onProgress });
        const message: ToWorker = { id, request };
        worker.postMessage(message);
      });
    },
    stop() {
      worker.terminate();
      rejectAll(new StoppedError());
      engine.ready = spawn();
      return engine.ready;
    },
    ready: Promise.resolve(),
    onCrash: () => {},
  };
  engine.ready = spawn();
  return engine;
}

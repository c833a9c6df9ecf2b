// The execution as the page drives it: Run, Step, Stop, Reset, answers to task tokens, and time
// travel (which event the graph, history and inspector show). Everything shown comes from the
// engine's answers; this module only decides when to ask.

import { renderCallbacks } from './callbacks/panel';
import { byTestId } from './dom';
import { StoppedError, type Engine } from './engine/client';
import type { Inspection, StateStatus } from './engine/api';
import type { ExecutionView } from './engine/protocol';
import type { GraphView } from './graph/render';
import { between, formatDuration } from './history/format';
import { createEventStore } from './history/store';
import { createHistoryTable } from './history/table';
import { renderInspector } from './inspector/inspector';
import { moveCursor, outputText, runKey, sessionOptions, shownEvent, statusLabel, type Workspace } from './state';

export interface Execution {
  run(unanswered?: boolean): Promise<void>;
  step(): Promise<void>;
  stop(): Promise<void>;
  reset(): Promise<void>;
  travel(delta: number | 'first' | 'latest'): void;
  select(state: string | null): void;
}

/** Applies only the answer to the latest of overlapping queries (a slow old one is dropped). */
function latestOnly<T>(): (query: Promise<T>, apply: (value: T) => void) => void {
  let counter = 0;
  return (query, apply) => {
    const mine = ++counter;
    query.then((value) => mine === counter && apply(value)).catch(() => {});
  };
}

export function createExecution(engine: Engine, workspace: () => Workspace, graph: GraphView, notify: (message: string) => void): Execution {
  const ui = {
    run: byTestId<HTMLButtonElement>('run'),
    step: byTestId<HTMLButtonElement>('step'),
    back: byTestId<HTMLButtonElement>('step-back'),
    forward: byTestId<HTMLButtonElement>('step-forward'),
    stop: byTestId<HTMLButtonElement>('stop'),
    status: byTestId('execution-status'),
    output: byTestId('execution-output'),
    clock: byTestId('clock'),
    position: byTestId('history-position'),
    callbacks: byTestId('pending-callbacks'),
    inspector: byTestId('inspector'),
  };
  const store = createEventStore((from, to) => engine.call({ type: 'events', from, to }));
  const table = createHistoryTable(byTestId('history'), byTestId('event-details'), store, {
    pick: (id, state) => {
      setCursor(id === store.count ? null : id);
      if (state !== null) select(state);
    },
    move: (delta) => travel(delta),
  });

  let view: ExecutionView | null = null;
  let startedFrom: string | null = null;
  let cursor: number | null = null;
  let selected: string | null = null;
  let busy = false;
  /** After a token is answered, carry on the way the user was going. */
  let lastMode: 'run' | 'step' = 'run';
  const statusesQuery = latestOnly<Record<string, StateStatus>>();
  const inspectionQuery = latestOnly<Inspection | null>();

  function setBusy(next: boolean) {
    busy = next;
    ui.run.disabled = next;
    ui.step.disabled = next;
    ui.stop.disabled = !next;
    document.body.dataset.busy = next ? '1' : '';
  }

  function showStatus(label: string, output: string) {
    ui.status.textContent = label;
    ui.status.dataset.status = label;
    ui.output.textContent = output;
  }

  function show(next: ExecutionView | null) {
    view = next;
    showStatus(statusLabel(view), outputText(view));
    ui.clock.textContent = view ? `${view.now} (+${formatDuration(between(view.describe.startDate, view.now))})` : '';
    renderCallbacks(ui.callbacks, view?.pending ?? [], callbackActions);
    store.setCount(view?.eventCount ?? 0);
    if (cursor !== null && cursor >= store.count) cursor = null;
    table.refresh();
    followCursor();
  }

  /** Graph statuses, inspector and position label for the shown event. */
  function followCursor() {
    const count = store.count;
    ui.back.disabled = count === 0 || cursor === 1;
    ui.forward.disabled = cursor === null;
    ui.position.textContent = count === 0 ? '' : cursor === null ? `latest of ${count} events` : `event ${cursor} of ${count}`;
    if (!view) graph.setStatuses({});
    else if (cursor === null) graph.setStatuses(view.statuses);
    else statusesQuery(engine.call({ type: 'statuses', uptoEvent: cursor }), (s) => graph.setStatuses(s));
    refreshInspector();
  }

  function refreshInspector() {
    if (selected === null || !view) {
      renderInspector(ui.inspector, selected, null, 'Run or Step to see the data at each stage.');
      return;
    }
    const state = selected;
    inspectionQuery(engine.call({ type: 'inspection', state, uptoEvent: shownEvent(cursor, store.count) }), (i) => renderInspector(ui.inspector, state, i, 'Not entered by the event shown.'));
  }

  function setCursor(next: number | null) {
    cursor = next;
    table.setCursor(cursor);
    followCursor();
  }

  function travel(delta: number | 'first' | 'latest') {
    const count = store.count;
    if (delta === 'first') setCursor(count > 1 ? 1 : null);
    else if (delta === 'latest') setCursor(null);
    else setCursor(moveCursor(cursor, count, delta));
  }

  function select(state: string | null) {
    selected = state;
    graph.select(state);
    table.setSelectedState(state);
    refreshInspector();
  }

  /** A live execution of the current workspace, starting one if needed; true when just started. */
  async function ensureStarted(): Promise<boolean> {
    const ws = workspace();
    const key = runKey(ws);
    if (view && view.status === 'RUNNING' && startedFrom === key) return false;
    forget(); // the previous execution goes even if this one cannot start
    table.setCursor(null);
    const started = await engine.call({ type: 'start', definition: ws.definition, input: ws.input, options: sessionOptions(ws) });
    startedFrom = key;
    show(started);
    return true;
  }

  /** Runs one engine action with the buttons locked. A failure to start shows in the output, other
   *  failures (an answer that is not JSON, say) as a notice; a Stop is expected and shows itself. */
  async function act(action: () => Promise<void>) {
    if (busy) return;
    setBusy(true);
    try {
      await action();
    } catch (e) {
      if (!(e instanceof StoppedError)) {
        if (!view) showStatus('NOT STARTED', `Could not start: ${(e as Error).message}`);
        else notify((e as Error).message);
      }
    } finally {
      setBusy(false);
    }
  }

  const run = (unanswered = false) =>
    act(async () => {
      lastMode = 'run';
      await ensureStarted();
      setCursor(null);
      show(await engine.call({ type: 'run', unanswered }, show));
    });

  const step = () =>
    act(async () => {
      lastMode = 'step';
      // Starting records ExecutionStarted: that is the first step.
      if (await ensureStarted()) return;
      setCursor(null);
      show(await engine.call({ type: 'step' }));
    });

  /** Answers a token, then goes on as the user was going (a Run continues; Steps wait for Step). */
  const answer = (send: () => Promise<ExecutionView>) =>
    act(async () => {
      show(await send());
      if (lastMode === 'run' && view?.status === 'RUNNING' && !view.blocked) show(await engine.call({ type: 'run', unanswered: false }, show));
    });

  const callbackActions = {
    success: (token: string, output: string) => answer(() => engine.call({ type: 'sendSuccess', token, output })),
    failure: (token: string, error: string, cause: string) => answer(() => engine.call({ type: 'sendFailure', token, error, cause })),
    heartbeat: (token: string) => act(async () => show(await engine.call({ type: 'sendHeartbeat', token }))),
    timeOut: () => void run(true),
  };

  async function stop() {
    if (!busy) return;
    const reached = view;
    const restarted = engine.stop();
    forget();
    const where = reached ? ` after ${reached.eventCount} events, at virtual time ${reached.now}` : '';
    showStatus('ABORTED', `Stopped by you${where}. The worker running it was ended, so its history is gone; Run starts again.`);
    await restarted.catch((e: Error) => notify(`The engine could not restart: ${e.message}`));
  }

  function forget() {
    startedFrom = null;
    cursor = null;
    store.clear();
    show(null);
  }

  async function reset() {
    if (busy) await stop();
    await engine.call({ type: 'reset' }).catch(() => {});
    forget();
  }

  engine.onCrash = (message) => {
    forget();
    notify(`The engine crashed and was restarted: ${message}`);
  };
  setBusy(false);
  show(null);
  return { run, step, stop, reset, travel, select };
}

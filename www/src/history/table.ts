// The history table: one row per event (data-event-type), virtualized so only the rows on screen
// (plus a margin) exist in the DOM. Clicking a row or moving with the arrow keys time-travels.

import type { HistoryEvent } from '../engine/api';
import { h, pretty } from '../dom';
import { between, detailsSummary, eventStateName, eventTone, formatDuration } from './format';
import type { EventStore } from './store';

export interface HistoryTable {
  /** The event count changed (or the history was cleared): redraw, following the end if it was shown. */
  refresh(): void;
  /** The time-travel cursor (event id), null when following the latest event. */
  setCursor(cursor: number | null): void;
  /** Highlights the rows that name this state. */
  setSelectedState(name: string | null): void;
}

export interface HistoryActions {
  pick(eventId: number, state: string | null): void;
  /** Arrow keys: one event back (-1) or forward (+1); Home/End: first or latest. */
  move(delta: number | 'first' | 'latest'): void;
}

const ROW = 24;
/** Rows kept above and below the visible ones; small histories render whole. */
const OVERSCAN = 60;

export function createHistoryTable(root: HTMLElement, detailsPane: HTMLElement, store: EventStore, actions: HistoryActions): HistoryTable {
  const header = h(
    'div',
    { class: 'history-row history-head', role: 'row' },
    ...['id', 'prev', 'type', 'time', 'jump', 'details'].map((c) => h('span', { role: 'columnheader' }, c)),
  );
  const rows = h('div', { class: 'history-rows' });
  const sizer = h('div', { class: 'history-sizer' }, rows);
  root.replaceChildren(header, sizer);
  let cursor: number | null = null;
  let selectedState: string | null = null;

  const row = (index: number): HTMLElement => {
    const event = store.get(index);
    if (!event) return h('div', { class: 'history-row loading', role: 'row' }, h('span', {}, String(index + 1)), h('span', {}, '…'));
    const start = store.get(0);
    const previous = index > 0 ? store.get(index - 1) : undefined;
    const jump = previous ? between(previous.timestamp, event.timestamp) : 0;
    const state = eventStateName(event);
    const el = h(
      'div',
      {
        class: `history-row tone-${eventTone(event.type)}${state !== null && state === selectedState ? ' of-state' : ''}${event.id === cursor ? ' current' : ''}`,
        role: 'row',
        'data-event-type': event.type,
        'data-event-id': event.id,
        'aria-current': event.id === cursor ? 'true' : null,
      },
      h('span', { class: 'num', role: 'cell' }, String(event.id)),
      h('span', { class: 'num', role: 'cell' }, String(event.previousEventId)),
      h('span', { class: 'type', role: 'cell' }, event.type),
      h('span', { class: 'time', role: 'cell', title: event.timestamp }, start ? `+${formatDuration(between(start.timestamp, event.timestamp))}` : event.timestamp),
      h('span', { class: 'jump', role: 'cell', title: jump > 0 ? 'Virtual time skipped since the previous event' : null }, jump > 0 ? `+${formatDuration(jump)}` : ''),
      h('span', { class: 'details', role: 'cell', title: 'Click for all details' }, detailsSummary(event)),
    );
    el.addEventListener('click', () => actions.pick(event.id, state));
    return el;
  };

  const visibleRange = (): [number, number] => {
    const top = Math.max(0, root.scrollTop - header.offsetHeight);
    const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
    const last = Math.min(store.count, Math.ceil((top + root.clientHeight) / ROW) + OVERSCAN);
    return [first, last];
  };

  const render = () => {
    const [first, last] = visibleRange();
    sizer.style.height = `${store.count * ROW}px`;
    rows.style.transform = `translateY(${first * ROW}px)`;
    const list: HTMLElement[] = [];
    for (let i = first; i < last; i++) list.push(row(i));
    rows.replaceChildren(...list);
    void store.load(Math.max(0, first - 1), last).then((arrived) => arrived && schedule());
    showDetails();
  };

  /** All details of the picked event; hidden while following the latest one, to leave room for rows. */
  const showDetails = () => {
    const event: HistoryEvent | undefined = cursor === null ? undefined : store.get(cursor - 1);
    detailsPane.hidden = event === undefined;
    detailsPane.textContent = event ? `Event ${event.id} · ${event.type}\n${pretty(event)}` : '';
  };

  const scrollToEvent = (id: number) => {
    const head = header.offsetHeight;
    const y = head + (id - 1) * ROW;
    if (y < root.scrollTop + head) root.scrollTop = y - head;
    else if (y + ROW > root.scrollTop + root.clientHeight) root.scrollTop = y + ROW - root.clientHeight;
  };

  let queued = false;
  const schedule = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      render();
    });
  };

  root.addEventListener('scroll', schedule, { passive: true });
  root.addEventListener('keydown', (e) => {
    const keys: Record<string, number | 'first' | 'latest'> = { ArrowUp: -1, ArrowDown: 1, ArrowLeft: -1, ArrowRight: 1, Home: 'first', End: 'latest' };
    const move = keys[e.key];
    if (move === undefined) return;
    e.preventDefault();
    actions.move(move);
  });
  new ResizeObserver(schedule).observe(root);

  return {
    refresh() {
      const following = cursor === null && root.scrollTop + root.clientHeight >= root.scrollHeight - 2 * ROW;
      render();
      if (following) root.scrollTop = root.scrollHeight;
    },
    setCursor(next) {
      cursor = next;
      showDetails(); // first: showing the details pane shrinks the table
      if (next !== null) scrollToEvent(next);
      render();
    },
    setSelectedState(name) {
      selectedState = name;
      render();
    },
  };
}

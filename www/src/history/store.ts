// The page's cache of history events, fetched from the worker in chunks as rows scroll into view,
// so a 25,000-event history costs only what is on screen. Histories only grow until a new
// execution starts, so a chunk stays valid once full.

import type { HistoryEvent } from '../engine/api';

const CHUNK = 200;

export interface EventStore {
  readonly count: number;
  get(index: number): HistoryEvent | undefined;
  /** Fetches what is missing of [from, to); resolves true when new events arrived. */
  load(from: number, to: number): Promise<boolean>;
  setCount(count: number): void;
  clear(): void;
}

export function createEventStore(fetch: (from: number, to: number) => Promise<HistoryEvent[]>): EventStore {
  let count = 0;
  let generation = 0;
  let chunks = new Map<number, HistoryEvent[]>();
  const inFlight = new Map<number, Promise<boolean>>();

  const loadChunk = (k: number): Promise<boolean> => {
    const want = Math.min(CHUNK, count - k * CHUNK);
    if ((chunks.get(k)?.length ?? 0) >= want) return Promise.resolve(false);
    const running = inFlight.get(k);
    if (running) return running;
    const asked = generation;
    const p = fetch(k * CHUNK, k * CHUNK + want)
      .then((events) => {
        if (asked !== generation) return false;
        chunks.set(k, events);
        return true;
      })
      .catch(() => false)
      .finally(() => inFlight.delete(k));
    inFlight.set(k, p);
    return p;
  };

  return {
    get count() {
      return count;
    },
    get(index) {
      return chunks.get(Math.floor(index / CHUNK))?.[index % CHUNK];
    },
    async load(from, to) {
      const jobs: Promise<boolean>[] = [];
      for (let k = Math.floor(Math.max(0, from) / CHUNK); k * CHUNK < Math.min(to, count); k++) jobs.push(loadChunk(k));
      return (await Promise.all(jobs)).some(Boolean);
    },
    setCount(next) {
      count = next;
    },
    clear() {
      generation++;
      count = 0;
      chunks = new Map();
      inFlight.clear();
    },
  };
}

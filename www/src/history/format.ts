// How history events are shown: their details, the state they name, and virtual-time gaps.
// Display only: the events are the engine's, as AWS's GetExecutionHistory shapes them.

import type { HistoryEvent } from '../engine/api';

/** Everything but the envelope: the `...EventDetails` objects AWS attaches. */
export function eventDetails(event: HistoryEvent): Record<string, unknown> {
  const { id: _id, previousEventId: _prev, timestamp: _ts, type: _type, ...details } = event;
  return details;
}

export function detailsSummary(event: HistoryEvent, max = 160): string {
  const details = eventDetails(event);
  const values = Object.values(details);
  const text = JSON.stringify(values.length === 1 ? values[0] : details) ?? '';
  return text === '{}' ? '' : text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The state an event names (StateEntered/StateExited details carry `name`), if any. */
export function eventStateName(event: HistoryEvent): string | null {
  for (const [key, value] of Object.entries(event)) {
    if (!key.endsWith('EventDetails') || typeof value !== 'object' || value === null) continue;
    const name = (value as { name?: unknown }).name;
    if (typeof name === 'string') return name;
  }
  return null;
}

/** "250ms", "6s", "1m 30s", "1d 2h": the two largest units. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length > 0) parts.push(`${n}${unit}`);
    if (parts.length === 2) break;
  }
  return parts.filter((p) => !p.startsWith('0')).join(' ') || '0s';
}

/** Virtual milliseconds between two RFC 3339 timestamps. */
export function between(from: string, to: string): number {
  return Date.parse(to) - Date.parse(from);
}

/** A colour class for the row, from the event type's AWS suffix. */
export function eventTone(type: string): 'failed' | 'succeeded' | 'started' | 'plain' {
  if (/(Failed|TimedOut|Aborted)$/.test(type)) return 'failed';
  if (/Succeeded$/.test(type)) return 'succeeded';
  if (/(Entered|Started|Scheduled)$/.test(type)) return 'started';
  return 'plain';
}

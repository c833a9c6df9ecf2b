// The graph as SVG: one group per state with data-state and data-status, a shape per state type,
// labelled Choice and Catch edges, containers for Parallel branches and Map processors.

import type { StateStatus, StateType } from '../engine/api';
import { svg } from '../dom';
import { nodeStatus } from '../state';
import { type Box, CHAR, type EdgeLine, type Layout, type StateBox } from './layout';
import { attachViewport } from './viewport';

export interface GraphView {
  show(layout: Layout): void;
  setStatuses(statuses: Record<string, StateStatus>): void;
  select(name: string | null): void;
  /** A note over the graph (e.g. why it is stale); null hides it. */
  note(text: string | null): void;
}

const clip = (text: string, width: number) => {
  const max = Math.max(4, Math.floor(width / CHAR));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
};

function points(list: [number, number][]): string {
  return list.map(([px, py]) => `${px},${py}`).join(' ');
}

/** The outline of each state type; the type is also written under the name. */
function shape(type: StateType, { x, y, width: w, height: h }: Box): SVGElement {
  const cut = 10;
  switch (type) {
    case 'Choice':
      return svg('polygon', { points: points([[x + w / 2, y], [x + w, y + h / 2], [x + w / 2, y + h], [x, y + h / 2]]) });
    case 'Pass':
      return svg('polygon', { points: points([[x + cut, y], [x + w, y], [x + w - cut, y + h], [x, y + h]]) });
    case 'Wait':
      return svg('polygon', {
        points: points([[x + cut, y], [x + w - cut, y], [x + w, y + h / 2], [x + w - cut, y + h], [x + cut, y + h], [x, y + h / 2]]),
      });
    case 'Fail':
      return svg('polygon', {
        points: points([[x + cut, y], [x + w - cut, y], [x + w, y + cut], [x + w, y + h - cut], [x + w - cut, y + h], [x + cut, y + h], [x, y + h - cut], [x, y + cut]]),
      });
    case 'Succeed':
      return svg('rect', { x, y, width: w, height: h, rx: h / 2 });
    default:
      return svg('rect', { x, y, width: w, height: h, rx: 8 });
  }
}

function stateGroup(s: StateBox): SVGGElement {
  const cx = s.x + s.width / 2;
  const cy = s.y + s.height / 2;
  const inner = s.type === 'Choice' ? s.width * 0.62 : s.width - 16;
  return svg(
    'g',
    { class: 'state', 'data-state': s.name, 'data-type': s.type, 'data-status': 'not-run', tabindex: 0, role: 'button', 'aria-label': `${s.type} state ${s.name}` },
    svg('title', {}, s.resource ? `${s.name} (${s.type})\n${s.resource}` : `${s.name} (${s.type})`),
    shape(s.type, s),
    svg('text', { class: 'name', x: cx, y: cy - 3, 'text-anchor': 'middle' }, clip(s.name, inner)),
    svg('text', { class: 'type', x: cx, y: cy + 12, 'text-anchor': 'middle' }, s.type),
  );
}

/** A smooth path through dagre's points: quadratic curves through the midpoints. */
function pathData(list: { x: number; y: number }[]): string {
  if (list.length === 0) return '';
  let d = `M${list[0].x},${list[0].y}`;
  for (let i = 1; i < list.length - 1; i++) {
    const mx = (list[i].x + list[i + 1].x) / 2;
    const my = (list[i].y + list[i + 1].y) / 2;
    d += ` Q${list[i].x},${list[i].y} ${mx},${my}`;
  }
  const last = list[list.length - 1];
  return `${d} L${last.x},${last.y}`;
}

function edgeGroup(e: EdgeLine): SVGGElement {
  const group = svg('g', { class: `edge edge-${e.kind}` }, svg('path', { d: pathData(e.points), 'marker-end': 'url(#arrow)' }));
  const box = e.labelBox;
  if (box) {
    group.append(
      svg(
        'g',
        { class: 'edge-label' },
        svg('title', {}, e.label),
        svg('rect', { ...box, rx: 4 }),
        svg('text', { x: box.x + box.width / 2, y: box.y + box.height / 2 + 4, 'text-anchor': 'middle' }, e.labelText),
      ),
    );
  }
  return group;
}

export function createGraphView(pane: HTMLElement, onSelect: (name: string) => void): GraphView {
  const content = svg('g', { class: 'viewport' });
  const canvas = svg(
    'svg',
    { class: 'graph-canvas', role: 'group', 'aria-label': 'State machine graph: click a state to inspect it, drag to pan, wheel to zoom' },
    svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z' }))),
    content,
  );
  const noteEl = pane.querySelector<HTMLElement>('.graph-note')!;
  pane.prepend(canvas);
  const viewport = attachViewport(canvas, content);
  let shown: Layout | null = null;
  let selected: string | null = null;
  let statuses: Record<string, StateStatus> = {};

  pane.querySelector('[data-zoom="in"]')?.addEventListener('click', () => viewport.zoomBy(1.25));
  pane.querySelector('[data-zoom="out"]')?.addEventListener('click', () => viewport.zoomBy(0.8));
  pane.querySelector('[data-zoom="fit"]')?.addEventListener('click', () => shown && viewport.fit(shown.width, shown.height));

  const pick = (target: EventTarget | null) => {
    const name = (target as Element | null)?.closest?.('[data-state]')?.getAttribute('data-state');
    if (name) onSelect(name);
  };
  canvas.addEventListener('click', (e) => viewport.dragged() || pick(e.target));
  canvas.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), pick(e.target)));

  const elements = () => content.querySelectorAll<SVGGElement>('[data-state]');

  return {
    show(layout) {
      shown = layout;
      const containers = layout.containers.map((c) => {
        const shadow = c.type === 'Map' ? svg('rect', { class: 'stack', x: c.x + 5, y: c.y + 5, width: c.width, height: c.height, rx: 10 }) : null;
        const double = c.type === 'Parallel' ? svg('rect', { class: 'inner', x: c.x + 3, y: c.y + 3, width: c.width - 6, height: c.height - 6, rx: 8 }) : null;
        const cx = c.header.x + c.header.width / 2;
        return svg(
          'g',
          { class: 'state container', 'data-state': c.name, 'data-type': c.type, 'data-status': 'not-run', tabindex: 0, role: 'button', 'aria-label': `${c.type} state ${c.name}` },
          svg('title', {}, `${c.name} (${c.type})`),
          shadow,
          svg('rect', { class: 'outline', x: c.x, y: c.y, width: c.width, height: c.height, rx: 10 }),
          double,
          svg('text', { class: 'name', x: cx, y: c.header.y + 15, 'text-anchor': 'middle' }, clip(c.name, c.header.width)),
          svg('text', { class: 'type', x: cx, y: c.header.y + 29, 'text-anchor': 'middle' }, c.type),
        );
      });
      const branches = layout.branches.map((b) =>
        svg('g', { class: 'branch' }, svg('rect', { x: b.x, y: b.y, width: b.width, height: b.height, rx: 6 }), svg('text', { x: b.x + 6, y: b.y + 12 }, b.label)),
      );
      const markers = layout.markers.map((m) =>
        svg(
          'g',
          { class: `marker marker-${m.which}` },
          svg('rect', { x: m.x, y: m.y, width: m.width, height: m.height, rx: m.height / 2 }),
          svg('text', { x: m.x + m.width / 2, y: m.y + m.height / 2 + 4, 'text-anchor': 'middle' }, m.which === 'start' ? 'Start' : 'End'),
        ),
      );
      content.replaceChildren(...containers, ...branches, ...layout.edges.map(edgeGroup), ...markers, ...layout.states.map(stateGroup));
      this.setStatuses(statuses);
      this.select(selected);
      viewport.fit(layout.width, layout.height);
    },
    setStatuses(next) {
      statuses = next;
      for (const el of elements()) el.setAttribute('data-status', nodeStatus(statuses[el.getAttribute('data-state')!]));
    },
    select(name) {
      selected = name;
      for (const el of elements()) {
        const on = el.getAttribute('data-state') === name;
        el.classList.toggle('selected', on);
        el.setAttribute('aria-pressed', String(on));
      }
    },
    note(text) {
      noteEl.textContent = text ?? '';
      noteEl.hidden = text === null;
    },
  };
}

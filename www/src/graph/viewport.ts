// Zoom (wheel, buttons) and pan (drag) of the graph's SVG, by a transform on one group.

export interface Viewport {
  fit(width: number, height: number): void;
  zoomBy(factor: number): void;
  /** True right after a drag, so the click that ends it does not select a state. */
  dragged(): boolean;
}

const MIN_SCALE = 0.15;
const MAX_SCALE = 3;
const DRAG_THRESHOLD = 4;

export function attachViewport(svg: SVGSVGElement, content: SVGGElement): Viewport {
  let x = 0;
  let y = 0;
  let k = 1;
  let moved = false;
  const apply = () => content.setAttribute('transform', `translate(${x} ${y}) scale(${k})`);

  /** Zooms by `factor` keeping the point (px, py) of the SVG where it is. */
  const zoomAt = (factor: number, px: number, py: number) => {
    const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, k * factor));
    x = px - ((px - x) * next) / k;
    y = py - ((py - y) * next) / k;
    k = next;
    apply();
  };

  svg.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const r = svg.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)), e.clientX - r.left, e.clientY - r.top);
    },
    { passive: false },
  );

  svg.addEventListener('pointerdown', (down) => {
    if (down.button !== 0) return;
    const start = { x, y, cx: down.clientX, cy: down.clientY };
    moved = false;
    const move = (e: PointerEvent) => {
      const dx = e.clientX - start.cx;
      const dy = e.clientY - start.cy;
      if (!moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      // Capture only once it is a drag, so a plain click still reaches the state under the pointer.
      if (!moved) svg.setPointerCapture(down.pointerId);
      moved = true;
      x = start.x + dx;
      y = start.y + dy;
      apply();
    };
    const up = () => {
      svg.removeEventListener('pointermove', move);
      svg.removeEventListener('pointerup', up);
      svg.removeEventListener('pointercancel', up);
    };
    svg.addEventListener('pointermove', move);
    svg.addEventListener('pointerup', up);
    svg.addEventListener('pointercancel', up);
  });

  return {
    fit(width, height) {
      const r = svg.getBoundingClientRect();
      // Room for the zoom buttons above and the legend below.
      const [top, bottom] = [36, 26];
      const room = r.height - top - bottom;
      if (!width || !height || !r.width || room <= 0) return;
      k = Math.min(1, Math.max(MIN_SCALE, Math.min(r.width / width, room / height)));
      x = (r.width - width * k) / 2;
      y = top + Math.max(0, (room - height * k) / 2);
      apply();
    },
    zoomBy(factor) {
      const r = svg.getBoundingClientRect();
      zoomAt(factor, r.width / 2, r.height / 2);
    },
    dragged: () => moved,
  };
}

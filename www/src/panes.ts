// Resizable panes (drag or arrow keys on a splitter) and the light/dark theme.

import { type Theme, loadTheme, saveTheme } from './share/storage';

/**
 * A splitter resizes one neighbour: `data-resize="prev"` (default) or `"next"`. Between columns
 * (aria-orientation vertical) it sets the neighbour's width, between stacked panes its height.
 */
export function attachSplitters(root: ParentNode): void {
  for (const splitter of root.querySelectorAll<HTMLElement>('[role="separator"]')) {
    const vertical = splitter.getAttribute('aria-orientation') === 'vertical';
    const target = (splitter.dataset.resize === 'next' ? splitter.nextElementSibling : splitter.previousElementSibling) as HTMLElement;
    const sign = splitter.dataset.resize === 'next' ? -1 : 1;
    const size = () => (vertical ? target.getBoundingClientRect().width : target.getBoundingClientRect().height);
    const setSize = (px: number) => {
      target.style.flex = `0 0 ${Math.max(60, Math.round(px))}px`;
    };
    splitter.tabIndex = 0;
    splitter.addEventListener('pointerdown', (down) => {
      down.preventDefault();
      splitter.setPointerCapture(down.pointerId);
      const from = size();
      const start = vertical ? down.clientX : down.clientY;
      const move = (e: PointerEvent) => setSize(from + sign * ((vertical ? e.clientX : e.clientY) - start));
      const up = () => {
        splitter.removeEventListener('pointermove', move);
        splitter.removeEventListener('pointerup', up);
      };
      splitter.addEventListener('pointermove', move);
      splitter.addEventListener('pointerup', up);
    });
    splitter.addEventListener('keydown', (e) => {
      const step = { ArrowLeft: -24, ArrowUp: -24, ArrowRight: 24, ArrowDown: 24 }[e.key];
      if (step === undefined) return;
      e.preventDefault();
      setSize(size() + sign * step);
    });
  }
}

export function initialTheme(): Theme {
  return loadTheme() ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}

export function applyTheme(theme: Theme, remember: boolean): void {
  document.documentElement.dataset.theme = theme;
  if (remember) saveTheme(theme);
}

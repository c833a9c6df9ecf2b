// The examples gallery: one button per example (data-example), always on screen.

import { h } from './dom';
import type { Example } from './examples/index';

export function renderGallery(nav: HTMLElement, examples: Example[], pick: (example: Example) => void): void {
  nav.replaceChildren(
    h('span', { class: 'label' }, 'Examples'),
    ...examples.map((example) => {
      const button = h('button', { 'data-example': example.id, title: example.description }, example.title);
      button.addEventListener('click', () => pick(example));
      return button;
    }),
  );
}

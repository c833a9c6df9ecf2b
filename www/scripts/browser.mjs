// Shared by the e2e tests (www/e2e) and the benchmark (www/scripts/bench.mjs): serve the built site
// on 127.0.0.1 and drive Debian's Chromium through playwright-core (it never downloads a browser).
// Lives outside www/e2e so that `node --test www/e2e` does not count it as a test file.

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { loadConfig } from './build.mjs';
import { startServer } from './serve.mjs';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export function chromiumPath() {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error('Chromium not found: `apt-get install chromium` (or set CHROMIUM=/path/to/chrome)');
  return found;
}

/** Serves www/dist on 127.0.0.1 (a free port) and launches Chromium. */
export async function openSite() {
  const { dist } = loadConfig();
  if (!existsSync(join(dist, 'index.html')))
    throw new Error(`${dist}/index.html is missing: run \`npm --prefix www run build\` first`);
  const site = await startServer({ root: dist, host: '127.0.0.1', port: 0 });
  let browser;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  } catch (e) {
    await site.close();
    throw e;
  }
  return {
    url: site.url,
    browser,
    async close() {
      await browser.close().catch(() => {});
      await site.close();
    },
  };
}

export const ARTIFACTS = new URL('../e2e/artifacts/', import.meta.url);

export function artifact(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return new URL(name, ARTIFACTS).pathname;
}

// ---------------------------------------------------------------------------------------------
// Driving the playground as a person does, through the data-testid contract (issue 4, point 9).

export const TERMINAL = /SUCCEEDED|FAILED|TIMED_OUT|ABORTED/;
export const SETTLED = /SUCCEEDED|FAILED|TIMED_OUT|ABORTED|WAITING/;
export const tid = (id) => `[data-testid="${id}"]`;

/** A page in a fresh browser context (own localStorage), loaded and with the engine ready. */
export async function freshPage(browser, url, { viewport = { width: 1280, height: 720 }, goto = url } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(goto);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
  return { page, context, errors };
}

/** Replaces the text of a CodeMirror editor: click into it, select all, type. */
export async function setEditor(page, testid, text) {
  const content = page.locator(`${tid(testid)} .cm-content`);
  // Click its first line (the middle of a long document may lie outside its scrolled pane); if
  // something covers even that, focus it as a keyboard user would.
  await content.click({ position: { x: 24, y: 6 }, timeout: 3_000 }).catch(() => content.focus());
  await page.keyboard.press('Control+A');
  // One input event for the whole text, as an IME or a paste gives: CodeMirror's bracket closing and
  // auto-indent react to single keystrokes only, so the text arrives exactly as written.
  if (text === '') await page.keyboard.press('Backspace');
  else await page.keyboard.insertText(text);
}

export async function statusText(page) {
  return ((await page.locator(tid('execution-status')).textContent()) ?? '').trim();
}

export async function waitStatus(page, re, timeout = 20_000) {
  const handle = await page.waitForFunction(
    ([sel, src]) => new RegExp(src).test(document.querySelector(sel)?.textContent ?? ''),
    [tid('execution-status'), re.source],
    { timeout },
  );
  await handle.dispose();
  return statusText(page);
}

/** The graph node of a state: its data-status (null when the node is not drawn). */
export async function nodeStatus(page, state) {
  const node = page.locator(`${tid('graph')} [data-state="${state}"]`).first();
  if ((await node.count()) === 0) return null;
  return node.getAttribute('data-status');
}

export async function waitNode(page, state, timeout = 10_000) {
  await page.locator(`${tid('graph')} [data-state="${state}"]`).first().waitFor({ state: 'attached', timeout });
}

export async function historyTypes(page) {
  return page.locator(`${tid('history')} [data-event-type]`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event-type')));
}

export async function exampleIds(page) {
  return page.locator(`${tid('examples')} [data-example]`).evaluateAll((es) => es.map((e) => e.getAttribute('data-example')));
}

/** Picks an example from the gallery, whether it is a <select>, a list, or a menu to open first. */
export async function pickExample(page, id) {
  const gallery = page.locator(tid('examples'));
  const entry = page.locator(`${tid('examples')} [data-example="${id}"]`);
  if ((await gallery.evaluate((e) => e.tagName)) === 'SELECT') {
    const value = await entry.evaluate((o) => o.value);
    await gallery.selectOption(value);
    return;
  }
  if (!(await entry.isVisible())) await gallery.click();
  await entry.click();
}

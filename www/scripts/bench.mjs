#!/usr/bin/env node
// The playground's measurements (issue 4, "Measured"), a benchmark, not a test:
//   npm --prefix www run bench            (after npm --prefix www run build)
//   npm --prefix www run bench -- --native   also runs the native `cargo bench` loop for comparison
//
// 1. page load to interactive (body[data-ready="1"]) from 127.0.0.1, fresh browser context each time;
// 2. transitions/s of the wasm engine in Chromium on benches/engine.rs's loop (Choice/Pass counting
//    to 100,000 with States.MathAdd, EXPRESS so no 25,000-event limit), a Session built from
//    www/dist/pkg directly in the page; the first run in a fresh instance is shown apart, since it
//    also pays for growing the wasm memory;
// 3. time to run and render a 24,998-event history in the app (STANDARD, under the 25,000 limit),
//    and to scroll it to its last row.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { ROOT } from './build.mjs';
import { artifact, freshPage, openSite, setEditor, tid } from './browser.mjs';

const args = process.argv.slice(2);
const N = 100_000;
const countingLoop = (n) => ({
  StartAt: 'Check',
  States: {
    Check: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericLessThan: n, Next: 'Inc' }], Default: 'Done' },
    Inc: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
    Done: { Type: 'Succeed' },
  },
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = {};

const site = await openSite();
try {
  // 1. Load to interactive.
  const loads = [];
  for (let i = 0; i < 5; i++) {
    const context = await site.browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.addInitScript(() => {
      new MutationObserver((_, obs) => {
        if (document.body?.dataset.ready === '1' && !window.__readyAt) {
          window.__readyAt = performance.now();
          obs.disconnect();
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'], childList: true });
    });
    const page = await context.newPage();
    await page.goto(site.url);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
    const t = await page.evaluate(() => ({
      ready: window.__readyAt ?? performance.now(),
      dcl: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? 0,
    }));
    loads.push(t);
    await context.close();
  }
  results.loadToInteractiveMs = { median: median(loads.map((l) => l.ready)), min: Math.min(...loads.map((l) => l.ready)), domContentLoadedMs: median(loads.map((l) => l.dcl)) };
  console.log(`page load to interactive: median ${results.loadToInteractiveMs.median.toFixed(0)} ms, best ${results.loadToInteractiveMs.min.toFixed(0)} ms (DOMContentLoaded ${results.loadToInteractiveMs.domContentLoadedMs.toFixed(0)} ms)`);

  // 2. Engine transitions/s in Chromium, the pkg used directly.
  {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.url}pkg/asl_sandbox.js`); // same origin, no app running
    const runs = await page.evaluate(
      async ({ def, n }) => {
        const m = await import('/pkg/asl_sandbox.js');
        await m.default({ module_or_path: '/pkg/asl_sandbox_bg.wasm' });
        const out = [];
        for (let k = 0; k < 4; k++) {
          const t0 = performance.now();
          const s = new m.Session(def, '{"i": 0}', { express: true, inspect: false });
          const r = s.run(1e9);
          const ms = performance.now() - t0;
          out.push({ ms, result: r, status: s.status(), events: s.eventCount(), transitions: 2 * n + 2 });
          s.free();
        }
        return out;
      },
      { def: JSON.stringify(countingLoop(N)), n: N },
    );
    for (const r of runs) if (r.status !== 'SUCCEEDED') throw new Error(`loop ended ${r.status}`);
    const [cold, ...warm] = runs;
    const best = Math.min(...warm.map((r) => r.ms));
    results.wasmLoop = {
      transitions: cold.transitions,
      events: cold.events,
      firstRunMs: cold.ms,
      firstRunTransitionsPerSec: cold.transitions / (cold.ms / 1000),
      bestMs: best,
      transitionsPerSec: cold.transitions / (best / 1000),
    };
    console.log(
      `wasm engine in Chromium, Choice/Pass loop (${N.toLocaleString('en')} iterations, ${cold.events.toLocaleString('en')} events): ` +
        `${Math.round(results.wasmLoop.transitionsPerSec).toLocaleString('en')} transitions/s (best of 3, ${best.toFixed(0)} ms); ` +
        `first run in a fresh instance ${cold.ms.toFixed(0)} ms = ${Math.round(results.wasmLoop.firstRunTransitionsPerSec).toLocaleString('en')} transitions/s`,
    );
    await context.close();
  }

  // 3. A 24,998-event history in the app.
  {
    const { page, context } = await freshPage(site.browser, site.url);
    const n = 6248; // 1 + 4 events per iteration + 2 (last Choice) + 2 (Succeed) + 1 = 24,998
    await setEditor(page, 'mocks-editor', '');
    await setEditor(page, 'input-editor', '{"i": 0}');
    await setEditor(page, 'definition-editor', JSON.stringify(countingLoop(n), null, 2));
    await page.locator(`${tid('graph')} [data-state="Inc"]`).first().waitFor({ state: 'attached' });
    await page.click(tid('reset'));
    await page.waitForTimeout(300);
    const m = await page.evaluate(
      async ({ run, status, history }) => {
        const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
        const rows = () => document.querySelectorAll(`${history} [data-event-type]`);
        const t0 = performance.now();
        document.querySelector(run).click();
        while (!/SUCCEEDED|FAILED/.test(document.querySelector(status)?.textContent ?? '')) await frame();
        const settled = performance.now() - t0;
        while (rows().length === 0) await frame();
        await frame();
        await frame();
        const rendered = performance.now() - t0;
        const rowsInDom = rows().length;
        // Scroll the history to its end.
        const root = document.querySelector(history);
        const scroller = [root, ...root.querySelectorAll('*')].find((e) => e.scrollHeight > e.clientHeight + 10) ?? root;
        const t1 = performance.now();
        scroller.scrollTop = scroller.scrollHeight;
        let found = false;
        for (let i = 0; i < 600 && !found; i++) {
          await frame();
          found = [...rows()].some((r) => r.getAttribute('data-event-type') === 'ExecutionSucceeded');
        }
        return { settled, rendered, rowsInDom, scrolledToEnd: found ? performance.now() - t1 : null, status: document.querySelector(status)?.textContent };
      },
      { run: tid('run'), status: tid('execution-status'), history: tid('history') },
    );
    await page.screenshot({ path: artifact('bench-history.png') });
    results.history = { events: 4 * n + 6, ...m };
    console.log(
      `25,000-event history in the app (${(4 * n + 6).toLocaleString('en')} events, ${m.status?.trim()}): run + render ${m.rendered.toFixed(0)} ms ` +
        `(status shown after ${m.settled.toFixed(0)} ms; ${m.rowsInDom} rows in the DOM); scroll to the last row ${m.scrolledToEnd === null ? 'n/a (last row never rendered)' : `${m.scrolledToEnd.toFixed(0)} ms`}`,
    );
    await context.close();
  }
} finally {
  await site.close();
}

if (args.includes('--native')) {
  const r = spawnSync('cargo', ['bench', '--bench', 'engine', '--', 'choice'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const line = r.stdout.split('\n').find((l) => l.includes('transitions/s')) ?? '';
  const native = Number(line.trim().split(/\s+/).at(-2));
  if (native) {
    results.nativeTransitionsPerSec = native;
    console.log(`native (cargo bench): ${Math.round(native).toLocaleString('en')} transitions/s → wasm/native = ${(results.wasmLoop.transitionsPerSec / native).toFixed(2)}`);
  }
}
writeFileSync(artifact('bench.json'), JSON.stringify(results, null, 2) + '\n');

// End-to-end: the built playground (www/dist) served on 127.0.0.1, driven in Debian's Chromium as a
// person uses it, through the data-testid contract of issue 4 (point 9). Screenshots of the main
// views go to www/e2e/artifacts/ (UPDATE_SCREENSHOT=1 also refreshes docs/playground.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import {
  SETTLED,
  TERMINAL,
  artifact,
  exampleIds,
  freshPage,
  historyTypes,
  nodeStatus,
  openSite,
  pickExample,
  setEditor,
  statusText,
  tid,
  waitNode,
  waitStatus,
} from '../scripts/browser.mjs';

let site;
const pages = [];

before(async () => {
  site = await openSite();
});

after(async () => {
  for (const p of pages) await p.context.close().catch(() => {});
  await site?.close();
});

async function open(options) {
  const p = await freshPage(site.browser, site.url, options);
  pages.push(p);
  return p;
}

const json = (v) => JSON.stringify(v, null, 2);

/** Loads a workspace through the editors, then waits until the graph shows `marker`. */
async function load(page, { definition, input = '{}', mocks = '', marker }) {
  await setEditor(page, 'input-editor', input);
  await setEditor(page, 'mocks-editor', mocks);
  await setEditor(page, 'definition-editor', typeof definition === 'string' ? definition : json(definition));
  if (marker) await waitNode(page, marker);
}

async function reset(page) {
  await page.click(tid('reset'));
  await page.waitForFunction((sel) => !/SUCCEEDED|FAILED|TIMED_OUT|ABORTED|WAITING/.test(document.querySelector(sel)?.textContent ?? ''), tid('execution-status'));
}

test('loads: engine ready, every test hook present, no page error', async () => {
  const { page, errors } = await open();
  for (const id of ['definition-editor', 'input-editor', 'mocks-editor', 'run', 'step', 'reset', 'share', 'share-link', 'execution-status', 'diagnostics', 'graph', 'history', 'examples'])
    assert.equal(await page.locator(tid(id)).count() > 0, true, `data-testid=${id} is missing`);
  assert.doesNotMatch(await statusText(page), /RUNNING|SUCCEEDED|FAILED/, 'nothing runs by itself');
  await page.screenshot({ path: artifact('load.png') });
  assert.deepEqual(errors, []);
});

test('examples: every example of the gallery runs as is', async (t) => {
  const { page, errors } = await open();
  const ids = await exampleIds(page);
  assert.ok(ids.length >= 7, `7 examples expected, found ${ids.join(', ')}`);
  const results = {};
  for (const id of ids) {
    await pickExample(page, id);
    await reset(page);
    await page.click(tid('run'));
    results[id] = await waitStatus(page, SETTLED, 30_000);
    // An example that waits on a task token goes on once the callbacks panel answers it.
    for (let i = 0; i < 5 && /WAITING/.test(await statusText(page)); i++) {
      await page.locator(`${tid('pending-callbacks')} ${tid('callback-success')}`).first().click();
      await waitStatus(page, TERMINAL, 5_000).catch(() => {}); // or waiting on the next token
      results[id] = `WAITING → ${await statusText(page)}`;
    }
    assert.ok((await historyTypes(page)).length > 0, `${id}: history rows`);
    await page.screenshot({ path: artifact(`example-${id}.png`) });
  }
  t.diagnostic(JSON.stringify(results));
  for (const [id, status] of Object.entries(results))
    assert.match(status, /^SUCCEEDED$|^WAITING → (SUCCEEDED|FAILED)$/, `${id} runs as is: ${status}`);
  assert.deepEqual(errors, []);
});

test('pick an example and run it: graph coloured, history, output', async () => {
  const { page, errors } = await open();
  const [first] = await exampleIds(page);
  await pickExample(page, first);
  await reset(page);
  await page.click(tid('run'));
  assert.match(await waitStatus(page, SETTLED, 30_000), SETTLED);
  const statuses = await page.locator(`${tid('graph')} [data-state]`).evaluateAll((ns) => ns.map((n) => n.getAttribute('data-status')));
  assert.ok(statuses.includes('succeeded'), `some state succeeded: ${statuses}`);
  const types = await historyTypes(page);
  assert.equal(types[0], 'ExecutionStarted');
  await page.screenshot({ path: artifact('run.png') });
  assert.deepEqual(errors, []);
});

test("the inspector shows a JSONata state's field values and the variables it saw and set", async () => {
  const { page, errors } = await open();
  await pickExample(page, 'order-jsonata');
  await waitNode(page, 'ChargeCard');
  await reset(page);
  await page.click(tid('run'));
  assert.match(await waitStatus(page, TERMINAL), /SUCCEEDED/);
  const inspector = page.locator(tid('inspector'));
  const shown = async (selector) => JSON.parse((await inspector.locator(selector).first().textContent()) ?? 'null');

  await page.locator(`${tid('graph')} [data-state="ChargeCard"]`).first().click();
  await inspector.locator('[data-field="Arguments"]').waitFor();
  assert.deepEqual((await shown('[data-field="Arguments"]')).Payload, { orderId: 'ORD-20240117-0042', amount: 108, paymentMethodId: 'pm_1OkVn2Lk3x' });
  assert.deepEqual(await shown('[data-field="Assign"]'), { chargeId: 'ch_3Ok9xQ2eZvKYlo2C' });
  assert.deepEqual(await shown('[data-variables="entry"]'), { orderId: 'ORD-20240117-0042', total: 108, reservations: ['RSV-5521', 'RSV-5522'] });
  assert.deepEqual(await shown('[data-variables="assigned"]'), { chargeId: 'ch_3Ok9xQ2eZvKYlo2C' });
  assert.equal(await inspector.locator('[data-stage="afterInputPath"]').count(), 0, 'no JSONPath stages for a JSONata state');
  assert.equal((await shown('[data-stage="result"]')).Payload.status, 'CAPTURED');

  // Every Condition tried, in order.
  await page.locator(`${tid('graph')} [data-state="LargeOrder?"]`).first().click();
  await inspector.locator('[data-field="Choices[1]/Condition"]').waitFor();
  const fields = await inspector.locator('[data-field]').evaluateAll((ps) => ps.map((p) => [p.getAttribute('data-field'), p.textContent]));
  assert.deepEqual(fields, [
    ['Choices[0]/Condition', 'false'],
    ['Choices[1]/Condition', 'true'],
    ['Choices[1]/Assign', json({ shipping: 'consolidated' })],
  ]);
  await page.screenshot({ path: artifact('inspector-jsonata.png') });

  // A folded section stays folded when the panel follows time travel.
  const section = inspector.locator(tid('inspector-jsonata'));
  await section.locator('summary').click();
  await section.evaluate((e) => (e.dataset.seen = '1'));
  await page.click(tid('step-back'));
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.seen === undefined, tid('inspector-jsonata'));
  assert.equal(await section.evaluate((e) => e.open), false);
  assert.deepEqual(errors, []);
});

test('editing a definition shows diagnostics with AWS codes, fixing it clears them', async () => {
  const { page, errors } = await open();
  const diagnostics = page.locator(`${tid('diagnostics')} > *`);
  await setEditor(page, 'definition-editor', json({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } }));
  await page.locator(tid('diagnostics'), { hasText: 'MISSING_TRANSITION_TARGET' }).waitFor();
  assert.ok((await diagnostics.count()) >= 1);
  // Lint marks in the editor.
  await page.locator(`${tid('definition-editor')} .cm-lintRange, ${tid('definition-editor')} .cm-lint-marker`).first().waitFor();
  await page.screenshot({ path: artifact('diagnostics.png') });

  await setEditor(page, 'definition-editor', '{"StartAt": "A", "States": {');
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length > 0, `${tid('diagnostics')} > *`);

  await setEditor(page, 'definition-editor', json({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }));
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 0, `${tid('diagnostics')} > *`);
  assert.deepEqual(errors, []);
});

test('Retry then Catch: graph colours and history rows', async () => {
  const { page, errors } = await open();
  await load(page, {
    definition: {
      StartAt: 'Charge',
      States: {
        Charge: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'charge' },
          Retry: [{ ErrorEquals: ['Card.Declined'], IntervalSeconds: 1, MaxAttempts: 1 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Compensate' }],
          Next: 'Ship',
        },
        Ship: { Type: 'Pass', End: true },
        Compensate: { Type: 'Pass', Next: 'Failed' },
        Failed: { Type: 'Fail', Error: 'OrderFailed', Cause: 'the card was declined' },
      },
    },
    input: '{"order": 7}',
    mocks: json({
      Charge: [{ Throw: { Error: 'Card.Declined', Cause: 'first' } }, { Throw: { Error: 'Card.Declined', Cause: 'second' } }],
    }),
    marker: 'Compensate',
  });
  await page.click(tid('run'));
  assert.match(await waitStatus(page, TERMINAL), /FAILED/);
  assert.equal(await nodeStatus(page, 'Charge'), 'caught');
  assert.equal(await nodeStatus(page, 'Compensate'), 'succeeded');
  assert.equal(await nodeStatus(page, 'Failed'), 'failed');
  assert.equal(await nodeStatus(page, 'Ship'), 'not-run');
  const types = await historyTypes(page);
  assert.equal(types.filter((t) => t === 'TaskFailed').length, 2, types.join(' '));
  assert.equal(types[0], 'ExecutionStarted');
  assert.equal(types.at(-1), 'ExecutionFailed');
  assert.ok(types.includes('FailStateEntered'));
  await page.screenshot({ path: artifact('retry-catch.png') });
  if (process.env.UPDATE_SCREENSHOT) copyFileSync(artifact('retry-catch.png'), new URL('../../docs/playground.png', import.meta.url).pathname);
  assert.deepEqual(errors, []);
});

test('Step adds history events one click at a time; time travel moves the graph back and forth', async () => {
  const { page, errors } = await open();
  await load(page, {
    definition: { StartAt: 'First', States: { First: { Type: 'Pass', Next: 'Second' }, Second: { Type: 'Pass', Next: 'Done' }, Done: { Type: 'Succeed' } } },
    marker: 'Second',
  });
  await reset(page);
  const counts = [];
  for (let i = 0; i < 30 && !/SUCCEEDED/.test(await statusText(page)); i++) {
    const before = (await historyTypes(page)).length;
    await page.click(tid('step'));
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length > n, [`${tid('history')} [data-event-type]`, before]);
    counts.push((await historyTypes(page)).length);
    if (counts.length === 2) {
      assert.match(await statusText(page), /RUNNING/);
      assert.equal(await nodeStatus(page, 'Done'), 'not-run');
    }
  }
  assert.match(await statusText(page), /SUCCEEDED/);
  assert.ok(counts.length >= 4, `several steps: ${counts}`);
  assert.equal((await historyTypes(page)).at(-1), 'ExecutionSucceeded');
  assert.equal(await nodeStatus(page, 'Done'), 'succeeded');

  // Time travel: back through the history, the graph follows; forward again to the end.
  if ((await page.locator(tid('step-back')).count()) > 0) {
    for (let i = 0; i < 3; i++) await page.click(tid('step-back'));
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-status') === 'not-run', `${tid('graph')} [data-state="Done"]`);
    assert.equal(await nodeStatus(page, 'First'), 'succeeded');
    await page.screenshot({ path: artifact('time-travel.png') });
    for (let i = 0; i < 3; i++) await page.click(tid('step-forward'));
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-status') === 'succeeded', `${tid('graph')} [data-state="Done"]`);
  }
  assert.deepEqual(errors, []);
});

test('a task token is answered from the callbacks panel', async () => {
  const { page, errors } = await open();
  await load(page, {
    definition: {
      StartAt: 'AskManager',
      States: {
        AskManager: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/111111111111/approvals', MessageBody: { 'token.$': '$$.Task.Token', 'amount.$': '$.amount' } },
          Next: 'Approved',
        },
        Approved: { Type: 'Succeed' },
      },
    },
    input: '{"amount": 12}',
    mocks: '{}',
    marker: 'AskManager',
  });
  const pending = page.locator(tid('pending-callbacks'));

  await page.click(tid('run'));
  assert.match(await waitStatus(page, SETTLED), /WAITING/);
  assert.equal(await nodeStatus(page, 'AskManager'), 'in-progress');
  await pending.locator(tid('callback-success')).first().waitFor();
  await page.screenshot({ path: artifact('callbacks.png') });
  await pending.locator(tid('callback-success')).first().click();
  assert.match(await waitStatus(page, TERMINAL), /SUCCEEDED/);
  assert.equal(await nodeStatus(page, 'Approved'), 'succeeded');

  await reset(page);
  await page.click(tid('run'));
  assert.match(await waitStatus(page, SETTLED), /WAITING/);
  await pending.locator(tid('callback-failure')).first().click();
  assert.match(await waitStatus(page, TERMINAL), /FAILED/);
  assert.equal(await nodeStatus(page, 'AskManager'), 'failed');
  assert.deepEqual(errors, []);
});

test('a share link opens the same workspace in a fresh browser, and runs nothing by itself', async () => {
  const { page, errors } = await open();
  await load(page, {
    definition: { Comment: 'shared', StartAt: 'SharedMarker', States: { SharedMarker: { Type: 'Pass', Result: { shared: 'yes ✓' }, End: true } } },
    input: '{"sharedInput": 42}',
    marker: 'SharedMarker',
  });
  await page.click(tid('share'));
  const field = page.locator(tid('share-link'));
  await page.waitForFunction((sel) => {
    const e = document.querySelector(sel);
    return /#./.test((e && ('value' in e ? e.value : e.textContent)) || '');
  }, tid('share-link'));
  const link = await field.evaluate((e) => ('value' in e ? e.value : e.textContent).trim());
  assert.ok(link.startsWith(site.url), `${link} is a link to this site`);

  const other = await open({ goto: link });
  await waitNode(other.page, 'SharedMarker');
  assert.equal((await historyTypes(other.page)).length, 0, 'opening a link runs nothing');
  await other.page.click(tid('run'));
  assert.match(await waitStatus(other.page, TERMINAL), /SUCCEEDED/);
  assert.match((await other.page.locator(tid('execution-output')).textContent()) ?? '', /yes ✓/);
  await other.page.screenshot({ path: artifact('shared.png') });

  // A damaged link loads nothing and says so.
  const hash = link.indexOf('#');
  const broken = link.slice(0, hash + 1) + link.slice(hash + 1, hash + 12) + '%%%broken' + link.slice(hash + 40, hash + 60);
  const third = await open({ goto: broken });
  await third.page.waitForTimeout(500);
  assert.equal(await third.page.locator(`${tid('graph')} [data-state="SharedMarker"]`).count(), 0);
  assert.match(await third.page.locator('body').innerText(), /link/i, 'a message about the link');
  assert.deepEqual([...errors, ...other.errors, ...third.errors], []);
});

test('a reload keeps the workspace', async () => {
  const { page, errors } = await open();
  await load(page, {
    definition: { StartAt: 'ReloadMarker', States: { ReloadMarker: { Type: 'Pass', End: true } } },
    input: '{"kept": true}',
    marker: 'ReloadMarker',
  });
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => (localStorage.getItem(k) ?? '').includes('ReloadMarker')), null, { timeout: 10_000 });
  await page.reload();
  await page.waitForSelector('body[data-ready="1"]');
  await waitNode(page, 'ReloadMarker');
  assert.match(await page.locator(`${tid('input-editor')} .cm-content`).innerText(), /kept/);
  assert.deepEqual(errors, []);
});

test('a runaway loop is stopped with Stop and the page stays responsive', async (t) => {
  const { page, errors } = await open();
  // EXPRESS has no 25,000-event limit, so this loop never ends by itself.
  const express = page.locator(`${tid('express')}, ${tid('workflow-type')}`).first();
  const stop = page.locator(`${tid('stop')}`).first();
  if ((await express.count()) === 0 || (await stop.count()) === 0) {
    t.skip('the page has no data-testid="express" (or "workflow-type") and "stop" controls');
    return;
  }
  // A Choice loop whose way out is never taken (a loop with no terminal state at all is invalid).
  await load(page, {
    definition: {
      StartAt: 'Spin',
      States: {
        Spin: { Type: 'Pass', Next: 'Check' },
        Check: { Type: 'Choice', Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Done' }], Default: 'Spin' },
        Done: { Type: 'Succeed' },
      },
    },
    marker: 'Check',
  });
  if ((await express.evaluate((e) => e.tagName)) === 'SELECT') await express.selectOption('EXPRESS');
  else await express.check();
  await reset(page);
  await page.click(tid('run'));
  await waitStatus(page, /RUNNING/);
  // The page keeps painting frames while the worker runs the loop.
  const worstFrameGap = await page.evaluate(
    () =>
      new Promise((done) => {
        let last = performance.now();
        let worst = 0;
        const end = last + 1500;
        const frame = (now) => {
          worst = Math.max(worst, now - last);
          last = now;
          if (now < end) requestAnimationFrame(frame);
          else done(worst);
        };
        requestAnimationFrame(frame);
      }),
  );
  assert.ok(worstFrameGap < 500, `the page stays responsive (worst frame gap ${worstFrameGap.toFixed(0)} ms)`);
  assert.match(await statusText(page), /RUNNING/, 'still running after 1.5 s');
  await page.screenshot({ path: artifact('runaway.png') });
  await stop.click();
  await page.waitForFunction((sel) => !/RUNNING/.test(document.querySelector(sel)?.textContent ?? ''), tid('execution-status'), { timeout: 5_000 });

  // The engine still works afterwards.
  await load(page, { definition: { StartAt: 'After', States: { After: { Type: 'Pass', End: true } } }, marker: 'After' });
  await reset(page);
  await page.click(tid('run'));
  assert.match(await waitStatus(page, TERMINAL), /SUCCEEDED/);
  assert.deepEqual(errors, []);
});

test('phone-sized and 1280×720 screens: no sideways overflow, Run works', async () => {
  for (const viewport of [{ width: 1280, height: 720 }, { width: 390, height: 844 }]) {
    const { page, errors } = await open({ viewport });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${viewport.width}px: the page is ${overflow}px wider than the screen`);
    await load(page, { definition: { StartAt: 'Small', States: { Small: { Type: 'Pass', End: true } } }, marker: 'Small' });
    await page.locator(tid('run')).click();
    assert.match(await waitStatus(page, TERMINAL), /SUCCEEDED/);
    await page.screenshot({ path: artifact(`screen-${viewport.width}x${viewport.height}.png`), fullPage: true });
    assert.deepEqual(errors, []);
  }
});

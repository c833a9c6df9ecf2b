// Share links and autosave: round trips (non-ASCII included), and refusal of corrupt or
// oversized links, which must load nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTs } from '../scripts/load-ts.mjs';

const codec = await loadTs('share/codec.ts');
const storage = await loadTs('share/storage.ts');

const workspace = {
  definition: 'StartAt: Grüße\nStates:\n  Grüße: {Type: Pass, End: true} # 🚀 ünïcödé\n',
  input: '{"name": "Zoë", "emoji": "😀"}',
  mocks: '',
  settings: { seed: 42, express: true, testCase: 'HappyPath' },
};

async function deflate(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return Buffer.from(await new Response(stream).arrayBuffer()).toString('base64url');
}

test('a workspace survives encode and decode unchanged', async () => {
  const code = await codec.encodeWorkspace(workspace);
  assert.match(code, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(await codec.decodeWorkspace(code), { ok: true, workspace });
});

test('a link is the page URL with the code in the fragment', async () => {
  const code = await codec.encodeWorkspace(workspace);
  const url = codec.shareUrl({ origin: 'http://127.0.0.1:8080', pathname: '/', search: '' }, code);
  assert.equal(url, `http://127.0.0.1:8080/#w=${code}`);
  assert.equal(codec.codeFromHash(new URL(url).hash), code);
  assert.equal(codec.codeFromHash('#other=1'), null);
  assert.equal(codec.codeFromHash(''), null);
});

test('text that is not base64url is a corrupt link', async () => {
  const result = await codec.decodeWorkspace('not base64 at all!');
  assert.equal(result.ok, false);
  assert.equal(result.reason, 'corrupt');
  assert.match(result.message, /nothing was loaded/);
});

test('bytes that do not inflate are a corrupt link', async () => {
  const result = await codec.decodeWorkspace(Buffer.from('plain bytes, not deflate').toString('base64url'));
  assert.equal(result.reason, 'corrupt');
});

test('a truncated link is corrupt', async () => {
  const code = await codec.encodeWorkspace(workspace);
  const result = await codec.decodeWorkspace(code.slice(0, Math.floor(code.length / 2)));
  assert.equal(result.ok, false);
});

test('JSON that is not a workspace is a corrupt link', async () => {
  assert.equal((await codec.decodeWorkspace(await deflate('{"definition": 1}'))).reason, 'corrupt');
  assert.equal((await codec.decodeWorkspace(await deflate('[1, 2'))).reason, 'corrupt');
});

test('a link holding more than 1 MB is refused without inflating it all', async () => {
  const big = JSON.stringify({ ...workspace, definition: 'x'.repeat(codec.MAX_WORKSPACE_BYTES + 10) });
  const code = await deflate(big);
  assert.ok(code.length < 10_000, 'compresses well, so only the decoded size can tell');
  const result = await codec.decodeWorkspace(code);
  assert.equal(result.reason, 'oversized');
  assert.match(result.message, /1 MB/);
});

test('an absurdly long code is refused before decoding', async () => {
  assert.equal((await codec.decodeWorkspace('A'.repeat(2 * codec.MAX_WORKSPACE_BYTES))).reason, 'oversized');
});

test('settings missing from an older link get their defaults', () => {
  assert.deepEqual(codec.asWorkspace({ definition: 'd', input: 'i', mocks: 'm' }).settings, { seed: 0, express: false, testCase: '' });
  assert.equal(codec.asWorkspace({ definition: 'd', input: 'i', mocks: 'm', settings: { seed: 'NaN' } }).settings.seed, 0);
  assert.equal(codec.asWorkspace(null), null);
});

class MemoryStorage {
  items = new Map();
  getItem(key) {
    return this.items.get(key) ?? null;
  }
  setItem(key, value) {
    this.items.set(key, String(value));
  }
}

test('autosave round-trips and skips a workspace over 1 MB', () => {
  const store = new MemoryStorage();
  assert.equal(storage.saveWorkspace(workspace, store), 'saved');
  assert.deepEqual(storage.loadSavedWorkspace(store), workspace);
  const big = { ...workspace, definition: 'é'.repeat(codec.MAX_WORKSPACE_BYTES / 2 + 1) }; // 2 bytes each in UTF-8
  assert.equal(storage.saveWorkspace(big, store), 'too-large');
  assert.deepEqual(storage.loadSavedWorkspace(store), workspace, 'the previous save is kept');
});

test('autosave tolerates broken or unavailable storage', () => {
  const store = new MemoryStorage();
  store.setItem('asl-sandbox:workspace', '{not json');
  assert.equal(storage.loadSavedWorkspace(store), null);
  const full = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
  assert.equal(storage.saveWorkspace(workspace, full), 'unavailable');
});

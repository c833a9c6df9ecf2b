// Share links: the workspace as JSON, deflate-raw compressed (the browser's CompressionStream),
// base64url-encoded into the URL fragment `#w=...`, so no server ever sees it. Decoding refuses a
// corrupt link or one whose workspace exceeds 1 MB, and then loads nothing.

import { defaultSettings, type Settings, type Workspace } from '../state';

export const MAX_WORKSPACE_BYTES = 1024 * 1024;
const FORMAT_VERSION = 1;

export type Decoded = { ok: true; workspace: Workspace } | { ok: false; reason: 'corrupt' | 'oversized'; message: string };

const corrupt = (detail: string): Decoded => ({
  ok: false,
  reason: 'corrupt',
  message: `This share link is damaged (${detail}), so nothing was loaded. Ask for the link again, copied whole.`,
});
const oversized: Decoded = {
  ok: false,
  reason: 'oversized',
  message: 'This share link holds more than 1 MB of workspace, so nothing was loaded.',
};

/** A workspace from untrusted JSON (a link or local storage), or null when it is not one. */
export function asWorkspace(value: unknown): Workspace | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.definition !== 'string' || typeof v.input !== 'string' || typeof v.mocks !== 'string') return null;
  const s = (typeof v.settings === 'object' && v.settings !== null ? v.settings : {}) as Record<string, unknown>;
  const settings: Settings = {
    seed: typeof s.seed === 'number' && Number.isFinite(s.seed) ? s.seed : defaultSettings.seed,
    express: typeof s.express === 'boolean' ? s.express : defaultSettings.express,
    testCase: typeof s.testCase === 'string' ? s.testCase : defaultSettings.testCase,
  };
  return { definition: v.definition, input: v.input, mocks: v.mocks, settings };
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Pipes bytes through a (de)compressor, giving up once the output passes `limit` bytes. */
async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array | null> {
  const writer = stream.writable.getWriter();
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export async function encodeWorkspace(ws: Workspace): Promise<string> {
  const json = JSON.stringify({ v: FORMAT_VERSION, ...ws });
  const packed = await transform(new TextEncoder().encode(json), new CompressionStream('deflate-raw'), Infinity);
  return toBase64Url(packed!);
}

export async function decodeWorkspace(code: string): Promise<Decoded> {
  // Compressed, a workspace under the cap takes at most about its own size, and base64 adds a third:
  // a longer code is over the cap without decompressing anything.
  if (code.length > MAX_WORKSPACE_BYTES * 1.4) return oversized;
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(code);
  } catch {
    return corrupt('not base64url');
  }
  let json: Uint8Array | null;
  try {
    json = await transform(bytes, new DecompressionStream('deflate-raw'), MAX_WORKSPACE_BYTES);
  } catch {
    return corrupt('does not decompress');
  }
  if (json === null) return oversized;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    return corrupt('not a workspace');
  }
  const workspace = asWorkspace(value);
  return workspace ? { ok: true, workspace } : corrupt('not a workspace');
}

/** The code in a location hash `#w=<code>`, or null when the hash holds no workspace. */
export function codeFromHash(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('w');
}

export function shareUrl(location: { origin: string; pathname: string; search: string }, code: string): string {
  return `${location.origin}${location.pathname}${location.search}#w=${code}`;
}

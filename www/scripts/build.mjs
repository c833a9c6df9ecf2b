#!/usr/bin/env node
// The playground build: `npm --prefix www run build`.
//
//   cargo build --release --lib --target wasm32-unknown-unknown, twice: the full engine, and the lean
//   one without the JSONata evaluator ([lean] in wasm-pack.toml; the worker picks one per definition)
//   → wasm-bindgen CLI (must be exactly the wasm-bindgen crate's version in Cargo.lock)
//   → wasm-opt (npm binaryen, from www/node_modules/.bin)
//   → esbuild: www/src/main.ts → dist/main.js, www/src/engine/worker.ts → dist/worker.js
//   → copy index.html, styles/ and pkg/ into www/dist/
//
// Every setting comes from the top-level wasm-pack.toml (wasm-pack itself reads no such file).
// Nothing is downloaded here; a missing tool is reported with the command that installs it.
//
// Flags: --only wasm|web   one half only
//        --if-stale        skip a half whose output is newer than all of its inputs
//        --quiet           no size table

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parse as parseToml } from 'smol-toml';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WWW = join(ROOT, 'www');

class BuildError extends Error {}
const fail = (msg) => {
  throw new BuildError(msg);
};

/** wasm-pack.toml, with defaults, paths made absolute. */
export function loadConfig() {
  const file = join(ROOT, 'wasm-pack.toml');
  if (!existsSync(file)) fail(`${file} is missing: it holds the wasm build's settings`);
  let t;
  try {
    t = parseToml(readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`wasm-pack.toml: ${e.message}`);
  }
  const cargo = t.cargo ?? {};
  const wb = t['wasm-bindgen'] ?? {};
  const wo = t['wasm-opt'] ?? {};
  const site = t.site ?? {};
  const lean = t.lean ?? {};
  const src = resolve(ROOT, site.src ?? 'www');
  return {
    target: cargo.target ?? 'wasm32-unknown-unknown',
    profile: cargo.profile ?? 'release',
    optLevel: cargo['opt-level'] === undefined ? '' : String(cargo['opt-level']),
    bindgenTarget: wb.target ?? 'web',
    outDir: resolve(ROOT, wb['out-dir'] ?? 'www/pkg'),
    outName: wb['out-name'] ?? 'asl_sandbox',
    bindgenFlags: wb.flags ?? [],
    // The engines to build: the full one (Cargo's default features) and the lean one.
    variants: [
      { outName: wb['out-name'] ?? 'asl_sandbox', cargoFlags: [], targetDir: null },
      {
        outName: lean['out-name'] ?? 'asl_sandbox_lean',
        cargoFlags: lean['cargo-flags'] ?? ['--no-default-features'],
        targetDir: resolve(ROOT, lean['target-dir'] ?? 'target/lean'),
      },
    ],
    wasmOpt: wo.enabled ?? true,
    wasmOptFlags: wo.flags ?? ['-O3'],
    src,
    dist: resolve(ROOT, site.dist ?? 'www/dist'),
    entries: Object.fromEntries(
      Object.entries(site.entries ?? { main: 'src/main.ts', worker: 'src/engine/worker.ts' }).map(([k, v]) => [k, resolve(src, v)]),
    ),
    statics: site.static ?? ['index.html', 'styles'],
    minify: site.minify ?? true,
    sourcemap: site.sourcemap ?? true,
    browsers: site.browsers ?? ['es2022'],
  };
}

// ---------------------------------------------------------------------------------------------
// helpers

function which(cmd) {
  const dirs = (process.env.PATH ?? '').split(delimiter);
  if (process.env.HOME) dirs.push(join(process.env.HOME, '.cargo', 'bin'));
  for (const d of dirs) {
    const p = join(d, cmd);
    if (d && existsSync(p)) return p;
  }
  return null;
}

function run(cmd, args, opts = {}) {
  const shown = [cmd.startsWith(ROOT + '/') ? relative(ROOT, cmd) : cmd, ...args].join(' ');
  console.log(`$ ${shown}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (r.error) fail(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`${shown}\nexited with ${r.status ?? r.signal}`);
}

function capture(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout : null;
}

/** Newest mtime (ms) of the files under `paths` (files or folders), 0 if none exist. */
export function newest(paths) {
  let max = 0;
  const walk = (p) => {
    let s;
    try {
      s = statSync(p);
    } catch {
      return;
    }
    if (s.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== 'node_modules') walk(join(p, e));
    } else max = Math.max(max, s.mtimeMs);
  };
  for (const p of paths) walk(p);
  return max;
}

function mtime(p) {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

// ---------------------------------------------------------------------------------------------
// the wasm half

/** The wasm-bindgen crate's version in Cargo.lock. */
export function lockedBindgenVersion() {
  const lock = join(ROOT, 'Cargo.lock');
  if (!existsSync(lock)) fail('Cargo.lock is missing (run `cargo generate-lockfile`)');
  const pkgs = parseToml(readFileSync(lock, 'utf8')).package ?? [];
  const wb = pkgs.find((p) => p.name === 'wasm-bindgen');
  if (!wb) fail('Cargo.lock has no wasm-bindgen crate: Cargo.toml must depend on wasm-bindgen for wasm32');
  return wb.version;
}

function checkBindgenCli(version) {
  const install =
    `  cargo install wasm-bindgen-cli --version ${version} --locked --force \\\n` +
    `    || cargo install wasm-bindgen-cli --version ${version} --force\n` +
    `(or run scripts/playground.sh, which installs what is missing)`;
  const bin = which('wasm-bindgen');
  if (!bin) fail(`wasm-bindgen CLI not found. Install the version of the wasm-bindgen crate in Cargo.lock:\n${install}`);
  const out = (capture(bin, ['--version']) ?? '').trim();
  const have = out.split(/\s+/)[1];
  if (have !== version)
    fail(
      `${bin} is version ${have ?? '(unknown)'}, but Cargo.lock has the wasm-bindgen crate ${version}; ` +
        `they must be identical. Install the matching CLI:\n${install}`,
    );
  return bin;
}

/** The cargo to use (PATH, then ~/.cargo/bin); fails if the wasm target is not installed. */
function checkRust(target) {
  const cargo = which('cargo');
  if (!cargo) fail(`cargo not found: install Rust (https://rustup.rs), then \`rustup target add ${target}\``);
  const rustup = which('rustup');
  const installed = rustup ? capture(rustup, ['target', 'list', '--installed']) : null;
  if (installed !== null && !installed.split('\n').includes(target))
    fail(`the Rust target ${target} is not installed: run \`rustup target add ${target}\``);
  return cargo;
}

export function wasmInputs() {
  return ['src', 'Cargo.toml', 'Cargo.lock', 'wasm-pack.toml', 'build.rs'].map((p) => join(ROOT, p));
}

export function buildWasm(cfg) {
  const version = lockedBindgenVersion();
  const bindgen = checkBindgenCli(version);
  const cargo = checkRust(cfg.target);
  const wasmOpt = join(WWW, 'node_modules', '.bin', 'wasm-opt');
  if (cfg.wasmOpt && !existsSync(wasmOpt))
    fail(`${wasmOpt} is missing: run \`npm --prefix www ci\` (wasm-opt comes from the npm package binaryen)`);

  const env = { ...process.env };
  const profileVar = cfg.profile.toUpperCase().replace(/-/g, '_');
  if (cfg.optLevel !== '') env[`CARGO_PROFILE_${profileVar}_OPT_LEVEL`] = cfg.optLevel;
  const meta = JSON.parse(capture(cargo, ['metadata', '--format-version', '1', '--no-deps']) ?? fail('cargo metadata failed'));
  const pkg = meta.packages.find((p) => p.manifest_path === join(ROOT, 'Cargo.toml')) ?? meta.packages[0];
  const lib = pkg.targets.find((t) => t.kind.includes('cdylib'));
  if (!lib) fail('Cargo.toml [lib] must have crate-type "cdylib"');
  const profileDir = cfg.profile === 'dev' ? 'debug' : cfg.profile;

  rmSync(cfg.outDir, { recursive: true, force: true });
  for (const v of cfg.variants) {
    const cargoArgs = ['build', '--lib', '--target', cfg.target, ...v.cargoFlags];
    cargoArgs.push(...(cfg.profile === 'release' ? ['--release'] : ['--profile', cfg.profile]));
    if (v.targetDir) cargoArgs.push('--target-dir', v.targetDir);
    if (process.env.CI) cargoArgs.push('--locked');
    run(cargo, cargoArgs, { env });

    const targetDir = v.targetDir ?? meta.target_directory;
    const wasm = join(targetDir, cfg.target, profileDir, `${lib.name.replace(/-/g, '_')}.wasm`);
    if (!existsSync(wasm)) fail(`cargo produced no ${wasm}`);
    run(bindgen, ['--target', cfg.bindgenTarget, '--out-dir', cfg.outDir, '--out-name', v.outName, ...cfg.bindgenFlags, wasm]);

    const bg = join(cfg.outDir, `${v.outName}_bg.wasm`);
    if (cfg.wasmOpt) {
      const tmp = `${bg}.opt`;
      const before = statSync(bg).size;
      run(wasmOpt, [...cfg.wasmOptFlags, bg, '-o', tmp]);
      renameSync(tmp, bg);
      console.log(`wasm-opt: ${kb(before)} → ${kb(statSync(bg).size)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// the web half

export function webInputs(cfg) {
  return [join(cfg.src, 'src'), ...cfg.statics.map((s) => join(cfg.src, s)), join(cfg.outDir), join(ROOT, 'wasm-pack.toml'), join(WWW, 'package-lock.json')];
}

export async function buildWeb(cfg) {
  for (const [name, file] of Object.entries(cfg.entries))
    if (!existsSync(file)) fail(`the entry point "${name}" (${relative(ROOT, file)}) does not exist yet`);
  const glue = join(cfg.outDir, `${cfg.outName}.js`);
  if (!existsSync(glue)) fail(`${relative(ROOT, glue)} is missing: build the wasm first (npm --prefix www run build)`);

  const esbuild = await import('esbuild');
  rmSync(cfg.dist, { recursive: true, force: true });
  mkdirSync(cfg.dist, { recursive: true });
  console.log(`$ esbuild ${Object.values(cfg.entries).map((f) => relative(ROOT, f)).join(' ')} → ${relative(ROOT, cfg.dist)}/`);
  const result = await esbuild.build({
    entryPoints: cfg.entries,
    outdir: cfg.dist,
    bundle: true,
    format: 'esm',
    splitting: false,
    minify: cfg.minify,
    sourcemap: cfg.sourcemap,
    target: cfg.browsers,
    platform: 'browser',
    logLevel: 'warning',
    metafile: true,
    // The bindings load their .wasm with new URL('<name>_bg.wasm', import.meta.url); the worker
    // passes the URL of dist/pkg/ explicitly, so the .wasm itself is not bundled.
    loader: { '.wasm': 'file' },
  });
  if (result.errors.length) fail('esbuild failed');

  for (const s of cfg.statics) {
    const from = join(cfg.src, s);
    if (existsSync(from)) cpSync(from, join(cfg.dist, s), { recursive: true });
    else console.warn(`warning: ${relative(ROOT, from)} does not exist; not copied`);
  }
  cpSync(cfg.outDir, join(cfg.dist, 'pkg'), {
    recursive: true,
    filter: (f) => !f.endsWith('.gitignore') && !f.endsWith('package.json'),
  });
  writeFileSync(join(cfg.dist, '.build-stamp'), new Date().toISOString() + '\n');
}

/** Raw and gzip -9 sizes of what ships. */
export function sizes(cfg) {
  const rows = [];
  const add = (label, file) => {
    if (!existsSync(file)) return;
    const buf = readFileSync(file);
    rows.push({ file: label, raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length });
  };
  for (const { outName } of cfg.variants) add(`pkg/${outName}_bg.wasm`, join(cfg.dist, 'pkg', `${outName}_bg.wasm`));
  // (dist/pkg/<name>.js is there for direct use; the app's worker bundles its own copy.)
  for (const name of Object.keys(cfg.entries)) add(`${name}.js`, join(cfg.dist, `${name}.js`));
  const cssDir = join(cfg.dist, 'styles');
  if (existsSync(cssDir)) for (const f of readdirSync(cssDir)) if (f.endsWith('.css')) add(`styles/${f}`, join(cssDir, f));
  for (const f of existsSync(cfg.dist) ? readdirSync(cfg.dist) : []) if (f.endsWith('.css')) add(f, join(cfg.dist, f));
  add('index.html', join(cfg.dist, 'index.html'));
  return rows;
}

export function printSizes(rows) {
  if (!rows.length) return;
  const w = Math.max(...rows.map((r) => r.file.length));
  console.log(`\n${'file'.padEnd(w)}  ${'raw'.padStart(12)}  ${'gzip -9'.padStart(12)}`);
  for (const r of rows) console.log(`${r.file.padEnd(w)}  ${kb(r.raw).padStart(12)}  ${kb(r.gzip).padStart(12)}`);
  const t = rows.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip }), { raw: 0, gzip: 0 });
  console.log(`${'total'.padEnd(w)}  ${kb(t.raw).padStart(12)}  ${kb(t.gzip).padStart(12)}`);
}

/** Builds what is out of date (or everything); returns true if anything was built. */
export async function build({ only = null, ifStale = false, quiet = false } = {}) {
  const cfg = loadConfig();
  const t0 = performance.now();
  let did = false;
  const wasmOuts = cfg.variants.map((v) => join(cfg.outDir, `${v.outName}_bg.wasm`));
  if (only !== 'web') {
    if (!ifStale || newest(wasmInputs()) > Math.min(...wasmOuts.map(mtime))) {
      buildWasm(cfg);
      did = true;
    }
  }
  if (only !== 'wasm') {
    const stamp = join(cfg.dist, '.build-stamp');
    if (!ifStale || did || !existsSync(stamp) || newest(webInputs(cfg)) > mtime(stamp)) {
      await buildWeb(cfg);
      did = true;
    }
  }
  if (did && !quiet) {
    if (only !== 'wasm') printSizes(sizes(cfg));
    const out = only === 'wasm' ? cfg.outDir : cfg.dist;
    console.log(`\nbuilt ${relative(process.cwd(), out) || '.'}/ in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return did;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? args[onlyAt + 1] : null;
  if (only && only !== 'wasm' && only !== 'web') {
    console.error('build: --only takes "wasm" or "web"');
    process.exit(2);
  }
  try {
    const did = await build({ only, ifStale: args.includes('--if-stale'), quiet: args.includes('--quiet') });
    if (!did) console.log('build: up to date');
  } catch (e) {
    if (e instanceof BuildError) {
      console.error(`\nbuild failed: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}

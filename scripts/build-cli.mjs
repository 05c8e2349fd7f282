// Bundles the CLI (src/cli/main.ts, one lazy chunk per command) into dist-cli/ as ESM for Node 20 with rolldown, so
// `locallift` runs without tsx. Every bare import stays external and must be a `dependencies` entry or a Node builtin.
//   node scripts/build-cli.mjs                  build now (`npm run build:cli`)
//   node scripts/build-cli.mjs --if-available   npm's `prepare`: build, or exit 0 quietly when rolldown is not
//                                               installed
// bin/locallift.mjs and tests/unit/cli use `isFresh` / `buildCli` to (re)build on first use and after source edits.
// rolldown is a `dependencies` entry (not dev) so `npm ci --omit=dev` in a fresh clone still builds the CLI.
// Plain JavaScript on purpose: it must run where tsx is absent. Types: build-cli.d.mts.
import { builtinModules } from 'node:module';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const OUT_DIR = join(ROOT, 'dist-cli');
const ENTRY = join(ROOT, 'src/cli/main.ts');
const MANIFEST = 'build.json';
/** Chunks left by an earlier build are kept this long: a process started on the old main.js may still import them. */
const OLD_CHUNK_GRACE_MS = 5 * 60_000;
const LOCK_STALE_MS = 60_000;

/** Is the bundler installed (resolvable from this project)? */
export function bundlerAvailable() {
  try {
    import.meta.resolve('rolldown');
    return true;
  } catch {
    return false;
  }
}

/** True when outDir holds a complete build and no source it was built from changed (or vanished) since. */
export function isFresh(outDir = OUT_DIR) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(outDir, MANIFEST), 'utf8'));
  } catch {
    return false;
  }
  if (!existsSync(join(outDir, 'main.js'))) return false;
  for (const f of manifest.inputs) {
    try {
      if (statSync(join(ROOT, f)).mtimeMs > manifest.builtAt) return false;
    } catch {
      return false; // moved or deleted: the bundle no longer matches the tree
    }
  }
  return true;
}

function packageName(id) {
  const parts = id.split('/');
  return id.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const isBare = (id) =>
  !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[a-zA-Z]:[\\/]/.test(id);
const isBuiltin = (id) => id.startsWith('node:') || builtinModules.includes(id);

function writeAtomic(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** A lock left by a build that was killed (its pid is gone) or that has run far too long. */
function abandoned(lock) {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    if (pid > 0 && !alive(pid)) return true;
  } catch {
    /* pid not written yet, or released meanwhile */
  }
  try {
    return Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS;
  } catch {
    return false;
  }
}

/** One build at a time per outDir (parallel test files may all start the CLI on a stale build). */
async function withLock(outDir, fn) {
  mkdirSync(outDir, { recursive: true });
  const lock = join(outDir, '.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      if (abandoned(lock)) rmSync(lock, { recursive: true, force: true });
      else await sleep(50);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Builds dist-cli/: main.js (exports `main(argv)`), chunks/*.js and build.json (sources + build time, for `isFresh`).
 * Files are replaced by rename, chunk names carry content hashes, so CLI processes running meanwhile are unaffected.
 * With `ifStale`, a build another process finished while this one waited for the lock is reused; `quiet` drops
 * bundler warnings (the CLI's stderr is part of its output). Errors always throw.
 */
export async function buildCli({ outDir = OUT_DIR, ifStale = false, quiet = false } = {}) {
  return withLock(outDir, async () => {
    if (ifStale && isFresh(outDir)) return { built: false, outDir, files: [], bytes: 0, seconds: 0 };
    const t0 = Date.now();
    if (!bundlerAvailable())
      throw new Error('build-cli: rolldown is not installed (it is in "dependencies": run `npm ci`)');
    const { build } = await import('rolldown');
    const deps = new Set(Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).dependencies ?? {}));
    const inputs = new Set([relative(ROOT, fileURLToPath(import.meta.url))]);
    const result = await build({
      input: ENTRY,
      cwd: ROOT,
      platform: 'node',
      // tsconfig.json extends @tsconfig/svelte, a devDependency; the CLI needs none of its options.
      tsconfig: false,
      transform: { target: 'node20' },
      external: (id) => isBare(id),
      // Every module the graph loaded, kept or tree-shaken (a bare re-export file leaves no code in any chunk).
      plugins: [
        {
          name: 'record-inputs',
          load(id) {
            if (!id.startsWith('\0')) inputs.add(relative(ROOT, id));
            return null;
          },
        },
      ],
      logLevel: quiet ? 'silent' : 'warn',
      write: false,
      output: { format: 'esm', entryFileNames: 'main.js', chunkFileNames: 'chunks/[name]-[hash].js' },
    });
    const devOnly = new Set();
    const own = new Set(result.output.map((o) => o.fileName));
    for (const out of result.output) {
      if (out.type !== 'chunk') continue;
      for (const id of [...out.imports, ...out.dynamicImports]) {
        if (isBare(id) && !isBuiltin(id) && !own.has(id) && !deps.has(packageName(id))) devOnly.add(id);
      }
    }
    if (devOnly.size) {
      throw new Error(
        `build-cli: the CLI imports ${[...devOnly].join(', ')}, not in package.json "dependencies": ` +
          'an install with --omit=dev would not have it. Move it to "dependencies" or keep it out of src/cli.',
      );
    }
    const files = [];
    let bytes = 0;
    const entry = result.output.find((o) => o.type === 'chunk' && o.isEntry);
    for (const out of result.output) {
      if (out === entry) continue;
      const data = out.type === 'chunk' ? out.code : out.source;
      writeAtomic(join(outDir, out.fileName), data);
      files.push(out.fileName);
      bytes += data.length;
    }
    // The entry last: until it is renamed in, main.js still points at the old build's (kept) chunks.
    writeAtomic(join(outDir, entry.fileName), entry.code);
    files.push(entry.fileName);
    bytes += entry.code.length;
    const sorted = [...inputs].map((f) => f.split(sep).join('/')).sort();
    writeAtomic(
      join(outDir, MANIFEST),
      JSON.stringify({ builtAt: t0, node: process.version, inputs: sorted, files }, null, 1),
    );
    pruneOldChunks(outDir, new Set(files));
    return { built: true, outDir, files, bytes, seconds: (Date.now() - t0) / 1000 };
  });
}

function pruneOldChunks(outDir, keep) {
  const dir = join(outDir, 'chunks');
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    try {
      if (!keep.has(`chunks/${f}`) && Date.now() - statSync(p).mtimeMs > OLD_CHUNK_GRACE_MS) rmSync(p, { force: true });
    } catch {
      /* removed by a parallel build */
    }
  }
}

const invokedDirectly = process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url;
if (invokedDirectly) {
  // `prepare` must not fail an install: without rolldown, or on a broken tree, bin/locallift.mjs retries (or explains)
  // on first use.
  const lenient = process.argv.includes('--if-available');
  if (lenient && !bundlerAvailable()) process.exit(0);
  try {
    const r = await buildCli();
    console.log(
      `build-cli: ${relative(process.cwd(), r.outDir) || '.'}/ ${r.files.length} files, ${(r.bytes / 1024).toFixed(0)} kB in ${r.seconds.toFixed(2)} s`,
    );
  } catch (e) {
    console.error(`build-cli: ${lenient ? 'warning: CLI not built: ' : ''}${e instanceof Error ? e.message : e}`);
    process.exit(lenient ? 0 : 1);
  }
}

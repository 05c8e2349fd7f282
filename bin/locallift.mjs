#!/usr/bin/env node
// `locallift`: runs the prebuilt bundle dist-cli/main.js (scripts/build-cli.mjs; `npm ci` builds it in `prepare`).
// Missing, or older than a source it was built from: rebuilt here first when rolldown is installed, else src/ runs
// through tsx when that is installed, else an old build runs with a warning, else an error says how to build.
import { existsSync } from 'node:fs';
import { buildCli, bundlerAvailable, isFresh } from '../scripts/build-cli.mjs';

const bundle = new URL('../dist-cli/main.js', import.meta.url);

function resolves(specifier) {
  try {
    import.meta.resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

async function entry() {
  if (isFresh()) return bundle;
  if (bundlerAvailable()) {
    try {
      await buildCli({ ifStale: true, quiet: true });
    } catch (e) {
      console.error(`locallift: building the CLI (dist-cli/) failed:\n${e instanceof Error ? e.message : e}`);
      process.exit(1);
    }
    return bundle;
  }
  if (resolves('tsx/esm/api')) {
    const { register } = await import('tsx/esm/api');
    register();
    return new URL('../src/cli/main.ts', import.meta.url);
  }
  if (existsSync(bundle)) {
    console.error(
      'locallift: dist-cli/ is older than its sources and cannot be rebuilt here (rolldown is not installed); running it anyway. `npm run build:cli` refreshes it.',
    );
    return bundle;
  }
  console.error(
    'locallift: the CLI is not built (dist-cli/main.js is missing) and neither rolldown nor tsx is installed to build or run it.\nRun `npm run build:cli` (after `npm ci`; `npm ci` also builds it unless run with --ignore-scripts).',
  );
  process.exit(1);
}

const { main } = await import((await entry()).href);
process.exitCode = await main(process.argv.slice(2));

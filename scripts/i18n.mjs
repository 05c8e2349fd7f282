// Compiles messages/*.json into src/paraglide/ (typed message functions) with paraglide-js. `--if-available` makes it
// a no-op where dev dependencies are not installed (`npm ci --omit=dev` for the CLI alone, which words no UI).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const bin = 'node_modules/.bin/paraglide-js';
if (!existsSync(bin)) {
  if (process.argv.includes('--if-available')) process.exit(0);
  console.error('i18n: paraglide-js is not installed (run npm ci)');
  process.exit(1);
}
const run = spawnSync(bin, ['compile', '--project', './project.inlang', '--silent'], { stdio: 'inherit' });
process.exit(run.status ?? 1);

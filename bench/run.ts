// `npm run bench -- [name…] [file] [--option value]`: runs bench/<name>.ts (or all of them). Benchmarks print figures;
// they never fail on time. Argument rules: bench/args.ts. Usage errors (unknown benchmark or option) exit 2.
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchUsageError, parseBenchArgs, toBenchArgv, usage, type BenchArgs } from './args.ts';

// Helper modules next to the benchmarks (imported by them, no `main`).
const NOT_BENCHMARKS = new Set(['run', 'args', 'ingest-baselines']);
const here = dirname(fileURLToPath(import.meta.url));
const all = readdirSync(here)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .filter((n) => !NOT_BENCHMARKS.has(n))
  .sort();

let parsed: BenchArgs;
try {
  parsed = parseBenchArgs(process.argv.slice(2), all);
} catch (e) {
  if (!(e instanceof BenchUsageError)) throw e;
  console.error(`${e.message}\n${usage(all)}`);
  process.exit(2);
}
if (parsed.options.help) {
  console.log(usage(all));
  process.exit(0);
}
const names = parsed.names.length ? parsed.names : all;
// Options and arguments go to every selected benchmark, as `--name=value` / `--flag` / `-- positional…`.
const args = toBenchArgv(parsed);
for (const name of names) {
  console.log(`\n=== bench: ${name} ===`);
  const mod = (await import(`./${name}.ts`)) as { main(args: string[]): Promise<void> };
  try {
    await mod.main(args);
  } catch (e) {
    if (!(e instanceof BenchUsageError)) throw e;
    console.error(`${name}: ${e.message}`);
    process.exit(2);
  }
}

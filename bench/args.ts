// Command-line parsing for `npm run bench -- [names…] [arguments…] [--options]`: pure functions, no process access.
//
// Rules (tested in tests/unit/bench/args.test.ts):
// - Positionals that are benchmark names select benchmarks (normally they come first); none selects all of them.
// - Options are declared below: `--runs 3` and `--runs=3` take a value (never read as a name); flags take none.
//   An undeclared option, a flag given a value or a valued option without one is a usage error.
// - A positional after the selected names that is not a name (a file path after `ingest`) is an argument passed to
//   the selected benchmarks. A bare word (no `/` or `.`) that is not a name is a usage error (a misspelt benchmark);
//   write `./word` for a file of that name. Everything after a lone `--` is an argument.

export type OptionKind = 'value' | 'flag';

/** Every option a benchmark reads, and what it is for (printed by --help). */
export const BENCH_OPTIONS: Record<string, { kind: OptionKind; help: string }> = {
  runs: { kind: 'value', help: 'ingest: timed runs of each contender (default 5); gbdt: fits per table (default 3)' },
  file: { kind: 'value', help: 'ingest: the CSV to read (same as a positional file argument)' },
  rows: { kind: 'value', help: 'profile: rows of the synthetic k-means matrix (default 1,000,000)' },
  iters: { kind: 'value', help: 'profile: Lloyd iterations on the synthetic matrix (default 50)' },
  quick: { kind: 'flag', help: 'profile: 100,000 rows; recommend: 2-point iALS grid' },
  'no-retail': { kind: 'flag', help: 'profile, recommend: skip the online-retail part' },
  'no-cpu': { kind: 'flag', help: 'profile: skip the TF.js cpu backend' },
  'no-tf': { kind: 'flag', help: 'recommend: skip the TF.js engine comparison' },
  files: { kind: 'value', help: 'newcomer: only the corpus files whose name contains one of these words (a,b)' },
  timeout: { kind: 'value', help: 'newcomer: seconds per file from drop to result before giving up (default 180)' },
  'drop-early': { kind: 'flag', help: 'newcomer: drop while the first-visit sample import still runs' },
  help: { kind: 'flag', help: 'print this list' },
};

export class BenchUsageError extends Error {}

export interface BenchArgs {
  /** Benchmarks selected by name, in the order given; empty = all. */
  names: string[];
  /** Options by name without dashes: the value, or `true` for a flag. */
  options: Record<string, string | true>;
  /** Arguments for the benchmarks (e.g. a file path). */
  positionals: string[];
}

const looksLikeName = (s: string): boolean => /^[A-Za-z][\w-]*$/.test(s);

/**
 * Parses the words after `npm run bench --`. `benches` are the known benchmark names; pass `[]` inside a benchmark
 * (every positional is then an argument). Throws BenchUsageError on anything it cannot read unambiguously.
 */
export function parseBenchArgs(
  argv: readonly string[],
  benches: readonly string[],
  options = BENCH_OPTIONS,
): BenchArgs {
  const out: BenchArgs = { names: [], options: {}, positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const spec = Object.hasOwn(options, name) ? options[name] : undefined;
      if (!spec)
        throw new BenchUsageError(
          `unknown option \`--${name}\`; have: ${Object.keys(options)
            .map((o) => `--${o}`)
            .join(', ')}`,
        );
      if (spec.kind === 'flag') {
        if (eq >= 0) throw new BenchUsageError(`\`--${name}\` takes no value`);
        out.options[name] = true;
        continue;
      }
      let value: string | undefined;
      if (eq >= 0) value = a.slice(eq + 1);
      else {
        value = argv[i + 1];
        if (value === undefined || value.startsWith('--')) throw new BenchUsageError(`\`--${name}\` needs a value`);
        i++;
      }
      if (value === '') throw new BenchUsageError(`\`--${name}\` needs a value`);
      out.options[name] = value;
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a))
      throw new BenchUsageError(`unknown option \`${a}\` (options are written \`--name\`)`);
    if (benches.includes(a)) {
      if (!out.names.includes(a)) out.names.push(a);
      continue;
    }
    if (benches.length > 0 && looksLikeName(a)) {
      throw new BenchUsageError(
        `unknown benchmark \`${a}\`; have: ${benches.join(', ')} (write \`./${a}\` for a file of that name)`,
      );
    }
    if (benches.length > 0 && out.names.length === 0) {
      throw new BenchUsageError(
        `\`${a}\` is an argument, but no benchmark was named before it; have: ${benches.join(', ')}`,
      );
    }
    out.positionals.push(a);
  }
  return out;
}

/**
 * The arguments one benchmark's `main(args: string[])` gets: `--name=value`, `--flag`, then the positionals after
 * `--`.
 */
export function toBenchArgv(parsed: BenchArgs): string[] {
  const opts = Object.entries(parsed.options).map(([k, v]) => (v === true ? `--${k}` : `--${k}=${v}`));
  return parsed.positionals.length ? [...opts, '--', ...parsed.positionals] : opts;
}

/** Inside a benchmark: its options and positional arguments (also accepts the raw `--runs 3` form). */
export function benchArgs(args: readonly string[]): { options: BenchArgs['options']; positionals: string[] } {
  const { options, positionals } = parseBenchArgs(args, []);
  return { options, positionals };
}

/** A whole-number option ≥ `min`; `fallback` when absent. Throws BenchUsageError on anything else. */
export function intOption(options: BenchArgs['options'], name: string, fallback: number, min = 1): number {
  const v = options[name];
  if (v === undefined) return fallback;
  const n = typeof v === 'string' && /^\d[\d_]*$/.test(v) ? Number(v.replaceAll('_', '')) : NaN;
  if (!Number.isSafeInteger(n) || n < min)
    throw new BenchUsageError(`\`--${name}\` must be a whole number ≥ ${min}, got \`${v === true ? '' : v}\``);
  return n;
}

export const flag = (options: BenchArgs['options'], name: string): boolean => options[name] === true;

export function usage(benches: readonly string[]): string {
  const opts = Object.entries(BENCH_OPTIONS).map(
    ([k, s]) => `  --${k}${s.kind === 'value' ? ' <value>' : ''}  ${s.help}`,
  );
  return [`usage: npm run bench -- [${benches.join('|')} …] [file] [options]`, ...opts].join('\n');
}

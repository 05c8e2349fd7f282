// Flag parsing shared by the CLI commands: numbers, choices, lists, `--role column=role`.
// Bad flags → JobError('usage').
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { JobError } from '../core/jobs.ts';
import { ROLES, type Role } from '../core/data/table.ts';

export function num(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new JobError('usage', `--${flag} expects a number, got \`${v}\``);
  return n;
}

export function int(v: string | undefined, flag: string): number | undefined {
  const n = num(v, flag);
  if (n !== undefined && !Number.isInteger(n))
    throw new JobError('usage', `--${flag} expects a whole number, got \`${v}\``);
  return n;
}

/** A count: a whole number of at least `min` (`--k -3`, `--top 0` are usage errors, not quietly clamped). */
export function count(v: string | undefined, flag: string, min = 1): number | undefined {
  const n = int(v, flag);
  if (n !== undefined && n < min)
    throw new JobError('usage', `--${flag} expects a whole number ≥ ${min}, got \`${v}\``);
  return n;
}

/** A positive amount (a budget, a horizon in periods): a number above 0. */
export function positive(v: string | undefined, flag: string): number | undefined {
  const n = num(v, flag);
  if (n !== undefined && !(n > 0)) throw new JobError('usage', `--${flag} expects a number above 0, got \`${v}\``);
  return n;
}

/** A share or probability strictly between 0 and 1 (a test fraction, a classification threshold). */
export function fraction(v: string | undefined, flag: string): number | undefined {
  const n = num(v, flag);
  if (n !== undefined && !(n > 0 && n < 1))
    throw new JobError('usage', `--${flag} expects a number between 0 and 1 (exclusive), got \`${v}\``);
  return n;
}

export function oneOf<T extends string>(v: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T))
    throw new JobError('usage', `--${flag} expects one of ${allowed.join(', ')}; got \`${v}\``);
  return v as T;
}

/** A comma-separated list. */
export function list(v: string | undefined): string[] | undefined {
  return v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

/** Repeated `--role column=role` flags (the last `=` splits, so column names may contain `=`). */
export function parseRoles(vals: readonly string[] | undefined): Record<string, Role> {
  const out: Record<string, Role> = {};
  for (const v of vals ?? []) {
    const i = v.lastIndexOf('=');
    const role = v.slice(i + 1) as Role;
    if (i <= 0 || !ROLES.includes(role))
      throw new JobError('usage', `--role expects column=role with role one of ${ROLES.join(', ')}; got \`${v}\``);
    out[v.slice(0, i)] = role;
  }
  return out;
}

/**
 * `--k -3` → `--k=-3`: parseArgs reads a value starting with a dash as a missing value, so a negative number would
 * be refused with Node's own message instead of ours ("--k expects a whole number ≥ 1, got `-3`").
 */
export function negativesInline(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    if (/^--[^=]+$/.test(a) && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** parseArgs with our rules: negatives inline; its errors (unknown flag, missing value) become usage errors. */
export function parseFlags<const T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({ ...config, args: negativesInline(config.args ?? []) });
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code?.startsWith('ERR_PARSE_ARGS')) throw new JobError('usage', err.message ?? String(e));
    throw e;
  }
}

/** Flags every file command takes. */
const COMMON = {
  role: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type FlagSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };
/** What parseArgs returns for a flag table: booleans, strings, or string lists for `multiple`. */
type FlagValues<O> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string;
};

/**
 * `locallift <command> <file> [flags]`: parses the command's flags plus the common ones (unknown flags and a missing
 * file are usage errors), prints the help for `--help` (exit 0), and reads `--role` flags.
 */
export function parseCommand<const O extends Record<string, FlagSpec>>(args: string[], options: O, help: string) {
  const parsed = parseFlags({ args, allowPositionals: true, options: { ...options, ...COMMON } });
  const values = parsed.values as FlagValues<O & typeof COMMON>;
  if (values.help) {
    console.log(help);
    return { exit: 0 } as const;
  }
  const file = parsed.positionals[0];
  if (!file) throw new JobError('usage', `missing the input file\n${help}`);
  if (parsed.positionals.length > 1)
    throw new JobError(
      'usage',
      `one input file expected, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`,
    );
  return { exit: null, values, file, roles: parseRoles(values.role as string[] | undefined) };
}

// Flag parsing shared by the CLI commands: numbers, choices, lists, `--role column=role`.
// Bad flags → JobError('usage').
import { parseArgs } from 'node:util';
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
 * `locallift <command> <file> [flags]`: parses the command's flags plus the common ones (unknown flags throw, as
 * parseArgs does), prints the help for `--help` (exit 0) or a missing file (exit 2), and reads `--role` flags.
 */
export function parseCommand<const O extends Record<string, FlagSpec>>(args: string[], options: O, help: string) {
  const parsed = parseArgs({ args, allowPositionals: true, options: { ...options, ...COMMON } });
  const values = parsed.values as FlagValues<O & typeof COMMON>;
  if (values.help) {
    console.log(help);
    return { exit: 0 } as const;
  }
  const file = parsed.positionals[0];
  if (!file) {
    console.error(help);
    return { exit: 2 } as const;
  }
  return { exit: null, values, file, roles: parseRoles(values.role as string[] | undefined) };
}

// Flag parsing shared by the CLI commands: numbers, choices, lists, `--role column=role`.
// Bad flags → JobError('usage').
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

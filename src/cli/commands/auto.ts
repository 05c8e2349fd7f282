// `locallift auto <file>`: what the file is (its shape and roles, with reasons), the analysis that fits it, and that
// analysis run — the same answer the Data page gives after an import. `--dry-run` stops after the suggestion.
import { loadCsvFile } from '../load-file.ts';
import { parseCommand } from '../args.ts';
import { fileShape, type Suggestion } from '../../core/data/shape.ts';
import { COMMANDS } from './index.ts';

const HELP = `usage: locallift auto <file> [--role column=role …] [--dry-run] --json
Prints { shape, label, roles: { column: role }, reasons, suggested: { job, target?, options, why }, alternatives,
result } and runs the suggested job (its JSON is "result"); --dry-run skips the run.`;

const COMMAND_OF = {
  segment: 'segment',
  propensity: 'propensity',
  clv: 'clv',
  recommend: 'recommend',
  ads: 'ads',
} as const;

/** The suggested job as that command's own flags. */
function commandArgs(file: string, s: Suggestion, roleFlags: string[]): string[] {
  const args = [file, '--json', ...roleFlags];
  if (s.job === 'propensity' && s.target) args.push('--target', s.target);
  if (s.job === 'ads' && s.target) args.push('--outcome', s.target);
  if (s.job === 'ads' && typeof s.options.date === 'string') args.push('--date', s.options.date);
  if (s.job === 'recommend' && typeof s.options.mode === 'string') args.push('--mode', s.options.mode);
  return args;
}

/** Runs another command in this process and returns the JSON it printed (its exit code when it failed). */
async function runCaptured(name: keyof typeof COMMANDS, args: string[]): Promise<{ code: number; json: unknown }> {
  const out: string[] = [];
  const log = console.log;
  console.log = (...parts: unknown[]) => void out.push(parts.map(String).join(' '));
  try {
    const code = await (await COMMANDS[name]()).run(args);
    return { code, json: code === 0 ? JSON.parse(out.join('\n')) : null };
  } finally {
    console.log = log;
  }
}

/** A suggestion as the CLI prints it: its English `why`, without the message the app words. */
function english(s: Suggestion): Omit<Suggestion, 'whyMsg'> {
  const { whyMsg, ...rest } = s;
  void whyMsg;
  return rest;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, { 'dry-run': { type: 'boolean' } }, HELP);
  if (parsed.exit !== null) return parsed.exit;
  const { values, file, roles } = parsed;
  const data = await loadCsvFile(file, { roles });
  const guess = fileShape(data.table, data.roles);
  const roleFlags = (values.role ?? []).flatMap((r) => ['--role', r]);
  let result: unknown = null;
  if (guess.suggested && !values['dry-run']) {
    const done = await runCaptured(COMMAND_OF[guess.suggested.job], commandArgs(file, guess.suggested, roleFlags));
    if (done.code !== 0) return done.code;
    result = done.json;
  }
  const { shape, label, reasons } = guess;
  const suggested = guess.suggested && english(guess.suggested);
  const alternatives = guess.alternatives.map(english);
  console.log(
    JSON.stringify({ file, shape, label, roles: data.roles, reasons, suggested, alternatives, result }, null, 2),
  );
  return 0;
}

// `locallift` entry: dispatches `locallift <command> …` through the command table in ./commands/index.ts.
// Run from the prebuilt bundle dist-cli/main.js (scripts/build-cli.mjs) by bin/locallift.mjs; tests import it directly.
// Every error is one JSON line on stderr, {"error":{"code","message"}}: exit 2 for usage errors, 1 for the rest.
import { COMMAND_NAMES, COMMANDS, isCommand } from './commands/index.ts';

function usage(): string {
  return `usage: locallift <command> [options]\ncommands: ${COMMAND_NAMES.join(', ')}\nEach command prints JSON; see README.md for its shape. Run \`locallift <command> --help\` for options.`;
}

function fail(code: string, message: string): number {
  console.error(JSON.stringify({ error: { code, message } }));
  // Bad flags and arguments are usage errors (exit 2); anything else failed while running (exit 1).
  return code === 'usage' ? 2 : 1;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h') {
    console.log(usage());
    return 0;
  }
  if (!name) return fail('usage', `missing the command\n${usage()}`);
  if (!isCommand(name)) return fail('usage', `unknown command \`${name}\`\n${usage()}`);
  try {
    const mod = await COMMANDS[name]();
    return await mod.run(rest);
  } catch (e) {
    const err = e as { code?: string; message?: string };
    // parseArgs errors (unknown flag, missing value) that reached here unwrapped are usage errors too
    const code = err.code?.startsWith('ERR_PARSE_ARGS') ? 'usage' : (err.code ?? 'internal');
    return fail(code, err.message ?? String(e));
  }
}

// `locallift` entry: dispatches `locallift <command> …` through the command table in ./commands/index.ts.
// Run from the prebuilt bundle dist-cli/main.js (scripts/build-cli.mjs) by bin/locallift.mjs; tests import it directly.
import { COMMAND_NAMES, COMMANDS, isCommand } from './commands/index.ts';

function usage(): string {
  return `usage: locallift <command> [options]\ncommands: ${COMMAND_NAMES.join(', ')}\nEach command prints JSON; see README.md for its shape. Run \`locallift <command> --help\` for options.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  if (!isCommand(name)) {
    console.error(`locallift: unknown command \`${name}\`\n${usage()}`);
    return 2;
  }
  try {
    const mod = await COMMANDS[name]();
    return await mod.run(rest);
  } catch (e) {
    const err = e as { code?: string; message?: string };
    console.error(JSON.stringify({ error: { code: err.code ?? 'internal', message: err.message ?? String(e) } }));
    // Bad flags are usage errors (exit 2, like a missing argument); anything else failed while running (exit 1).
    return err.code === 'usage' ? 2 : 1;
  }
}

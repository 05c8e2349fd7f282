// `locallift` entry: dispatches `locallift <command> …` to src/cli/commands/<command>.ts.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { readdirSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));

function commands(): string[] {
  return readdirSync(join(here, 'commands'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

function usage(): string {
  return `usage: locallift <command> [options]\ncommands: ${commands().join(', ')}\nEach command prints JSON; see README.md for its shape. Run \`locallift <command> --help\` for options.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  if (!/^[a-z-]+$/.test(name) || !existsSync(join(here, 'commands', `${name}.ts`))) {
    console.error(`locallift: unknown command \`${name}\`\n${usage()}`);
    return 2;
  }
  const mod = (await import(`./commands/${name}.ts`)) as { run(args: string[]): Promise<number> };
  try {
    return await mod.run(rest);
  } catch (e) {
    const err = e as { code?: string; message?: string };
    console.error(JSON.stringify({ error: { code: err.code ?? 'internal', message: err.message ?? String(e) } }));
    // Bad flags are usage errors (exit 2, like a missing argument); anything else failed while running (exit 1).
    return err.code === 'usage' ? 2 : 1;
  }
}

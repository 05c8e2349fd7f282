// `npm run bench -- <name>`: runs bench/<name>.ts (or all of them). Benchmarks print figures; they never fail on time.
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const all = readdirSync(here).filter((f) => f.endsWith('.ts') && f !== 'run.ts').map((f) => f.slice(0, -3)).sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : all;
for (const name of names) {
  if (!all.includes(name)) {
    console.error(`unknown benchmark \`${name}\`; have: ${all.join(', ')}`);
    process.exit(2);
  }
  console.log(`\n=== bench: ${name} ===`);
  const mod = (await import(`./${name}.ts`)) as { main(args: string[]): Promise<void> };
  // Options go to every benchmark; other benchmark names are not passed on as arguments.
  await mod.main(process.argv.slice(2).filter((a) => !all.includes(a)));
}

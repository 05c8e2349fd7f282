#!/usr/bin/env node
// `npm start`: installs dependencies when missing, builds the app (with sample data) and serves it on 127.0.0.1.
// Plain Node only: this file runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`\nlocallift: \`${cmd} ${args.join(' ')}\` failed (exit ${r.status}).`);
    process.exit(r.status ?? 1);
  }
}

const marker = 'node_modules/.package-lock.json';
if (!existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs) {
  console.log('locallift: installing dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
console.log('locallift: building the app and the sample datasets…');
run('npm', ['run', 'build']);
const port = process.env.PORT ?? '4173';
console.log(
  `\nlocallift: serving on http://127.0.0.1:${port}/ (Ctrl+C to stop). Everything runs in your browser; nothing is uploaded.\n`,
);
run('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', port]);

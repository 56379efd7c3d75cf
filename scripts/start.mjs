#!/usr/bin/env node
// `npm start`: build the web app if it is missing or older than its sources, then serve.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'apps/web');
const builtAt = (() => {
  try {
    return fs.statSync(path.join(web, 'dist/index.html')).mtimeMs;
  } catch {
    return 0;
  }
})();

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const sources = Math.max(
  newestSource(path.join(web, 'src')),
  fs.statSync(path.join(web, 'index.html')).mtimeMs,
);
if (!process.env.PACESETTER_WEB_DIST && sources > builtAt) {
  console.error(
    builtAt ? 'Web app sources changed: rebuilding…' : 'Building the web app (first start only)…',
  );
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: web,
      stdio: 'inherit',
    },
  );
}

const { register } = await import('tsx/esm/api');
register();
process.argv.splice(2, 0, 'serve');
await import('../apps/server/src/cli/main.ts');

// The fingerprint of the front end's sources, written into the build as
// dist/build-sources.txt. web/handler_test.go computes the same from the
// checked-out files and fails when they differ: the committed dist was not
// rebuilt after a change (run `npm run build` in web/, or `make web`).
// Keep the file list and the format in step with sourcesFingerprint there.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const sourceRoots = ['index.html', 'package-lock.json', 'vite.config.ts', 'tsconfig.json', 'codegen.ts', 'sources-hash.mjs', 'src'];

function walk(dir, root, out) {
  const st = statSync(dir);
  if (!st.isDirectory()) {
    out.push(relative(root, dir).split('\\').join('/'));
    return;
  }
  for (const name of readdirSync(dir)) walk(join(dir, name), root, out);
}

export function sourcesFingerprint(root) {
  const files = [];
  for (const r of sourceRoots) walk(join(root, r), root, files);
  files.sort();
  const all = createHash('sha256');
  for (const f of files) {
    const h = createHash('sha256').update(readFileSync(join(root, f))).digest('hex');
    all.update(`${f}\n${h}\n`);
  }
  return all.digest('hex');
}

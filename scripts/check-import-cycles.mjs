// Fails when the modules of src/ import each other in a cycle (type-only imports included: a
// cycle of types is still two concepts that cannot be understood apart). Part of `npm run lint`.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve('src');
const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.ts')) files.push(path);
  }
};
walk(root);

const IMPORT = /(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+)['"]/g;
const graph = new Map();
for (const file of files) {
  const targets = [];
  for (const [, specifier] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    targets.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
  }
  graph.set(file, targets);
}

const cycles = [];
const state = new Map(); // 1: on the current path, 2: done
const path = [];
const visit = (file) => {
  state.set(file, 1);
  path.push(file);
  for (const next of graph.get(file) ?? []) {
    if (!graph.has(next)) continue;
    if (state.get(next) === 1) cycles.push([...path.slice(path.indexOf(next)), next]);
    else if (!state.has(next)) visit(next);
  }
  path.pop();
  state.set(file, 2);
};
for (const file of files) if (!state.has(file)) visit(file);

if (cycles.length > 0) {
  for (const cycle of cycles)
    console.error(`import cycle: ${cycle.map((f) => relative(root, f)).join(' -> ')}`);
  process.exit(1);
}
console.log(`no import cycles among ${files.length} modules of src/`);

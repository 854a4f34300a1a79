// Compiles the TypeScript tree to dist/ with swc (decorator metadata included, which NestJS
// needs) and links the workspace packages so `@clientele/core` and `@clientele/<plugin>`
// resolve inside dist/ exactly as they do in the sources.
import { transformFile } from '@swc/core';
import { copyFile, mkdir, readdir, rm, symlink, writeFile, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { swcOptions } from './swc-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const sourceDirs = ['apps', 'libs', 'plugins', 'bench', 'test/fixtures'];

async function* files(dir, wanted) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path, wanted);
    else if (wanted(entry.name, path)) yield path;
  }
}

const isSource = (name) => name.endsWith('.ts') && !/[.-]spec\.ts$/.test(name) && !name.endsWith('.d.ts');
// Admin templates, styles, scripts and message files are read at run time from beside the code.
const isAsset = (name, path) =>
  /\.(hbs|css|json)$/.test(name) || (name.endsWith('.js') && /[/\\]assets[/\\]/.test(path));

async function build() {
  await rm(out, { recursive: true, force: true });
  const jobs = [];
  for (const dir of sourceDirs) {
    for await (const file of files(join(root, dir), isSource)) {
      jobs.push(
        (async () => {
          const { code } = await transformFile(file, { ...swcOptions, sourceMaps: 'inline', filename: file });
          const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
          await mkdir(dirname(target), { recursive: true });
          await writeFile(target, code);
        })(),
      );
    }
  }
  for (const dir of ['apps', 'plugins', 'test/fixtures']) {
    for await (const file of files(join(root, dir), isAsset)) {
      jobs.push(
        (async () => {
          const target = join(out, relative(root, file));
          await mkdir(dirname(target), { recursive: true });
          await copyFile(file, target);
        })(),
      );
    }
  }
  await Promise.all(jobs);
  const scope = join(out, 'node_modules', '@clientele');
  await mkdir(scope, { recursive: true });
  await symlink('../../libs/core', join(scope, 'core'));
  for (const plugin of await readdir(join(root, 'plugins')).catch(() => [])) {
    if ((await stat(join(root, 'plugins', plugin))).isDirectory()) {
      await symlink(`../../plugins/${plugin}`, join(scope, plugin));
    }
  }
  console.log(`built ${jobs.length} files into dist/`);
}

await build();

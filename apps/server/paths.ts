import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the code runs from: `dist/` when built, the project itself under the test runner. */
export const runtimeBase = resolve(here, '../..');
export const runtimeExtension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

/** The project folder (holds config/, data/, package.json). */
export const projectRoot = existsSync(join(runtimeBase, 'package.json')) ? runtimeBase : resolve(runtimeBase, '..');

import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * `<repo>/<folder>`: the nearest ancestor of `start` holding both package.json and that folder — the
 * same from src/… (jest), dist/src/… (node) and /app/dist/src/… (the Docker image).
 */
export function findProjectFolder(folder: string, start: string): string {
  for (let dir = dirname(start); ; dir = dirname(dir)) {
    const candidate = join(dir, folder);
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    if (dirname(dir) === dir) throw new Error(`No ${folder}/ folder above ${start}`);
  }
}

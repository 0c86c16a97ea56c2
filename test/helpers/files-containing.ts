import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below a directory, recursively. */
export function filesUnder(directory: string): string[] {
  const files: string[] = [];
  const walk = (path: string): void => {
    if (!statSync(path).isDirectory()) files.push(path);
    else for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(directory);
  return files;
}

/** The files below a directory whose bytes contain `text` (a secret or a prompt that must not be there). */
export function filesContaining(directory: string, text: string): string[] {
  const needle = Buffer.from(text);
  return filesUnder(directory).filter((path) => readFileSync(path).includes(needle));
}

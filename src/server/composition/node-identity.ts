import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SwitchboardConfig } from '../../config/config-schema.js';

/**
 * This node's name among the nodes that share a generation store: `node_id` from the
 * configuration, else a random one made at the first start and kept in <data_dir>/node-id.
 */
export async function nodeIdentity(config: SwitchboardConfig): Promise<string> {
  if (config.node_id) return config.node_id;
  const path = resolve(config.data_dir, 'node-id');
  try {
    const kept = (await readFile(path, 'utf8')).trim();
    if (/^[A-Za-z0-9._-]{1,64}$/.test(kept)) return kept;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const made = `node-${randomBytes(8).toString('hex')}`;
  await mkdir(resolve(config.data_dir), { recursive: true });
  await writeFile(`${path}.tmp`, `${made}\n`);
  await rename(`${path}.tmp`, path);
  return made;
}

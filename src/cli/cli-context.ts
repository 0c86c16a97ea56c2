import type { AccountDirectory } from '../accounts/account-directory.js';
import type { SwitchboardConfig } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { openControlPlane } from '../server/composition/store-factories.js';
import type { ControlPlaneStore } from '../storage/control-plane/control-plane-store.js';
import type { OptionSpec, ParsedArguments } from './command.js';

/** Options every command that reads the configuration accepts. */
export const configOptions: Record<string, OptionSpec> = {
  config: { type: 'string', short: 'c', description: 'configuration file (default: $SWITCHBOARD_CONFIG or ./switchboard.yaml)', value: 'file' },
  'data-dir': { type: 'string', description: 'data directory (default: .switchboard)', value: 'path' },
};

export function configFromArguments(parsed: ParsedArguments, overrides: Record<string, unknown> = {}): SwitchboardConfig {
  const dataDirectory = parsed.values['data-dir'];
  return loadConfig({
    ...(typeof parsed.values.config === 'string' ? { path: parsed.values.config } : {}),
    overrides: { ...(typeof dataDirectory === 'string' ? { data_dir: dataDirectory } : {}), ...overrides },
  });
}

/** Runs `action` with the configured control plane (safe while a server runs: SQLite WAL), closing it afterwards. */
export async function withControlPlane<T>(parsed: ParsedArguments, action: (context: { store: ControlPlaneStore; accounts: AccountDirectory }) => Promise<T>): Promise<T> {
  const { controlPlane, accounts } = await openControlPlane(configFromArguments(parsed));
  try {
    return await action({ store: controlPlane, accounts });
  } finally {
    await controlPlane.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints rows as an aligned text table. */
export function printTable(rows: Record<string, unknown>[], columns: string[]): void {
  const text = (value: unknown) => (value === null || value === undefined ? '-' : String(value));
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => text(row[column]).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index]!))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(columns)}\n`);
  for (const row of rows) process.stdout.write(`${line(columns.map((column) => text(row[column])))}\n`);
}

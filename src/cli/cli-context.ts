import { resolve } from 'node:path';
import { AccountDirectory } from '../accounts/account-directory.js';
import { toNanoDollars } from '../accounting/pricing.js';
import type { SwitchboardConfig } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { SqliteControlPlaneStore } from '../storage/control-plane/sqlite-control-plane-store.js';
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

/** Opens the control plane of the configured data directory (safe while a server runs: SQLite WAL). */
export async function openControlPlane(config: SwitchboardConfig): Promise<{ store: SqliteControlPlaneStore; accounts: AccountDirectory }> {
  const store = new SqliteControlPlaneStore(resolve(config.data_dir, 'control-plane.sqlite'));
  const accounts = new AccountDirectory(store);
  await accounts.ensureLocalAccount(toNanoDollars(config.auth.local_account_credits), config.auth.local_account_country ?? null);
  return { store, accounts };
}

/** Runs `action` with the control plane of the configured data directory, closing it afterwards. */
export async function withControlPlane<T>(parsed: ParsedArguments, action: (context: { store: SqliteControlPlaneStore; accounts: AccountDirectory }) => Promise<T>): Promise<T> {
  const context = await openControlPlane(configFromArguments(parsed));
  try {
    return await action(context);
  } finally {
    await context.store.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints rows as an aligned text table. */
export function printTable(rows: Record<string, unknown>[], columns: string[]): void {
  const text = (value: unknown) => (value === null || value === undefined ? '-' : String(value));
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => text(row[column]).length)));
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index]!)).join('  ').trimEnd();
  process.stdout.write(`${line(columns)}\n`);
  for (const row of rows) process.stdout.write(`${line(columns.map((column) => text(row[column])))}\n`);
}

import { parseArgs } from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  description: string;
  /** Placeholder shown in help, e.g. USD. */
  value?: string;
}

export interface ParsedArguments {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  summary: string;
  /** Positional arguments, for the usage line (e.g. "<hash>"). */
  arguments?: string;
  options?: Record<string, OptionSpec>;
  subcommands?: Command[];
  /** Longer text shown under the usage line. */
  details?: string;
  // biome-ignore lint/suspicious/noConfusingVoidType: a command that returns nothing exits with 0
  run?: (parsed: ParsedArguments) => Promise<number | void>;
}

export class UsageError extends Error {
  constructor(
    message: string,
    readonly command: Command,
    readonly path: string[],
  ) {
    super(message);
  }
}

export function helpText(command: Command, path: string[]): string {
  const lines: string[] = [];
  const usage = [...path, command.subcommands?.length ? '<command>' : '', command.arguments ?? '', command.options && Object.keys(command.options).length ? '[options]' : ''].filter(Boolean).join(' ');
  lines.push(`${command.summary}`, '', `Usage: ${usage}`);
  if (command.details) lines.push('', command.details);
  if (command.subcommands?.length) {
    lines.push('', 'Commands:');
    const width = Math.max(...command.subcommands.map((sub) => sub.name.length));
    for (const sub of command.subcommands) lines.push(`  ${sub.name.padEnd(width)}  ${sub.summary}`);
    lines.push('', `Run '${path.join(' ')} <command> --help' for a command's options.`);
  }
  const options = { ...(command.options ?? {}), help: { type: 'boolean', short: 'h', description: 'show this help' } as OptionSpec };
  lines.push('', 'Options:');
  const rendered = Object.entries(options).map(([name, spec]) => [
    `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` <${spec.value ?? 'value'}>` : ''}`,
    spec.description,
  ]);
  const width = Math.max(...rendered.map(([flag]) => flag!.length));
  for (const [flag, description] of rendered) lines.push(`  ${flag!.padEnd(width)}  ${description}`);
  return `${lines.join('\n')}\n`;
}

/** Runs the command named by argv against a command tree; --help works at every level. */
export async function runCommand(root: Command, argv: string[], rootName: string): Promise<number> {
  let command = root;
  const path = [rootName];
  let rest = argv;
  while (command.subcommands?.length && rest.length > 0 && !rest[0]!.startsWith('-')) {
    const next = command.subcommands.find((sub) => sub.name === rest[0]);
    if (!next) throw new UsageError(`unknown command "${rest[0]}"`, command, path);
    command = next;
    path.push(next.name);
    rest = rest.slice(1);
  }
  const options = Object.fromEntries(
    Object.entries({ ...(command.options ?? {}), help: { type: 'boolean', short: 'h', description: '' } as OptionSpec }).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.short ? { short: spec.short } : {}) },
    ]),
  );
  let parsed: ParsedArguments;
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true }) as ParsedArguments;
  } catch (error) {
    throw new UsageError((error as Error).message, command, path);
  }
  if (parsed.values.help || !command.run) {
    process.stdout.write(helpText(command, path));
    return parsed.values.help ? 0 : 1;
  }
  return (await command.run(parsed)) ?? 0;
}

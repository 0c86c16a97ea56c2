import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** A server process started for the benchmark, and how to reach and stop it. */
export interface BenchProcess {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

/**
 * Spawns a server and resolves once `ready` matches a line of its output (stdout or stderr),
 * with the port that line names. Output is kept for the error when it exits first.
 */
export function startProcess(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; ready: RegExp; port?: number; timeoutMs?: number }): Promise<BenchProcess> {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${command} ${args.join(' ')} did not start in time:\n${output}`)), options.timeoutMs ?? 60_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      if (output.length > 100_000) output = output.slice(-50_000);
      const match = options.ready.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.removeAllListeners('data');
        child.stderr!.removeAllListeners('data');
        // Keep draining the pipes so a chatty server never blocks on a full pipe.
        child.stdout!.resume();
        child.stderr!.resume();
        resolve({ child, port: options.port ?? Number(match[1]), stop: () => stopProcess(child) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${output}`));
    });
  });
}

export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Resident memory of a process and its peak (VmRSS, VmHWM), in MiB, from /proc. */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) / 1024;
  return { rssMiB: field('VmRSS'), peakMiB: field('VmHWM') };
}

/** What a process of a target is, from its command line: the store process, a cluster worker, or the target itself. */
export function processRole(pid: number, root: number, clustered: boolean): string {
  let commandLine = '';
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return 'ended';
  }
  if (commandLine.includes('store-process-entry')) return 'store process (chDB)';
  if (pid === root) return clustered ? 'primary (limits, log writers, chDB)' : 'serving process';
  return clustered ? 'worker (serves requests)' : 'child';
}

/** The process and every descendant (cluster workers), by walking /proc. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirProc()) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), entry]);
    } catch {
      // the process ended meanwhile
    }
  }
  const tree = [pid];
  for (let index = 0; index < tree.length; index++) tree.push(...(children.get(tree[index]!) ?? []));
  // tsx's esbuild service is a helper of the loader, not part of the server being measured.
  return tree.filter((member) => {
    try {
      return readFileSync(`/proc/${member}/comm`, 'utf8').trim() !== 'esbuild';
    } catch {
      return false;
    }
  });
}

function readdirProc(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

import { ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';

const children = new Set<ChildProcess>();

/** Stops every process the benchmark started, whatever way it ends. */
export function stopAll() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  children.clear();
}
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    stopAll();
    process.exit(130);
  });

export interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Forks a server script (one of bench/servers) and waits until it reports the port it listens on. */
export function startServer(script: URL, env: Record<string, string>): Promise<Server> {
  const child = fork(script, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script.pathname} exited with ${code} before listening`)));
    child.once('message', (message: { port: number }) => {
      resolve({
        url: `http://127.0.0.1:${message.port}`,
        pid: child.pid!,
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            children.delete(child);
          }),
      });
    });
  });
}

export interface Finished {
  code: number;
  seconds: number;
  peakRssMb: number;
  output: string;
}

/**
 * Runs a command to completion and reports its wall time and peak resident memory, read from
 * the kernel's high-water mark (VmHWM) of the child while it runs.
 */
export function runMeasured(
  script: string,
  args: string[],
  env: Record<string, string>,
  execArgv: string[] = [],
  echo = true,
): Promise<Finished> {
  const started = process.hrtime.bigint();
  const child = fork(script, args, {
    env: { ...process.env, ...env },
    execArgv,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.add(child);
  let output = '';
  let peakKb = 0;
  const take = (chunk: Buffer) => {
    output += chunk.toString();
    if (echo) process.stdout.write(chunk);
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const sample = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
    } catch {
      /* the process has just ended */
    }
  }, 100);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearInterval(sample);
      children.delete(child);
      resolve({
        code: code ?? 1,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        peakRssMb: peakKb / 1024,
        output,
      });
    });
  });
}

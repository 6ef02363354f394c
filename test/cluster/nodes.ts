import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * A `jobjacket serve` or `jobjacket worker` child process (the real command, `bin/jobjacket.mjs`), for the
 * tests that run several nodes on one database.
 */
export type Node = {
  name: string;
  kind: 'serve' | 'worker';
  /** The HTTP port (serve nodes; kept across restarts). */
  port: number | null;
  url: string | null;
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  /** SIGKILL: no shutdown hooks, as when the machine loses power. */
  kill9(): Promise<void>;
  /** SIGTERM, as a rolling restart sends; resolves with the exit code. */
  terminate(): Promise<number | null>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a node and waits until it serves (`/ready` answers 200) or, for a worker, works the queue. */
export async function startNode(
  kind: 'serve' | 'worker',
  name: string,
  env: Record<string, string>,
  port: number | null = null,
): Promise<Node> {
  const child = spawn(process.execPath, [path.resolve('bin/jobjacket.mjs'), kind], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
      ...(port ? { PORT: String(port) } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = port ? `http://127.0.0.1:${port}` : null;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start:\n${output}`);
    }
    if (kind === 'worker' && output.includes('Jobjacket worker is running')) break;
    if (url && (await fetch(`${url}/ready`).catch(() => null))?.status === 200) break;
    await sleep(100);
  }
  return {
    name,
    kind,
    port,
    url,
    child,
    output: () => output,
    exited,
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    terminate: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

const LEADS = 'leader (inbound-mail): this node leads';

/** How many times a node has taken the lead of the inbound channels (from its log). */
export const leadsTaken = (node: Node) => node.output().split(LEADS).length - 1;

/**
 * A load balancer in miniature: it polls every node's `/ready` and sends each request to the next ready node,
 * as a proxy with health checks does, so a draining node (503) stops getting requests before it closes.
 */
export function balancer(urls: () => string[], everyMs = 100) {
  const ready = new Map<string, boolean>();
  let next = 0;
  let stopped = false;
  const poll = async () => {
    while (!stopped) {
      await Promise.all(
        urls().map(async (u) => {
          const r = await fetch(`${u}/ready`, { signal: AbortSignal.timeout(1_000) }).catch(() => null);
          ready.set(u, r?.status === 200);
        }),
      );
      await sleep(everyMs);
    }
  };
  const polling = poll();
  return {
    /** The next ready node's URL (waits while none is ready). */
    async pick(): Promise<string> {
      for (;;) {
        const up = urls().filter((u) => ready.get(u));
        if (up.length) return up[next++ % up.length]!;
        await sleep(20);
      }
    },
    async stop() {
      stopped = true;
      await polling;
    },
  };
}

/**
 * CPU time by process while a figure runs, read from /proc (Linux; elsewhere nothing is printed): the server
 * under test, PostgreSQL's backends, the bare HTTP server and this process (the load generator, or the floor's
 * pg client). Divided by the requests answered, it says where a request's CPU goes on each side of a ratio —
 * on a 2-core machine the load generator and PostgreSQL share the cores with the server, so throughput alone
 * cannot tell the server's cost from theirs.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';

export type CpuGroup = 'server' | 'postgres' | 'bare' | 'bench';
type Snapshot = Record<CpuGroup, number>;

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on
const measurable = existsSync('/proc/self/stat');

function groupOf(pid: string, comm: string): CpuGroup | null {
  if (comm === 'postgres') return 'postgres';
  if (Number(pid) === process.pid) return 'bench';
  const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  if (cmd.includes('jobjacket.mjs')) return 'server';
  if (cmd.includes('bare-server')) return 'bare';
  return null;
}

function snapshot(): Snapshot {
  const ticks: Snapshot = { server: 0, postgres: 0, bare: 0, bench: 0 };
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const group = groupOf(pid, stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      if (!group) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks[group] += Number(fields[11]) + Number(fields[12]); // utime + stime
    } catch {
      // a process that ended between the listing and the read
    }
  }
  return ticks;
}

/** Runs `work` and returns its result with the CPU µs per request of each group (null where /proc is absent). */
export async function withCpu<T>(work: () => Promise<T>, requestsOf: (result: T) => number) {
  const before = measurable ? snapshot() : null;
  const result = await work();
  if (!before) return { result, cpu: null };
  const after = snapshot();
  const requests = Math.max(1, requestsOf(result));
  const perRequest = (g: CpuGroup) => ((after[g] - before[g]) / TICKS_PER_SECOND / requests) * 1e6;
  const cpu = {
    server: perRequest('server'),
    postgres: perRequest('postgres'),
    bare: perRequest('bare'),
    bench: perRequest('bench'),
  };
  return { result, cpu };
}

export type CpuPerRequest = NonNullable<Awaited<ReturnType<typeof withCpu>>['cpu']>;

/** The mean of several slices' figures, group by group. */
export function meanCpu(slices: (CpuPerRequest | null)[]): CpuPerRequest | null {
  const known = slices.filter((s): s is CpuPerRequest => s !== null);
  if (!known.length) return null;
  const avg = (g: CpuGroup) => known.reduce((sum, s) => sum + s[g], 0) / known.length;
  return { server: avg('server'), postgres: avg('postgres'), bare: avg('bare'), bench: avg('bench') };
}

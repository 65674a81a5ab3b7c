import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time spent by the whole machine, by PostgreSQL's processes and by this process (every
 * thread: the app's, the sandbox's, V8's and libuv's), read from /proc (Linux; USER_HZ is 100 on
 * every Linux we run). A wall time on a saturated machine says little on its own; the CPU a piece of
 * work used says what the machine's cores allow: `busy / cores` is a floor under its wall time.
 */
export interface CpuSnapshot {
  machine: number;
  postgres: number;
  process: number;
}

interface Snapshot extends CpuSnapshot {
  /** Per PostgreSQL process: a backend that exits between two snapshots must not count as negative time. */
  backends: Map<string, number>;
}

const HZ = 100;

function machineSeconds(): number {
  // cpu  user nice system idle iowait irq softirq steal ...: everything but idle and iowait is busy.
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / HZ;
}

/** utime + stime of one process (all its threads), or null when it is gone. */
function statSeconds(pid: string, name?: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (name && !stat.includes(`(${name})`)) return null;
    // Fields after the parenthesised name: state is field 3, utime 14 and stime 15 (1-based).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / HZ;
  } catch {
    // the process ended while we looked (its time is lost: a backend that exits mid-measure)
    return null;
  }
}

function postgresBackends(): Map<string, number> {
  const backends = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const seconds = statSeconds(entry, 'postgres');
    if (seconds !== null) backends.set(entry, seconds);
  }
  return backends;
}

const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);

/**
 * CPU seconds one other process and its descendants (the panel's server with its --processes)
 * have used so far. A descendant that exits between two readings takes its time with it (the
 * bench's server processes live through a stage).
 */
export function processCpuSeconds(pid: number): number {
  const parents = new Map<string, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(entry, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]!);
    } catch {
      // gone
    }
  }
  const tree = [String(pid)];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  return sum(tree.map((entry) => statSeconds(entry) ?? 0));
}

export function cpuSnapshot(): Snapshot {
  const usage = process.cpuUsage();
  const backends = postgresBackends();
  return { machine: machineSeconds(), postgres: sum(backends.values()), process: (usage.user + usage.system) / 1e6, backends };
}

/**
 * CPU seconds used since `start`. PostgreSQL's share counts the processes alive at the end (a
 * backend that exited meanwhile takes its time with it: an undercount, never a negative).
 */
export function cpuSince(start: Snapshot): CpuSnapshot {
  const now = cpuSnapshot();
  const postgres = sum([...now.backends].map(([pid, seconds]) => seconds - (start.backends.get(pid) ?? 0)));
  return { machine: now.machine - start.machine, postgres, process: now.process - start.process };
}

/** Where some work's CPU went, whole machine first: "CPU 0.82 core-s on the machine: PostgreSQL 0.43, …". */
export function describeCpu(machine: number, parts: Record<string, number>, digits = 2): string {
  const shares = Object.entries(parts).map(([who, seconds]) => `${who} ${seconds.toFixed(digits)}`);
  return `CPU ${machine.toFixed(digits)} core-s on the machine: ${shares.join(', ')}`;
}

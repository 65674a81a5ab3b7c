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

function postgresSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) if (/^\d+$/.test(entry)) total += statSeconds(entry, 'postgres') ?? 0;
  return total;
}

/** CPU seconds one other process (e.g. the panel's server) has used so far. */
export function processCpuSeconds(pid: number): number {
  return statSeconds(String(pid)) ?? 0;
}

export function cpuSnapshot(): CpuSnapshot {
  const usage = process.cpuUsage();
  return { machine: machineSeconds(), postgres: postgresSeconds(), process: (usage.user + usage.system) / 1e6 };
}

/** CPU seconds used since `start`. */
export function cpuSince(start: CpuSnapshot): CpuSnapshot {
  const now = cpuSnapshot();
  return { machine: now.machine - start.machine, postgres: now.postgres - start.postgres, process: now.process - start.process };
}

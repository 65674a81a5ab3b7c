/** One figure of `bench/results.json`. `comparison` says which side of `target` passes. */
export interface Metric {
  name: string;
  value: number;
  unit: string;
  target: number | null;
  comparison: '<=' | '>=' | null;
  /** The same work done the plainest way (raw SQL, COPY), where one exists. */
  floor: number | null;
  /** value / floor. */
  ratio: number | null;
  /** Highest allowed ratio, where the issue sets one. */
  ratioTarget: number | null;
  /** Whether the value (and the ratio) meet their targets; null when the figure has no target. */
  ok: boolean | null;
  note?: string;
}

export function metric(input: {
  name: string;
  value: number;
  unit: string;
  target?: number;
  comparison?: '<=' | '>=';
  floor?: number;
  ratioTarget?: number;
  note?: string;
}): Metric {
  const round = (n: number) => Math.round(n * 100) / 100;
  const floor = input.floor ?? null;
  const ratio = floor !== null && floor > 0 ? round(input.value / floor) : null;
  const target = input.target ?? null;
  const comparison = target === null ? null : (input.comparison ?? '<=');
  const valueOk = target === null ? null : comparison === '<=' ? input.value <= target : input.value >= target;
  const ratioOk = input.ratioTarget === undefined || ratio === null ? null : ratio <= input.ratioTarget;
  const ok = valueOk === null && ratioOk === null ? null : valueOk !== false && ratioOk !== false;
  return {
    name: input.name,
    value: round(input.value),
    unit: input.unit,
    target,
    comparison,
    floor: floor === null ? null : round(floor),
    ratio,
    ratioTarget: input.ratioTarget ?? null,
    ok,
    ...(input.note ? { note: input.note } : {}),
  };
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function formatTable(metrics: Metric[]): string {
  const rows = metrics.map((m) => [
    m.name,
    `${m.value} ${m.unit}`,
    m.target === null ? '' : `${m.comparison} ${m.target}`,
    m.floor === null ? '' : `${m.floor}`,
    m.ratio === null ? '' : `${m.ratio}x${m.ratioTarget ? ` (<= ${m.ratioTarget})` : ''}`,
    m.ok === null ? '' : m.ok ? 'ok' : 'MISSED',
  ]);
  const header = ['figure', 'value', 'target', 'floor', 'ratio', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

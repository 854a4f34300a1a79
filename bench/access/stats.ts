export interface Measured {
  label: string;
  runs: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  target?: string;
  note?: string;
}

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/** Runs `fn` `runs` times (after `warmup` unmeasured runs) and keeps the latency percentiles in ms. */
export async function measure(
  label: string,
  runs: number,
  fn: (i: number) => Promise<unknown>,
  extra: Partial<Measured> = {},
  warmup = 20,
): Promise<Measured> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    label,
    runs,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    p99: percentile(times, 0.99),
    max: times[times.length - 1],
    ...extra,
  };
}

export function table(rows: Measured[]): string {
  const ms = (v: number) => v.toFixed(2);
  const header = ['measurement', 'runs', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'target', 'note'];
  const body = rows.map((r) => [
    r.label,
    String(r.runs),
    ms(r.p50),
    ms(r.p95),
    ms(r.p99),
    ms(r.max),
    r.target ?? '',
    r.note ?? '',
  ]);
  return [header, header.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

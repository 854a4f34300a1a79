import { cpus, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';

export interface Figure {
  measure: string;
  value: string;
  target?: string;
  /** Undefined when there is no target to meet. */
  met?: boolean;
}

/** Prints the figures as a plain table that reads the same in a terminal and pasted into Markdown. */
export function printTable(title: string, figures: Figure[]) {
  const rows = figures.map((f) => [
    f.measure,
    f.value,
    f.target ?? '',
    f.met === undefined ? '' : f.met ? 'yes' : 'NO',
  ]);
  const header = ['measure', 'value', 'target', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  rows.forEach((r) => console.log(line(r)));
}

export function hardware(postgresVersion: string): Figure[] {
  const model =
    /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return [
    { measure: 'CPU', value: `${model} × ${cpus().length}` },
    { measure: 'memory', value: `${(totalmem() / 2 ** 30).toFixed(1)} GiB` },
    { measure: 'Node.js', value: process.version },
    { measure: 'PostgreSQL', value: postgresVersion },
  ];
}

export const ms = (n: number) => `${n.toFixed(1)} ms`;

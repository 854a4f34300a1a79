import type { ClockKind, ContractTerms, SlaEvent } from './clock-types.js';

/** One clock's life in instants: when it started and stopped, and when it stood still. */
export interface ClockRun {
  kind: ClockKind;
  cycle: number;
  start: number;
  stop: number | null;
  pauses: { from: number; to: number | null; state: string }[];
}

export interface ReplayedTicket {
  runs: ClockRun[];
  level: string;
  levelSource: 'assessed' | 'default';
}

/**
 * Replays a ticket's history up to `now` into clock runs. Events are taken in time order (ties
 * in the order given); nothing before `created` counts. First response runs from creation to the
 * first staff reply; next response from the first customer message after a reply to the next
 * reply; resolution from creation until the ticket is resolved (a reopened ticket's clock
 * resumes, the resolved spell counting as a pause). Resolving the ticket also stops the
 * response clocks: the resolution answers what was outstanding.
 */
export function replay(events: readonly SlaEvent[], contract: ContractTerms, now: number): ReplayedTicket {
  const sorted = events
    .map((e, i) => ({ e, t: e.at.getTime(), i }))
    .filter((x) => x.t <= now)
    .sort((a, b) => a.t - b.t || a.i - b.i);
  const runs: ClockRun[] = [];
  const pausing = new Map<ClockKind, Set<string>>();
  for (const p of contract.pauses)
    for (const k of p.clocks) (pausing.get(k) ?? pausing.set(k, new Set()).get(k)!).add(p.state);
  let state: string | null = null;
  let resolvedBy: string | null = null;
  let level = contract.defaultLevel;
  let levelSource: 'assessed' | 'default' = 'default';
  let first: ClockRun | null = null;
  let next: ClockRun | null = null;
  let resolution: ClockRun | null = null;
  let cycles = 0;

  const open = (kind: ClockKind, t: number, cycle = 1): ClockRun => {
    const run: ClockRun = { kind, cycle, start: t, stop: null, pauses: [] };
    if (state !== null && pausing.get(kind)?.has(state)) run.pauses.push({ from: t, to: null, state });
    runs.push(run);
    return run;
  };
  const closePause = (run: ClockRun, t: number) => {
    const last = run.pauses[run.pauses.length - 1];
    if (last && last.to === null) last.to = t;
  };
  const stop = (run: ClockRun | null, t: number) => {
    if (!run) return;
    closePause(run, t);
    run.stop = t;
  };

  for (const { e, t } of sorted) {
    if (!resolution) {
      if (e.type !== 'created') continue;
      first = open('firstResponse', t);
      resolution = open('resolution', t);
      continue;
    }
    switch (e.type) {
      case 'customerMessage':
        if (!first || first.stop === null || next || resolvedBy !== null) break;
        next = open('nextResponse', t, ++cycles);
        break;
      case 'staffReply':
        if (first && first.stop === null) stop(first, t);
        stop(next, t);
        next = null;
        break;
      case 'state': {
        state = e.state;
        const stillResolved = e.resolved && resolvedBy !== null;
        for (const run of [first, next, resolution]) {
          if (!run || run.stop !== null) continue;
          // From one resolved state to another the ticket stays resolved: its resolved spell goes on.
          if (stillResolved && run === resolution) continue;
          closePause(run, t);
          if (e.resolved && run !== resolution) stop(run, t);
          else if (e.resolved || pausing.get(run.kind)?.has(e.state))
            run.pauses.push({ from: t, to: null, state: e.state });
        }
        if (e.resolved) next = null;
        resolvedBy = e.resolved ? e.state : null;
        break;
      }
      case 'level':
        level = e.level;
        levelSource = 'assessed';
        break;
      case 'contract':
        if (e.contractId !== contract.id)
          throw new Error(`The ticket's history moves it to contract ${e.contractId}, not ${contract.id}`);
        level = e.level ?? contract.defaultLevel;
        levelSource = e.level ? 'assessed' : 'default';
        break;
    }
  }
  // A resolved ticket's resolution clock stopped when it was resolved, not paused.
  if (resolution && resolvedBy !== null) {
    const spell = resolution.pauses.pop()!;
    resolution.stop = spell.from;
  }
  if (!contract.levels.some((l) => l.code === level)) {
    level = contract.defaultLevel;
    levelSource = 'default';
  }
  return { runs, level, levelSource };
}

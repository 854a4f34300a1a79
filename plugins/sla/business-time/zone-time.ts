import { IANAZone } from 'luxon';

export const MINUTE = 60_000;
export const DAY = 86_400_000;

/**
 * Wall time of an IANA zone against instants. "Local ms" is a wall-clock reading written as if
 * it were UTC (midnight of local day d is d × DAY). Assumes at most one offset change within
 * two days, which holds for the zones' rules in use today.
 */
export class ZoneTime {
  private readonly zone: IANAZone;

  constructor(name: string) {
    this.zone = IANAZone.create(name);
    if (!this.zone.isValid) throw new Error(`Unknown time zone ${name}`);
  }

  static isValid(name: string) {
    return IANAZone.isValidZone(name);
  }

  /** Offset from UTC in minutes at an instant. */
  offset(instant: number) {
    return this.zone.offset(instant);
  }

  /**
   * The first instant whose wall-clock reading is `local` or later: the reading itself when it
   * occurs (its first occurrence when the clocks go back), the moment the clocks jump when it is
   * skipped.
   */
  firstInstantAtOrAfter(local: number) {
    const before = this.offset(local - DAY);
    const after = this.offset(local + DAY);
    const candidates = [local - before * MINUTE, local - after * MINUTE].filter(
      (t, i) => this.offset(t) === (i === 0 ? before : after),
    );
    if (candidates.length) return Math.min(...candidates);
    return this.changeBetween(local - after * MINUTE, local - before * MINUTE);
  }

  /** The first minute at which the offset differs from the offset at `lo` (one change within (lo, hi]). */
  changeBetween(lo: number, hi: number) {
    const first = this.offset(lo);
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / MINUTE / 2) * MINUTE;
      if (this.offset(mid) === first) lo = mid;
      else hi = mid;
    }
    return hi;
  }
}

import { authChanges, listeningConnections } from '../database/listening-client.js';
import type { Principal } from './request-context.js';

/** Longest a resolved token is kept even if no change is announced (a safety net, not the mechanism). */
const KEEP_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * Bearer tokens this process has resolved to their user. An entry lives until the database
 * announces a change to tokens, users or disabled nodes (migration 0002, heard on every pooled
 * connection: `ListeningClient`), until a listening connection is lost, until the token expires,
 * or for 30 s — whichever comes first. A revocation, a deactivation or a deleted customer is
 * therefore seen by the very next request in this process, and moments after commit in others.
 */
export class ResolvedTokens {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();
  /** Bumped on every forget; a read that started before a forget must not be kept. */
  private generation = 0;
  private readonly forget = () => {
    this.generation++;
    this.entries.clear();
  };

  /** `enabled` false (setting `auth.rememberTokens`): resolve every time, e.g. behind a pooler that drops LISTEN. */
  constructor(private readonly enabled = true) {
    authChanges.on('changed', this.forget);
    authChanges.on('lost', this.forget);
  }

  close() {
    authChanges.off('changed', this.forget);
    authChanges.off('lost', this.forget);
    this.entries.clear();
  }

  get(key: string): Principal | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.until > Date.now()) return entry.principal;
    if (entry) this.entries.delete(key);
    return undefined;
  }

  /** Taken before reading the database: what the read returns is kept only if nothing was forgotten meanwhile. */
  ticket() {
    return this.generation;
  }

  keep(ticket: number, key: string, principal: Principal, expiresAt: Date | null) {
    // Without a listening connection a change could go unheard: resolve every time instead.
    if (!this.enabled || ticket !== this.generation || listeningConnections() === 0) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const until = Math.min(Date.now() + KEEP_MS, expiresAt ? expiresAt.getTime() : Infinity);
    this.entries.set(key, { principal: Object.freeze(principal), until });
  }
}

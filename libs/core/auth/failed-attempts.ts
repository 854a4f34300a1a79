import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { AppError } from '../errors/app-error.js';
import { ClienteleConfig } from '../config/config.js';

const FAILURE_WINDOW = '15 minutes';

export interface RecentFailures {
  byPair: number;
  byAccount: number;
  byAddress: number;
}

/**
 * Once an account has failed as often as one address may fail on it, every further wrong secret
 * is answered later and later (up to 3 s): guessing from many addresses slows down, while the
 * owner's right secret is answered at once.
 */
const failureDelay = (accountFailures: number, perPair: number) =>
  Math.min(3000, Math.max(0, accountFailures - perPair + 1) * 150);

/**
 * Wrong secrets (a password at sign-in, a plugin's access key) in the last quarter of an hour,
 * counted per account and address pair, per address and per account, within the limits of the
 * `auth` configuration. An account is whatever the secret opens, named so that kinds cannot
 * meet (an e-mail for sign-in, `quick-request:<id>` for a quick-request key); the address count
 * spans every kind, so one address trying many secrets of any kind is refused.
 */
@Injectable()
export class FailedAttempts {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ClienteleConfig,
  ) {}

  /** Refuses (429 `RATE_LIMITED`, with `message`) when a limit is reached; otherwise the failures so far, for `record`. */
  async admit(account: string, ip: string, message: string): Promise<RecentFailures> {
    const limits = this.config.auth;
    const [failures] = await this.db.query<RecentFailures[]>(
      `SELECT count(*) FILTER (WHERE email = $1 AND ip = $2)::int AS "byPair", count(*) FILTER (WHERE email = $1)::int AS "byAccount",
              count(*) FILTER (WHERE ip = $2)::int AS "byAddress"
         FROM login_attempts WHERE NOT succeeded AND at > now() - interval '${FAILURE_WINDOW}' AND (email = $1 OR ip = $2)`,
      [account, ip],
    );
    if (
      failures.byPair >= limits.maxFailuresPerPair ||
      failures.byAddress >= limits.maxFailuresPerAddress ||
      failures.byAccount >= limits.maxFailuresPerAccount
    )
      throw new AppError(429, 'RATE_LIMITED', message);
    return failures;
  }

  /** Keeps the outcome; a failure is answered after the delay the account's failures earn. */
  async record(account: string, ip: string, succeeded: boolean, before: RecentFailures) {
    await this.db.query(`INSERT INTO login_attempts (email, ip, succeeded) VALUES ($1, $2, $3)`, [
      account,
      ip,
      succeeded,
    ]);
    if (!succeeded) await setTimeout(failureDelay(before.byAccount, this.config.auth.maxFailuresPerPair));
  }
}

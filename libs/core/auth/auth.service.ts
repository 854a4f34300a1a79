import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { AppError, unauthorized } from '../errors/app-error.js';
import { newId } from '../database/ids.js';
import { ClienteleConfig } from '../config/config.js';
import type { Principal } from './request-context.js';
import { ACTIVE_USER, PRINCIPAL_COLUMNS, principalFrom } from './principal-row.js';
import { hashSecret, newSecret } from './tokens.js';
import { preparedQuery } from '../access/prepared.js';
import { ResolvedTokens } from './resolved-tokens.js';
import { FailedAttempts } from './failed-attempts.js';

@Injectable()
export class AuthService implements OnModuleDestroy {
  private readonly resolved: ResolvedTokens;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ClienteleConfig,
    private readonly attempts: FailedAttempts,
  ) {
    this.resolved = new ResolvedTokens(config.auth.rememberTokens);
  }

  hashPassword(password: string) {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  onModuleDestroy() {
    this.resolved.close();
  }

  /**
   * Resolves a bearer token to its user; a revoked, expired or deactivated one — or one whose
   * home node was deleted — resolves to nothing. Kept in memory until the database announces a
   * change that could alter the answer (`ResolvedTokens`), so a revocation still applies at once
   * while most requests skip this read.
   */
  async authenticate(token: string): Promise<Principal | null> {
    if (token.length > 200) return null;
    const hash = hashSecret(token);
    const key = hash.toString('base64');
    const known = this.resolved.get(key);
    if (known) return known;
    const ticket = this.resolved.ticket();
    const [row] = await preparedQuery(
      this.db,
      `SELECT ${PRINCIPAL_COLUMNS}, t.id AS token_id, t.kind, t.expires_at
         FROM auth_tokens t
         JOIN users u ON u.id = t.user_id
         LEFT JOIN scope_nodes home ON home.id = u.home_node_id
        WHERE t.token_hash = $1 AND t.kind IN ('session', 'api_key') AND t.revoked_at IS NULL
          AND (t.expires_at IS NULL OR t.expires_at > now())
          AND ${ACTIVE_USER}`,
      [hash],
    );
    if (!row) return null;
    const principal = principalFrom(row, { id: row.token_id, kind: row.kind });
    this.resolved.keep(ticket, key, principal, row.expires_at);
    return principal;
  }

  async login(email: string, password: string, ip: string) {
    const failures = await this.attempts.admit(email, ip, 'Too many failed sign-ins; try again later');
    const [user] = await this.db.query(`SELECT id, password_hash, is_active FROM users WHERE email = $1`, [email]);
    const ok =
      user?.password_hash && user.is_active && (await argon2.verify(user.password_hash, password).catch(() => false));
    await this.attempts.record(email, ip, !!ok, failures);
    if (!ok) throw unauthorized('Wrong e-mail or password');
    await this.db.query(`UPDATE users SET last_login_at = now() WHERE id = $1`, [user.id]);
    const { sessionHours } = this.config.auth;
    const token = await this.issueToken(user.id, 'session', null, `${sessionHours} hours`);
    return { token, expiresIn: sessionHours * 3600 };
  }

  async issueToken(
    userId: string,
    kind: 'session' | 'api_key' | 'activation',
    name: string | null,
    lifetime: string | null,
  ) {
    const secret = newSecret(kind === 'api_key' ? 'clk' : kind === 'activation' ? 'cla' : 'cls');
    await this.db.query(
      `INSERT INTO auth_tokens (id, user_id, kind, name, token_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::interval IS NULL THEN NULL ELSE now() + $6::interval END)`,
      [newId(), userId, kind, name, hashSecret(secret), lifetime],
    );
    return secret;
  }

  async pruneLoginAttempts() {
    await this.db.query(`DELETE FROM login_attempts WHERE at < now() - interval '1 day'`);
  }

  async revokeToken(tokenId: string, userId?: string) {
    const result = await this.db.query(
      `UPDATE auth_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL ${userId ? 'AND user_id = $2' : ''} RETURNING id`,
      userId ? [tokenId, userId] : [tokenId],
    );
    return result[0].length > 0;
  }

  async revokeAllTokens(userId: string) {
    await this.db.query(`UPDATE auth_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [
      userId,
    ]);
  }

  /** Sets the password of an account created without one, and activates it. */
  async activate(activationToken: string, password: string) {
    // An UPDATE answers [rows, count].
    const [[row]] = await this.db.query(
      `UPDATE auth_tokens SET revoked_at = now()
        WHERE token_hash = $1 AND kind = 'activation' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
        RETURNING user_id`,
      [hashSecret(activationToken)],
    );
    if (!row) throw new AppError(400, 'INVALID_ACTIVATION_TOKEN', 'The activation link is invalid or has expired');
    await this.db.query(
      `UPDATE users SET password_hash = $2, activated_at = now(), version = version + 1, updated_at = now() WHERE id = $1`,
      [row.user_id, await this.hashPassword(password)],
    );
  }
}

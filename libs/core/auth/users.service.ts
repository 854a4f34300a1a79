import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RecordService } from '../records/record.service.js';
import { AccessService } from '../access/access.service.js';
import { SYSTEM_NODE_ID } from '../access/constants.js';
import { conflict, forbidden, notFound } from '../errors/app-error.js';
import { escapeLike, paginate } from '../records/paginate.js';
import type { ListQueryDto } from '../records/list-query.dto.js';
import { RequestContext } from './request-context.js';
import { AuthService } from './auth.service.js';
import { User } from './user.entity.js';

export const USERS_READ = 'core.users.read';
export const USERS_MANAGE = 'core.users.manage';

export interface NewUser {
  email: string;
  displayName: string;
  password?: string;
  isMasterAdmin?: boolean;
  homeNodeId?: string | null;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly auth: AuthService,
    private readonly access: AccessService,
  ) {}

  /** Creates an account; without a password it stays inactive until activated with the returned token. */
  async create(
    data: NewUser,
    ctx: RequestContext,
    manager?: EntityManager,
  ): Promise<{ user: User; activationToken?: string }> {
    if (data.isMasterAdmin && !ctx.isMasterAdmin) throw forbidden('Only master admins create master admins');
    const taken = await (manager ?? this.db.manager).query(`SELECT 1 FROM users WHERE email = $1`, [data.email]);
    if (taken.length) throw conflict('EMAIL_TAKEN', 'A user with this e-mail already exists', 'email');
    const user = await this.records.create(
      User,
      {
        email: data.email,
        displayName: data.displayName,
        passwordHash: data.password ? await this.auth.hashPassword(data.password) : null,
        isActive: true,
        isMasterAdmin: data.isMasterAdmin ?? false,
        activatedAt: data.password ? new Date() : null,
        homeNodeId: data.homeNodeId ?? null,
        preferences: {},
      },
      ctx,
      manager,
    );
    delete (user as Partial<User>).passwordHash;
    if (data.password) return { user };
    return { user, activationToken: await this.auth.issueToken(user.id, 'activation', null, '14 days') };
  }

  list(ctx: RequestContext, query: ListQueryDto) {
    const qb = this.db.getRepository(User).createQueryBuilder('u');
    if (query.q) qb.andWhere('(u.email ILIKE :q OR u.displayName ILIKE :q)', { q: `%${escapeLike(query.q)}%` });
    if (!ctx.isMasterAdmin) {
      // Staff with core.users.read on the system see everyone; others see the users of nodes they may read users on.
      this.access.restrict(qb, `COALESCE(u.home_node_id, '${SYSTEM_NODE_ID}'::uuid)`, USERS_READ, ctx);
    }
    return paginate(qb, query, {
      sorts: {
        email: { column: 'u.email', value: (u: User) => u.email, type: 'text' },
        displayName: { column: 'u.displayName', value: (u: User) => u.displayName, type: 'text' },
        createdAt: { column: 'u.createdAt', value: (u: User) => u.createdAt, type: 'timestamptz' },
      },
      defaultSort: 'email',
      idColumn: 'u.id',
      filters: {
        isActive: { column: 'u.isActive', type: 'boolean' },
        homeNodeId: { column: 'u.homeNodeId', type: 'uuid' },
      },
    });
  }

  async get(id: string, ctx: RequestContext) {
    const user = await this.db.getRepository(User).findOne({ where: { id } });
    if (!user) throw notFound('User');
    if (ctx.userId !== id) await this.access.require(ctx, USERS_READ, user.homeNodeId ?? SYSTEM_NODE_ID);
    return user;
  }

  async update(
    id: string,
    patch: { displayName?: string; isActive?: boolean; password?: string; preferences?: Record<string, unknown> },
    version: number | undefined,
    ctx: RequestContext,
  ) {
    const target = await this.get(id, ctx);
    const self = ctx.userId === id;
    if (!self || patch.isActive !== undefined)
      await this.access.require(ctx, USERS_MANAGE, target.homeNodeId ?? SYSTEM_NODE_ID, USERS_READ);
    const passwordHash = patch.password ? await this.auth.hashPassword(patch.password) : undefined;
    const user = await this.records.update(
      User,
      id,
      version,
      (u) => {
        if (patch.displayName !== undefined) u.displayName = patch.displayName;
        if (patch.isActive !== undefined) u.isActive = patch.isActive;
        if (patch.preferences !== undefined) u.preferences = { ...u.preferences, ...patch.preferences };
        if (passwordHash) {
          u.passwordHash = passwordHash;
          u.activatedAt ??= new Date();
        }
      },
      ctx,
    );
    // Deactivation takes effect at once: the token check requires an active user, and sessions are revoked for good.
    if (patch.isActive === false) await this.auth.revokeAllTokens(id);
    delete (user as Partial<User>).passwordHash;
    return user;
  }
}

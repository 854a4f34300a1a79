import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../errors/app-error.js';
import type { RequestContext } from '../auth/request-context.js';
import { RecordService } from '../records/record.service.js';
import { escapeLike, paginate } from '../records/paginate.js';
import type { ListQueryDto } from '../records/list-query.dto.js';
import { AccessService } from './access.service.js';
import { UserGroup } from './access.entities.js';
import { SYSTEM_NODE_ID } from './constants.js';
import { ACCESS_MANAGE, ACCESS_READ } from './permissions.js';
import type { CreateUserGroupDto, UpdateUserGroupDto } from './access.dto.js';

const ownerOf = (group: UserGroup) => group.ownerNodeId ?? SYSTEM_NODE_ID;

@Injectable()
export class UserGroupsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly access: AccessService,
  ) {}

  list(ctx: RequestContext, query: ListQueryDto) {
    const qb = this.db.getRepository(UserGroup).createQueryBuilder('g');
    this.access.restrict(qb, `COALESCE(g.owner_node_id, '${SYSTEM_NODE_ID}'::uuid)`, ACCESS_READ, ctx);
    if (query.q) qb.andWhere('g.name ILIKE :q', { q: `%${escapeLike(query.q)}%` });
    return paginate(qb, query, {
      sorts: { name: { column: 'g.name', value: (g: UserGroup) => g.name, type: 'text' } },
      defaultSort: 'name',
      idColumn: 'g.id',
      filters: { ownerNodeId: { column: 'g.ownerNodeId', type: 'uuid' } },
    });
  }

  async get(id: string, ctx: RequestContext) {
    const group = await this.db.getRepository(UserGroup).findOne({ where: { id } });
    if (!group) throw notFound('User group');
    await this.access.require(ctx, ACCESS_READ, ownerOf(group));
    const members = await this.db.query(
      `SELECT u.id, u.email, u.display_name AS "displayName" FROM user_group_members m JOIN users u ON u.id = m.user_id
        WHERE m.group_id = $1 ORDER BY u.email`,
      [id],
    );
    return { ...group, members };
  }

  async create(dto: CreateUserGroupDto, ctx: RequestContext) {
    if (dto.ownerNodeId) await this.access.requireLiveNode(dto.ownerNodeId);
    await this.access.require(ctx, ACCESS_MANAGE, dto.ownerNodeId ?? SYSTEM_NODE_ID, ACCESS_READ);
    return this.records.create(
      UserGroup,
      { name: dto.name, description: dto.description ?? '', ownerNodeId: dto.ownerNodeId ?? null },
      ctx,
    );
  }

  async update(id: string, dto: UpdateUserGroupDto, ctx: RequestContext) {
    const group = await this.get(id, ctx);
    await this.access.require(ctx, ACCESS_MANAGE, ownerOf(group), ACCESS_READ);
    const { version, ...patch } = dto;
    return this.records.update(UserGroup, id, version, patch, ctx);
  }

  async remove(id: string, ctx: RequestContext) {
    const group = await this.get(id, ctx);
    await this.access.require(ctx, ACCESS_MANAGE, ownerOf(group), ACCESS_READ);
    await this.db.query(`DELETE FROM user_groups WHERE id = $1`, [id]);
  }

  async addMember(id: string, userId: string, ctx: RequestContext) {
    const group = await this.get(id, ctx);
    await this.access.require(ctx, ACCESS_MANAGE, ownerOf(group), ACCESS_READ);
    const [user] = await this.db.query(`SELECT id FROM users WHERE id = $1`, [userId]);
    if (!user) throw notFound('User');
    await this.db.query(`INSERT INTO user_group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      id,
      userId,
    ]);
  }

  async removeMember(id: string, userId: string, ctx: RequestContext) {
    const group = await this.get(id, ctx);
    await this.access.require(ctx, ACCESS_MANAGE, ownerOf(group), ACCESS_READ);
    await this.db.query(`DELETE FROM user_group_members WHERE group_id = $1 AND user_id = $2`, [id, userId]);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { newId } from '../database/ids.js';
import { AppError, invalid, notFound, refused } from '../errors/app-error.js';
import type { RequestContext } from '../auth/request-context.js';
import { RecordService } from '../records/record.service.js';
import { escapeLike, paginate } from '../records/paginate.js';
import type { ListQueryDto } from '../records/list-query.dto.js';
import type { RoleDefinition } from '../plugin/plugin.types.js';
import { PluginRegistry } from '../plugin/plugin-registry.js';
import { AccessService } from './access.service.js';
import { Role } from './access.entities.js';
import { SYSTEM_NODE_ID } from './constants.js';
import { ACCESS_MANAGE, ACCESS_READ, corePermissions } from './permissions.js';
import type { CreateRoleDto, UpdateRoleDto } from './access.dto.js';

@Injectable()
export class RolesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly access: AccessService,
    private readonly registry: PluginRegistry,
  ) {}

  knownPermissions() {
    return [...corePermissions, ...this.registry.permissions()];
  }

  /** Makes the built-in roles carry exactly the permissions the enabled plugins give them. */
  async syncBuiltins(definitions: RoleDefinition[]) {
    const merged = new Map<string, RoleDefinition>();
    for (const def of definitions) {
      const seen = merged.get(def.code);
      merged.set(
        def.code,
        seen
          ? {
              ...seen,
              ...def,
              name: seen.name ?? def.name,
              permissions: [...new Set([...seen.permissions, ...def.permissions])],
            }
          : def,
      );
    }
    for (const role of merged.values()) {
      await this.db.query(
        `INSERT INTO roles (id, code, name, description, permissions, is_builtin) VALUES ($1, $2, $3, $4, $5, true)
         ON CONFLICT (code, owner_node_id) DO UPDATE SET permissions = EXCLUDED.permissions, name = EXCLUDED.name,
           description = EXCLUDED.description, is_builtin = true
         WHERE roles.permissions IS DISTINCT FROM EXCLUDED.permissions OR roles.name IS DISTINCT FROM EXCLUDED.name`,
        [newId(), role.code, role.name ?? role.code, role.description ?? '', role.permissions.sort()],
      );
    }
  }

  async byCode(code: string, ownerNodeId: string | null = null) {
    return this.db.getRepository(Role).findOne({ where: { code, ownerNodeId: ownerNodeId ?? IsNull() } });
  }

  async get(id: string, ctx: RequestContext) {
    const role = await this.db.getRepository(Role).findOne({ where: { id } });
    if (!role) throw notFound('Role');
    if (role.ownerNodeId) await this.access.require(ctx, ACCESS_READ, role.ownerNodeId);
    return role;
  }

  /** Global roles, and the owned roles of nodes where the caller may read access settings. */
  list(ctx: RequestContext, query: ListQueryDto) {
    const qb = this.db.getRepository(Role).createQueryBuilder('r');
    const [visible, params] = this.access.condition('r.owner_node_id', ACCESS_READ, ctx);
    qb.andWhere(`(r.owner_node_id IS NULL OR ${visible})`, params);
    if (query.q) qb.andWhere('(r.name ILIKE :q OR r.code ILIKE :q)', { q: `%${escapeLike(query.q)}%` });
    return paginate(qb, query, {
      sorts: { name: { column: 'r.name', value: (r: Role) => r.name, type: 'text' } },
      defaultSort: 'name',
      idColumn: 'r.id',
      filters: {
        ownerNodeId: { column: 'r.ownerNodeId', type: 'uuid' },
        isBuiltin: { column: 'r.isBuiltin', type: 'boolean' },
      },
    });
  }

  async create(dto: CreateRoleDto, ctx: RequestContext) {
    if (dto.ownerNodeId) await this.access.requireLiveNode(dto.ownerNodeId);
    await this.access.require(ctx, ACCESS_MANAGE, dto.ownerNodeId ?? SYSTEM_NODE_ID, ACCESS_READ);
    this.checkPermissions(dto.permissions);
    return this.records.create(
      Role,
      {
        code: dto.code,
        name: dto.name,
        description: dto.description ?? '',
        permissions: [...new Set(dto.permissions)].sort(),
        ownerNodeId: dto.ownerNodeId ?? null,
        isBuiltin: false,
      },
      ctx,
    );
  }

  async update(id: string, dto: UpdateRoleDto, ctx: RequestContext) {
    const role = await this.get(id, ctx);
    if (role.isBuiltin) throw refused('BUILTIN_ROLE', 'Built-in roles are defined by the enabled plugins');
    await this.access.require(ctx, ACCESS_MANAGE, role.ownerNodeId ?? SYSTEM_NODE_ID, ACCESS_READ);
    if (dto.permissions) this.checkPermissions(dto.permissions);
    const { version, ...patch } = dto;
    return this.records.update(
      Role,
      id,
      version,
      { ...patch, ...(patch.permissions ? { permissions: [...new Set(patch.permissions)].sort() } : {}) },
      ctx,
    );
  }

  async remove(id: string, ctx: RequestContext) {
    const role = await this.get(id, ctx);
    if (role.isBuiltin) throw refused('BUILTIN_ROLE', 'Built-in roles cannot be deleted');
    await this.access.require(ctx, ACCESS_MANAGE, role.ownerNodeId ?? SYSTEM_NODE_ID, ACCESS_READ);
    const [{ count }] = await this.db.query(`SELECT count(*)::int AS count FROM grants WHERE role_id = $1`, [id]);
    if (count > 0)
      throw new AppError(409, 'ROLE_IN_USE', `The role is granted ${count} times; revoke those grants first`);
    await this.db.query(`DELETE FROM roles WHERE id = $1`, [id]);
  }

  private checkPermissions(permissions: string[]) {
    const known = new Set(this.knownPermissions().map((p) => p.name));
    const unknown = permissions.filter((p) => !known.has(p));
    if (unknown.length)
      throw invalid('permissions', 'UNKNOWN_PERMISSION', `Unknown permissions: ${unknown.join(', ')}`);
  }
}

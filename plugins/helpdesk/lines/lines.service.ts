import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccessService,
  GrantsService,
  ListQueryDto,
  RecordService,
  RequestContext,
  RolesService,
  escapeLike,
  notFound,
  paginate,
  refused,
} from '@clientele/core';
import { AREA_MANAGE, LINE_USER_ROLE } from '../constants.js';
import { Area } from '../entities/area.entity.js';
import { LineConnection } from '../entities/line-connection.entity.js';
import { isCustomerPerson } from '../tickets/ticket-access.js';

/**
 * Public lines: a user who is no person of the operator's customers connects to a public area
 * (the line-user role is granted to them there) and files and follows their own requests on it.
 * Administrators list those users by company or line and disconnect them: the grant goes, so
 * their access ends with the next request.
 */
@Injectable()
export class LinesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly access: AccessService,
    private readonly grants: GrantsService,
    private readonly roles: RolesService,
  ) {}

  async connect(ctx: RequestContext, areaId: string, company: string) {
    const area = await this.db.getRepository(Area).findOne({ where: { id: areaId } });
    if (!area || area.deletedAt || !area.isPublic) throw notFound('Area');
    if (isCustomerPerson(ctx))
      throw refused('CUSTOMER_PERSON', "A customer's people file requests for their customer, not on a public line");
    const [live] = await this.db.query(
      `SELECT id FROM helpdesk_line_connections WHERE user_id = $1 AND area_id = $2 AND disconnected_at IS NULL`,
      [ctx.userId, areaId],
    );
    if (live) throw refused('ALREADY_CONNECTED', 'You are connected to this line');
    const role = await this.roles.byCode(LINE_USER_ROLE);
    return this.db.transaction(async (m) => {
      const grant = await this.grants.create(
        { userId: ctx.userId!, roleId: role!.id, nodeId: areaId },
        RequestContext.system(),
        m,
      );
      return this.records.create(
        LineConnection,
        {
          areaId,
          userId: ctx.userId!,
          company: company.trim(),
          grantId: grant.id,
          disconnectedAt: null,
          disconnectedBy: null,
        },
        ctx,
        m,
      );
    });
  }

  /** Connected and disconnected users of the lines the caller manages; `filter[areaId]`, `filter[company]` (contains), `filter[connected]`. */
  list(ctx: RequestContext, query: ListQueryDto) {
    const qb = this.db.getRepository(LineConnection).createQueryBuilder('c');
    this.access.restrict(qb, 'c.area_id', AREA_MANAGE, ctx);
    return paginate(qb, query, {
      sorts: { connectedAt: { column: 'c.id', value: (c: LineConnection) => c.id, type: 'uuid' } },
      defaultSort: '-connectedAt',
      idColumn: 'c.id',
      filters: {
        areaId: { column: 'c.area_id', type: 'uuid' },
        userId: { column: 'c.user_id', type: 'uuid' },
        company: {
          apply: (q, value, param) =>
            q.andWhere(`c.company_normalized LIKE :${param}`, {
              [param]: `%${escapeLike(String(value).toLowerCase())}%`,
            }),
        },
        connected: {
          apply: (q, value) =>
            q.andWhere(value === 'true' ? 'c.disconnected_at IS NULL' : 'c.disconnected_at IS NOT NULL'),
        },
      },
    }).then(async (page) => ({ ...page, items: await this.present(page.items) }));
  }

  /** One connection, to those who manage its line. */
  async get(ctx: RequestContext, id: string) {
    const connection = await this.db.getRepository(LineConnection).findOne({ where: { id } });
    if (!connection || !(await this.access.can(ctx, AREA_MANAGE, connection.areaId))) throw notFound('Line connection');
    const [view] = await this.present([connection]);
    return view;
  }

  private async present(connections: LineConnection[]) {
    const userIds = [...new Set(connections.map((c) => c.userId))];
    const areaIds = [...new Set(connections.map((c) => c.areaId))];
    const [users, areas]: [{ id: string; email: string; display_name: string }[], { id: string; name: string }[]] =
      connections.length
        ? await Promise.all([
            this.db.query(`SELECT id, email, display_name FROM users WHERE id = ANY($1::uuid[])`, [userIds]),
            this.db.query(`SELECT id, name FROM helpdesk_areas WHERE id = ANY($1::uuid[])`, [areaIds]),
          ])
        : [[], []];
    const byId = new Map(users.map((u) => [u.id, u]));
    const areaNames = new Map(areas.map((a) => [a.id, a.name]));
    return connections.map((c) => ({
      ...c,
      companyNormalized: undefined,
      user: {
        id: c.userId,
        email: byId.get(c.userId)?.email ?? null,
        displayName: byId.get(c.userId)?.display_name ?? null,
      },
      area: { id: c.areaId, name: areaNames.get(c.areaId) ?? null },
    }));
  }

  async disconnect(ctx: RequestContext, id: string) {
    const connection = await this.db.getRepository(LineConnection).findOne({ where: { id } });
    if (!connection) throw notFound('Line connection');
    await this.access.require(ctx, AREA_MANAGE, connection.areaId);
    if (connection.disconnectedAt) throw refused('ALREADY_DISCONNECTED', 'The user is disconnected already');
    // The grant goes first: should recording the disconnection fail, the user is out all the same.
    if (connection.grantId)
      await this.grants.remove(connection.grantId, RequestContext.system()).catch((e) => {
        if (e?.statusCode !== 404) throw e;
      });
    await this.records.update(
      LineConnection,
      id,
      undefined,
      { disconnectedAt: new Date(), disconnectedBy: ctx.userId || null },
      ctx,
    );
    return this.db.getRepository(LineConnection).findOneOrFail({ where: { id } });
  }

  /** Disconnects those of the given users still connected to a line the caller manages; the others are left as they are. */
  async disconnectMany(ctx: RequestContext, ids: string[]) {
    const qb = this.db
      .getRepository(LineConnection)
      .createQueryBuilder('c')
      .where('c.id = ANY(:ids) AND c.disconnected_at IS NULL', { ids });
    this.access.restrict(qb, 'c.area_id', AREA_MANAGE, ctx);
    const live = await qb.getMany();
    for (const connection of live) await this.disconnect(ctx, connection.id);
    return { disconnected: live.length };
  }
}

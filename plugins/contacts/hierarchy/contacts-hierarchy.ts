import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { HistoryService, RequestContext, newId } from '@clientele/core';

/** Makes a creator the Administrator of what they created. */
@Injectable()
export class ContactsHierarchy {
  constructor(private readonly history: HistoryService) {}

  /**
   * Grants the built-in Administrator role on `nodeId` to the acting user, in the caller's
   * transaction. Written directly: the creator holds no rights on the new node yet, which is
   * exactly what this grant gives them.
   */
  async makeAdministrator(manager: EntityManager, nodeId: string, ctx: RequestContext) {
    if (!ctx.userId || ctx.isMasterAdmin) return;
    const grant = { id: newId(), userId: ctx.userId, nodeId, createdBy: ctx.userId };
    const [role] = await manager.query(`SELECT id FROM roles WHERE code = 'administrator' AND owner_node_id IS NULL`);
    await manager.query(`INSERT INTO grants (id, user_id, role_id, node_id, created_by) VALUES ($1, $2, $3, $4, $2)`, [
      grant.id,
      ctx.userId,
      role.id,
      nodeId,
    ]);
    await this.history.record(
      manager,
      { type: 'grant', node: () => nodeId },
      'create',
      grant.id,
      null,
      { ...grant, roleId: role.id },
      ctx,
    );
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, notFound } from '../errors/app-error.js';
import type { ScopeKindDefinition } from '../plugin/plugin.types.js';
import { SYSTEM_NODE_ID } from './constants.js';

/** Creates, moves, relabels and (un)disables nodes of the scope tree. */
@Injectable()
export class ScopeTreeService {
  private readonly kinds: Map<string, ScopeKindDefinition>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    kinds: ScopeKindDefinition[],
  ) {
    this.kinds = new Map([
      ['system', { kind: 'system', label: 'System', parents: [] }],
      ...kinds.map((k) => [k.kind, k] as const),
    ]);
  }

  kindDefinitions() {
    return [...this.kinds.values()];
  }

  async get(id: string, manager: EntityManager = this.db.manager) {
    const [node] = await manager.query(
      `SELECT id, kind, parent_id, path, label, disabled_at FROM scope_nodes WHERE id = $1`,
      [id],
    );
    return node as
      | { id: string; kind: string; parent_id: string | null; path: string[]; label: string; disabled_at: Date | null }
      | undefined;
  }

  async create(manager: EntityManager, node: { id: string; kind: string; parentId?: string; label: string }) {
    const parentId = node.parentId ?? SYSTEM_NODE_ID;
    const parent = await this.get(parentId, manager);
    if (!parent) throw notFound('Parent');
    this.checkPlacement(node.kind, parent.kind);
    await manager.query(
      `INSERT INTO scope_nodes (id, kind, parent_id, path, label, disabled_at, disabled_by)
       SELECT $1, $2, p.id, p.path || $1::uuid, $3, p.disabled_at, p.disabled_by FROM scope_nodes p WHERE p.id = $4`,
      [node.id, node.kind, node.label, parentId],
    );
  }

  /** Moves a node and its whole subtree under a new parent (e.g. a customer to another address book). */
  async move(manager: EntityManager, id: string, newParentId: string) {
    const [node, parent] = [await this.get(id, manager), await this.get(newParentId, manager)];
    if (!node || !parent) throw notFound();
    if (parent.path.includes(id)) throw new AppError(422, 'SCOPE_CYCLE', 'A node cannot move below itself');
    this.checkPlacement(node.kind, parent.kind);
    const depth = node.path.length;
    await manager.query(
      `UPDATE scope_nodes SET path = $2::uuid[] || path[$3:], parent_id = CASE WHEN id = $1 THEN $4::uuid ELSE parent_id END
        WHERE path @> ARRAY[$1::uuid]`,
      [id, parent.path, depth, newParentId],
    );
  }

  async relabel(manager: EntityManager, id: string, label: string) {
    await manager.query(`UPDATE scope_nodes SET label = $2 WHERE id = $1`, [id, label]);
  }

  /** Soft-deleting the record at `id` disables its subtree: grants there stop applying at once. */
  async disableSubtree(manager: EntityManager, id: string) {
    await manager.query(
      `UPDATE scope_nodes SET disabled_at = now(), disabled_by = $1 WHERE path @> ARRAY[$1::uuid] AND disabled_at IS NULL`,
      [id],
    );
  }

  /** Undoes exactly what disabling `id` did; parts deleted on their own stay deleted. */
  async enableSubtree(manager: EntityManager, id: string) {
    await manager.query(
      `UPDATE scope_nodes SET disabled_at = NULL, disabled_by = NULL WHERE path @> ARRAY[$1::uuid] AND disabled_by = $1`,
      [id],
    );
  }

  async remove(manager: EntityManager, id: string) {
    await manager.query(`DELETE FROM scope_nodes WHERE path @> ARRAY[$1::uuid]`, [id]);
  }

  private checkPlacement(kind: string, parentKind: string) {
    const definition = this.kinds.get(kind);
    if (!definition)
      throw new AppError(422, 'UNKNOWN_SCOPE_KIND', `No enabled plugin defines the scope kind "${kind}"`);
    if (!definition.parents.includes(parentKind)) {
      throw new AppError(422, 'SCOPE_PLACEMENT', `A ${definition.label} cannot be placed under a ${parentKind}`);
    }
  }
}

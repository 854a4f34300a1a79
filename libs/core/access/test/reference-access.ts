/**
 * A deliberately naive model of the access rules, written from the product's rules rather than
 * from the SQL: walk up parent pointers, look at every grant. The tests compare AccessService
 * with it on generated trees.
 */
export interface RefGrant {
  id: string;
  userId: string | null;
  groupId: string | null;
  roleId: string;
  nodeId: string;
}

export class ReferenceAccess {
  readonly parent = new Map<string, string | null>();
  /** node → the node whose deletion disabled it (absent when live). */
  readonly disabledBy = new Map<string, string>();
  readonly roles = new Map<string, Set<string>>();
  readonly members = new Map<string, Set<string>>();
  readonly grants: RefGrant[] = [];

  addNode(id: string, parentId: string | null) {
    this.parent.set(id, parentId);
    const parentDisabledBy = parentId ? this.disabledBy.get(parentId) : undefined;
    if (parentDisabledBy) this.disabledBy.set(id, parentDisabledBy);
  }

  /** The node and everything above it, the node first. */
  ancestors(id: string): string[] {
    const chain: string[] = [];
    for (let at: string | null | undefined = id; at; at = this.parent.get(at)) chain.push(at);
    return chain;
  }

  isLive(id: string) {
    return !this.disabledBy.has(id);
  }

  subtree(id: string): string[] {
    return [...this.parent.keys()].filter((n) => this.ancestors(n).includes(id));
  }

  disable(id: string) {
    for (const n of this.subtree(id)) if (this.isLive(n)) this.disabledBy.set(n, id);
  }

  enable(id: string) {
    for (const n of this.subtree(id)) if (this.disabledBy.get(n) === id) this.disabledBy.delete(n);
  }

  move(id: string, newParentId: string) {
    this.parent.set(id, newParentId);
  }

  groupsOf(userId: string) {
    return [...this.members].filter(([, users]) => users.has(userId)).map(([group]) => group);
  }

  /** The grants that give the user the permission at the node, whether or not the node is live. */
  grantsFor(userId: string, permission: string, nodeId: string): RefGrant[] {
    const above = new Set(this.ancestors(nodeId));
    const groups = new Set(this.groupsOf(userId));
    return this.grants.filter(
      (g) =>
        above.has(g.nodeId) &&
        this.isLive(g.nodeId) &&
        this.roles.get(g.roleId)!.has(permission) &&
        (g.userId === userId || (g.groupId !== null && groups.has(g.groupId))),
    );
  }

  can(userId: string, permission: string, nodeId: string) {
    return this.isLive(nodeId) && this.grantsFor(userId, permission, nodeId).length > 0;
  }
}

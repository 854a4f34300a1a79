import { SYSTEM_NODE_ID } from '../constants.js';
import type { AccessFixture } from './access-fixture.js';
import { ReferenceAccess } from './reference-access.js';
import seedrandom from 'seedrandom';

export const PERMISSIONS = [
  't.customer.read',
  't.customer.write',
  't.service.run',
  't.ticket.read',
  't.invoice.read',
  't.note.write',
];

/** Seeded, so a run can be repeated exactly. */
export const prng = (seed: number): (() => number) => seedrandom(String(seed));

/** A random world: tree, principals, roles and grants, written to the database and mirrored in the reference. */
export class AccessWorld {
  readonly ref = new ReferenceAccess();
  readonly byKind = new Map<string, string[]>();
  readonly users: string[] = [];
  readonly groups: string[] = [];
  /** role → the node owning it, null for global roles. */
  readonly ownerOf = new Map<string, string | null>();
  readonly records: { id: string; nodeId: string; title: string }[] = [];
  /** A node left live below a disabled ancestor (its own deletion was undone, the ancestor's not). */
  revivedBelowDisabled: { node: string; ancestor: string } | null = null;
  readonly random: () => number;

  constructor(
    private readonly fx: AccessFixture,
    readonly seed: number,
  ) {
    this.random = prng(seed);
    this.ref.addNode(SYSTEM_NODE_ID, null);
  }

  int = (n: number) => Math.floor(this.random() * n);
  pick = <T>(items: T[]): T => items[this.int(items.length)];
  uuid = () => {
    const hex = Array.from({ length: 32 }, () => this.int(16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  };
  nodes = () => [...this.ref.parent.keys()];

  async build(size: {
    region: number;
    address_book: number;
    customer: number;
    consumer: number;
    service: number;
    device: number;
  }) {
    await this.buildTree(size);
    await this.buildPrincipals();
    await this.buildGrants(700);
    await this.buildRecords();
    await this.disableSome();
  }

  private async buildTree(size: Record<string, number>) {
    const parentsOf: Record<string, string[]> = {
      region: ['system'],
      address_book: ['region'],
      customer: ['address_book'],
      consumer: ['customer'],
      service: ['consumer', 'customer'],
      device: ['service'],
    };
    this.byKind.set('system', [SYSTEM_NODE_ID]);
    await this.fx.db.transaction(async (m) => {
      for (const [kind, count] of Object.entries(size)) {
        this.byKind.set(kind, []);
        for (let i = 0; i < count; i++) {
          const parentKind = this.pick(parentsOf[kind].filter((k) => this.byKind.get(k)!.length));
          const parentId = this.pick(this.byKind.get(parentKind)!);
          const id = this.uuid();
          await this.fx.tree.create(m, { id, kind, parentId, label: `${kind} ${i}` });
          this.ref.addNode(id, parentId);
          this.byKind.get(kind)!.push(id);
        }
      }
    });
  }

  private async buildPrincipals() {
    for (let i = 0; i < 30; i++) this.users.push(this.uuid());
    await this.fx.db.query(
      `INSERT INTO users (id, email, display_name) SELECT id, id || '@test.local', 'User ' || id FROM unnest($1::uuid[]) id`,
      [this.users],
    );
    for (let i = 0; i < 8; i++) {
      const group = this.uuid();
      const members = new Set(this.users.filter(() => this.random() < 0.15));
      this.groups.push(group);
      this.ref.members.set(group, members);
      await this.fx.db.query(`INSERT INTO user_groups (id, name) VALUES ($1, $2)`, [group, `Group ${i}`]);
      await this.fx.db.query(`INSERT INTO user_group_members (group_id, user_id) SELECT $1, unnest($2::uuid[])`, [
        group,
        [...members],
      ]);
    }
    // Twelve global roles and ten roles owned by customers, each with a random non-empty permission set.
    for (let i = 0; i < 22; i++) {
      const id = this.uuid();
      const permissions = PERMISSIONS.filter(() => this.random() < 0.35);
      if (!permissions.length) permissions.push(this.pick(PERMISSIONS));
      const owner = i < 12 ? null : this.pick(this.byKind.get('customer')!);
      this.ref.roles.set(id, new Set(permissions));
      this.ownerOf.set(id, owner);
      await this.fx.db.query(
        `INSERT INTO roles (id, code, name, permissions, owner_node_id) VALUES ($1, $2, $2, $3, $4)`,
        [id, `role-${i}`, permissions, owner],
      );
    }
  }

  /** Adds `count` random grants (an owned role only inside its owner's subtree) and returns those new ones. */
  async buildGrants(count: number) {
    const upper = ['region', 'address_book', 'customer'].flatMap((k) => this.byKind.get(k)!);
    const roles = [...this.ref.roles.keys()];
    const added = [];
    for (let i = 0; i < count; i++) {
      const roleId = this.pick(roles);
      const owner = this.ownerOf.get(roleId);
      const nodeId = owner
        ? this.pick(this.ref.subtree(owner))
        : this.random() < 0.4
          ? this.pick(upper)
          : this.pick(this.nodes());
      const toGroup = this.random() < 0.25;
      const grant = {
        id: this.uuid(),
        userId: toGroup ? null : this.pick(this.users),
        groupId: toGroup ? this.pick(this.groups) : null,
        roleId,
        nodeId,
      };
      const inserted = await this.fx.db.query(
        `INSERT INTO grants (id, user_id, group_id, role_id, node_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
        [grant.id, grant.userId, grant.groupId, grant.roleId, grant.nodeId],
      );
      if (inserted.length) {
        this.ref.grants.push(grant);
        added.push(grant);
      }
    }
    return added;
  }

  private async buildRecords() {
    for (const nodeId of this.nodes()) {
      for (let k = this.int(3); k > 0; k--) {
        // Few distinct titles, so many rows tie on the sort key and paging must break ties by id.
        this.records.push({ id: this.uuid(), nodeId, title: `title${String(this.int(700)).padStart(4, '0')}` });
      }
    }
    await this.fx.db.query(
      `INSERT INTO ref_records (id, node_id, title) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[])`,
      [this.records.map((r) => r.id), this.records.map((r) => r.nodeId), this.records.map((r) => r.title)],
    );
  }

  async disable(id: string) {
    await this.fx.tree.disableSubtree(this.fx.db.manager, id);
    this.ref.disable(id);
  }

  async enable(id: string) {
    await this.fx.tree.enableSubtree(this.fx.db.manager, id);
    this.ref.enable(id);
  }

  async move(id: string, newParentId: string) {
    await this.fx.tree.move(this.fx.db.manager, id, newParentId);
    this.ref.move(id, newParentId);
  }

  /** Soft-deletes a few random subtrees, nested ones included, and undoes some of it. */
  private async disableSome() {
    const candidates = ['address_book', 'customer', 'consumer', 'service'].flatMap((k) => this.byKind.get(k)!);
    const disabled: string[] = [];
    for (let i = 0; i < 10; i++) {
      const id = this.pick(candidates);
      await this.disable(id);
      disabled.push(id);
    }
    for (const id of disabled.slice(0, 3)) await this.enable(id);

    // A service deleted on its own, then its customer, then the service restored: the service is
    // live again while its customer stays deleted, so grants on the customer must not reach it.
    const service = this.pick(
      this.byKind.get('service')!.filter((s) => this.ref.ancestors(s).every((n) => this.ref.isLive(n))),
    );
    const customer = this.ref.ancestors(service).find((n) => this.byKind.get('customer')!.includes(n))!;
    await this.disable(service);
    await this.disable(customer);
    await this.enable(service);
    this.revivedBelowDisabled = { node: service, ancestor: customer };
  }
}

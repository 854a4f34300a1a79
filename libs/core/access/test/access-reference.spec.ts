/**
 * AccessService against an independent in-memory model of the rules, on a generated tree of a
 * few thousand nodes with random roles, groups, grants and deleted subtrees. The seed is printed
 * in every failure message; ACCESS_SEED=<n> replays a run.
 */
import { RequestContext } from '../../auth/request-context.js';
import { ListQueryDto } from '../../records/list-query.dto.js';
import { paginate } from '../../records/paginate.js';
import { AccessFixture, RefRecord, asUser, openAccessFixture } from './access-fixture.js';
import { AccessWorld, PERMISSIONS } from './access-world.js';

const SEED = Number(process.env.ACCESS_SEED ?? 20251123);

describe(`access rights against the reference model (seed ${SEED})`, () => {
  let fx: AccessFixture;
  let world: AccessWorld;

  beforeAll(async () => {
    fx = await openAccessFixture();
    world = new AccessWorld(fx, SEED);
    await world.build({ region: 6, address_book: 30, customer: 300, consumer: 700, service: 1800, device: 400 });
  }, 120_000);
  afterAll(() => fx?.close());

  /** Random (user, permission, node) triples, a fifth of them on nodes where the user holds a grant. */
  const triples = (count: number) =>
    Array.from({ length: count }, () => {
      const userId = world.pick(world.users);
      if (world.random() < 0.2) {
        const held = world.ref.grants.filter(
          (g) => g.userId === userId || (g.groupId && world.ref.members.get(g.groupId)!.has(userId)),
        );
        const grant = world.pick(held.length ? held : world.ref.grants);
        const below = world.ref.subtree(grant.nodeId);
        return { userId, permission: world.pick([...world.ref.roles.get(grant.roleId)!]), nodeId: world.pick(below) };
      }
      return { userId, permission: world.pick(PERMISSIONS), nodeId: world.pick(world.nodes()) };
    });

  async function expectCanMatches(count: number) {
    let allowed = 0;
    const mismatches: string[] = [];
    for (const { userId, permission, nodeId } of triples(count)) {
      const expected = world.ref.can(userId, permission, nodeId);
      const actual = await fx.access.can(asUser(userId), permission, nodeId);
      if (actual !== expected)
        mismatches.push(`can(${userId}, ${permission}, ${nodeId}) = ${actual}, reference says ${expected}`);
      if (expected) allowed++;
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    // The sample must exercise both answers, or it proves little.
    expect(allowed).toBeGreaterThan(count * 0.05);
    expect(allowed).toBeLessThan(count * 0.95);
  }

  const listSpec = {
    sorts: { title: { column: 'r.title', value: (r: RefRecord) => r.title, type: 'text' as const } },
    defaultSort: 'title',
    idColumn: 'r.id',
    // Count exactly however many rows are visible: the totals are part of what is checked.
    exactTotalLimit: 1_000_000,
  };

  /** Pages through the restricted list and returns every id in order, checking `total` on each page. */
  async function listAll(ctx: ReturnType<typeof asUser>, permission: string, sort: string, limit: number) {
    const ids: string[] = [];
    let cursor: string | undefined;
    const totals = new Set<number>();
    for (let pages = 0; pages < 1000; pages++) {
      const qb = fx.access.restrict(
        fx.db.getRepository(RefRecord).createQueryBuilder('r'),
        'r.node_id',
        permission,
        ctx,
      );
      const page = await paginate(qb, Object.assign(new ListQueryDto(), { sort, limit, cursor }), listSpec);
      expect(page.totalIsEstimate).toBeUndefined();
      totals.add(page.total);
      ids.push(...page.items.map((r) => r.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return { ids, totals: [...totals] };
  }

  const expectedIds = (visible: (nodeId: string) => boolean, descending: boolean) =>
    world.records
      .filter((r) => visible(r.nodeId))
      .sort(
        (a, b) => (a.title === b.title ? (a.id < b.id ? -1 : 1) : a.title < b.title ? -1 : 1) * (descending ? -1 : 1),
      )
      .map((r) => r.id);

  async function expectListsMatch(users: string[]) {
    for (const userId of users) {
      const permission = world.pick(PERMISSIONS);
      const descending = world.random() < 0.5;
      const expected = expectedIds((n) => world.ref.can(userId, permission, n), descending);
      const { ids, totals } = await listAll(
        asUser(userId),
        permission,
        descending ? '-title' : 'title',
        1 + world.int(60),
      );
      expect({ userId, permission, ids }).toEqual({ userId, permission, ids: expected });
      expect(totals).toEqual([expected.length]);
    }
  }

  it('builds the tree the test means to check (depth, disabled parts, group grants)', async () => {
    const [{ depth, disabled, nodes }] = await fx.db.query(
      `SELECT max(cardinality(path))::int AS depth, count(*) FILTER (WHERE disabled_at IS NOT NULL)::int AS disabled, count(*)::int AS nodes FROM scope_nodes`,
    );
    expect(nodes).toBe(world.ref.parent.size);
    expect(depth).toBeGreaterThanOrEqual(6);
    expect(disabled).toBe(world.ref.disabledBy.size);
    expect(disabled).toBeGreaterThan(0);
    expect(world.ref.grants.filter((g) => g.groupId).length).toBeGreaterThan(50);
  });

  it('stores each node path as exactly its chain of ancestors', async () => {
    const rows: { id: string; path: string[] }[] = await fx.db.query(`SELECT id, path FROM scope_nodes`);
    const wrong = rows.filter((r) => r.path.join() !== world.ref.ancestors(r.id).reverse().join());
    expect(wrong).toEqual([]);
  });

  it('answers can() like the reference for random users, permissions and nodes', async () => {
    await expectCanMatches(2500);
  }, 120_000);

  it('lists exactly the records the reference shows, page by page, with the right total', async () => {
    await expectListsMatch(world.users.slice(0, 12));
  }, 120_000);

  it('gives the same answers through filterSql in hand-written SQL', async () => {
    for (const userId of world.users.slice(12, 20)) {
      const permission = world.pick(PERMISSIONS);
      const params: unknown[] = [];
      const where = fx.access.filterSql('r.node_id', permission, asUser(userId), params);
      const rows: { id: string }[] = await fx.db.query(
        `SELECT r.id FROM ref_records r WHERE ${where} ORDER BY r.title, r.id`,
        params,
      );
      expect(rows.map((r) => r.id)).toEqual(expectedIds((n) => world.ref.can(userId, permission, n), false));
    }
  });

  it('narrows by the parent column through reach() to exactly the records the rules allow', async () => {
    // Records on customer nodes, narrowed by their address book (whose parent is a region here, so grants above books count too).
    const books = { nodes: `SELECT id FROM scope_nodes WHERE kind = 'address_book'` };
    const onCustomers = new Set<string>(
      (await fx.db.query(`SELECT id FROM scope_nodes WHERE kind = 'customer'`)).map((r: { id: string }) => r.id),
    );
    const list = async (ctx: RequestContext, permission: string) => {
      const [where, params] = (await fx.access.reach(ctx, permission, books)).condition('r.node_id', 'rn.parent_id');
      const rows = await fx.db
        .getRepository(RefRecord)
        .createQueryBuilder('r')
        .innerJoin('scope_nodes', 'rn', 'rn.id = r.node_id')
        .where(`rn.kind = 'customer'`)
        .andWhere(where, params)
        .orderBy('r.title')
        .addOrderBy('r.id')
        .getMany();
      return rows.map((r) => r.id);
    };
    let visible = 0;
    for (const userId of world.users) {
      const permission = world.pick(PERMISSIONS);
      const expected = expectedIds((n) => onCustomers.has(n) && world.ref.can(userId, permission, n), false);
      expect({ userId, permission, ids: await list(asUser(userId), permission) }).toEqual({
        userId,
        permission,
        ids: expected,
      });
      visible += expected.length;
    }
    expect(visible).toBeGreaterThan(0);
    expect(await list(asUser(world.uuid(), true), PERMISSIONS[0])).toEqual(
      expectedIds((n) => onCustomers.has(n) && world.ref.isLive(n), false),
    );
    expect(await list(new RequestContext(null), PERMISSIONS[0])).toEqual([]);
  });

  it('lets a master admin pass every check but still hides records on deleted nodes', async () => {
    const admin = asUser(world.uuid(), true);
    for (const nodeId of world.nodes().slice(0, 200))
      expect(await fx.access.can(admin, 'anything.at.all', nodeId)).toBe(true);
    const { ids, totals } = await listAll(admin, PERMISSIONS[0], 'title', 500);
    const expected = expectedIds((n) => world.ref.isLive(n), false);
    expect(ids).toEqual(expected);
    expect(totals).toEqual([expected.length]);
  });

  it('sees nothing without a user', async () => {
    const qb = fx.access.restrict(
      fx.db.getRepository(RefRecord).createQueryBuilder('r'),
      'r.node_id',
      PERMISSIONS[0],
      new RequestContext(null),
    );
    expect(await qb.getCount()).toBe(0);
  });

  it('explains a decision with exactly the grants that allow it, and through which group', async () => {
    let explainedGrants = 0;
    let viaGroup = 0;
    for (const { userId, permission, nodeId } of triples(600)) {
      const answer = await fx.access.explain(userId, permission, nodeId);
      const expected = world.ref.isLive(nodeId) ? world.ref.grantsFor(userId, permission, nodeId) : [];
      expect({ nodeId, allowed: answer.allowed }).toEqual({
        nodeId,
        allowed: world.ref.can(userId, permission, nodeId),
      });
      if (!world.ref.isLive(nodeId)) continue;
      const got = answer.grants.map((g: any) => ({
        id: g.grantId,
        roleId: g.role.id,
        nodeId: g.node.id,
        groupId: g.via === 'direct' ? null : g.via.group.id,
      }));
      const want = expected.map((g) => ({ id: g.id, roleId: g.roleId, nodeId: g.nodeId, groupId: g.groupId }));
      const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
      expect(got.sort(byId)).toEqual(want.sort(byId));
      explainedGrants += got.length;
      viaGroup += got.filter((g: { groupId: string | null }) => g.groupId).length;
    }
    expect(explainedGrants).toBeGreaterThan(50);
    expect(viaGroup).toBeGreaterThan(5);
  });

  it('does not let a grant on a deleted ancestor reach a part restored on its own', async () => {
    const { node, ancestor } = world.revivedBelowDisabled!;
    const role = [...world.ref.roles].find(([, p]) => p.has(PERMISSIONS[0]))![0];
    const userId = world.users[0];
    const grantId = world.uuid();
    await fx.db.query(`INSERT INTO grants (id, user_id, role_id, node_id) VALUES ($1, $2, $3, $4)`, [
      grantId,
      userId,
      role,
      ancestor,
    ]);
    world.ref.grants.push({ id: grantId, userId, groupId: null, roleId: role, nodeId: ancestor });
    expect(world.ref.isLive(node)).toBe(true);
    expect(await fx.access.can(asUser(userId), PERMISSIONS[0], node)).toBe(world.ref.can(userId, PERMISSIONS[0], node));
    const answer = await fx.access.explain(userId, PERMISSIONS[0], node);
    expect(answer.allowed).toBe(world.ref.can(userId, PERMISSIONS[0], node));
    expect(answer.grants.map((g: any) => g.grantId)).not.toContain(grantId);
  });

  it('keeps answering like the reference after subtrees move', async () => {
    for (let i = 0; i < 25; i++) {
      const kind = world.pick(['customer', 'consumer', 'service']);
      const id = world.pick(world.byKind.get(kind)!);
      const parentKind =
        kind === 'customer' ? 'address_book' : kind === 'consumer' ? 'customer' : world.pick(['consumer', 'customer']);
      const target = world.pick(world.byKind.get(parentKind)!);
      await world.move(id, target);
    }
    const rows: { id: string; path: string[]; parent_id: string | null }[] = await fx.db.query(
      `SELECT id, path, parent_id FROM scope_nodes`,
    );
    expect(
      rows.filter(
        (r) =>
          r.path.join() !== world.ref.ancestors(r.id).reverse().join() || r.parent_id !== world.ref.parent.get(r.id),
      ),
    ).toEqual([]);
    await expectCanMatches(1500);
    await expectListsMatch(world.users.slice(20, 26));
  }, 120_000);

  it('refuses to move a node below itself', async () => {
    const customer = world.byKind.get('customer')![0];
    const below = world.ref.subtree(customer).find((n) => n !== customer)!;
    await expect(fx.tree.move(fx.db.manager, customer, below)).rejects.toMatchObject({ code: 'SCOPE_CYCLE' });
  });

  it('stops and restores access when a subtree is deleted and restored', async () => {
    // The address book holding the most live grants, so the change is visible.
    const books = world.byKind.get('address_book')!.filter((b) => world.ref.isLive(b));
    const weight = (b: string) => world.ref.grants.filter((g) => world.ref.ancestors(g.nodeId).includes(b)).length;
    const book = books.sort((a, b) => weight(b) - weight(a))[0];
    const holder = world.ref.grants.find(
      (g) => g.userId && world.ref.ancestors(g.nodeId).includes(book) && world.ref.isLive(g.nodeId),
    )!;
    const permission = [...world.ref.roles.get(holder.roleId)!][0];
    expect(await fx.access.can(asUser(holder.userId!), permission, holder.nodeId)).toBe(true);

    await world.disable(book);
    expect(await fx.access.can(asUser(holder.userId!), permission, holder.nodeId)).toBe(false);
    await expectCanMatches(800);
    await expectListsMatch(world.users.slice(26, 30));

    await world.enable(book);
    expect(await fx.access.can(asUser(holder.userId!), permission, holder.nodeId)).toBe(true);
    await expectCanMatches(800);
    const [{ disabled }] = await fx.db.query(
      `SELECT count(*)::int AS disabled FROM scope_nodes WHERE disabled_at IS NOT NULL`,
    );
    expect(disabled).toBe(world.ref.disabledBy.size);
  }, 120_000);
});

import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccessService,
  AppError,
  AuthService,
  GrantsService,
  ListQueryDto,
  RecordService,
  RequestContext,
  User,
  UsersService,
  SettingsService,
  generatePassword,
  invalid,
  notFound,
  paginate,
} from '@clientele/core';
import { CUSTOMER_READ, CUSTOMER_USERS_MANAGE, CUSTOMER_USERS_READ } from '../constants.js';
import { ContactPerson } from '../entities/contact-person.entity.js';
import { Customer } from '../entities/customer.entity.js';
import { ContactsSettings } from '../settings.js';
import { normalizeEmail } from '../validation/email.js';
import { normalizePhone } from '../validation/phone.js';

export interface ContactPersonInput {
  name?: string;
  position?: string | null;
  email?: string | null;
  secondaryEmail?: string | null;
  phone?: string | null;
  mobile?: string | null;
  isEmployee?: boolean;
}

/** The customer's people: contact persons and employees, portal logins, and the users granted anything inside the customer. */
@Injectable()
export class CustomerPeopleService {
  private readonly logger = new Logger('Contacts');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly access: AccessService,
    private readonly accounts: UsersService,
    private readonly auth: AuthService,
    private readonly grants: GrantsService,
    private readonly settings: SettingsService,
  ) {}

  private async customer(id: string, ctx: RequestContext, permission: string) {
    const customer = await this.db.getRepository(Customer).findOne({ where: { id } });
    if (!customer || customer.deletedAt) throw notFound('Customer');
    await this.access.require(ctx, permission, id, CUSTOMER_READ);
    return customer;
  }

  /** Everyone granted anything in the customer's subtree, and everyone whose account belongs to it, with their roles there. */
  async users(customerId: string, ctx: RequestContext, query: ListQueryDto) {
    await this.customer(customerId, ctx, CUSTOMER_USERS_READ);
    const qb = this.db.getRepository(User).createQueryBuilder('u').where(MEMBER_SQL(':customerId'), { customerId });
    const page = await paginate(qb, query, {
      sorts: { displayName: { column: 'u.displayName', value: (u: User) => u.displayName, type: 'text' } },
      defaultSort: 'displayName',
      idColumn: 'u.id',
      filters: { isActive: { column: 'u.isActive', type: 'boolean' } },
    });
    const roles: {
      user_id: string;
      grant_id: string;
      role_code: string;
      role_name: string;
      node_id: string;
      node_kind: string;
      node_label: string;
    }[] = page.items.length
      ? await this.db.query(
          `SELECT g.user_id, g.id AS grant_id, r.code AS role_code, r.name AS role_name, n.id AS node_id, n.kind AS node_kind, n.label AS node_label
           FROM grants g JOIN roles r ON r.id = g.role_id JOIN scope_nodes n ON n.id = g.node_id
          WHERE g.user_id = ANY($1::uuid[]) AND n.path @> ARRAY[$2::uuid] ORDER BY n.path`,
          [page.items.map((u) => u.id), customerId],
        )
      : [];
    return {
      ...page,
      items: page.items.map((u) => ({
        id: u.id,
        email: u.email,
        displayName: u.displayName,
        isActive: u.isActive,
        lastLoginAt: u.lastLoginAt,
        homeNodeId: u.homeNodeId,
        roles: roles
          .filter((r) => r.user_id === u.id)
          .map((r) => ({
            grantId: r.grant_id,
            code: r.role_code,
            name: r.role_name,
            node: { id: r.node_id, kind: r.node_kind, label: r.node_label },
          })),
      })),
    };
  }

  /**
   * A customer Administrator hands out Administrator, Caller or the customer's own roles to the
   * customer's users, on the customer or anything inside it — never outside.
   */
  async grant(customerId: string, dto: { userId: string; roleId: string; nodeId: string }, ctx: RequestContext) {
    await this.customer(customerId, ctx, CUSTOMER_USERS_MANAGE);
    const [node] = await this.db.query(`SELECT 1 FROM scope_nodes WHERE id = $1 AND path @> ARRAY[$2::uuid]`, [
      dto.nodeId,
      customerId,
    ]);
    if (!node)
      throw new AppError(422, 'OUTSIDE_CUSTOMER', 'Roles can be granted only on the customer or inside it', [
        { field: 'nodeId', code: 'OUTSIDE_CUSTOMER', message: 'Not inside this customer' },
      ]);
    const [role] = await this.db.query(
      `SELECT 1 FROM roles r WHERE r.id = $1 AND ((r.is_builtin AND r.code IN ('administrator', 'caller'))
         OR r.owner_node_id IN (SELECT id FROM scope_nodes WHERE path @> ARRAY[$2::uuid]))`,
      [dto.roleId, customerId],
    );
    if (!role)
      throw invalid(
        'roleId',
        'ROLE_NOT_OFFERED',
        'Only Administrator, Caller and the customer’s own roles can be granted here',
      );
    const [member] = await this.db.query(`SELECT 1 FROM users u WHERE u.id = $1 AND (${MEMBER_SQL('$2')})`, [
      dto.userId,
      customerId,
    ]);
    if (!member) throw invalid('userId', 'NOT_A_CUSTOMER_USER', 'The user is not one of this customer’s users');
    return this.grants.create(dto, ctx);
  }

  listPersons(customerId: string, ctx: RequestContext, query: ListQueryDto) {
    return this.customer(customerId, ctx, CUSTOMER_USERS_READ).then(() => {
      const qb = this.db
        .getRepository(ContactPerson)
        .createQueryBuilder('p')
        .where('p.customerId = :customerId', { customerId });
      if (query.deleted === 'only') qb.andWhere('p.deletedAt IS NOT NULL');
      else if (query.deleted !== 'include') qb.andWhere('p.deletedAt IS NULL');
      return paginate(qb, query, {
        sorts: { name: { column: 'p.name', value: (p: ContactPerson) => p.name, type: 'text' } },
        defaultSort: 'name',
        idColumn: 'p.id',
        filters: { isEmployee: { column: 'p.isEmployee', type: 'boolean' } },
      });
    });
  }

  async createPerson(customerId: string, input: ContactPersonInput & { name: string }, ctx: RequestContext) {
    await this.customer(customerId, ctx, CUSTOMER_USERS_MANAGE);
    return this.records.create(ContactPerson, { ...emptyPerson(), ...normalizePerson(input), customerId }, ctx);
  }

  async updatePerson(id: string, input: ContactPersonInput & { version?: number }, ctx: RequestContext) {
    const person = await this.person(id, ctx);
    const { version, ...patch } = input;
    return this.records.update(ContactPerson, person.id, version, normalizePerson(patch), ctx);
  }

  /** Deleting an employee with a portal login locks the login at once; restoring unlocks it. */
  async removePerson(id: string, ctx: RequestContext) {
    const person = await this.person(id, ctx);
    await this.records.softDelete(ContactPerson, id, ctx, {
      also: async (p, m) => {
        if (p.userId) await m.query(`UPDATE users SET is_active = false WHERE id = $1`, [p.userId]);
      },
    });
    if (person.userId) await this.auth.revokeAllTokens(person.userId);
  }

  async restorePerson(id: string, ctx: RequestContext) {
    await this.person(id, ctx, true);
    return this.records.restore(ContactPerson, id, ctx, {
      also: async (p, m) => {
        if (p.userId) await m.query(`UPDATE users SET is_active = true WHERE id = $1`, [p.userId]);
      },
    });
  }

  private async person(id: string, ctx: RequestContext, deleted = false) {
    const person = await this.db.getRepository(ContactPerson).findOne({ where: { id } });
    if (!person || !!person.deletedAt !== deleted) throw notFound('Contact person');
    await this.customer(person.customerId, ctx, CUSTOMER_USERS_MANAGE);
    return person;
  }

  /**
   * A portal login for an employee: the login name is the customer number (setting
   * `portalLogin` = `number`, the default) or entered (`entered`); logins are e-mail
   * shaped, so a number becomes `<number>@<portalDomain>`. The generated password is
   * returned once and never stored in the clear.
   */
  async createPortalLogin(
    customerId: string,
    input: { name: string; position?: string; login?: string; email?: string },
    ctx: RequestContext,
  ) {
    const customer = await this.customer(customerId, ctx, CUSTOMER_USERS_MANAGE);
    const { portalLogin, portalDomain } = await this.settings.get(ContactsSettings);
    const login =
      portalLogin === 'entered' || input.login ? input.login : await this.numberLogin(customer.number, portalDomain);
    const email = login ? normalizeEmail(login) : null;
    if (!email) throw invalid('login', 'INVALID_LOGIN', 'Enter the login as an e-mail address');
    const password = generatePassword();
    const result = await this.db.transaction(async (m) => {
      const { user } = await this.accounts.create(
        { email, displayName: input.name, password, homeNodeId: customerId },
        ctx,
        m,
      );
      const person = await this.records.create(
        ContactPerson,
        {
          ...emptyPerson(),
          ...normalizePerson({ name: input.name, position: input.position ?? null, email: input.email ?? null }),
          customerId,
          isEmployee: true,
          userId: user.id,
        },
        ctx,
        m,
      );
      return { user, person };
    });
    return { login: email, password, userId: result.user.id, contactPerson: result.person };
  }

  private async numberLogin(number: string, domain: string) {
    const base = number.toLowerCase();
    const taken: { email: string }[] = await this.db.query(`SELECT email FROM users WHERE email LIKE $1`, [
      `${base}%@${domain}`,
    ]);
    const emails = new Set(taken.map((t) => t.email.toLowerCase()));
    for (let i = 1; ; i++) {
      const candidate = `${base}${i === 1 ? '' : `-${i}`}@${domain}`;
      if (!emails.has(candidate)) return candidate;
    }
  }
}

/** A user belongs to a customer when granted anything in its subtree or when their account's home is there. */
const MEMBER_SQL = (
  customer: string,
) => `(u.id IN (SELECT g.user_id FROM grants g JOIN scope_nodes n ON n.id = g.node_id
    WHERE n.path @> ARRAY[${customer}::uuid] AND g.user_id IS NOT NULL)
  OR u.home_node_id IN (SELECT n.id FROM scope_nodes n WHERE n.path @> ARRAY[${customer}::uuid]))`;

const emptyPerson = (): Partial<ContactPerson> => ({
  position: null,
  email: null,
  secondaryEmail: null,
  phone: null,
  mobile: null,
  isEmployee: false,
  userId: null,
});

function normalizePerson(input: ContactPersonInput): Partial<ContactPerson> {
  const out: Partial<ContactPerson> = { ...input };
  for (const key of ['email', 'secondaryEmail'] as const) {
    if (input[key]) {
      out[key] = normalizeEmail(input[key]!);
      if (!out[key]) throw invalid(key, 'INVALID_EMAIL', `${key} is not an e-mail address`);
    }
  }
  for (const key of ['phone', 'mobile'] as const) {
    if (input[key]) {
      out[key] = normalizePhone(input[key]!);
      if (!out[key]) throw invalid(key, 'INVALID_PHONE', `${key} is not a phone number`);
    }
  }
  return out;
}

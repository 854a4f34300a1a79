import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, EventBus, RequestContext, SettingsService, preparedQuery } from '@clientele/core';
import { CUSTOMER_READ, CUSTOMER_TYPE } from '../constants.js';
import { Customer, SupportValue } from '../entities/customer.entity.js';
import { supportParameterEvents } from '../events.js';
import { ContactsSettings } from '../settings.js';

export interface SupportParameterView {
  code: string;
  name: string;
  position: number;
  value: string | null;
  color: string | null;
}
type VisibleParameter = { code: string; name: string; position: number };
type Audience = 'all' | 'customer' | 'staff';

/** Customer users are people whose account belongs to a customer (a home node); everyone else is the operator's staff. */
export const isCustomerUser = (ctx: RequestContext) => !ctx.isMasterAdmin && !!ctx.user?.homeNodeId;

const audienceOf = (ctx: RequestContext): Audience =>
  ctx.isMasterAdmin ? 'all' : isCustomerUser(ctx) ? 'customer' : 'staff';
const AUDIENCE_SQL: Record<Audience, string> = {
  all: 'true',
  customer: 'p.visible_to_customer',
  staff: 'p.visible_to_staff',
};

/**
 * Lists show support values on every row; the parameters change rarely, so each process keeps
 * them this long. A change made in this process clears them at once (catalog events); other
 * server processes pick it up within this time. The card reads them fresh.
 */
const PARAMETERS_TTL_MS = 5_000;

/**
 * What the card adds to the stored customer, for the row `c`: state, address book, last change
 * (history) and the support parameters the audience sees — sub-selects of the same statement.
 */
const cardExtrasSql = (audience: Audience) => `
  st.code AS "stateCode", st.name AS "stateName", st.color AS "stateColor",
  b.id AS "bookId", b.name AS "bookName",
  lc.at AS "lastChangeAt", lc.actor_id AS "lastChangeBy", lc.display_name AS "lastChangeByName",
  (SELECT coalesce(json_agg(json_build_object('code', p.code, 'name', p.name, 'position', p.position) ORDER BY p.position), '[]')
     FROM contacts_support_parameters p WHERE ${AUDIENCE_SQL[audience]}) AS "visibleParameters"
  FROM contacts_customers c
  LEFT JOIN contacts_customer_states st ON st.id = c.state_id
  LEFT JOIN contacts_address_books b ON b.id = c.address_book_id
  LEFT JOIN LATERAL (SELECT h.at, h.actor_id, u.display_name FROM history h LEFT JOIN users u ON u.id = h.actor_id
                      WHERE h.entity_type = '${CUSTOMER_TYPE}' AND h.entity_id = c.id ORDER BY h.id DESC LIMIT 1) lc ON true`;

interface CardExtras {
  stateCode: string | null;
  stateName: string;
  stateColor: string | null;
  bookId: string | null;
  bookName: string;
  lastChangeAt: Date | null;
  lastChangeBy: string | null;
  lastChangeByName: string | null;
  visibleParameters: VisibleParameter[];
}

/** The extras' columns blanked on the row that also carries the customer's own. */
const NO_CARD_EXTRAS: Record<keyof CardExtras, undefined> = {
  stateCode: undefined,
  stateName: undefined,
  stateColor: undefined,
  bookId: undefined,
  bookName: undefined,
  lastChangeAt: undefined,
  lastChangeBy: undefined,
  lastChangeByName: undefined,
  visibleParameters: undefined,
};

/** What a client gets for a customer: the stored card plus resolved and derived values, filtered by audience. */
@Injectable()
export class CustomerView {
  /** The customer's own columns, named as the entity's properties (dates as text, as TypeORM reads them). */
  private readonly columnsSql: string;
  private parameters = new Map<Audience, { at: number; rows: Promise<VisibleParameter[]> }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly settings: SettingsService,
    events: EventBus,
  ) {
    this.columnsSql = db
      .getMetadata(Customer)
      .columns.map(
        (column) => `c.${column.databaseName}${column.type === 'date' ? '::text' : ''} AS "${column.propertyName}"`,
      )
      .join(', ');
    for (const event of Object.values(supportParameterEvents)) events.on(event, () => this.parameters.clear());
  }

  /** The support parameters this caller's audience may see. */
  visibleParameters(ctx: RequestContext): Promise<VisibleParameter[]> {
    const audience = audienceOf(ctx);
    const cached = this.parameters.get(audience);
    if (cached && Date.now() - cached.at < PARAMETERS_TTL_MS) return cached.rows;
    const rows = this.db.query(
      `SELECT code, name, position FROM contacts_support_parameters p WHERE ${AUDIENCE_SQL[audience]} ORDER BY position`,
    );
    this.parameters.set(audience, { at: Date.now(), rows });
    rows.catch(() => this.parameters.delete(audience));
    return rows;
  }

  supportValues(customer: Customer, parameters: VisibleParameter[]): SupportParameterView[] {
    return parameters.map((p) => {
      const stored: SupportValue | undefined = customer.supportValues?.[p.code];
      return { ...p, value: stored?.value ?? null, color: stored?.color ?? null };
    });
  }

  /** The card's link to another system (setting `externalLinkTemplate`). */
  private async externalLink(customer: Customer) {
    const { externalLinkTemplate } = await this.settings.get(ContactsSettings);
    if (!externalLinkTemplate) return null;
    return externalLinkTemplate.replace(/\{(number|id)\}/g, (_m, key: 'number' | 'id') =>
      encodeURIComponent(customer[key]),
    );
  }

  /** The list row: no per-row look-ups beyond what the list query loaded. */
  row(customer: Customer, parameters: VisibleParameter[]) {
    // Spread and blank rather than rest-destructure (V8's slow path, once per row); JSON leaves undefined out.
    return {
      ...customer,
      nameNormalized: undefined,
      invoiceEmail: customer.billingEmail ?? customer.email,
      supportValues: this.supportValues(customer, parameters),
    };
  }

  /**
   * `GET /api/customers/:id` in one statement: the live customer if the caller may read it
   * (the access condition is part of its WHERE), with everything the card shows; null when
   * there is none or the caller may not see it.
   */
  async read(id: string, ctx: RequestContext) {
    const params: unknown[] = [id];
    const visible = this.access.filterSql('c.id', CUSTOMER_READ, ctx, params);
    const [found] = await preparedQuery<Customer & CardExtras>(
      this.db,
      `SELECT ${this.columnsSql}, ${cardExtrasSql(audienceOf(ctx))} WHERE c.id = $1 AND c.deleted_at IS NULL AND ${visible}`,
      params,
    );
    if (!found) return null;
    return this.compose({ ...found, ...NO_CARD_EXTRAS }, found);
  }

  /** The card of a customer just loaded or saved (access already checked): one statement for what it adds. */
  async card(customer: Customer, ctx: RequestContext) {
    const [extras] = await preparedQuery<CardExtras>(
      this.db,
      `SELECT ${cardExtrasSql(audienceOf(ctx))} WHERE c.id = $1`,
      [customer.id],
    );
    return this.compose(customer, extras);
  }

  private async compose(customer: Customer, extras: CardExtras) {
    return {
      ...this.row(customer, extras.visibleParameters),
      state:
        extras.stateCode !== null ? { code: extras.stateCode, name: extras.stateName, color: extras.stateColor } : null,
      addressBook: extras.bookId !== null ? { id: extras.bookId, name: extras.bookName } : null,
      externalLink: await this.externalLink(customer),
      lastChange: extras.lastChangeAt
        ? {
            at: extras.lastChangeAt,
            by: extras.lastChangeBy ? { id: extras.lastChangeBy, displayName: extras.lastChangeByName } : null,
          }
        : null,
    };
  }
}

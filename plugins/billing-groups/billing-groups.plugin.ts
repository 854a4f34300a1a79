import { ClientelePlugin, CsvBodyParser } from '@clientele/core';
import { ContactsPlugin, CustomerCreated, CustomersImported } from '@clientele/contacts';
import {
  IMPORT_INVOICES_QUEUE,
  IMPORT_STATEMENT_QUEUE,
  ISSUE_INVOICES_QUEUE,
  KIND_BILLING_GROUP,
  STANDINGS_JOB,
  SUSPENSION_JOB,
} from './constants.js';
import { billingPermissions, billingRoles } from './permissions.js';
import { billingSchema } from './migrations/0001-billing.js';
import { invoiceImportsSchema } from './migrations/0002-invoice-imports.js';
import { invoiceIndexesSchema } from './migrations/0003-invoice-indexes.js';
import { importPartsInCoreSchema } from './migrations/0004-import-parts-in-core.js';
import { BillingSettings } from './settings.js';
import { billingEvents } from './events.js';
import { BillingGroup } from './entities/billing-group.entity.js';
import { BillingAccount } from './entities/billing-account.entity.js';
import { BillingAccountRow } from './entities/billing-account-row.entity.js';
import { PaymentType } from './entities/payment-type.entity.js';
import { Invoice } from './entities/invoice.entity.js';
import { Payment } from './entities/payment.entity.js';
import { BankStatement } from './entities/bank-statement.entity.js';
import { BillingGroupsController } from './groups/billing-groups.controller.js';
import { BillingGroupsService } from './groups/billing-groups.service.js';
import { BillingAccountsController } from './accounts/billing-accounts.controller.js';
import { BillingAccountsService } from './accounts/billing-accounts.service.js';
import { CustomerListBilling } from './accounts/customer-list-billing.js';
import { CustomerStandings } from './accounts/customer-standings.js';
import { PaymentScoreSql } from './accounts/payment-score-sql.js';
import { billingTemplateVariables } from './accounts/template-variables.js';
import { InvoicesController } from './invoices/invoices.controller.js';
import { InvoicesService } from './invoices/invoices.service.js';
import { InvoicePdf } from './invoices/invoice-pdf.js';
import { InvoiceLinePricing } from './invoices/line-pricing.js';
import { InvoiceImportsController } from './invoice-imports/invoice-imports.controller.js';
import { InvoiceImportService } from './invoice-imports/invoice-import.service.js';
import { InvoiceImportCommands, invoiceImportCommands } from './invoice-imports/invoice-import.commands.js';
import { BankStatementsController, PaymentsController } from './payments/payments.controller.js';
import { PaymentsService } from './payments/payments.service.js';
import { StatementImportService } from './payments/statement-import.service.js';
import { StatementsService } from './payments/statements.service.js';
import { Ledger } from './payments/ledger.js';
import { StatementCommands, statementCommands } from './payments/statement.commands.js';
import { SuspensionController } from './suspension/suspension.controller.js';
import { SuspensionService } from './suspension/suspension.service.js';
import { PaymentTypesController } from './payment-types.controller.js';
import {
  billingAdminExtensions,
  billingAdminResources,
  billingAdminTabs,
  billingAdminWidgets,
} from './admin/billing.admin.js';
import { BillingDemoData } from './demo-data.js';

@ClientelePlugin({
  id: 'billing-groups',
  version: '1.0.0',
  description:
    "The operator's companies with their own number series; billing profiles, invoices, bank payments matched by variable symbol, balance, scoring, suspension of non-payers",
  dependencies: ['contacts'],
  // Customer groups price invoice lines that name a product (the port in invoices/customer-prices.ts).
  optionalDependencies: ['customer-groups'],
  imports: [ContactsPlugin],
  // The helpdesk, which runs with or without billing, sorts tickets by the payment score through its port.
  ports: [{ port: 'helpdesk.payment-score', useExisting: PaymentScoreSql }],
  entities: [BillingGroup, BillingAccount, BillingAccountRow, PaymentType, Invoice, Payment, BankStatement],
  migrations: [billingSchema, invoiceImportsSchema, invoiceIndexesSchema, importPartsInCoreSchema],
  permissions: billingPermissions,
  roles: billingRoles,
  scopeKinds: [{ kind: KIND_BILLING_GROUP, label: 'Billing group', parents: ['system'] }],
  settings: { schema: BillingSettings },
  controllers: [
    BillingGroupsController,
    BillingAccountsController,
    InvoicesController,
    InvoiceImportsController,
    BankStatementsController,
    PaymentsController,
    SuspensionController,
    PaymentTypesController,
  ],
  providers: [
    BillingGroupsService,
    BillingAccountsService,
    CustomerStandings,
    CustomerListBilling,
    InvoicesService,
    InvoicePdf,
    InvoiceLinePricing,
    InvoiceImportService,
    InvoiceImportCommands,
    CsvBodyParser,
    PaymentsService,
    StatementImportService,
    StatementsService,
    Ledger,
    SuspensionService,
    StatementCommands,
  ],
  queues: [
    {
      name: IMPORT_STATEMENT_QUEUE,
      description: 'Import a bank statement and match its payments',
      provider: StatementImportService,
      method: 'importQueued',
      expireIn: 30 * 60,
      concurrency: 1,
    },
    // Never retried: a second run would issue again what the first one issued.
    {
      name: ISSUE_INVOICES_QUEUE,
      description: 'Issue invoices in bulk',
      provider: InvoicesService,
      method: 'issueQueued',
      retryLimit: 0,
      expireIn: 60 * 60,
      concurrency: 1,
    },
    // A retry writes what the first run did not: what it wrote is found imported and left alone.
    {
      name: IMPORT_INVOICES_QUEUE,
      description: 'Import invoices issued by another system',
      provider: InvoiceImportService,
      method: 'importQueued',
      retryLimit: 3,
      retryDelay: 10,
      expireIn: 6 * 60 * 60,
      concurrency: 1,
    },
  ],
  jobs: [
    {
      name: STANDINGS_JOB,
      cron: '0 2 * * *',
      description: "Recompute every customer's balance and score",
      provider: BillingAccountsService,
      method: 'refreshAll',
    },
    {
      name: SUSPENSION_JOB,
      cron: '30 2 * * *',
      description: 'Suspend non-payers and restore those who paid',
      provider: SuspensionService,
      method: 'run',
    },
  ],
  commands: [...statementCommands, ...invoiceImportCommands],
  events: {
    emits: billingEvents,
    handlers: [
      { event: CustomerCreated, provider: BillingAccountsService, method: 'onCustomerCreated' },
      { event: CustomersImported, provider: BillingAccountsService, method: 'onCustomersImported' },
    ],
  },
  templateVariables: billingTemplateVariables,
  adminResources: billingAdminResources,
  adminTabs: billingAdminTabs,
  adminWidgets: billingAdminWidgets,
  adminExtensions: billingAdminExtensions,
  seeds: [{ provider: BillingDemoData, method: 'seed' }],
})
export class BillingGroupsPlugin {}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '@clientele/core';
import { BillingGroupsService } from './groups/billing-groups.service.js';
import { BillingAccountsService } from './accounts/billing-accounts.service.js';
import { InvoicesService } from './invoices/invoices.service.js';
import { StatementImportService } from './payments/statement-import.service.js';

const IBAN = 'CZ6508000000192000145399';
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/**
 * A billing group, its customers' accounts, three months of invoices for the first demo
 * customers and a bank statement that pays some of them — on time, late, in part — and
 * leaves one payment for the unmatched queue.
 */
@Injectable()
export class BillingDemoData {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly groups: BillingGroupsService,
    private readonly accounts: BillingAccountsService,
    private readonly invoices: InvoicesService,
    private readonly statements: StatementImportService,
  ) {}

  async seed() {
    const ctx = RequestContext.system();
    await this.groups.create(ctx, {
      name: 'Síť Šumperk s.r.o.',
      companyId: '27082440',
      street: 'Žerotínova 3056/81a',
      city: 'Šumperk',
      postcode: '787 01',
      country: 'CZ',
      ibans: [IBAN],
      numberPattern: '{YYYY}{seq:6}',
      currency: 'CZK',
    });
    await this.accounts.adopt(ctx);
    const customers: { id: string; customer_number: string }[] = await this.db.query(
      `SELECT id, customer_number FROM billing_accounts ORDER BY customer_number LIMIT 3`,
    );
    const payments: string[] = [];
    for (const [c, customer] of customers.entries()) {
      for (const month of [3, 2, 1]) {
        const invoice = await this.invoices.issue(ctx, {
          customerId: customer.id,
          issuedOn: daysAgo(month * 30 + 14),
          dueOn: daysAgo(month * 30),
          lines: [{ description: 'Internet 100 Mbit/s', quantity: 1, unitPriceMinor: 59900 }],
        });
        // The first customer pays two days early, the second a week late, the third not at all.
        if (c < 2)
          payments.push(
            entry(`${invoice.number}`, customer.customer_number, daysAgo(month * 30 + (c === 0 ? 2 : -7)), '599.00'),
          );
      }
    }
    payments.push(entry('unmatched-1', '9999999999', daysAgo(5), '250.00'));
    await this.statements.importNow(ctx, 'camt053', Buffer.from(camt(payments)));
  }
}

function entry(ref: string, symbol: string, bookedOn: string, amount: string) {
  return `<Ntry><Amt Ccy="CZK">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>${bookedOn}</Dt></BookgDt>
    <AcctSvcrRef>DEMO-${ref}</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>VS${symbol}</EndToEndId></Refs></TxDtls></NtryDtls></Ntry>`;
}

const camt = (entries: string[]) => `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>DEMO-1</Id>
<Acct><Id><IBAN>${IBAN}</IBAN></Id></Acct>${entries.join('\n')}</Stmt></BkToCstmrStmt></Document>`;

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { a4Document } from '@clientele/core';
import { Customer } from '@clientele/contacts';
import { BillingGroup } from '../entities/billing-group.entity.js';
import type { Invoice } from '../entities/invoice.entity.js';
import { BillingGroupsService } from '../groups/billing-groups.service.js';
import { formatMoney } from './money.js';

const joined = (...parts: (string | null | undefined)[]) => parts.filter(Boolean).join(', ');

/** The invoice as a PDF: the group as supplier with its logo and stamp, the customer, lines, total, payment details. */
@Injectable()
export class InvoicePdf {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly groups: BillingGroupsService,
  ) {}

  async render(invoice: Invoice): Promise<Buffer> {
    const [group, customer, images] = await Promise.all([
      this.db.getRepository(BillingGroup).findOneByOrFail({ id: invoice.groupId }),
      this.db.getRepository(Customer).findOneBy({ id: invoice.customerId }),
      this.groups.images(invoice.groupId),
    ]);
    const { doc, done } = a4Document({ Title: `Invoice ${invoice.number}`, Author: group.name });

    if (images.logo) doc.image(images.logo.data, 50, 45, { fit: [150, 60] });
    doc.font('bold').fontSize(18).text(`Invoice ${invoice.number}`, 250, 50, { align: 'right' });
    doc
      .font('regular')
      .fontSize(9)
      .text(`Issued ${invoice.issuedOn}   Due ${invoice.dueOn}   Variable symbol ${invoice.variableSymbol}`, 250, 75, {
        align: 'right',
      });

    const top = 130;
    doc.font('bold').fontSize(10).text('Supplier', 50, top).text('Customer', 310, top);
    doc
      .font('regular')
      .fontSize(10)
      .text(
        [
          group.name,
          joined(group.street),
          joined(group.postcode, group.city),
          group.country,
          group.companyId && `ID ${group.companyId}`,
          group.vatId && `VAT ${group.vatId}`,
        ]
          .filter(Boolean)
          .join('\n'),
        50,
        top + 15,
        { width: 230 },
      )
      .text(
        [customer?.name ?? '', joined(customer?.street), joined(customer?.postcode, customer?.city), customer?.country]
          .filter(Boolean)
          .join('\n'),
        310,
        top + 15,
        { width: 230 },
      );

    let y = top + 110;
    doc
      .font('bold')
      .fontSize(9)
      .text('Item', 50, y)
      .text('Qty', 330, y, { width: 40, align: 'right' })
      .text('Unit price', 380, y, { width: 80, align: 'right' })
      .text('Total', 465, y, { width: 80, align: 'right' });
    y += 15;
    doc
      .moveTo(50, y - 3)
      .lineTo(545, y - 3)
      .stroke();
    doc.font('regular');
    for (const line of invoice.lines) {
      const height = doc.heightOfString(line.description, { width: 270 });
      if (y + height > 700) {
        doc.addPage();
        y = 50;
      }
      doc
        .text(line.description, 50, y, { width: 270 })
        .text(String(line.quantity), 330, y, { width: 40, align: 'right' })
        .text(formatMoney(line.unitPriceMinor, invoice.currency), 380, y, { width: 80, align: 'right' })
        .text(formatMoney(line.totalMinor, invoice.currency), 465, y, { width: 80, align: 'right' });
      y += Math.max(height, 12) + 4;
    }
    doc.moveTo(50, y).lineTo(545, y).stroke();
    doc
      .font('bold')
      .fontSize(12)
      .text(`Total ${formatMoney(invoice.totalMinor, invoice.currency)}`, 300, y + 8, { width: 245, align: 'right' });
    doc
      .font('regular')
      .fontSize(9)
      .text(
        [
          group.ibans.length ? `Pay to ${group.ibans.join(', ')}` : null,
          `Variable symbol ${invoice.variableSymbol}`,
          invoice.status === 'cancelled' ? 'CANCELLED' : invoice.status === 'paid' ? `Paid ${invoice.paidOn}` : null,
        ]
          .filter(Boolean)
          .join('\n'),
        50,
        y + 35,
        { width: 300 },
      );
    if (images.stamp) doc.image(images.stamp.data, 395, y + 35, { fit: [150, 90] });
    doc.end();
    return done;
  }
}

import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Ctx, HistoryQueryDto, IdParam, Permission, RequestContext } from '@clientele/core';
import { BILLING_CUSTOMER_READ, BILLING_INVOICE_CANCEL, BILLING_INVOICE_ISSUE } from '../constants.js';
import { CancelInvoiceDto, InvoiceListQueryDto, IssueInvoiceDto, IssueInvoicesInBulkDto } from '../dto/invoice.dto.js';
import { InvoicesService, present } from './invoices.service.js';
import { InvoicePdf } from './invoice-pdf.js';

const WHERE = 'on the customer or its billing group';

/** Invoices of the operator's billing groups to their customers; amounts in integer minor units. */
@ApiTags('billing')
@ApiBearerAuth()
@Controller('api/invoices')
export class InvoicesController {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly pdf: InvoicePdf,
  ) {}

  /** Newest first; `filter[customerId]`, `filter[status]`, `filter[dueOn][lt]` …; `q` finds numbers starting with it. */
  @Get()
  @Permission(BILLING_CUSTOMER_READ, WHERE)
  list(@Query() query: InvoiceListQueryDto, @Ctx() ctx: RequestContext) {
    return this.invoices.list(ctx, query);
  }

  /** The number comes from the customer's group's series; prices in minor units; money paid ahead is spent on it at once. */
  @Post()
  @Permission(BILLING_INVOICE_ISSUE, WHERE)
  async issue(@Body() body: IssueInvoiceDto, @Ctx() ctx: RequestContext) {
    return present(await this.invoices.issue(ctx, body));
  }

  /** Answers 202 with a job id; `GET /api/jobs/:id` shows progress and, at the end, what failed and why. */
  @Post('bulk')
  @HttpCode(202)
  @Permission(BILLING_INVOICE_ISSUE, WHERE)
  bulk(@Body() body: IssueInvoicesInBulkDto, @Ctx() ctx: RequestContext) {
    return this.invoices.issueInBulk(ctx, body);
  }

  @Get(':id')
  @Permission(BILLING_CUSTOMER_READ, WHERE)
  get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.invoices.read(ctx, id);
  }

  @Get(':id/pdf')
  @Permission(BILLING_CUSTOMER_READ, WHERE)
  async download(@IdParam() id: string, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const invoice = await this.invoices.get(ctx, id);
    void reply
      .header('content-type', 'application/pdf')
      .header(
        'content-disposition',
        `inline; filename="invoice-${invoice.number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf"`,
      );
    return this.pdf.render(invoice);
  }

  /** Only while nothing is paid on it; 409 on a stale `version`. */
  @Post(':id/cancel')
  @HttpCode(200)
  @Permission(BILLING_INVOICE_CANCEL, WHERE)
  async cancel(@IdParam() id: string, @Body() body: CancelInvoiceDto, @Ctx() ctx: RequestContext) {
    return present(await this.invoices.cancel(ctx, id, body.version));
  }

  @Get(':id/history')
  @Permission(BILLING_CUSTOMER_READ, WHERE)
  history(@IdParam() id: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.invoices.historyOf(ctx, id, query);
  }
}

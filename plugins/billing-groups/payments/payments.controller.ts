import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, HistoryQueryDto, IdParam, ListQueryDto, Permission, RequestContext } from '@clientele/core';
import { BILLING_CUSTOMER_READ, BILLING_PAYMENT_MANAGE } from '../constants.js';
import { AssignPaymentDto, ImportStatementDto, PaymentListQueryDto, UndoMatchDto } from '../dto/payment.dto.js';
import { PaymentsService } from './payments.service.js';
import { StatementImportService } from './statement-import.service.js';
import { StatementsService } from './statements.service.js';

const RECEIVED = 'on the billing group whose account received it (the system node for other accounts)';

@ApiTags('billing')
@ApiBearerAuth()
@Controller('api/bank-statements')
export class BankStatementsController {
  constructor(
    private readonly imports: StatementImportService,
    private readonly statements: StatementsService,
  ) {}

  /**
   * ABO/GPC (`format: gpc`) or CAMT.053 (`camt053`), the file base64-encoded. A file that cannot
   * be read answers 400 naming the line; otherwise 202 with a job id (`GET /api/jobs/:id` shows
   * progress and the result). The same file imported again changes nothing.
   */
  @Post()
  @HttpCode(202)
  @Permission(BILLING_PAYMENT_MANAGE, RECEIVED)
  import(@Body() body: ImportStatementDto, @Ctx() ctx: RequestContext) {
    return this.imports.start(ctx, body);
  }

  @Get()
  @Permission(BILLING_PAYMENT_MANAGE, RECEIVED)
  list(@Query() query: ListQueryDto, @Ctx() ctx: RequestContext) {
    return this.statements.list(ctx, query);
  }
}

/** Payments from bank statements. `filter[matched]=false` is the queue of payments waiting for a person. */
@ApiTags('billing')
@ApiBearerAuth()
@Controller('api/payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get()
  @Permission(
    BILLING_PAYMENT_MANAGE,
    `${RECEIVED}; a customer's matched payments also with ${BILLING_CUSTOMER_READ} on it`,
  )
  list(@Query() query: PaymentListQueryDto, @Ctx() ctx: RequestContext) {
    return this.payments.list(ctx, query);
  }

  @Get(':id')
  @Permission(BILLING_PAYMENT_MANAGE, RECEIVED)
  get(@IdParam() id: string, @Ctx() ctx: RequestContext) {
    return this.payments.get(ctx, id);
  }

  /** Names the customer of an unmatched payment; it pays the customer's open invoices oldest first. */
  @Post(':id/assign')
  @HttpCode(200)
  @Permission(BILLING_PAYMENT_MANAGE, RECEIVED)
  assign(@IdParam() id: string, @Body() body: AssignPaymentDto, @Ctx() ctx: RequestContext) {
    return this.payments.assign(ctx, id, body.version, body.customerId);
  }

  /** Takes a match back: its invoices open again and the payment returns to the queue. */
  @Post(':id/undo')
  @HttpCode(200)
  @Permission(BILLING_PAYMENT_MANAGE, RECEIVED)
  undo(@IdParam() id: string, @Body() body: UndoMatchDto, @Ctx() ctx: RequestContext) {
    return this.payments.undo(ctx, id, body.version);
  }

  @Get(':id/history')
  @Permission(BILLING_PAYMENT_MANAGE, RECEIVED)
  history(@IdParam() id: string, @Query() query: HistoryQueryDto, @Ctx() ctx: RequestContext) {
    return this.payments.historyOf(ctx, id, query);
  }
}

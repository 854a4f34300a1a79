import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Ctx, IdParam, OnSystem, Permission, RecordService, RequestContext, conflict } from '@clientele/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BILLING_CATALOG_MANAGE, BILLING_CUSTOMER_READ } from './constants.js';
import { PaymentType } from './entities/payment-type.entity.js';

export class CreatePaymentTypeDto {
  @IsString() @Matches(/^[a-z][a-z0-9_]{0,62}$/) code: string;
  @IsString() @MinLength(1) @MaxLength(100) name: string;
  @IsOptional() @IsInt() @Min(0) @Max(10_000) position?: number;
}

export class UpdatePaymentTypeDto {
  @IsInt() @Min(1) version: number;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) name?: string;
  @IsOptional() @IsInt() @Min(0) @Max(10_000) position?: number;
}

const duplicateCode = (error: unknown): never => {
  if ((error as { code?: string }).code === '23505')
    throw conflict('DUPLICATE_CODE', 'Another payment type has this code', 'code');
  throw error;
};

/** The editable list of payment types a billing profile picks from. */
@ApiTags('billing')
@ApiBearerAuth()
@Controller('api/payment-types')
export class PaymentTypesController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
  ) {}

  /** In their order; `value`/`label` for pick lists. */
  @Get()
  @Permission(BILLING_CUSTOMER_READ)
  async list() {
    const items = await this.db.getRepository(PaymentType).find({ order: { position: 'ASC', name: 'ASC' } });
    return { items: items.map((t) => ({ ...t, value: t.id, label: t.name })), total: items.length, nextCursor: null };
  }

  @Post()
  @Permission(BILLING_CATALOG_MANAGE, OnSystem())
  create(@Body() body: CreatePaymentTypeDto, @Ctx() ctx: RequestContext) {
    return this.records
      .create(PaymentType, { code: body.code, name: body.name.trim(), position: body.position ?? 0 }, ctx)
      .catch(duplicateCode);
  }

  @Patch(':id')
  @Permission(BILLING_CATALOG_MANAGE, OnSystem())
  update(@IdParam() id: string, @Body() body: UpdatePaymentTypeDto, @Ctx() ctx: RequestContext) {
    const { version, ...change } = body;
    return this.records.update(
      PaymentType,
      id,
      version,
      { ...change, ...(change.name ? { name: change.name.trim() } : {}) },
      ctx,
    );
  }
}

import { IsIn, IsInt, IsString, IsUUID, MaxLength, Min, MinLength } from 'class-validator';
import { ListQueryDto } from '@clientele/core';

export class ImportStatementDto {
  @IsIn(['gpc', 'camt053']) format: 'gpc' | 'camt053';
  /** The statement file, base64-encoded (ABO/GPC as the bank wrote it, in windows-1250). */
  @IsString() @MinLength(4) @MaxLength(80_000_000) data: string;
}

export class AssignPaymentDto {
  @IsInt() @Min(1) version: number;
  @IsUUID() customerId: string;
}

export class UndoMatchDto {
  @IsInt() @Min(1) version: number;
}

/** `filter[matched]=false` is the unmatched queue; `filter[customerId]`, `filter[statementId]`, `filter[receivedOn][gte|lte]`. */
export class PaymentListQueryDto extends ListQueryDto {}

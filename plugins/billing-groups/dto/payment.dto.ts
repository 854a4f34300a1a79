import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { ListQueryDto } from '@clientele/core';

export class ImportStatementDto {
  @IsIn(['gpc', 'camt053']) format: 'gpc' | 'camt053';
  /** The statement file, base64-encoded (ABO/GPC as the bank wrote it, in windows-1250); it wins over `text`. */
  @ValidateIf((dto: ImportStatementDto) => dto.data !== undefined || dto.text === undefined)
  @IsString()
  @MinLength(4)
  @MaxLength(80_000_000)
  data?: string;
  /** Or the statement's text as pasted (the admin UI's form): GPC lines or the CAMT.053 XML. */
  @ValidateIf((dto: ImportStatementDto) => dto.text !== undefined || dto.data === undefined)
  @IsString()
  @MinLength(4)
  @MaxLength(60_000_000)
  text?: string;
}

export class AssignPaymentDto {
  /** The version last seen; when given, a stale one is answered with 409. */
  @IsOptional() @IsInt() @Min(1) version?: number;
  @IsUUID() customerId: string;
}

export class UndoMatchDto {
  @IsOptional() @IsInt() @Min(1) version?: number;
}

/** `filter[matched]=false` is the unmatched queue; `filter[customerId]`, `filter[statementId]`, `filter[receivedOn][gte|lte]`. */
export class PaymentListQueryDto extends ListQueryDto {}

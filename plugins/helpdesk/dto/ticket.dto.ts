import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ListQueryDto } from '@clientele/core';
import { SUBJECT_MAX_LENGTH } from '../constants.js';
import { SEVERITIES, TICKET_STATES, type Severity, type TicketState } from '../tickets/workflow.js';

/** Raw input may be longer than a stored message: markup that is not allowed is removed first. */
const RAW_BODY_LIMIT = 200_000;

export class CreateTicketDto {
  @IsString() @MinLength(1) @MaxLength(SUBJECT_MAX_LENGTH) subject: string;
  /** The first message. */
  @IsString() @MinLength(1) @MaxLength(RAW_BODY_LIMIT) body: string;
  @IsOptional() @IsIn(['text', 'html']) format?: 'text' | 'html';
  /** The customer; may be left out when a consumer or service is named. */
  @IsOptional() @IsUUID() customerId?: string;
  @IsOptional() @IsUUID() consumerId?: string;
  @IsOptional() @IsUUID() serviceId?: string;
  /** Staff may choose the area; otherwise routing picks it. */
  @IsOptional() @IsUUID() areaId?: string;
  @IsOptional() @IsIn(SEVERITIES) severity?: Severity;
  /** Where the customer's authorisation is optional: hold the request until it is approved. */
  @IsOptional() @IsBoolean() requestAuthorisation?: boolean;
}

export class UpdateTicketDto {
  @IsInt() @Min(1) version: number;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(SUBJECT_MAX_LENGTH) subject?: string;
  /** Null takes the assessment back: the SLA measures the default level again. */
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsIn(SEVERITIES) severity?: Severity | null;
  /** A user or a user group, not both; null for nobody. */
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsUUID() assigneeUserId?: string | null;
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsUUID() assigneeGroupId?: string | null;
  /** Moves the ticket to another area (staff of both areas). */
  @IsOptional() @IsUUID() areaId?: string;
  /** Sets the SLA contract on the ticket itself (recorded; the clocks are recomputed). */
  @IsOptional() @IsUUID() slaContractId?: string;
}

export class ChangeStateDto {
  @IsInt() @Min(1) version: number;
  @IsIn(TICKET_STATES) state: TicketState;
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class AddMessageDto {
  @IsString() @MinLength(1) @MaxLength(RAW_BODY_LIMIT) body: string;
  @IsOptional() @IsIn(['text', 'html']) format?: 'text' | 'html';
  /** Readable only by `addresseeId` (and master admins); the others see that it arrived, when and from whom. */
  @IsOptional() @IsBoolean() private?: boolean;
  @ValidateIf((o) => o.private === true) @IsUUID() addresseeId?: string;
}

/**
 * Filters: `areaId`, `state`, `assigneeUserId`, `assigneeGroupId`, `customerId`, `serviceId`,
 * `severity`, `slaState` (each one value or several), `mine=true` (assigned to me or my groups);
 * `q` searches subjects and the messages every reader may read; sort `slaDueAt` (default), `createdAt`, `number`,
 * and `paymentScore` while billing is enabled.
 */
export class TicketListQueryDto extends ListQueryDto {}

export class AuthorisationDecisionDto {
  @IsIn(['approve', 'reject']) decision: 'approve' | 'reject';
  /** Required to reject. */
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class ApprovalLinkDto {
  /** Whom the link is for (kept with it; sending it is the caller's). */
  @IsOptional() @IsEmail() approverEmail?: string;
}

export class AuthorisationModeDto {
  @IsIn(['off', 'optional', 'mandatory']) mode: 'off' | 'optional' | 'mandatory';
}

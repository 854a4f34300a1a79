import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength } from 'class-validator';
import { HistoryQueryDto, ListQueryDto } from '@clientele/core';

/** Raw input may be longer than a stored note: markup that is not allowed is removed first. */
const RAW_TEXT_LIMIT = 100_000;

export class CreateNoteDto {
  /** The scope node of the record the note is about (a customer, a consumer, a service …). */
  @IsUUID() nodeId: string;
  /** Plain text, or HTML limited to p, br, b, i, u, strong, em, ul, ol, li, blockquote and links. */
  @IsString() @MinLength(1) @MaxLength(RAW_TEXT_LIMIT) text: string;
  /** Seen only by its author and master admins. */
  @IsOptional() @IsBoolean() private?: boolean;
  /** Pops up when someone opens the record. */
  @IsOptional() @IsBoolean() alert?: boolean;
}

export class UpdateNoteDto {
  /** The version the client last saw; a stale one is answered with 409. */
  @IsInt() @Min(1) version: number;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(RAW_TEXT_LIMIT) text?: string;
  /** Only the author may make a note private or public again. */
  @IsOptional() @IsBoolean() private?: boolean;
  @IsOptional() @IsBoolean() alert?: boolean;
}

/** `filter[nodeId]`, `filter[authorId]`, `filter[alert]`, `filter[private]`, `filter[createdAt][gte|lte]`; `q` searches the text. */
export class NoteListQueryDto extends ListQueryDto {}

export class AlertsQueryDto extends HistoryQueryDto {
  /** The record being opened. */
  @IsUUID() node: string;
}

import { IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

export class AddAttachmentDto {
  /** Shown to readers and offered as the download's name. */
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  // No folders and no control characters: the name is only ever shown and offered for download.
  @Matches(/^[^\\/\p{Cc}]+$/u, { message: 'fileName must be a plain file name' })
  fileName: string;
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i, {
    message: 'contentType must be a media type such as application/pdf',
  })
  contentType: string;
  /** The file, base64-encoded; at most `attachmentMaxBytes` (settings) once decoded. */
  @IsString() @MaxLength(150 * 1024 * 1024) data: string;
  /** The message it belongs to (a private message's attachment is its addressee's only). */
  @IsOptional() @IsUUID() messageId?: string;
}

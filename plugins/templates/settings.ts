import { ApiProperty } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsEmail, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** The templates plugin's settings (`/api/settings/templates`): the mail server, mailboxes, limits. */
export class TemplatesSettings {
  @ApiProperty({ description: 'SMTP server that delivers e-mail; empty turns e-mail sending off', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(253)
  smtpHost: string | null = null;

  @ApiProperty({ description: 'SMTP port (587 submission, 465 TLS, 25 relay)' })
  @IsInt()
  @Min(1)
  @Max(65535)
  smtpPort = 587;

  @ApiProperty({ description: 'Connect over TLS from the start (port 465); otherwise STARTTLS when the server offers it' })
  @IsBoolean()
  smtpSecure = false;

  @ApiProperty({ description: 'Accept a server certificate no public authority signed (a company CA, a test server)' })
  @IsBoolean()
  smtpAllowUntrustedCertificate = false;

  @ApiProperty({ description: 'SMTP user name; empty sends without authentication', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  smtpUser: string | null = null;

  @ApiProperty({ description: 'SMTP password', writeOnly: true, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  smtpPassword: string | null = null;

  @ApiProperty({ description: 'Sending mailboxes users choose from (the first is the default)', type: [String] })
  @IsArray()
  @IsEmail({}, { each: true })
  mailboxes: string[] = ['info@clientele.local'];

  @ApiProperty({ description: 'Largest attachment, in bytes (at most five per e-mail)' })
  @IsInt()
  @Min(1)
  @Max(25 * 1024 * 1024)
  maxAttachmentBytes = 5 * 1024 * 1024;
}

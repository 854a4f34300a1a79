import { ApiProperty } from '@nestjs/swagger';
import {
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { SMS_GATEWAY_FORMATS, SMS_GATEWAY_METHODS, type SmsGatewayFormat, type SmsGatewayMethod } from './constants.js';

/** The templates plugin's settings (`/api/settings/templates`): the mail server, mailboxes, limits, the SMS gateway. */
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

  @ApiProperty({
    description: 'Connect over TLS from the start (port 465); otherwise STARTTLS when the server offers it',
  })
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

  @ApiProperty({
    description:
      "The SMS gateway's address; empty turns SMS sending off. {{to}}, {{text}} and {{reference}} may appear in it (URL-encoded)",
    nullable: true,
  })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2000)
  smsGatewayUrl: string | null = null;

  @ApiProperty({ description: 'HTTP method of the gateway call', enum: SMS_GATEWAY_METHODS })
  @IsIn(SMS_GATEWAY_METHODS)
  smsGatewayMethod: SmsGatewayMethod = 'POST';

  @ApiProperty({ description: 'How the payload is written: JSON or an HTML form', enum: SMS_GATEWAY_FORMATS })
  @IsIn(SMS_GATEWAY_FORMATS)
  smsGatewayFormat: SmsGatewayFormat = 'json';

  @ApiProperty({
    description:
      'The request body with {{to}}, {{text}}, {{token}} and {{reference}} (the message id, the same on every attempt), each escaped for the format (unused with GET)',
  })
  @IsString()
  @MaxLength(5000)
  smsGatewayPayload = '{"to": "{{to}}", "text": "{{text}}"}';

  @ApiProperty({
    description: 'Secret token of the gateway: sent as "Authorization: Bearer …" and available as {{token}}',
    writeOnly: true,
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  smsGatewayToken: string | null = null;

  @ApiProperty({
    description:
      'Success rule: besides a 2xx status, the answer must contain this text (empty: the status alone decides)',
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  smsGatewaySuccessText: string | null = null;

  @ApiProperty({ description: 'An SMS longer than this many characters goes out as several SMS (0: never split)' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  smsSplitAfter = 0;
}

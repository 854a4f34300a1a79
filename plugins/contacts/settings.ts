import { ApiProperty } from '@nestjs/swagger';
import { IsFQDN, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export const PORTAL_LOGIN_MODES = ['number', 'entered'] as const;

/** The contacts plugin's settings, edited by master admins (`/api/settings/contacts`). */
export class ContactsSettings {
  @ApiProperty({ description: 'Text put before the sequence number of every new customer number, e.g. "C-"' })
  @IsString()
  @MaxLength(20)
  customerNumberPrefix = '';

  @ApiProperty({ description: 'Digits of the sequence number, padded with zeros' })
  @IsInt()
  @Min(1)
  @Max(18)
  customerNumberWidth = 6;

  @ApiProperty({
    description:
      'How a portal login is named: "number" makes it from the customer number at the portal domain, "entered" takes the e-mail typed in',
    enum: PORTAL_LOGIN_MODES,
  })
  @IsIn(PORTAL_LOGIN_MODES)
  portalLogin: (typeof PORTAL_LOGIN_MODES)[number] = 'number';

  @ApiProperty({ description: 'Domain of the logins made from customer numbers: <number>@<domain>' })
  @IsFQDN({ require_tld: false })
  portalDomain = 'portal.clientele.local';

  @ApiProperty({
    description:
      "Link the customer card shows to another system; {number} and {id} are replaced by the customer's, e.g. https://erp.example.com/c/{number}",
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(/^https?:\/\//, { message: 'externalLinkTemplate must start with http:// or https://' })
  externalLinkTemplate: string | null = null;

  @ApiProperty({
    description: 'Address book (id or name) new customers land in when none is named; empty: the oldest',
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  defaultAddressBook: string | null = null;

  @ApiProperty({ description: 'Largest CSV file an import through the API accepts, in megabytes' })
  @IsInt()
  @Min(1)
  @Max(10_240)
  importMaxMegabytes = 100;
}

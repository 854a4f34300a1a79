import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export const CUSTOMER_PEOPLE = ['supportSpecialist', 'accountManager'] as const;

/** The helpdesk's settings, edited by master admins (`/api/settings/helpdesk`). */
export class HelpdeskSettings {
  @ApiProperty({
    description: "Whose customer's responsible person gets new tickets first: the support specialist or the account manager",
    enum: CUSTOMER_PEOPLE,
  })
  @IsIn(CUSTOMER_PEOPLE)
  routeToCustomerPerson: (typeof CUSTOMER_PEOPLE)[number] = 'supportSpecialist';
}

import { IsInt, IsOptional, IsUUID, Min } from 'class-validator';

export class AssignContractDto {
  @IsUUID() contractId: string;
  /** The version of the assignment being replaced, when there is one; a stale one is answered with 409. */
  @IsOptional() @IsInt() @Min(1) version?: number;
}

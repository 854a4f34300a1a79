import { IsInt, IsUUID, Min } from 'class-validator';
import { ListQueryDto } from '@clientele/core';

export class CreateAssignmentDto {
  /** The record the contract is put on (a customer, an address book …): it applies to the records below. */
  @IsUUID() nodeId: string;
  @IsUUID() contractId: string;
}

export class UpdateAssignmentDto {
  /** The version the client last saw; a stale one is answered with 409. */
  @IsInt() @Min(1) version: number;
  @IsUUID() contractId: string;
}

/** `filter[nodeId]`, `filter[contractId]`; only assignments on records where the caller holds `sla.read`. */
export class AssignmentListQueryDto extends ListQueryDto {}

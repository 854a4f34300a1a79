import { IsOptional, IsUUID, Matches } from 'class-validator';

export class ServiceSheetQueryDto {
  /** A document template written for services; default the one coded `service-sheet`. */
  @IsOptional() @IsUUID() templateId?: string;
  /** Preferred language of the default template (ISO 639-1). */
  @IsOptional() @Matches(/^[a-z]{2}$/) language?: string;
}

/** A service settings sheet rendered and attached to the e-mail. */
export class AttachedServiceSheetDto {
  @IsUUID() serviceId: string;
  @IsOptional() @IsUUID() templateId?: string;
}

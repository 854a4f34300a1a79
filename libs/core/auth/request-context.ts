import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

export interface Principal {
  id: string;
  email: string;
  displayName: string;
  isMasterAdmin: boolean;
  homeNodeId: string | null;
  activated: boolean;
  preferences: Record<string, unknown>;
  tokenId: string;
  tokenKind: 'session' | 'api_key';
}

/** Who is acting and from where; passed to every service call that reads or changes data. */
export class RequestContext {
  constructor(
    readonly user: Principal | null,
    readonly ip = 'local',
  ) {}

  get userId(): string | null {
    return this.user?.id ?? null;
  }

  get isMasterAdmin(): boolean {
    return this.user?.isMasterAdmin ?? false;
  }

  /** For the CLI, seeds and scheduled jobs: acts with every right, recorded as no user. */
  static system(): RequestContext {
    return new RequestContext(
      {
        id: '',
        email: 'system',
        displayName: 'System',
        isMasterAdmin: true,
        homeNodeId: null,
        activated: true,
        preferences: {},
        tokenId: '',
        tokenKind: 'session',
      },
      'system',
    );
  }
}

export const REQUEST_CONTEXT_KEY = 'clienteleContext';
export const IS_PUBLIC = 'clientele:public';

/** Routes anyone may call without a token (login, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const Ctx = createParamDecorator((_data: unknown, host: ExecutionContext): RequestContext => {
  const request = host.switchToHttp().getRequest();
  return request[REQUEST_CONTEXT_KEY] ?? new RequestContext(null, request.ip);
});

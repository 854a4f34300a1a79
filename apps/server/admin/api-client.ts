import type { FastifyInstance } from 'fastify';
import qs from 'qs';

export interface ApiError {
  statusCode: number;
  code: string;
  message: string;
  details?: { field: string; code: string; message: string }[];
  currentVersion?: number;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  ok: boolean;
  error?: ApiError;
}

/**
 * Calls the REST API in-process, as the signed-in user: the admin UI sees exactly what the
 * user's token may see through the same routes, validation and access checks an integrator uses.
 */
export class ApiClient {
  /** GETs already made while rendering this page (two filters on users ask for the same list); any write forgets them. */
  private readonly reads = new Map<string, Promise<ApiResponse>>();

  constructor(
    private readonly http: FastifyInstance,
    private readonly token: string | null,
    private readonly language: string,
  ) {}

  get<T = any>(path: string, query?: Record<string, unknown>): Promise<ApiResponse<T>> {
    const key = `${path}?${query ? qs.stringify(query, { skipNulls: true }) : ''}`;
    let read = this.reads.get(key);
    if (!read) {
      read = this.call('GET', path, query);
      this.reads.set(key, read);
    }
    return read;
  }

  async call<T = any>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    query?: Record<string, unknown>,
    body?: unknown,
  ): Promise<ApiResponse<T>> {
    if (method !== 'GET') this.reads.clear();
    const search = query ? qs.stringify(query, { skipNulls: true, encodeValuesOnly: true }) : '';
    const response = await this.http.inject({
      method,
      url: search ? `${path}${path.includes('?') ? '&' : '?'}${search}` : path,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        'accept-language': this.language,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      payload: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const parsed = response.body ? safeJson(response.body) : null;
    const ok = response.statusCode < 400;
    return {
      status: response.statusCode,
      body: parsed as T,
      ok,
      error: ok
        ? undefined
        : ((parsed as ApiError) ?? { statusCode: response.statusCode, code: 'ERROR', message: response.statusMessage }),
    };
  }

  /** A file the API answers (an image, a PDF): its bytes and type, as the user may read it. */
  async file(path: string): Promise<{ status: number; contentType: string; data: Buffer }> {
    const response = await this.http.inject({
      method: 'GET',
      url: path,
      headers: this.token ? { authorization: `Bearer ${this.token}` } : {},
    });
    return {
      status: response.statusCode,
      contentType: String(response.headers['content-type'] ?? 'application/octet-stream'),
      data: response.rawPayload,
    };
  }

  /** Does the API answer this route at all (e.g. `PATCH /api/asset-tags/:id`)? */
  has(method: string, url: string) {
    return this.http.hasRoute({ method: method as any, url });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}

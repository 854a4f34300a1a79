/** A minimal JSON client of the Clientele API for setting the benchmark up. */
export interface Api {
  token: string;
  get(path: string): Promise<any>;
  post(path: string, body: unknown): Promise<any>;
}

export async function signIn(baseUrl: string, credentials: { email: string; password: string }): Promise<Api> {
  const call = async (method: string, path: string, token?: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { token } = await call('POST', '/api/auth/login', undefined, credentials);
  return { token, get: (path) => call('GET', path, token), post: (path, body) => call('POST', path, token, body) };
}

/** What is wrong with an error answer, measured against the one documented error body; null when nothing. */
export function errorBodyProblem(status: number, contentType: unknown, text: string): string | null {
  if (!String(contentType ?? '').startsWith('application/json')) return `${status} answered as ${String(contentType)}`;
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return `${status} with a body that is not JSON`;
  }
  if (body?.statusCode !== status) return `${status} whose body says statusCode ${body?.statusCode}`;
  if (typeof body.code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(body.code)) return `${status} without a stable code`;
  if (typeof body.message !== 'string' || !body.message) return `${status} ${body.code} without a message`;
  if (body.details !== undefined) {
    const ok =
      Array.isArray(body.details) &&
      body.details.every(
        (d: any) => typeof d?.field === 'string' && typeof d.code === 'string' && typeof d.message === 'string',
      );
    if (!ok) return `${status} ${body.code} with details not shaped { field, code, message }`;
  }
  return null;
}

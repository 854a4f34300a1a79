import type { AdminAvailability } from '@clientele/core';
import type { AdminContext } from '../admin-context.js';
import { valueAt } from '../values.js';

/**
 * The items (actions, tabs) whose `when` holds for this user now: each asks `GET when.path` as
 * the user (once per page, the API client keeps the answer) for a truthy `when.field`.
 */
export async function available<T extends { when?: AdminAvailability }>(c: AdminContext, items: T[]): Promise<T[]> {
  const holds = await Promise.all(
    items.map(async ({ when }) => {
      if (!when) return true;
      const res = await c.api.get(when.path);
      return res.ok && Boolean(valueAt(res.body, when.field));
    }),
  );
  return items.filter((_, i) => holds[i]);
}

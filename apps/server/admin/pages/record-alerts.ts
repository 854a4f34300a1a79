import type { AdminTab } from '@clientele/core';
import type { AdminContext } from '../admin-context.js';
import type { AdminResource } from '../catalog.js';
import { formatValue, valueAt } from '../values.js';
import { recordPath } from './contributed-tab.js';

/**
 * What pops up when a record opens (e.g. alert notes): the rows of every tab's `alerts` path the
 * user may read. A tab whose alerts cannot be read adds nothing rather than breaking the card.
 */
export async function recordAlerts(c: AdminContext, r: AdminResource, tabs: AdminTab[], record: any) {
  const lists = await Promise.all(
    tabs
      .filter((t) => t.alerts)
      .map(async (tab) => {
        const alerts = tab.alerts!;
        const res = await c.api.get(recordPath(alerts.path, r, record), { limit: 20 });
        if (!res.ok) return [];
        return (res.body.items as any[]).map((item) => {
          const message = valueAt(item, alerts.textField);
          const meta = (alerts.metaFields ?? [])
            .map((key) => valueAt(item, key))
            .filter((v) => v !== null && v !== undefined && v !== '');
          return {
            id: String(item.id ?? ''),
            ...formatValue(c.labels, message, alerts.html ? 'html' : undefined),
            meta: meta.map((value) => formatValue(c.labels, value, undefined).text).join(' · '),
          };
        });
      }),
  );
  const items = lists.flat();
  // The pop-up is dismissed once per set of alerts: a new alert pops up again.
  return items.length ? { items, key: `${record.id}:${items.map((i) => i.id).join(',')}` } : undefined;
}

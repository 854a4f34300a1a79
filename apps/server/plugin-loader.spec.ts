import { loadPlugins } from './plugin-loader.js';

const ids = async (entries: string[]) => (await loadPlugins(entries)).map((p) => p.metadata.id);

describe('ordering plugins by their optional dependencies', () => {
  it('loads a plugin after its optional dependencies when they are enabled, whatever the order of the config', async () => {
    const order = await ids(['helpdesk', 'billing-groups', 'contacts', 'sla', 'customer-groups']);
    expect(order.indexOf('helpdesk')).toBeGreaterThan(order.indexOf('customer-groups'));
    expect(order.indexOf('helpdesk')).toBeGreaterThan(order.indexOf('billing-groups'));
    expect(order.indexOf('billing-groups')).toBeGreaterThan(order.indexOf('customer-groups'));
  });

  it('loads a plugin whose optional dependencies are not enabled', async () => {
    expect(await ids(['helpdesk', 'contacts', 'sla'])).toEqual(['contacts', 'sla', 'helpdesk']);
  });
});

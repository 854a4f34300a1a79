import { loadPlugins } from './plugin-loader.js';

const ids = async (entries: string[]) => (await loadPlugins(entries)).map((p) => p.metadata.id);

describe('loading plugins with optional dependencies and ports', () => {
  it('loads a plugin after its optional dependencies when they are enabled, whatever the order of the config', async () => {
    const order = await ids(['helpdesk', 'billing-groups', 'contacts', 'sla', 'customer-groups']);
    expect(order.indexOf('helpdesk')).toBeGreaterThan(order.indexOf('customer-groups'));
    expect(order.indexOf('helpdesk')).toBeGreaterThan(order.indexOf('billing-groups'));
    expect(order.indexOf('billing-groups')).toBeGreaterThan(order.indexOf('customer-groups'));
  });

  it('loads a plugin whose optional dependencies are not enabled', async () => {
    expect(await ids(['helpdesk', 'contacts', 'sla'])).toEqual(['contacts', 'sla', 'helpdesk']);
  });

  it('refuses two enabled plugins that provide the same port, with one line naming both', async () => {
    await expect(loadPlugins(['contacts', 'billing-groups', './test/fixtures/second-score-plugin'])).rejects.toThrow(
      'Plugins "billing-groups" and "flat-score" both provide the port "helpdesk.payment-score"',
    );
  });
});

// A little behaviour on top of plain HTML: everything works without it.
document.addEventListener('DOMContentLoaded', () => {
  // Put keyboard focus on the first field that the server marked wrong.
  const invalid = document.querySelector('[aria-invalid="true"]');
  if (invalid) invalid.focus();
  // A record's alerts are a notice block in the page; with JavaScript they become a modal pop-up,
  // shown once per browser session for the same set of alerts.
  const alerts = document.getElementById('record-alerts');
  if (alerts && typeof alerts.showModal === 'function') {
    const seen = `clientele-alerts:${alerts.dataset.key}`;
    alerts.close();
    if (!sessionStorage.getItem(seen)) {
      const dismissed = () => sessionStorage.setItem(seen, '1');
      alerts.addEventListener('cancel', dismissed);
      alerts.querySelector('form[method="dialog"]').addEventListener('submit', dismissed);
      alerts.showModal();
    }
  }
  // "/" jumps to the list's search box, as in most lists people know.
  document.addEventListener('keydown', (event) => {
    const search = document.getElementById('q');
    if (event.key === '/' && search && !['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName ?? '')) {
      event.preventDefault();
      search.focus();
    }
  });
});

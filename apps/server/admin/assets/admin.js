// A little behaviour on top of plain HTML: everything works without it.
document.addEventListener('DOMContentLoaded', () => {
  // Put keyboard focus on the first field that the server marked wrong.
  const invalid = document.querySelector('[aria-invalid="true"]');
  if (invalid) invalid.focus();
  // "/" jumps to the list's search box, as in most lists people know.
  document.addEventListener('keydown', (event) => {
    const search = document.getElementById('q');
    if (event.key === '/' && search && !['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName ?? '')) {
      event.preventDefault();
      search.focus();
    }
  });
});

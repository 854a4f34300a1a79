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
    if (
      event.key === '/' &&
      search &&
      !['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName ?? '')
    ) {
      event.preventDefault();
      search.focus();
    }
  });
  rememberTimeZone();
  document.querySelectorAll('fieldset.rows').forEach(repeatableRows);
  document.querySelectorAll('.autocomplete').forEach(autocomplete);
  document.querySelectorAll('[data-upload]').forEach(uploader);
  document.querySelectorAll('[data-copy]').forEach(copyButton);
  const live = document.getElementById('live-notice');
  if (live && typeof EventSource === 'function') liveUpdates(live);
});

// Someone else's change to the open record (or to a record of the open list) shows a notice with a
// reload link; the page itself is left as it is, so nothing typed or read is lost.
function liveUpdates(notice) {
  const me = document.body.dataset.user;
  const concerns = (record) => {
    if (notice.dataset.live === 'record') return record.id === notice.dataset.id;
    return (
      record.type === notice.dataset.recordType ||
      !!document.querySelector(`#results tr[data-id="${CSS.escape(record.id)}"]`)
    );
  };
  const source = new EventSource('/admin/events');
  source.onmessage = (message) => {
    const event = JSON.parse(message.data);
    // After a long absence the server could not replay what was missed: anything may have changed.
    const missed = event.type === 'live.reset';
    if (!missed && (!event.record || event.actorId === me || !concerns(event.record))) return;
    notice.hidden = false;
    if (notice.dataset.live === 'record') source.close();
  };
  window.addEventListener('pagehide', () => source.close());
}

// Times are shown in the reader's zone: users who have not chosen one get their browser's,
// which the server learns from this cookie (the page shown before it knew is redrawn once).
function rememberTimeZone() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || document.cookie.split('; ').includes(`clientele_tz=${encodeURIComponent(zone)}`)) return;
  document.cookie = `clientele_tz=${encodeURIComponent(zone)}; path=/admin; max-age=31536000; samesite=lax`;
  const lang = document.documentElement.lang || undefined;
  const format = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  document.querySelectorAll('time[datetime]').forEach((time) => {
    const at = new Date(time.getAttribute('datetime'));
    if (!Number.isNaN(at.getTime())) time.textContent = format.format(at);
  });
}

// Repeatable rows: the server always sends one empty row to fill in; here rows can be added and removed.
function repeatableRows(fieldset) {
  const body = fieldset.querySelector('tbody');
  const renumber = () =>
    body.querySelectorAll('tr.row').forEach((row, i) => {
      row.querySelectorAll('input, select').forEach((input) => {
        input.id = input.id.replace(/-\d+-(?=[^-]+$)/, `-${i}-`);
        input.setAttribute('aria-label', input.getAttribute('aria-label').replace(/\d+$/, String(i + 1)));
      });
    });
  const wire = (row) => {
    const remove = row.querySelector('.remove-row');
    remove.hidden = false;
    remove.addEventListener('click', () => {
      if (body.querySelectorAll('tr.row').length > 1) row.remove();
      else row.querySelectorAll('input, select').forEach((input) => (input.value = ''));
      renumber();
    });
  };
  body.querySelectorAll('tr.row').forEach(wire);
  const add = fieldset.querySelector('.add-row');
  add.hidden = false;
  add.addEventListener('click', () => {
    const last = body.querySelector('tr.row:last-child');
    const row = last.cloneNode(true);
    row.querySelectorAll('input, select').forEach((input) => {
      input.value = '';
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    });
    row.querySelectorAll('.error').forEach((error) => error.remove());
    row.querySelectorAll('td.invalid').forEach((cell) => cell.classList.remove('invalid'));
    body.appendChild(row);
    wire(row);
    renumber();
    row.querySelector('input, select').focus();
  });
}

// A reference typed as a search: suggestions come from the referenced list's own search (`q`).
function autocomplete(box) {
  const value = box.querySelector('.ac-value');
  const text = box.querySelector('.ac-text');
  const list = box.querySelector('.ac-list');
  let active = -1;
  let asked = 0;
  const options = () => [...list.querySelectorAll('li')];
  const close = () => {
    list.hidden = true;
    text.setAttribute('aria-expanded', 'false');
    text.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (index) => {
    const all = options();
    active = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    if (all[active]) text.setAttribute('aria-activedescendant', all[active].id);
  };
  // A list's filter reloads the results on change (htmx listens on the form).
  const changed = () => value.dispatchEvent(new Event('change', { bubbles: true }));
  const choose = (li) => {
    value.value = li.dataset.value;
    text.value = li.textContent;
    close();
    changed();
  };
  const search = async () => {
    const mine = ++asked;
    const response = await fetch(`${box.dataset.lookup}?q=${encodeURIComponent(text.value.trim())}`, {
      headers: { accept: 'application/json' },
    });
    if (mine !== asked || !response.ok) return;
    const { items } = await response.json();
    list.replaceChildren(
      ...items.map((item, i) => {
        const li = document.createElement('li');
        li.id = `${list.id}-${i}`;
        li.setAttribute('role', 'option');
        li.dataset.value = item.value;
        li.textContent = item.label;
        li.addEventListener('mousedown', (event) => {
          event.preventDefault();
          choose(li);
        });
        return li;
      }),
    );
    list.hidden = items.length === 0;
    text.setAttribute('aria-expanded', String(items.length > 0));
    active = -1;
  };
  let timer;
  text.addEventListener('input', () => {
    if (text.value.trim() === '' && value.value !== '') {
      value.value = '';
      changed();
    }
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  text.addEventListener('focus', () => {
    if (list.hidden) search();
  });
  text.addEventListener('blur', close);
  text.addEventListener('keydown', (event) => {
    if (list.hidden) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      highlight(active + (event.key === 'ArrowDown' ? 1 : -1));
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      choose(options()[active]);
    } else if (event.key === 'Escape') close();
  });
}

// A file field: the chosen file goes to the admin (which passes it to the API) as base64 JSON;
// the card reloads to show the new file, or says why the API refused it.
function uploader(box) {
  const input = box.querySelector('input[type="file"]');
  const status = box.querySelector('.upload-status');
  input.addEventListener('change', () => {
    const file = input.files[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = async () => {
      status.textContent = box.dataset.uploading || '…';
      const data = String(reader.result).replace(/^data:[^,]*,/, '');
      const response = await fetch(box.dataset.upload, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ contentType: file.type, data }),
      });
      if (response.ok) window.location.reload();
      else status.textContent = (await response.json().catch(() => ({}))).message || response.statusText;
    };
    reader.readAsDataURL(file);
  });
}

// A value shown once (a new secret) is selected on focus; its button copies it to the clipboard.
function copyButton(button) {
  const input = document.getElementById(button.dataset.copy);
  if (!input || !navigator.clipboard) return;
  button.hidden = false;
  input.addEventListener('focus', () => input.select());
  button.addEventListener('click', async () => {
    await navigator.clipboard.writeText(input.value);
    button.textContent = button.dataset.copied;
  });
}

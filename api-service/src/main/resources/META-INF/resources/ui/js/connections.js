// The connections page: schedule, next run, a paused switch, the last job, the last 20 outcomes, and sync now.
// Changes go through /api/v2 (PATCH schedule_paused, POST .../sync/), whose permission rules decide; the switch and
// the button are shown only to callers the backend says may use them.
import { api, badge, el, jobHref, start, when, showError, toast, KIND_WORDS } from './app.js';

const PAGE = 100;
let after = null;

start(async () => {
  const kind = document.getElementById('f-kind');
  kind.value = new URLSearchParams(location.search).get('kind') || '';
  kind.addEventListener('change', () => {
    history.replaceState(null, '', kind.value ? '?kind=' + kind.value : location.pathname);
    after = null;
    load(false);
  });
  document.getElementById('more').addEventListener('click', () => load(true));
  await load(false);
});

async function load(append) {
  const params = new URLSearchParams({ limit: PAGE });
  const kind = document.getElementById('f-kind').value;
  if (kind) params.set('kind', kind);
  if (append && after) params.set('after', after);
  const body = document.getElementById('connections');
  try {
    const page = await api('/ui/api/connections?' + params);
    const rows = page.results.map(row);
    if (append) body.append(...rows);
    else body.replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 8, class: 'empty' },
      'No connections yet: create them with POST /api/v2/connections/{alm,analysis}/.'))]));
    after = page.next_after;
    document.getElementById('more').hidden = after === null;
    document.getElementById('count-info').textContent = body.querySelectorAll('tr[data-connection-id]').length
      + ' connections' + (after === null ? '' : ' shown');
  } catch (error) {
    showError(document.getElementById('problem'), error);
  }
}

function row(c) {
  const scheduled = c.frequency !== 'manually';
  return el('tr', { dataset: { connectionId: c.id, kind: c.kind } },
    el('td', { 'data-label': 'Connection', class: 'primary' }, c.alias,
      el('span', { class: 'sub' }, KIND_WORDS[c.kind] + ' · ' + c.system + (c.inaccessible ? ' · remote agent' : ''))),
    el('td', { 'data-label': 'Project' }, c.project.name),
    el('td', { 'data-label': 'Frequency' }, c.frequency,
      scheduled && c.skipped_runs ? el('span', { class: 'sub' }, c.skipped_runs + ' skipped') : null),
    el('td', { 'data-label': 'Next run' }, scheduled ? (c.schedule_paused ? el('span', { class: 'muted' }, 'paused')
      : when(c.next_run)) : el('span', { class: 'muted' }, 'manual only')),
    el('td', { 'data-label': 'Scheduled' }, scheduled ? pauseSwitch(c) : el('span', { class: 'muted' }, '—')),
    el('td', { 'data-label': 'Last job' }, c.last_job ? el('span', { class: 'last' }, badge(c.last_job.status), ' ',
      el('a', { href: jobHref(c.last_job) }, '#' + c.last_job.id), el('span', { class: 'sub' },
        when(c.last_job.finished || c.last_job.created))) : el('span', { class: 'muted' }, 'never run')),
    el('td', { 'data-label': 'Last 20 outcomes' }, history(c)),
    el('td', { 'data-label': 'Actions' }, c.can_sync ? el('button', { type: 'button', class: 'btn btn-sm btn-primary sync',
      onclick: event => sync(c, event.currentTarget) }, 'Sync now', el('span', { class: 'sr-only' }, ' ' + c.alias)) : null));
}

function history(c) {
  if (!c.history.length) return el('span', { class: 'muted' }, 'no ended job');
  return el('span', { class: 'history' },
    ...c.history.map(o => el('a', { class: 'h-' + o.status, href: jobHref({ kind: c.kind, id: o.job_id }),
      title: 'Job #' + o.job_id + ': ' + o.status, 'aria-label': 'Job ' + o.job_id + ' ' + o.status })),
    el('span', { class: 'rate' }, c.succeeded + '/' + c.history.length + ' succeeded'));
}

function pauseSwitch(c) {
  const label = 'Scheduled syncs of ' + c.alias;
  const button = el('button', { type: 'button', class: 'switch', role: 'switch', 'aria-checked': String(!c.schedule_paused),
    'aria-label': label, disabled: !c.can_pause, title: c.can_pause ? null : 'You may not change this connection',
    onclick: async () => {
      const paused = button.getAttribute('aria-checked') === 'true';
      button.disabled = true;
      try {
        await api('/api/v2/connections/' + c.kind + '/' + c.id + '/', { method: 'PATCH', body: { schedule_paused: paused } });
        toast(c.alias + (paused ? ': scheduled syncs paused.' : ': scheduled syncs resumed.'));
        const fresh = await api('/ui/api/connections?limit=1&after=' + (c.id - 1) + '&kind=' + c.kind);
        if (fresh.results[0]?.id === c.id) button.closest('tr').replaceWith(row(fresh.results[0]));
      } catch (error) {
        toast('Not changed: ' + error.message);
        button.disabled = false;
      }
    } });
  return el('span', { class: 'switch-row' }, button, el('span', { 'aria-hidden': 'true' }, c.schedule_paused ? 'paused' : 'on'));
}

async function sync(c, button) {
  button.disabled = true;
  try {
    const job = await api('/api/v2/connections/' + c.kind + '/' + c.id + '/sync/', { method: 'POST' });
    toast('Job #' + job.id + ' of ' + c.alias + ' started.', { href: jobHref({ kind: c.kind, id: job.id }), text: 'Open it' });
  } catch (error) {
    toast('Not started: ' + error.message);
  } finally {
    button.disabled = false;
  }
}

// A job's page: status, result, facts, its states as a timeline, its runs, its files (the log shown), and the
// cancel / re-run buttons when the backend says this caller may use them. It follows the job's moves live.
import { api, badge, bytes, duration, el, exactTime, jobHref, start, when, showError, toast, TERMINAL,
  KIND_WORDS } from './app.js';
import { follow } from './stream.js';

const params = new URLSearchParams(location.search);
const kind = params.get('kind');
const id = params.get('id');
let shownFile = null;
let stopStream = null;

start(async () => {
  if (!['alm', 'analysis'].includes(kind) || !/^[0-9]+$/.test(id || '')) {
    showError(document.getElementById('problem'), new Error('No such job: the address names none.'));
    return;
  }
  const detail = await load();
  if (!detail) return;
  stopStream = follow('/api/v2/jobs/stream?connection=' + detail.job.connection.id, {
    onEvent: event => { if (String(event.job_id) === id) load(); },
    onReconnect: () => load()
  });
});

async function load() {
  let detail;
  try {
    detail = await api('/ui/api/jobs/' + kind + '/' + id);
  } catch (error) {
    if (error.status === 404) error.message = 'Job ' + id + ' is not one of your team\'s ' + kind + ' jobs.';
    showError(document.getElementById('problem'), error);
    return null;
  }
  render(detail);
  return detail;
}

function render(d) {
  const job = d.job;
  document.title = 'Job #' + job.id + ' · Synclane';
  document.getElementById('crumb').textContent = 'Job #' + job.id;
  document.getElementById('title').textContent = 'Job #' + job.id;
  document.getElementById('status').replaceChildren(badge(job.status));
  document.getElementById('subtitle').replaceChildren(
    KIND_WORDS[job.kind], ' of ', el('strong', {}, job.connection.alias), ' (', job.connection.system, ') in project ',
    el('strong', {}, job.project.name), ' · ', job.trigger === 'manual'
      ? 'started by ' + (job.user ? job.user.email : 'a client') : 'started by the schedule');
  const result = document.getElementById('result');
  result.className = 'result s-' + job.status + '-edge';
  result.textContent = job.result_message || (TERMINAL.has(job.status) ? 'No message.' : 'Not finished yet.');

  document.getElementById('facts').replaceChildren(...[
    ['Created', when(job.created)], ['Started', when(job.started)], ['Finished', when(job.finished)],
    ['Duration', duration(job.duration_ms)], ['Attempts', String(job.attempt)],
    ['Runner', job.remote_agent ? 'remote agent' : 'internal worker'],
    ['Connection', el('a', { href: '/ui/jobs.html?connection=' + job.connection.id }, '#' + job.connection.id + ' jobs')],
    ['Kind', job.kind]
  ].map(([term, value]) => el('div', {}, el('dt', {}, term), el('dd', {}, value))));

  renderActions(d);

  document.getElementById('timeline').replaceChildren(...d.states.map(state => el('li', { dataset: { status: state.status } },
    el('div', { class: 't-head' }, badge(state.status), el('time', { datetime: state.at }, exactTime(state.at))),
    state.comment ? el('div', { class: 'comment' }, state.comment) : null)));

  document.getElementById('runs').replaceChildren(...(d.runs.length ? d.runs.map(run => {
    const cells = el('tr', {},
      el('td', { 'data-label': 'Attempt', class: 'primary' }, String(run.attempt)),
      el('td', { 'data-label': 'Status' }, badge(run.status)),
      el('td', { 'data-label': 'Process' }, el('span', { class: 'mono' }, (run.host || '?') + ' · pid '
        + (run.process_id ?? '?'))),
      el('td', { 'data-label': 'Run key' }, el('span', { class: 'mono' }, String(run.run_key))),
      el('td', { 'data-label': 'Started' }, when(run.started)),
      el('td', { 'data-label': 'Duration', class: 'num' }, duration(run.duration_ms)));
    return run.stderr ? [cells, el('tr', {}, el('td', { colspan: 6 }, el('details', {},
      el('summary', {}, 'Attempt ' + run.attempt + ': error output'), el('pre', { class: 'log' }, run.stderr))))] : cells;
  }).flat() : [el('tr', {}, el('td', { colspan: 6, class: 'empty' }, 'Not run yet.'))]));

  const files = document.getElementById('files');
  files.replaceChildren(...(d.files.length ? d.files.map(file => el('li', {},
    el('span', { class: 'mono' }, file.name), el('span', { class: 'muted' }, file.mime + ' · ' + bytes(file.size)),
    el('button', { type: 'button', class: 'btn btn-sm', 'aria-controls': 'file-view',
      onclick: () => showFile(file) }, 'Show ' + file.name))) : [el('li', { class: 'muted' }, 'No files yet.')]));
  const log = d.files.find(f => /\.log$/.test(f.name)) || d.files.find(f => f.mime.startsWith('text/'));
  if (log && shownFile !== log.id) showFile(log);
}

function renderActions(d) {
  const actions = document.getElementById('actions');
  const buttons = [];
  if (d.can_cancel) {
    buttons.push(el('button', { type: 'button', class: 'btn btn-danger', id: 'cancel', onclick: () => confirmCancel() },
      'Cancel job'));
  }
  if (d.can_rerun) {
    buttons.push(el('button', { type: 'button', class: 'btn', id: 'rerun', onclick: () => rerun() }, 'Re-run'));
  }
  actions.replaceChildren(...buttons);
}

/** Cancelling asks once more, in place: the same button row becomes "Yes, cancel" / "Keep it". */
function confirmCancel() {
  const actions = document.getElementById('actions');
  const keep = el('button', { type: 'button', class: 'btn', onclick: () => load() }, 'Keep it');
  const yes = el('button', { type: 'button', class: 'btn btn-danger solid', id: 'confirm-cancel', onclick: async () => {
    yes.disabled = true;
    try {
      await api('/api/v2/jobs/' + kind + '/' + id + '/cancel/', { method: 'POST' });
      toast('Job #' + id + ' cancelled.');
    } catch (error) {
      toast('Not cancelled: ' + error.message);
    }
    load();
  } }, 'Yes, cancel job #' + id);
  actions.replaceChildren(el('span', { class: 'confirm', role: 'group', 'aria-label': 'Confirm cancelling' },
    el('span', {}, 'Cancel this job?'), yes, keep));
  yes.focus();
}

async function rerun() {
  try {
    const job = await api('/api/v2/jobs/' + kind + '/' + id + '/rerun/', { method: 'POST' });
    toast('Job #' + job.id + ' started.', { href: jobHref({ kind, id: job.id }), text: 'Open it' });
  } catch (error) {
    toast('Not started: ' + error.message);
  }
}

async function showFile(file) {
  shownFile = file.id;
  const view = document.getElementById('file-view');
  view.replaceChildren(el('p', { class: 'muted' }, 'Loading ' + file.name + '…'));
  try {
    const text = await api(file.content_url, { raw: true });
    const limit = 200000;
    const shown = [el('h3', { class: 'sr-only' }, file.name),
      el('pre', { class: 'log', tabindex: '0', 'aria-label': file.name }, text.length > limit ? text.slice(0, limit) : text)];
    if (text.length > limit) shown.push(el('p', { class: 'muted' }, 'Showing the first ' + limit + ' characters.'));
    view.replaceChildren(...shown);
  } catch (error) {
    showError(view, error);
  }
}

window.addEventListener('pagehide', () => stopStream && stopStream());

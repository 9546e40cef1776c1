// The jobs page: filters (kept in the address, so a filtered list can be shared), a table, and keyset paging
// (Older follows next_before; Newer goes back through the cursors already seen).
import { api, badge, duration, el, jobHref, start, when, showError, KIND_WORDS } from './app.js';

const PAGE = 50;
const form = document.getElementById('filters');
const fields = ['kind', 'project', 'connection', 'status', 'trigger'];
let cursors = [null];  // cursors[i] is where page i starts; null for the first
let page = 0;
let next = null;

start(async () => {
  const params = new URLSearchParams(location.search);
  await Promise.all([loadProjects(), loadConnections()]);
  for (const name of fields) {
    const select = form.elements[name];
    const value = params.get(name) || '';
    if (value && ![...select.options].some(o => o.value === value)) select.append(el('option', { value }, value));
    select.value = value;
  }
  form.addEventListener('submit', event => { event.preventDefault(); apply(); });
  fields.forEach(name => form.elements[name].addEventListener('change', apply));
  document.getElementById('older').addEventListener('click', () => { cursors[page + 1] = next; page++; load(); });
  document.getElementById('newer').addEventListener('click', () => { page = Math.max(0, page - 1); load(); });
  await load();
});

async function loadProjects() {
  try {
    const projects = await api('/api/v2/projects/');
    const select = form.elements.project;
    projects.results.forEach(p => select.append(el('option', { value: p.id }, p.name)));
  } catch (error) { /* the filter then offers all projects only */ }
}

async function loadConnections() {
  try {
    const connections = await api('/ui/api/connections?limit=200');
    const select = form.elements.connection;
    for (const kind of ['alm', 'analysis']) {
      const group = el('optgroup', { label: KIND_WORDS[kind] });
      connections.results.filter(c => c.kind === kind)
        .forEach(c => group.append(el('option', { value: c.id }, c.alias + ' (' + c.project.name + ')')));
      if (group.children.length) select.append(group);
    }
  } catch (error) { /* as above */ }
}

function query() {
  const params = new URLSearchParams();
  for (const name of fields) {
    const value = form.elements[name].value;
    if (value) params.set(name, value);
  }
  return params;
}

function apply() {
  const params = query();
  history.replaceState(null, '', params.toString() ? '?' + params : location.pathname);
  cursors = [null];
  page = 0;
  load();
}

async function load() {
  const params = query();
  params.set('limit', PAGE);
  if (cursors[page]) params.set('before', cursors[page]);
  const body = document.getElementById('jobs');
  body.setAttribute('aria-busy', 'true');
  try {
    const result = await api('/ui/api/jobs?' + params);
    document.getElementById('problem').replaceChildren();
    next = result.next_before;
    body.replaceChildren(...(result.results.length ? result.results.map(row)
      : [el('tr', {}, el('td', { colspan: 8, class: 'empty' }, 'No job matches these filters.'))]));
    document.getElementById('older').disabled = next === null;
    document.getElementById('newer').disabled = page === 0;
    const first = page * PAGE + 1;
    document.getElementById('page-info').textContent = result.results.length
      ? 'Jobs ' + first + '–' + (first + result.results.length - 1) : '';
  } catch (error) {
    showError(document.getElementById('problem'), error);
  } finally {
    body.removeAttribute('aria-busy');
  }
}

function row(job) {
  return el('tr', { dataset: { jobId: job.id } },
    el('td', { 'data-label': 'Job', class: 'primary' }, el('a', { href: jobHref(job) }, '#' + job.id),
      el('span', { class: 'sub' }, KIND_WORDS[job.kind])),
    el('td', { 'data-label': 'Status' }, badge(job.status)),
    el('td', { 'data-label': 'Connection' }, job.connection.alias, el('span', { class: 'sub' }, job.connection.system)),
    el('td', { 'data-label': 'Project' }, job.project.name),
    el('td', { 'data-label': 'Trigger' }, job.trigger === 'manual' ? 'manual' : 'schedule',
      job.user ? el('span', { class: 'sub' }, job.user.email) : null),
    el('td', { 'data-label': 'Created' }, when(job.created)),
    el('td', { 'data-label': 'Duration', class: 'num' }, duration(job.duration_ms)),
    el('td', { 'data-label': 'Result', class: 'message' }, job.result_message || el('span', { class: 'muted' }, '—')));
}

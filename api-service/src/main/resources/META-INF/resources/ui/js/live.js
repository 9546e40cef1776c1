// The live page: figures from /ui/api/overview (refreshed every 10 s, and soon after jobs move), two uPlot charts,
// the team's latest jobs updated from the event stream as they move, and the syncs due within the hour.
import { api, badge, el, jobHref, when, relative, start, statusWord, showError, TERMINAL, KIND_WORDS } from './app.js';
import { follow } from './stream.js';

const ROWS = 12;
const ROLLING = 15; // minutes of the failure rate's window
const rows = new Map();         // job id -> <tr>
const connections = new Map();  // connection id -> {alias, system}
let charts = null;
let refreshTimer = null;
let lastAnnounced = 0;
let raw = { ok: [], failed: [], killed: [] }; // the per-minute figures the legend shows (the bars are stacked)

start(async () => {
  await Promise.all([loadConnections(), loadJobs(), refresh()]);
  follow('/api/v2/jobs/stream', {
    onEvent: event => { onEvent(event); scheduleRefresh(1500); },
    onState: state => setState(state),
    onReconnect: () => { loadJobs(); refresh(); }
  });
  setInterval(refresh, 10000);
  setInterval(() => document.querySelectorAll('#stream time, #due time').forEach(t => {
    t.textContent = relative(new Date(t.getAttribute('datetime')));
  }), 5000);
  window.addEventListener('resize', () => charts && sizeCharts());
});

function setState(state) {
  const node = document.getElementById('live-state');
  node.dataset.state = state;
  node.textContent = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' }[state];
}

async function loadConnections() {
  try {
    const page = await api('/ui/api/connections?limit=200');
    page.results.forEach(c => connections.set(c.id, { alias: c.alias, system: c.system }));
  } catch (error) {
    // names are a nicety: the stream shows ids without them
  }
}

async function loadJobs() {
  try {
    const page = await api('/ui/api/jobs?limit=' + ROWS);
    const body = document.getElementById('stream');
    rows.clear();
    body.replaceChildren(...page.results.map(job => {
      const row = jobRow(job.id, job.kind, job.status, job.connection.id, job.connection.alias,
        job.finished || job.started || job.created);
      rows.set(job.id, row);
      return row;
    }));
    if (!page.results.length) body.append(emptyRow());
  } catch (error) {
    showError(document.getElementById('problem'), error);
  }
}

function emptyRow() {
  return el('tr', { class: 'placeholder' }, el('td', { colspan: 4, class: 'empty' },
    'No jobs yet. Trigger a sync from Connections, or wait for a schedule.'));
}

function jobRow(id, kind, status, connectionId, alias, at) {
  const name = alias || connections.get(connectionId)?.alias || 'Connection #' + connectionId;
  return el('tr', { dataset: { jobId: id, kind } },
    el('td', { 'data-label': 'Job', class: 'primary' }, el('a', { href: jobHref({ kind, id }) }, '#' + id),
      el('span', { class: 'sub' }, KIND_WORDS[kind])),
    el('td', { 'data-label': 'Status', class: 'status' }, badge(status)),
    el('td', { 'data-label': 'Connection' }, name),
    el('td', { 'data-label': 'Updated', class: 'updated' }, when(at)));
}

function onEvent(event) {
  const id = event.job_id;
  let row = rows.get(id);
  if (row) {
    row.querySelector('.status').replaceChildren(badge(event.status));
    row.querySelector('.updated').replaceChildren(when(event.at));
  } else {
    row = jobRow(id, event.kind, event.status, event.connection_id, null, event.at);
    rows.set(id, row);
    document.querySelector('#stream tr.placeholder')?.remove();
  }
  const body = document.getElementById('stream');
  if (body.firstChild !== row) body.prepend(row);
  row.classList.remove('fresh');
  void row.offsetWidth; // restarts the highlight
  row.classList.add('fresh');
  while (body.children.length > ROWS) {
    const last = body.lastElementChild;
    rows.delete(Number(last.dataset.jobId));
    last.remove();
  }
  announce(event);
}

/** Tells assistive technology that jobs ended, at most every 3 s (a busy stream must not drown the page). */
function announce(event) {
  if (!TERMINAL.has(event.status) || Date.now() - lastAnnounced < 3000) return;
  lastAnnounced = Date.now();
  const name = connections.get(event.connection_id)?.alias || 'connection ' + event.connection_id;
  document.getElementById('announcer').textContent = 'Job ' + event.job_id + ' of ' + name + ': '
    + statusWord(event.status) + '.';
}

function scheduleRefresh(delay) {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => { refreshTimer = null; refresh(); }, delay);
}

async function refresh() {
  let o;
  try {
    o = await api('/ui/api/overview');
    document.getElementById('problem').replaceChildren();
  } catch (error) {
    if (error.status !== 401) showError(document.getElementById('problem'), error);
    return;
  }
  kpi('kpi-queued', o.queue.scheduled);
  kpi('kpi-running', o.queue.running);
  kpi('kpi-ended', o.last_hour.ended, o.last_hour.succeeded + ' succeeded, ' + o.last_hour.failed + ' failed');
  const rate = o.last_hour.failure_rate;
  kpi('kpi-failure', rate === null ? '—' : percent(rate), rate === null ? 'no job ended' : o.last_hour.failed
    + ' of ' + o.last_hour.ended, rate !== null && rate >= 0.2 ? 'bad' : rate !== null && rate > 0 ? 'warn' : '');
  kpi('kpi-outbox', o.outbox.waiting, 'service-wide' + (o.outbox.oldest_seconds ? ', oldest '
    + Math.round(o.outbox.oldest_seconds) + ' s' : '') + (o.outbox.dead_letters ? ', ' + o.outbox.dead_letters
    + ' set aside' : ''), o.outbox.oldest_seconds > 60 ? 'bad' : '');
  const lag = o.consumer_lag;
  kpi('kpi-lag', lag.available ? lag.lag : 'n/a', lag.available ? 'service-wide, group ' + lag.group
    : 'unavailable: ' + lag.detail, lag.available ? '' : 'warn');

  const counts = document.getElementById('counts');
  counts.replaceChildren(...Object.entries(o.status_counts).filter(([s, n]) => n > 0 || ['scheduled', 'running',
    'success', 'failure', 'error', 'killed'].includes(s)).map(([status, n]) =>
    el('li', { dataset: { status } }, badge(status), el('strong', {}, n))));

  const due = document.getElementById('due');
  document.getElementById('due-count').textContent = o.due.count === 0 ? '' : o.due.count + ' connection'
    + (o.due.count === 1 ? '' : 's');
  due.replaceChildren(...(o.due.connections.length ? o.due.connections.map(c => el('li', {},
    el('span', {}, el('strong', {}, c.alias), el('span', { class: 'sub muted' }, ' ' + c.project.name + ' · '
      + c.frequency + ' · ' + c.system)),
    el('span', { class: 'when' }, when(c.next_run)))) : [el('li', { class: 'muted' }, 'Nothing scheduled within the hour.')]));
  if (o.due.count > o.due.connections.length) {
    due.append(el('li', { class: 'muted' }, '… and ' + (o.due.count - o.due.connections.length) + ' more'));
  }
  drawCharts(o.per_minute);
}

function kpi(id, value, note, tone) {
  const card = document.getElementById(id);
  card.querySelector('.value').textContent = value;
  if (note !== undefined) card.querySelector('.note').textContent = note;
  card.classList.toggle('warn', tone === 'warn');
  card.classList.toggle('bad', tone === 'bad');
}

function percent(rate) {
  return (rate * 100).toFixed(rate < 0.1 && rate > 0 ? 1 : 0) + ' %';
}

function drawCharts(minutes) {
  const x = minutes.map(m => Date.parse(m.minute) / 1000);
  const ok = minutes.map(m => m.succeeded);
  const failed = minutes.map(m => m.failed);
  const killed = minutes.map(m => m.killed);
  // Failed / ended over the trailing 15 minutes at each minute: one minute's rate is 0 or 100 % on a quiet team.
  const rate = minutes.map((m, i) => {
    const window = minutes.slice(Math.max(0, i - ROLLING + 1), i + 1);
    const ended = window.reduce((sum, w) => sum + w.succeeded + w.failed + w.killed, 0);
    const failedIn = window.reduce((sum, w) => sum + w.failed, 0);
    return ended ? Math.round(1000 * failedIn / ended) / 10 : null;
  });
  const ended = ok.reduce((a, b) => a + b, 0) + failed.reduce((a, b) => a + b, 0) + killed.reduce((a, b) => a + b, 0);
  document.getElementById('per-minute-summary').textContent = ended + ' jobs ended in the last hour, at most '
    + Math.max(0, ...minutes.map(m => m.succeeded + m.failed + m.killed)) + ' in one minute.';
  document.getElementById('rate-summary').textContent = 'Highest failure rate over 15 minutes: '
    + Math.max(0, ...rate.filter(r => r !== null)) + ' %.';
  raw = { ok, failed, killed };
  if (!window.uPlot) return;
  // Stacked bars: each series is drawn as the sum of itself and those below it.
  const stackFailed = failed.map((f, i) => f + killed[i]);
  const stackOk = ok.map((o, i) => o + stackFailed[i]);
  if (!charts) {
    const bars = window.uPlot.paths.bars({ size: [0.8, 12] });
    const width = chartWidth('chart-per-minute');
    const axes = [{ stroke: '#5b6878', grid: { stroke: '#eef1f5' }, ticks: { stroke: '#dfe4ec' } },
      { stroke: '#5b6878', grid: { stroke: '#eef1f5' }, ticks: { stroke: '#dfe4ec' }, size: 40 }];
    charts = {
      perMinute: new window.uPlot({
        width, height: 170, cursor: { drag: { x: false, y: false } }, legend: { show: true },
        scales: { y: { range: (u, min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] } },
        axes,
        series: [{}, { label: 'succeeded', stroke: '#1a7f37', fill: 'rgba(26,127,55,.75)', paths: bars, points: { show: false },
          value: (u, v, s, i) => i === null ? '—' : raw.ok[i] },
          { label: 'failed', stroke: '#c62828', fill: 'rgba(198,40,40,.8)', paths: bars, points: { show: false },
          value: (u, v, s, i) => i === null ? '—' : raw.failed[i] },
          { label: 'cancelled', stroke: '#6b7280', fill: 'rgba(107,114,128,.7)', paths: bars, points: { show: false },
          value: (u, v, s, i) => i === null ? '—' : raw.killed[i] }]
      }, [x, stackOk, stackFailed, killed], document.getElementById('chart-per-minute')),
      rate: new window.uPlot({
        width, height: 170, cursor: { drag: { x: false, y: false } },
        scales: { y: { range: [0, 100] } },
        axes: [axes[0], { ...axes[1], size: 52, values: (u, vals) => vals.map(v => v + ' %') }],
        series: [{}, { label: 'failed, trailing 15 min', stroke: '#c62828', width: 2, fill: 'rgba(198,40,40,.08)',
          spanGaps: false, points: { show: false }, value: (u, v) => v === null ? '—' : v + ' %' }]
      }, [x, rate], document.getElementById('chart-rate'))
    };
  } else {
    charts.perMinute.setData([x, stackOk, stackFailed, killed]);
    charts.rate.setData([x, rate]);
  }
}

function chartWidth(id) {
  return Math.max(240, document.getElementById(id).clientWidth);
}

function sizeCharts() {
  const width = chartWidth('chart-per-minute');
  charts.perMinute.setSize({ width, height: 170 });
  charts.rate.setSize({ width, height: 170 });
}

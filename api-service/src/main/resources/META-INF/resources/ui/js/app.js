// What every page of the dashboard shares: the token (browser session only), calls to the JSON APIs, the header,
// and how statuses, times and durations are written. No framework: the DOM, fetch and a few helpers.
const TOKEN_KEY = 'synclane.token';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function signIn(key) {
  sessionStorage.setItem(TOKEN_KEY, key);
}

export function signOut(reason) {
  sessionStorage.removeItem(TOKEN_KEY);
  const next = encodeURIComponent(location.pathname + location.search);
  location.replace('/ui/signin.html?next=' + next + (reason ? '&reason=' + reason : ''));
}

/** An answer other than 2xx: its status and the message the API gave (detail, or the first field's). */
export class ApiError extends Error {
  constructor(status, body) {
    super(ApiError.message(status, body));
    this.status = status;
    this.body = body;
  }

  static message(status, body) {
    if (body && typeof body === 'object') {
      if (body.detail) return body.detail;
      const field = Object.keys(body)[0];
      if (field && Array.isArray(body[field])) return field + ': ' + body[field][0];
    }
    return 'The server answered ' + status + '.';
  }
}

/** Calls /ui/api or /api/v2 with the session's token; JSON in, JSON out. A 401 signs out. */
export async function api(path, { method = 'GET', body, raw = false } = {}) {
  const headers = { 'Authorization': 'Token ' + token(), 'Accept': raw ? '*/*' : 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) {
    signOut('expired');
    throw new ApiError(401, null);
  }
  if (raw && response.ok) return response.text();
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}

/** Builds an element: el('a', {href: '/x', class: 'y'}, 'text', child). Text is always text, never HTML. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const STATUS_WORDS = {
  'new': 'new', 'scheduled': 'queued', 'pre-run': 'starting', 'running': 'running', 'post-run': 'finishing',
  'success': 'success', 'failure': 'failure', 'error': 'error', 'killed': 'cancelled'
};

/** A status as a badge: a glyph and a word (colour is never the only sign); data-status keeps the wire value. */
export function badge(status) {
  return el('span', { class: 'badge s-' + status, 'data-status': status, title: status }, STATUS_WORDS[status] || status);
}

export function statusWord(status) {
  return STATUS_WORDS[status] || status;
}

export const TERMINAL = new Set(['success', 'failure', 'error', 'killed']);

const absolute = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit'
});
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A <time> saying how long ago (or how soon), with the exact time on hover and for assistive technology. */
export function when(iso, { clockOnly = false } = {}) {
  if (!iso) return el('span', { class: 'muted' }, '—');
  const date = new Date(iso);
  const text = clockOnly ? clock.format(date) : relative(date);
  return el('time', { datetime: iso, title: absolute.format(date) }, text);
}

export function relative(date, now = Date.now()) {
  const seconds = Math.round((date.getTime() - now) / 1000);
  const ahead = seconds > 0;
  const s = Math.abs(seconds);
  let text;
  if (s < 5) return 'just now';
  if (s < 60) text = s + ' s';
  else if (s < 3600) text = Math.round(s / 60) + ' min';
  else if (s < 86400) text = (s / 3600).toFixed(s < 36000 ? 1 : 0).replace(/\.0$/, '') + ' h';
  else text = Math.round(s / 86400) + ' d';
  return ahead ? 'in ' + text : text + ' ago';
}

export function exactTime(iso) {
  return iso ? absolute.format(new Date(iso)) : '—';
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return ms + ' ms';
  const s = ms / 1000;
  if (s < 60) return s.toFixed(s < 10 ? 1 : 0) + ' s';
  const m = Math.floor(s / 60);
  if (m < 60) return m + ' min ' + Math.round(s % 60) + ' s';
  return Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
}

export function bytes(n) {
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
  return (n / 1024 / 1024).toFixed(1) + ' MiB';
}

export function jobHref(job) {
  return '/ui/job.html?kind=' + encodeURIComponent(job.kind) + '&id=' + encodeURIComponent(job.id);
}

export const KIND_WORDS = { alm: 'ALM sync', analysis: 'Analysis import' };

/** A message in the page's polite live region (and a toast on screen), e.g. after an action. */
export function toast(message, link) {
  let region = document.getElementById('toasts');
  if (!region) {
    region = el('div', { id: 'toasts', class: 'toast-region', role: 'status', 'aria-live': 'polite' });
    document.body.append(region);
  }
  const item = el('div', { class: 'toast' }, message, link ? [' ', el('a', { href: link.href }, link.text)] : null);
  region.append(item);
  setTimeout(() => item.remove(), 6000);
}

export function showError(container, error) {
  container.replaceChildren(el('p', { class: 'notice error', role: 'alert' }, error.message || String(error)));
}

/**
 * Starts a page: without a token, to the sign-in page; with one, reads who signed in (a 401 signs out), fills the
 * header, then runs the page with the session.
 */
export async function start(page) {
  if (!token()) {
    signOut();
    return;
  }
  document.querySelectorAll('.topbar nav a').forEach(link => {
    if (link.getAttribute('href') === document.body.dataset.nav) link.setAttribute('aria-current', 'page');
  });
  document.getElementById('sign-out')?.addEventListener('click', () => signOut());
  let session;
  try {
    session = await api('/ui/api/session');
  } catch (error) {
    if (error.status !== 401) showError(document.getElementById('main'), error);
    return;
  }
  const who = document.getElementById('who-name');
  if (who) {
    who.replaceChildren(el('span', { class: 'team' }, session.team.name), ' ',
      el('span', { class: 'email' }, session.user.email));
  }
  await page(session);
}

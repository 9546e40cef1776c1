// Sign-in: the token is checked against /ui/api/session before it is kept (in this tab's sessionStorage only).
import { signIn, el } from './app.js';

const form = document.getElementById('signin');
const message = document.getElementById('message');
const params = new URLSearchParams(location.search);

if (params.get('reason') === 'expired') {
  message.replaceChildren(el('p', { class: 'notice error', role: 'alert' },
    'Your token was refused (revoked, or the service restarted with another one). Sign in again.'));
}

/** Only a page of the dashboard itself: never another site, nor a protocol-relative //host. */
function next() {
  const target = params.get('next') || '/ui/';
  return target.startsWith('/ui/') && !target.startsWith('//') ? target : '/ui/';
}

form.addEventListener('submit', async event => {
  event.preventDefault();
  const key = document.getElementById('token').value.trim().replace(/^Token\s+/i, '').replace(/^"|"$/g, '');
  const button = document.getElementById('signin-button');
  button.disabled = true;
  try {
    const response = await fetch('/ui/api/session', { headers: { 'Authorization': 'Token ' + key } });
    if (response.ok) {
      signIn(key);
      location.replace(next());
      return;
    }
    const body = await response.json().catch(() => ({}));
    message.replaceChildren(el('p', { class: 'notice error', role: 'alert' },
      response.status === 401 ? 'That token was not accepted: ' + (body.detail || 'invalid token.')
        : 'The service answered ' + response.status + '.'));
  } catch (error) {
    message.replaceChildren(el('p', { class: 'notice error', role: 'alert' }, 'The service cannot be reached.'));
  } finally {
    button.disabled = false;
  }
});
document.getElementById('token').focus();

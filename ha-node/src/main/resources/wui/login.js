// The login page: posts the password, then goes where the operator was headed.
'use strict';

(() => {
  const message = document.getElementById('login-message');
  const params = new URLSearchParams(location.search);
  const say = (text, kind) => { message.textContent = text; message.className = 'flash ' + kind; message.hidden = false; };
  if (params.has('ended')) say('Your session has ended (idle timeout or logout elsewhere). Log in again.', 'info');
  if (params.has('loggedOut')) say('You are logged out.', 'info');

  document.getElementById('login-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const response = await fetch('/ui/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: document.getElementById('user').value, password: document.getElementById('password').value }) });
    if (response.ok) {
      const next = params.get('next');
      location.href = next && next.startsWith('/ui/') ? next : '/ui/';
      return;
    }
    const body = await response.json().catch(() => ({}));
    say(response.status === 429 ? 'Too many failed logins: ' + body.error
      : response.status === 401 ? 'Wrong user or password.' : (body.error || 'Login failed (HTTP ' + response.status + ').'), 'error');
    document.getElementById('password').value = '';
    document.getElementById('password').focus();
  });
  document.getElementById('login-button').disabled = false;
})();

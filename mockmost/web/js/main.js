// Boot: a signed-in tab (MMAUTHTOKEN cookie) goes straight to the chat; otherwise the sign-in page, with the
// real login form and a one-click "sign in as" list of the workspace's users and bots.

import { ApiError, cookie, get, post } from './api.js';
import { clear, h } from './dom.js';
import { Chat } from './chat.js';
import { Inspector } from './inspector.js';

const app = document.getElementById('app');
const PREFETCH_MEMBERS = 200;
const inspector = new Inspector();
let chat = null;

async function startChat(me, prefetch) {
  if (chat) chat.destroy();
  chat = new Chat(app, { me, inspector, onSignedOut: showLogin, onSwitchUser: signInAs });
  chat.prefetch = prefetch || null;
  window.mockmostChat = chat;
  app.removeAttribute('aria-busy');
  await chat.start();
  window.mockmostReady = true;
}

async function signInAs(user) {
  try {
    const me = await post('/__mockmost__/signin', { user_id: user.id });
    if (chat) chat.destroy();
    chat = null;
    await startChat(me);
  } catch (err) {
    alertText(err.message);
  }
}

function alertText(text) {
  const slot = document.querySelector('.login-error');
  if (slot) slot.textContent = text;
}

async function showLogin() {
  if (chat) chat.destroy();
  chat = null;
  document.title = 'mockmost';
  const loginId = h('input#login-id', { name: 'login_id', autocomplete: 'username', autofocus: true });
  const password = h('input#login-password', { name: 'password', type: 'password', autocomplete: 'current-password' });
  const users = h('ul.signin-list', { 'aria-label': 'Sign in as' });
  const form = h('form.login-form', {
    on: {
      submit: async (e) => {
        e.preventDefault();
        try {
          const me = await post('/api/v4/users/login', { login_id: loginId.value, password: password.value });
          await startChat(me);
        } catch (err) {
          alertText(err instanceof ApiError ? err.message : String(err));
        }
      },
    },
  },
  h('label', { for: 'login-id' }, 'Email or Username'), loginId,
  h('label', { for: 'login-password' }, 'Password'), password,
  h('div.login-error', { role: 'alert' }),
  h('button.primary', { type: 'submit' }, 'Log in'));
  clear(app).append(h('div.login-page',
    h('div.login-card',
      h('h1', 'mockmost'),
      h('p.tagline', 'An in-memory Mattermost for tests and bot development'),
      form),
    h('div.login-card',
      h('h2', 'Sign in as'),
      h('p.hint', 'One click, no password: a web session for any user or bot of this workspace.'),
      users)));
  app.removeAttribute('aria-busy');
  try {
    const list = await get('/__mockmost__/signin');
    users.append(...list.map((u) => h('li', h('button.signin-as', {
      type: 'button', on: { click: () => signInAs(u) },
    }, h('span.name', u.username), u.is_bot ? h('span.tag', 'BOT') : null,
    u.roles.includes('system_admin') ? h('span.tag.admin', 'ADMIN') : null,
    h('span.full', [u.first_name, u.last_name].filter(Boolean).join(' '))))));
  } catch {
    users.append(h('li', 'The sign-in list is not available.'));
  }
  window.mockmostReady = true;
}

async function boot() {
  if (!cookie('MMUSERID')) {
    await showLogin();
    return;
  }
  try {
    // The user, their teams, channels and memberships in one round trip: the first screen then needs only
    // the posts of the channel it opens.
    const prefetch = {
      teams: get('/api/v4/users/me/teams'),
      channels: get('/api/v4/users/me/channels'),
      members: get(`/api/v4/users/me/channel_members?page=0&per_page=${PREFETCH_MEMBERS}`),
    };
    Object.values(prefetch).forEach((p) => p.catch(() => {}));
    const me = await get('/api/v4/users/me');
    await startChat(me, prefetch);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) await showLogin();
    else {
      await showLogin();
      alertText(err.message);
    }
  }
}

// A refused request nobody awaited is shown to the person (as the real client's error bar would), not lost.
window.addEventListener('unhandledrejection', (e) => {
  if (!(e.reason instanceof ApiError)) return;
  e.preventDefault();
  if (e.reason.status !== 401 && chat) chat.toast(e.reason.message);
});

window.addEventListener('mockmost:unauthorized', () => {
  if (chat) showLogin();
});

boot();

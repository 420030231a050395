// The chat: teams, the channel sidebar with unread and mention counts, the message list (paged back through
// history), the composer, threads, reactions, edits, files, slash commands, interactive messages and dialogs,
// all kept live by the WebSocket.

import { api, ApiError, get, post, put } from './api.js';
import { clear, dateOf, h } from './dom.js';
import { render } from './markdown.js';
import { Socket } from './socket.js';
import { Composer } from './composer.js';
import { PostView } from './postview.js';
import { openDialog } from './dialog.js';

const PAGE = 60;
const TYPING_MS = 5000;

function parse(value) {
  if (typeof value !== 'string') return value;
  try { return JSON.parse(value); } catch { return null; }
}


export class Chat {
  constructor(root, { me, onSignedOut, onSwitchUser, inspector }) {
    this.root = root;
    this.me = me;
    this.onSignedOut = onSignedOut;
    this.onSwitchUser = onSwitchUser;
    this.inspector = inspector;
    this.users = new Map([[me.id, me]]);
    this.byName = new Map([[me.username, me]]);
    this.teams = [];
    this.team = null;
    this.channels = new Map();
    this.members = new Map();
    this.channel = null;
    this.posts = new Map();
    this.views = new Map();
    this.nodes = new Map();
    this.threadRoot = null;
    this.typing = new Map();
    this.commands = new Map();
    this.pendingUsers = new Set();
    this.view = new PostView(this);
    this.socket = new Socket({
      onEvent: (msg) => this.onEvent(msg),
      onStatus: (s) => this.setStatus(s),
      onResync: () => this.resync(),
    });
  }

  // ---- start and layout ----

  async start() {
    this.layout();
    this.socket.connect();
    get('/api/v4/users?per_page=200').then((us) => {
      us.forEach((u) => this.addUser(u));
      this.refreshAll();
    }).catch(() => {});
    const teams = await ((this.prefetch && this.prefetch.teams) || get('/api/v4/users/me/teams'));
    this.teams = teams.sort((a, b) => a.display_name.localeCompare(b.display_name));
    this.renderTeams();
    this.onHash = () => this.route().catch(() => {});
    window.addEventListener('hashchange', this.onHash);
    await this.route();
  }

  layout() {
    clear(this.root);
    this.statusDot = h('span.conn', { title: 'WebSocket', role: 'status', 'aria-label': 'connecting' });
    this.teamList = h('div.teams', { role: 'navigation', 'aria-label': 'Teams' });
    this.channelNav = h('nav.channels', { 'aria-label': 'Channels' });
    // Pickers (browse channels, direct message) live outside the nav, which events re-render.
    this.pickerSlot = h('div.picker-slot');
    this.switchList = h('div.switch-users');
    this.header = h('div.channel-header');
    this.list = h('div.posts', { role: 'log', 'aria-label': 'Messages', tabindex: '0' });
    this.list.addEventListener('scroll', () => this.onScroll());
    this.typingLine = h('div.typing', { 'aria-live': 'polite' });
    this.composer = new Composer(this, { rootId: '' });
    this.threadPane = h('aside.thread', { hidden: true, 'aria-label': 'Thread' });
    this.inspectorPane = h('aside.inspector', { hidden: true, 'aria-label': 'Inspector' });
    const inspectorButton = h('button.ghost', {
      type: 'button', 'aria-pressed': 'false',
      on: { click: () => this.toggleInspector(inspectorButton) },
    }, 'Inspector');
    this.root.append(h('div.layout',
      h('header.topbar',
        h('span.brand', 'mockmost'), this.statusDot,
        h('span.spacer'),
        h('span.whoami', `@${this.me.username}`),
        inspectorButton,
        h('button.ghost', { type: 'button', on: { click: () => this.signOut() } }, 'Log out')),
      h('div.sidebar', this.teamList, h('div.sidebar-main', this.channelNav, this.pickerSlot,
        h('div.switch', h('div.section-title', 'Sign in as'), this.switchList))),
      h('main.center', this.header, this.list, this.typingLine, this.composer.el),
      this.threadPane,
      this.inspectorPane));
    this.loadSwitchList();
  }

  async loadSwitchList() {
    try {
      const users = await get('/__mockmost__/signin');
      clear(this.switchList).append(...users.filter((u) => u.id !== this.me.id).map((u) => h('button.switch-user', {
        type: 'button', title: `Sign in as ${u.username}`,
        on: { click: () => this.onSwitchUser(u) },
      }, u.username, u.is_bot ? h('span.tag', 'BOT') : null)));
    } catch { /* the list is optional */ }
  }

  toggleInspector(button) {
    const show = this.inspectorPane.hidden;
    this.inspectorPane.hidden = !show;
    button.setAttribute('aria-pressed', String(show));
    if (show && this.inspector) this.inspector.mount(this.inspectorPane, this);
  }

  setStatus(s) {
    this.statusDot.className = `conn conn-${s}`;
    this.statusDot.setAttribute('aria-label', s);
    this.statusDot.title = `WebSocket ${s}`;
  }

  async signOut() {
    this.socket.close();
    try { await post('/api/v4/users/logout'); } catch { /* already gone */ }
    this.onSignedOut();
  }

  destroy() {
    this.socket.close();
    window.removeEventListener('hashchange', this.onHash);
    clearTimeout(this.viewTimer);
    for (const t of this.typing.values()) clearTimeout(t);
  }

  // ---- users ----

  addUser(u) {
    this.users.set(u.id, u);
    this.byName.set(u.username.toLowerCase(), u);
  }

  userName(id) {
    const u = this.users.get(id);
    if (!u) {
      this.wantUser(id);
      return '…';
    }
    return u.username;
  }

  wantUser(id) {
    if (!id || this.users.has(id) || this.pendingUsers.has(id)) return;
    this.pendingUsers.add(id);
    clearTimeout(this.userTimer);
    this.userTimer = setTimeout(async () => {
      const ids = [...this.pendingUsers];
      this.pendingUsers.clear();
      try {
        const users = await post('/api/v4/users/ids', ids);
        users.forEach((u) => this.addUser(u));
        this.refreshAll();
      } catch { /* leave the placeholders */ }
    }, 20);
  }

  mdContext() {
    return { me: this.me.username, isUser: (name) => this.byName.has(name) };
  }

  // ---- teams and channels ----

  renderTeams() {
    clear(this.teamList).append(...this.teams.map((t) => h('a.team', {
      href: `#/${t.name}`, title: t.display_name, 'aria-label': t.display_name,
      'aria-current': this.team && this.team.id === t.id ? 'page' : null,
    }, t.display_name.slice(0, 2))));
  }

  async route() {
    const [, teamName, , channelName] = decodeURIComponent(location.hash.slice(1)).split('/');
    let team = this.teams.find((t) => t.name === teamName) || this.team || this.teams[0];
    if (!team) {
      clear(this.header).append(h('h2', 'No team'));
      clear(this.list).append(h('p.empty', 'This user belongs to no team yet.'));
      return;
    }
    if (!this.team || this.team.id !== team.id) {
      await this.loadTeam(team);
      this.loadThreadCounts();
    }
    team = this.team;
    const channels = [...this.channels.values()];
    const channel = channels.find((c) => c.name === channelName && (c.team_id === team.id || !c.team_id))
      || channels.find((c) => c.name === 'town-square' && c.team_id === team.id)
      || channels.find((c) => c.team_id === team.id) || channels[0];
    if (channel) await this.openChannel(channel);
  }

  loadTeam(team) {
    this.team = team;
    this.renderTeams();
    // Loads run one after another, each fetching afresh, so a late answer never overwrites a newer one.
    const run = async () => {
      const [channels, members] = (await this.fromPrefetch(team)) || await Promise.all([
        get(`/api/v4/users/me/teams/${team.id}/channels`),
        get(`/api/v4/users/me/teams/${team.id}/channels/members`),
      ]);
      if (this.team.id !== team.id) return;
      this.channels = new Map(channels.filter((c) => !c.delete_at).map((c) => [c.id, c]));
      this.members = new Map(members.map((m) => [m.channel_id, m]));
      for (const c of channels) if (c.type === 'D') this.wantUser(this.dmPartner(c));
      this.renderSidebar();
    };
    this.loading = (this.loading || Promise.resolve()).then(run, run);
    return this.loading;
  }

  async fromPrefetch(team) {
    // The boot's all-teams channels and memberships serve the first team once, when the page held them all.
    const pre = this.prefetch;
    this.prefetch = null;
    if (!pre || !pre.channels || !pre.members) return null;
    try {
      const [all, allMembers] = await Promise.all([pre.channels, pre.members]);
      if (allMembers.length >= 200) return null;
      const channels = all.filter((c) => c.team_id === team.id || !c.team_id);
      const ids = new Set(channels.map((c) => c.id));
      return [channels, allMembers.filter((m) => ids.has(m.channel_id))];
    } catch {
      return null;
    }
  }

  async reloadChannels() {
    if (!this.team) return;
    await this.loadTeam(this.team);
    if (this.channel && !this.channels.has(this.channel.id)) await this.route();
    else if (this.channel) {
      this.channel = this.channels.get(this.channel.id);
      this.renderHeader(this.channel);
      this.renderSidebar();
    }
  }

  dmPartner(c) {
    const [a, b] = c.name.split('__');
    return a === this.me.id ? b : a;
  }

  displayName(c) {
    if (c.type === 'D') {
      const other = this.dmPartner(c);
      return other === this.me.id ? `${this.me.username} (you)` : this.userName(other);
    }
    return c.display_name || c.name;
  }

  unread(c) {
    const m = this.members.get(c.id);
    if (!m) return { unread: false, mentions: 0 };
    const total = c.total_msg_count_root ?? c.total_msg_count;
    const seen = m.msg_count_root ?? m.msg_count;
    return { unread: total > seen, mentions: m.mention_count_root ?? m.mention_count };
  }

  renderSidebar() {
    const groups = { Channels: [], 'Direct Messages': [] };
    for (const c of this.channels.values()) {
      if (c.delete_at) continue;
      groups[c.type === 'D' || c.type === 'G' ? 'Direct Messages' : 'Channels'].push(c);
    }
    clear(this.channelNav);
    const unreadThreads = this.threadCounts && this.threadCounts.total_unread_threads;
    this.channelNav.append(h('button.threads-link', {
      type: 'button', on: { click: () => this.openThreadList() },
    }, h('span.icon', { 'aria-hidden': 'true' }, '🧵'), h('span.name', 'Threads'),
    unreadThreads ? h('span.badge', { 'aria-label': `${unreadThreads} unread threads` }, String(unreadThreads)) : null));
    for (const [title, list] of Object.entries(groups)) {
      list.sort((a, b) => this.displayName(a).localeCompare(this.displayName(b)));
      const add = title === 'Direct Messages' ? h('button.ghost.add-dm', {
        type: 'button', 'aria-label': 'Write a direct message', title: 'Write a direct message',
        on: { click: () => this.pickDirect() },
      }, '+') : h('button.ghost.add-dm', {
        type: 'button', 'aria-label': 'Browse channels', title: 'Browse channels',
        on: { click: () => this.browseChannels() },
      }, '+');
      this.channelNav.append(h('div.section-title', title, add), h('ul.channel-list', list.map((c) => {
        const { unread, mentions } = this.unread(c);
        const current = this.channel && this.channel.id === c.id;
        const icon = c.type === 'P' ? '🔒' : c.type === 'D' ? '●' : c.type === 'G' ? '◆' : '#';
        return h('li', h(`a.channel-link${unread && !current ? '.unread' : ''}`, {
          href: `#/${this.team.name}/channels/${c.name}`, 'data-channel-id': c.id,
          'aria-current': current ? 'page' : null,
        }, h('span.icon', { 'aria-hidden': 'true' }, icon), h('span.name', this.displayName(c)),
        mentions && !current ? h('span.badge', { 'aria-label': `${mentions} mentions` }, String(mentions)) : null));
      })));
    }
  }

  async browseChannels() {
    clear(this.pickerSlot);
    let open = [];
    try {
      open = await get(`/api/v4/teams/${this.team.id}/channels?per_page=200`);
    } catch (err) {
      this.toast(err.message);
      return;
    }
    const joinable = open.filter((c) => !this.channels.has(c.id) && !c.delete_at)
      .sort((a, b) => a.display_name.localeCompare(b.display_name));
    const picker = h('ul.dm-picker', { 'aria-label': 'Channels to join' }, joinable.length
      ? joinable.map((c) => h('li', h('button.ghost', {
        type: 'button', title: c.purpose || c.display_name,
        on: { click: () => { picker.remove(); this.joinChannel(c); } },
      }, c.display_name)))
      : h('li.muted', 'No other public channels.'));
    clear(this.pickerSlot).append(picker);
  }

  async joinChannel(channel) {
    try {
      await post(`/api/v4/channels/${channel.id}/members`, { user_id: this.me.id });
      await this.reloadChannels();
      location.hash = `#/${this.team.name}/channels/${channel.name}`;
    } catch (err) {
      this.toast(err.message);
    }
  }

  pickDirect() {
    clear(this.pickerSlot);
    const others = [...this.users.values()].filter((u) => u.id !== this.me.id && !u.delete_at)
      .sort((a, b) => a.username.localeCompare(b.username));
    const picker = h('ul.dm-picker', { 'aria-label': 'Direct message to' }, others.map((u) => h('li', h('button.ghost', {
      type: 'button', on: { click: () => { picker.remove(); this.openDirect(u); } },
    }, u.username, u.is_bot ? h('span.tag', 'BOT') : null))));
    clear(this.pickerSlot).append(picker);
  }

  async openDirect(user) {
    try {
      const channel = await post('/api/v4/channels/direct', [this.me.id, user.id]);
      await this.reloadChannels();
      location.hash = `#/${this.team.name}/channels/${channel.name}`;
    } catch (err) {
      this.toast(err.message);
    }
  }

  renderHeader(channel) {
    const name = this.displayName(channel);
    document.title = `${name} - ${this.team ? this.team.display_name : ''} - mockmost`;
    clear(this.header).append(...[
      h('h2', channel.type === 'O' ? '# ' : '', name),
      channel.purpose ? h('span.purpose', channel.purpose) : null,
      channel.header ? h('span.purpose', { html: render(channel.header, this.mdContext()) }) : null].filter(Boolean));
    this.composer.setChannel(channel, `Write to ${name}`);
  }

  async openChannel(channel) {
    const previous = this.channel;
    this.channel = channel;
    this.renderHeader(channel);
    this.renderTyping();
    let view = this.views.get(channel.id);
    if (!view) {
      view = { order: [], hasOlder: true, loaded: false, loading: false };
      this.views.set(channel.id, view);
    }
    clear(this.list);
    this.nodes.clear();
    if (!view.loaded) {
      this.list.append(h('p.empty', 'Loading…'));
      const list = await get(`/api/v4/channels/${channel.id}/posts?page=0&per_page=${PAGE}&collapsedThreads=true`);
      if (!this.channel || this.channel.id !== channel.id) return;
      this.mergeList(list);
      view.order = [...list.order].reverse().filter((id) => !this.posts.get(id).root_id)
        .concat(view.order.filter((id) => !list.order.includes(id)));
      view.hasOlder = list.order.length >= PAGE;
      for (const id of view.pending || []) if (!view.order.includes(id)) view.order.push(id);
      view.pending = [];
      view.loaded = true;
    }
    this.renderList(view);
    if (!window.mockmostFirstScreen) window.mockmostFirstScreen = performance.now();
    this.markViewed(channel, previous);
    this.renderSidebar();
    this.composer.focus();
  }

  async markViewed(channel, previous) {
    const m = this.members.get(channel.id);
    if (m) {
      m.msg_count = channel.total_msg_count;
      m.msg_count_root = channel.total_msg_count_root;
      m.mention_count = 0;
      m.mention_count_root = 0;
    }
    try {
      await post('/api/v4/channels/members/me/view',
        { channel_id: channel.id, prev_channel_id: previous && previous.id !== channel.id ? previous.id : '' });
    } catch { /* counts stay local */ }
  }

  // ---- posts ----

  mergeList(list) {
    for (const id of list.order) this.posts.set(id, list.posts[id]);
    for (const p of Object.values(list.posts)) {
      if (!this.posts.has(p.id)) this.posts.set(p.id, p);
      this.wantUser(p.user_id);
    }
  }

  renderList(view) {
    clear(this.list);
    this.nodes.clear();
    this.list.append(this.topMarker(view), this.postsFragment(view.order));
    this.list.scrollTop = this.list.scrollHeight;
  }

  topMarker(view) {
    return view.hasOlder
      ? h('div.older', { 'aria-hidden': 'true' }, 'Loading older messages…')
      : h('div.channel-intro', `Beginning of ${this.displayName(this.channel)}`);
  }

  postsFragment(ids) {
    const frag = document.createDocumentFragment();
    let lastDay = '';
    let prev = null;
    for (const id of ids) {
      const p = this.posts.get(id);
      if (!p) continue;
      const day = dateOf(p.create_at);
      if (day !== lastDay) frag.append(h('div.date-sep', day));
      lastDay = day;
      frag.append(this.postNode(p, 'center', this.continues(prev, p)));
      prev = p;
    }
    return frag;
  }

  onScroll() {
    const view = this.channel && this.views.get(this.channel.id);
    if (!view || !view.hasOlder || view.loading || this.list.scrollTop > 400) return;
    this.loadOlder(view, this.channel);
  }

  async loadOlder(view, channel) {
    view.loading = true;
    try {
      const oldest = view.order.find((id) => !this.posts.get(id)?.ephemeral);
      const list = await get(`/api/v4/channels/${channel.id}/posts?before=${oldest || ''}&per_page=${PAGE}`
        + '&collapsedThreads=true');
      this.mergeList(list);
      const older = [...list.order].reverse().filter((id) => !view.order.includes(id));
      view.hasOlder = list.order.length >= PAGE;
      view.order = older.concat(view.order);
      if (!this.channel || this.channel.id !== channel.id) return;
      // Only the new page is rendered, above what is shown; the reader's place is kept.
      const fromBottom = this.list.scrollHeight - this.list.scrollTop;
      const marker = this.list.firstElementChild;
      const firstSep = marker && marker.nextElementSibling;
      const frag = this.postsFragment(older);
      const lastSep = [...frag.querySelectorAll('.date-sep')].at(-1);
      if (firstSep && firstSep.classList.contains('date-sep') && lastSep && lastSep.textContent === firstSep.textContent) {
        firstSep.remove();
      }
      marker.replaceWith(this.topMarker(view), frag);
      this.list.scrollTop = this.list.scrollHeight - fromBottom;
    } finally {
      view.loading = false;
    }
  }

  continues(prev, p) {
    return this.view.continues(prev, p);
  }

  postNode(p, where, cont = false) {
    return this.view.postNode(p, where, cont);
  }

  // ---- threads ----

  async openThread(rootId) {
    this.threadRoot = rootId;
    this.threadListOpen = false;
    this.threadPane.hidden = false;
    const composer = new Composer(this, { rootId });
    this.threadComposer = composer;
    this.threadList = h('div.thread-posts', { role: 'log', 'aria-label': 'Thread messages' });
    this.threadTyping = h('div.typing', { 'aria-live': 'polite' });
    clear(this.threadPane).append(
      h('div.thread-head', h('h2', 'Thread'), h('button.ghost', {
        type: 'button', 'aria-label': 'Close thread', on: { click: () => this.closeThread() },
      }, '✕')),
      this.threadList, this.threadTyping, composer.el);
    const thread = await get(`/api/v4/posts/${rootId}/thread`);
    if (this.threadRoot !== rootId) return;
    this.mergeList(thread);
    const root = this.posts.get(rootId);
    const channel = this.channels.get(root.channel_id) || this.channel;
    composer.setChannel(channel, 'Reply to thread');
    this.renderThread();
    composer.focus();
    // Viewing a thread reads it, as the real client marks it (thread_read_changed then updates the counts).
    const teamId = channel.team_id || (this.team && this.team.id);
    if (teamId) put(`/api/v4/users/me/teams/${teamId}/threads/${rootId}/read/${Date.now()}`).catch(() => {});
  }

  async openThreadList() {
    this.threadRoot = null;
    this.threadPane.hidden = false;
    const list = h('ul.thread-list', { 'aria-label': 'Followed threads' });
    clear(this.threadPane).append(
      h('div.thread-head', h('h2', 'Threads'), h('button.ghost', {
        type: 'button', 'aria-label': 'Close threads', on: { click: () => this.closeThread() },
      }, '✕')), list);
    this.threadListOpen = true;
    const res = await get(`/api/v4/users/me/teams/${this.team.id}/threads?per_page=50`);
    this.threadCounts = res;
    this.renderSidebar();
    if (!this.threadListOpen) return;
    if (!res.threads.length) list.append(h('li.muted', 'No followed threads yet.'));
    for (const t of res.threads) {
      const root = t.post;
      this.posts.set(root.id, { ...this.posts.get(root.id), ...root });
      this.wantUser(root.user_id);
      const channel = this.channels.get(root.channel_id);
      list.append(h('li', h(`button.thread-item${t.unread_replies ? '.unread' : ''}`, {
        type: 'button', on: { click: () => this.openThread(root.id) },
      },
      h('span.thread-channel', channel ? this.displayName(channel) : ''),
      h('strong', this.userName(root.user_id)), ' ', h('span.thread-text', root.message.slice(0, 120)),
      h('span.thread-meta', `${t.reply_count} ${t.reply_count === 1 ? 'reply' : 'replies'}`,
        t.unread_replies ? ` · ${t.unread_replies} new` : ''))));
    }
  }

  async loadThreadCounts() {
    if (!this.team) return;
    try {
      this.threadCounts = await get(`/api/v4/users/me/teams/${this.team.id}/threads?per_page=1&totalsOnly=true`);
      this.renderSidebar();
    } catch { /* counts stay */ }
  }

  renderThread() {
    if (!this.threadRoot || !this.threadList) return;
    const posts = [...this.posts.values()].filter((p) => p.id === this.threadRoot || p.root_id === this.threadRoot)
      .sort((a, b) => a.create_at - b.create_at);
    clear(this.threadList).append(...posts.map((p) => this.postNode(p, 'thread')));
    this.threadList.scrollTop = this.threadList.scrollHeight;
  }

  closeThread() {
    this.threadRoot = null;
    this.threadListOpen = false;
    this.threadPane.hidden = true;
    clear(this.threadPane);
  }

  // ---- sending ----

  async send({ channel, rootId, message, fileIds }) {
    const trimmed = message.trim();
    if (trimmed.startsWith('/') && !trimmed.startsWith('//') && !fileIds.length) {
      const res = await post('/api/v4/commands/execute', {
        channel_id: channel.id, team_id: channel.team_id || (this.team && this.team.id), command: trimmed, root_id: rootId,
      });
      if (res && res.goto_location) window.open(res.goto_location, '_blank', 'noopener');
      return;
    }
    const created = await post('/api/v4/posts', {
      channel_id: channel.id, root_id: rootId, message, file_ids: fileIds,
      pending_post_id: `${this.me.id}:${Date.now()}`,
    });
    this.addPost(created);
  }

  sendTyping(channelId, parentId) {
    this.socket.send('user_typing', { channel_id: channelId, parent_id: parentId });
  }

  async commandsFor(teamId) {
    if (!this.commands.has(teamId)) {
      this.commands.set(teamId, get(`/api/v4/teams/${teamId}/commands/autocomplete`).catch(() => []));
    }
    return this.commands.get(teamId);
  }

  // ---- live updates ----

  addPost(p) {
    const known = this.posts.get(p.id);
    this.posts.set(p.id, known && known.update_at > p.update_at ? known : p);
    this.wantUser(p.user_id);
    const view = this.views.get(p.channel_id);
    if (p.root_id && !p.ephemeral) {
      const root = this.posts.get(p.root_id);
      if (root && !known) {
        root.reply_count = (root.reply_count || 0) + 1;
        this.refreshPost(root);
      }
      if (this.threadRoot === p.root_id && !known) this.appendThread(p);
      return;
    }
    if (view && !view.loaded) {
      // The channel's first page is on its way: keep the post for when it lands.
      view.pending = (view.pending || []).concat(p.id);
      return;
    }
    if (view && view.loaded && !view.order.includes(p.id)) {
      const prev = this.posts.get(view.order.at(-1));
      view.order.push(p.id);
      if (this.channel && this.channel.id === p.channel_id) {
        const atBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80;
        this.list.append(this.postNode(p, 'center', this.continues(prev, p)));
        if (atBottom || p.user_id === this.me.id) this.list.scrollTop = this.list.scrollHeight;
      }
    }
  }

  appendThread(p) {
    if (!this.threadList) return;
    this.threadList.append(this.postNode(p, 'thread'));
    this.threadList.scrollTop = this.threadList.scrollHeight;
  }

  refreshPost(p) {
    for (const where of ['center', 'thread']) {
      const old = this.nodes.get(`${where}:${p.id}`);
      if (old && old.isConnected) old.replaceWith(this.postNode(p, where, old.classList.contains('cont')));
    }
  }

  refreshAll() {
    this.renderSidebar();
    for (const [key, node] of this.nodes) {
      const [where, id] = key.split(':');
      const p = this.posts.get(id);
      if (p && node.isConnected) node.replaceWith(this.postNode(p, where, node.classList.contains('cont')));
    }
    if (this.channel) this.renderHeader(this.channel);
  }

  countPost(p, mentions) {
    const c = this.channels.get(p.channel_id);
    if (!c) return;
    c.total_msg_count = (c.total_msg_count || 0) + 1;
    if (!p.root_id) c.total_msg_count_root = (c.total_msg_count_root || 0) + 1;
    const m = this.members.get(c.id);
    const viewing = this.channel && this.channel.id === c.id && document.visibilityState !== 'hidden';
    if (m && (viewing || p.user_id === this.me.id)) {
      m.msg_count = c.total_msg_count;
      m.msg_count_root = c.total_msg_count_root;
      if (viewing && p.user_id !== this.me.id) this.markViewedSoon(c);
    } else if (m && (mentions.includes(this.me.id) || c.type === 'D')) {
      m.mention_count = (m.mention_count || 0) + 1;
      if (!p.root_id) m.mention_count_root = (m.mention_count_root || 0) + 1;
    }
    this.renderSidebar();
  }

  markViewedSoon(c) {
    clearTimeout(this.viewTimer);
    this.viewTimer = setTimeout(() => this.markViewed(c, null), 500);
  }

  onEvent(msg) {
    const d = msg.data || {};
    if (this.inspector) this.inspector.clientEvent(msg);
    switch (msg.event) {
      case 'posted': {
        const p = parse(d.post);
        if (!p) return;
        this.clearTyping(p.channel_id, p.user_id);
        if (!this.channels.has(p.channel_id) && (d.channel_type === 'D' || d.channel_type === 'G')) {
          this.reloadChannels().catch(() => {});
          return;
        }
        const fresh = !this.posts.has(p.id);
        this.addPost(p);
        if (fresh) this.countPost(p, parse(d.mentions) || []);
        break;
      }
      case 'ephemeral_message': {
        // Shown where the person is looking: in the channel, and in the thread too when it is open.
        const p = parse(d.post);
        if (!p) return;
        p.ephemeral = true;
        this.addPost(p);
        if (p.root_id && this.threadRoot === p.root_id) this.appendThread(p);
        break;
      }
      case 'post_edited': {
        const p = parse(d.post);
        if (!p) return;
        const known = this.posts.get(p.id);
        if (known && p.reply_count === undefined) p.reply_count = known.reply_count;
        this.posts.set(p.id, p);
        this.refreshPost(p);
        break;
      }
      case 'post_deleted': {
        const p = parse(d.post);
        if (!p) return;
        p.delete_at = p.delete_at || Date.now();
        this.posts.set(p.id, p);
        this.refreshPost(p);
        if (this.threadRoot === p.id) this.closeThread();
        break;
      }
      case 'reaction_added':
      case 'reaction_removed': {
        const r = parse(d.reaction);
        const p = r && this.posts.get(r.post_id);
        if (!p) return;
        p.metadata = p.metadata || {};
        const rest = (p.metadata.reactions || []).filter((x) => !(x.user_id === r.user_id && x.emoji_name === r.emoji_name));
        p.metadata.reactions = msg.event === 'reaction_added' ? [...rest, r] : rest;
        this.refreshPost(p);
        break;
      }
      case 'typing':
        this.onTyping(msg.broadcast.channel_id, d.user_id, d.parent_id || '');
        break;
      case 'channel_viewed':
      case 'multiple_channels_viewed': {
        const ids = d.channel_id ? [d.channel_id] : Object.keys(d.channel_times || {});
        for (const id of ids) {
          const c = this.channels.get(id);
          const m = this.members.get(id);
          if (c && m) Object.assign(m, { msg_count: c.total_msg_count, msg_count_root: c.total_msg_count_root,
            mention_count: 0, mention_count_root: 0 });
        }
        this.renderSidebar();
        break;
      }
      case 'thread_updated':
      case 'thread_read_changed':
        clearTimeout(this.threadsTimer);
        this.threadsTimer = setTimeout(() => (this.threadListOpen ? this.openThreadList() : this.loadThreadCounts()), 200);
        break;
      case 'open_dialog':
        openDialog(this, parse(d.dialog));
        break;
      case 'channel_created': case 'channel_updated': case 'channel_converted': case 'channel_deleted':
      case 'channel_restored': case 'direct_added': case 'group_added': case 'user_added': case 'user_removed':
      case 'channel_member_updated':
        if (msg.event !== 'user_added' || d.user_id === this.me.id) this.reloadChannels().catch(() => {});
        break;
      case 'added_to_team': case 'leave_team': case 'update_team': case 'delete_team':
        get('/api/v4/users/me/teams').then((teams) => { this.teams = teams; this.renderTeams(); }).catch(() => {});
        break;
      case 'new_user':
        if (d.user_id) this.wantUser(d.user_id);
        break;
      case 'user_updated': {
        const u = d.user;
        if (u && u.id) { this.addUser(u); this.refreshAll(); }
        break;
      }
      default:
    }
  }

  async resync() {
    // A new connection means events may have been missed: reload what is shown.
    this.views.clear();
    if (!this.team) return;
    try {
      await this.reloadChannels();
      if (this.channel) await this.openChannel(this.channels.get(this.channel.id) || this.channel);
      if (this.threadRoot) await this.openThread(this.threadRoot);
    } catch { /* signed out meanwhile: the sign-in page takes over */ }
  }

  onTyping(channelId, userId, parentId) {
    if (userId === this.me.id) return;
    const key = `${channelId}:${parentId}:${userId}`;
    clearTimeout(this.typing.get(key));
    this.typing.set(key, setTimeout(() => { this.typing.delete(key); this.renderTyping(); }, TYPING_MS));
    this.renderTyping();
  }

  clearTyping(channelId, userId) {
    for (const key of [...this.typing.keys()]) {
      if (key.startsWith(`${channelId}:`) && key.endsWith(`:${userId}`)) {
        clearTimeout(this.typing.get(key));
        this.typing.delete(key);
      }
    }
    this.renderTyping();
  }

  renderTyping() {
    const who = (parent) => [...this.typing.keys()].filter((k) => this.channel && k.startsWith(`${this.channel.id}:${parent}:`))
      .map((k) => this.userName(k.split(':')[2]));
    const line = (names) => (names.length === 0 ? '' : names.length === 1 ? `${names[0]} is typing...`
      : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are typing...`);
    this.typingLine.textContent = line(who(''));
    if (this.threadTyping && this.threadRoot) this.threadTyping.textContent = line(who(this.threadRoot));
  }

  toast(text) {
    const el = h('div.toast', { role: 'alert' }, text);
    document.body.append(el);
    setTimeout(() => el.remove(), 5000);
  }
}

export { ApiError, api };

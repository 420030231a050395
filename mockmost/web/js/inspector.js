// The inspector: what a real server cannot show. The live event stream (every WebSocket event with its data
// and broadcast, from /__mockmost__/events/feed), the request journal, a read-only browser of users, teams,
// channels and posts (read through /api/v4 as the signed-in user), and the server's controls.

import { ApiError, api, get, post } from './api.js';
import { clear, h } from './dom.js';

const MAX_ROWS = 500;

function json(value) {
  return JSON.stringify(value, (k, v) => {
    if (typeof v === 'string' && (v.startsWith('{') || v.startsWith('['))) {
      try { return JSON.parse(v); } catch { return v; }
    }
    return v;
  }, 2);
}

function clock(ms) {
  const d = new Date(ms);
  return `${d.toLocaleTimeString([], { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

export class Inspector {
  constructor() {
    this.events = [];
    this.last = 0;
    this.polling = false;
    this.tab = 'events';
    this.chat = null;
    this.pane = null;
  }

  clientEvent() { /* the tab's own socket; the server-wide feed below is what the inspector shows */ }

  mount(pane, chat) {
    this.chat = chat;
    this.pane = pane;
    this.eventFilter = h('input', { type: 'search', placeholder: 'event, e.g. posted', 'aria-label': 'Filter by event',
      list: 'inspector-event-names', on: { input: () => this.renderEvents() } });
    this.userFilter = h('input', { type: 'search', placeholder: 'username or id', 'aria-label': 'Filter by user',
      on: { input: () => this.renderEvents() } });
    this.names = h('datalist#inspector-event-names');
    this.eventList = h('ol.event-list', { 'aria-label': 'Events', reversed: true });
    this.body = h('div.inspector-body');
    const tabs = [['events', 'Events'], ['requests', 'Requests'], ['data', 'Data'], ['server', 'Server']];
    clear(pane).append(
      h('div.inspector-tabs', { role: 'tablist', 'aria-label': 'Inspector' }, tabs.map(([id, label]) => h('button', {
        type: 'button', role: 'tab', 'aria-selected': String(this.tab === id), 'data-tab': id,
        on: { click: () => this.show(id) },
      }, label))),
      this.body);
    this.show(this.tab);
    if (!this.polling) this.poll();
  }

  show(tab) {
    this.tab = tab;
    this.pane.querySelectorAll('[role=tab]').forEach((b) => b.setAttribute('aria-selected', String(b.dataset.tab === tab)));
    clearInterval(this.refresh);
    clear(this.body);
    if (tab === 'events') {
      this.body.append(h('div.filters', this.eventFilter, this.userFilter, this.names,
        h('button.ghost', { type: 'button', on: { click: () => { this.events = []; this.renderEvents(); } } }, 'Clear')),
      this.eventList);
      this.renderEvents();
    } else if (tab === 'requests') this.showRequests();
    else if (tab === 'data') this.showData();
    else this.showServer();
  }

  // ---- events ----

  async poll() {
    this.polling = true;
    let failures = 0;
    while (this.polling) {
      try {
        const res = await get(`/__mockmost__/events/feed?after=${this.last}&wait=20`);
        if (res.last < this.last) this.events = [];
        this.last = res.last;
        if (res.events.length) {
          this.events.push(...res.events);
          if (this.events.length > MAX_ROWS) this.events.splice(0, this.events.length - MAX_ROWS);
          if (this.tab === 'events' && this.pane && !this.pane.hidden) this.renderEvents();
        }
        failures = 0;
      } catch (err) {
        failures += 1;
        if (err instanceof ApiError && err.status === 404) {
          this.polling = false;
          this.eventList.replaceChildren(h('li.muted', 'This server has no event feed.'));
          return;
        }
        await new Promise((r) => setTimeout(r, Math.min(10000, 500 * 2 ** failures)));
      }
    }
  }

  userIds(e) {
    const ids = new Set([e.broadcast.user_id, e.data.user_id]);
    for (const key of ['post', 'reaction', 'member', 'channelMember']) {
      const v = e.data[key];
      if (typeof v === 'string' && v.includes('"user_id"')) {
        try { ids.add(JSON.parse(v).user_id); } catch { /* not JSON */ }
      }
    }
    if (e.data.user && e.data.user.id) ids.add(e.data.user.id);
    ids.delete(undefined);
    ids.delete('');
    return ids;
  }

  matches(e) {
    const name = this.eventFilter.value.trim().toLowerCase();
    if (name && !e.event.toLowerCase().includes(name)) return false;
    const who = this.userFilter.value.trim().toLowerCase().replace(/^@/, '');
    if (!who) return true;
    const ids = this.userIds(e);
    for (const id of ids) {
      if (id.toLowerCase() === who) return true;
      const u = this.chat && this.chat.users.get(id);
      if (u && u.username.toLowerCase() === who) return true;
    }
    return false;
  }

  renderEvents() {
    if (!this.eventList) return;
    const seen = new Set(this.events.map((e) => e.event));
    clear(this.names).append(...[...seen].sort().map((n) => h('option', { value: n })));
    const rows = this.events.filter((e) => this.matches(e)).reverse().slice(0, 200);
    clear(this.eventList).append(...rows.map((e) => {
      const b = e.broadcast;
      const target = b.channel_id ? `channel ${this.channelName(b.channel_id)}` : b.team_id ? `team ${b.team_id}`
        : b.user_id ? `user ${this.userName(b.user_id)}` : 'everyone';
      return h('li.event', { 'data-event': e.event },
        h('details',
          h('summary', h('span.at', clock(e.at || e.received)), h('strong.event-name', e.event),
            h('span.brief', this.brief(e)), h('span.target', target)),
          h('pre.json', json({ data: e.data, broadcast: b }))));
    }));
    if (!rows.length) this.eventList.append(h('li.muted', 'No events yet: post something.'));
  }

  brief(e) {
    const d = e.data || {};
    const obj = (v) => (typeof v === 'string' && v.startsWith('{') ? JSON.parse(v) : v) || {};
    try {
      if (d.post) {
        const p = obj(d.post);
        return `${this.userName(p.user_id)}: ${(p.message || '').slice(0, 40)}`;
      }
      if (d.reaction) return `:${obj(d.reaction).emoji_name}:`;
      if (e.event === 'status_change') return d.status;
      if (e.event === 'typing') return this.userName(d.user_id);
    } catch { /* not JSON */ }
    return '';
  }

  userName(id) {
    const u = this.chat && this.chat.users.get(id);
    return u ? `@${u.username}` : id;
  }

  channelName(id) {
    const c = this.chat && this.chat.channels.get(id);
    return c ? this.chat.displayName(c) : id;
  }

  // ---- requests ----

  async showRequests() {
    const table = h('div.journal');
    const filter = h('input', { type: 'search', placeholder: 'method, path or status', 'aria-label': 'Filter requests',
      on: { input: () => render() } });
    const who = h('input', { type: 'search', placeholder: 'username or id', 'aria-label': 'Filter requests by user',
      on: { input: () => render() } });
    let entries = [];
    const render = () => {
      const text = filter.value.trim().toLowerCase();
      const user = who.value.trim().toLowerCase().replace(/^@/, '');
      const rows = entries.filter((r) => (!text || `${r.method} ${r.path} ${r.status}`.toLowerCase().includes(text))
        && (!user || (r.user_id || '').toLowerCase() === user || this.userName(r.user_id || '').toLowerCase() === `@${user}`));
      clear(table).append(h('ol.event-list', { reversed: true, 'aria-label': 'Requests' }, rows.slice().reverse().map((r) => h('li.event',
        { 'data-method': r.method, 'data-status': String(r.status) },
        h('details', h('summary', h('span.at', r.time || r.at ? clock(r.time || r.at) : ''),
          h('strong.request', { title: r.path }, `${r.method} ${r.path}`),
          h(`span.status.s${String(r.status)[0]}`, String(r.status)), h('span.target', r.user_id ? this.userName(r.user_id) : '')),
        h('pre.json', json(r)))))));
    };
    const load = async () => {
      try {
        const res = await get('/__mockmost__/requests');
        entries = (Array.isArray(res) ? res : res.requests || res.entries || []).slice(-300);
        render();
      } catch (err) {
        clear(table).append(h('p.muted', err instanceof ApiError && err.status === 404
          ? 'This server keeps no request journal.' : err.message));
      }
    };
    this.body.append(h('div.filters', filter, who,
      h('button.ghost', { type: 'button', on: { click: () => load() } }, 'Refresh')), table);
    await load();
    this.refresh = setInterval(() => { if (!this.pane.hidden && !table.querySelector('details[open]')) load(); }, 3000);
  }

  // ---- data ----

  showData() {
    const out = h('div.data-view');
    const kinds = {
      Users: async () => (await get('/api/v4/users?page=0&per_page=200')).map((u) => ({
        id: u.id, username: u.username, roles: u.roles, bot: u.is_bot ? 'yes' : '', email: u.email || '', _raw: u })),
      Teams: async () => (await get('/api/v4/users/me/teams')).map((t) => ({
        id: t.id, name: t.name, display_name: t.display_name, type: t.type, _raw: t })),
      Channels: async () => [...this.chat.channels.values()].map((c) => ({
        id: c.id, name: c.name, display_name: this.chat.displayName(c), type: c.type, posts: c.total_msg_count, _raw: c })),
      Posts: async () => {
        const ch = this.chat.channel;
        const list = await get(`/api/v4/channels/${ch.id}/posts?per_page=100`);
        return list.order.map((id) => list.posts[id]).map((p) => ({
          id: p.id, user: this.userName(p.user_id), message: p.message.slice(0, 80), root_id: p.root_id, _raw: p }));
      },
    };
    const load = async (kind) => {
      clear(out).append(h('p.muted', 'Loading…'));
      try {
        const rows = await kinds[kind]();
        const cols = Object.keys(rows[0] || {}).filter((k) => k !== '_raw');
        const detail = h('pre.json.detail');
        clear(out).append(h('table.data', { 'aria-label': kind },
          h('thead', h('tr', cols.map((c) => h('th', c)))),
          h('tbody', rows.map((r) => h('tr', { tabindex: '0', on: { click: () => { detail.textContent = json(r._raw); } } },
            cols.map((c) => h('td', String(r[c] ?? ''))))))), detail);
      } catch (err) {
        clear(out).append(h('p.muted', err.message));
      }
    };
    this.body.append(h('div.filters', Object.keys(kinds).map((k) => h('button.ghost', {
      type: 'button', on: { click: () => load(k) } }, k))), out);
    load('Users');
  }

  // ---- server controls ----

  async showServer() {
    const status = h('div.server-status', { role: 'status' });
    const say = (text) => { status.textContent = text; };
    this.say = say;
    const counts = h('dl.counts');
    const snapshots = h('div.snapshots');
    const faults = h('div.faults');
    const clockSlot = h('div.clock');
    this.body.append(
      h('div.controls',
        h('button.danger', { type: 'button', on: { click: () => this.control('Reset', 'POST', '/__mockmost__/reset', {},
          () => setTimeout(() => location.reload(), 300)) } }, 'Reset')),
      status,
      h('h3', 'State'), counts,
      h('h3', 'Snapshots'), snapshots,
      h('h3', 'Faults'), faults,
      h('h3', 'Clock'), clockSlot);
    try {
      const state = await get('/__mockmost__/state');
      clear(counts).append(...Object.entries(state).flatMap(([k, v]) => [h('dt', k),
        h('dd', typeof v === 'object' ? JSON.stringify(v) : String(v))]));
    } catch (err) {
      counts.append(h('dd', err.message));
    }
    await Promise.all([this.showSnapshots(snapshots), this.showFaults(faults), this.showClock(clockSlot)]);
  }

  async control(label, method, path, body, after) {
    try {
      const res = await api(method, path, body);
      this.say(`${label}: ${res && res.status ? res.status : 'done'}`);
      if (after) await after(res);
      return res;
    } catch (err) {
      this.say(`${label}: ${err instanceof ApiError && (err.status === 404 || err.status === 405)
        ? 'not available on this server' : err.message}`);
      return null;
    }
  }

  async available(path) {
    const res = await api('GET', path, undefined, { raw: true });
    return res.ok ? res.json() : null;
  }

  async showSnapshots(slot) {
    const list = await this.available('/__mockmost__/snapshots');
    if (!list) {
      slot.append(h('p.muted', 'Snapshots are not available on this server.'));
      return;
    }
    const name = h('input', { type: 'text', placeholder: 'name (optional)', 'aria-label': 'Snapshot name' });
    const rows = h('ul.snapshot-list', { 'aria-label': 'Snapshots' }, list.map((snap) => h('li',
      h('span', snap.name), h('span.muted', ` ${new Date(snap.taken_at).toLocaleTimeString()}`),
      h('button', { type: 'button', 'aria-label': `Restore ${snap.name}`, on: { click: () => this.control('Restore', 'POST',
        `/__mockmost__/snapshots/${encodeURIComponent(snap.name)}/restore`, {}, () => setTimeout(() => location.reload(), 300)) } },
      'Restore'))));
    clear(slot).append(h('div.controls', name, h('button', { type: 'button', on: { click: () => this.control('Snapshot', 'POST',
      '/__mockmost__/snapshots', name.value ? { name: name.value } : {}, () => this.showSnapshots(slot)) } }, 'Snapshot')), rows);
  }

  async showFaults(slot) {
    const rules = await this.available('/__mockmost__/faults');
    if (!rules) {
      slot.append(h('p.muted', 'Fault injection is not available on this server.'));
      return;
    }
    const kind = h('select', { 'aria-label': 'Fault kind' }, [['fail_next', 'fail next request'], ['delay', 'delay requests'],
      ['drop_websockets', 'drop WebSockets'], ['refuse_websockets', 'refuse WebSockets']].map(([v, t]) => h('option', { value: v }, t)));
    const target = h('input', { type: 'text', placeholder: 'operation or path, e.g. CreatePost', 'aria-label': 'Fault target' });
    const statusCode = h('input', { type: 'number', value: '500', 'aria-label': 'Status', style: 'width:70px' });
    const seconds = h('input', { type: 'number', value: '2', step: '0.5', 'aria-label': 'Seconds', style: 'width:70px' });
    const add = () => {
      const body = { kind: kind.value };
      if (kind.value === 'fail_next' || kind.value === 'delay') body.target = target.value;
      if (kind.value === 'fail_next') body.status = Number(statusCode.value);
      if (kind.value === 'delay' || kind.value === 'refuse_websockets') body.seconds = Number(seconds.value);
      this.control('Fault', 'POST', '/__mockmost__/faults', body, () => this.showFaults(slot));
    };
    clear(slot).append(
      h('div.controls.wrap', kind, target, statusCode, seconds,
        h('button', { type: 'button', on: { click: add } }, 'Add fault'),
        h('button.ghost', { type: 'button', on: { click: () => this.control('Faults cleared', 'DELETE', '/__mockmost__/faults',
          undefined, () => this.showFaults(slot)) } }, 'Clear faults')),
      rules.length ? h('pre.json', json(rules)) : h('p.muted', 'No faults armed.'));
  }

  async showClock(slot) {
    const now = await this.available('/__mockmost__/clock');
    if (!now) {
      slot.append(h('p.muted', 'Clock control is not available on this server.'));
      return;
    }
    const set = (label, body) => this.control(label, 'POST', '/__mockmost__/clock', body, () => this.showClock(slot));
    const secs = h('input', { type: 'number', value: '3600', 'aria-label': 'Advance by seconds', style: 'width:90px' });
    clear(slot).append(
      h('p', h('strong', new Date(now.now).toString()), now.frozen ? h('span.tag', 'FROZEN') : null),
      h('div.controls.wrap',
        now.frozen ? h('button', { type: 'button', on: { click: () => set('Unfreeze', { unfreeze: true }) } }, 'Unfreeze')
          : h('button', { type: 'button', on: { click: () => set('Freeze', { freeze: true }) } }, 'Freeze'),
        secs, h('button', { type: 'button', on: { click: () => set('Advance', { advance: Number(secs.value) }) } }, 'Advance'),
        h('button.ghost', { type: 'button', on: { click: () => set('Advance', { advance: 86400 }) } }, '+1 day')));
  }
}

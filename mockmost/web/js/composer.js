// The message box: Enter sends, Shift+Enter makes a new line, "/" opens slash-command autocomplete,
// files upload before the post is made, and typing is announced over the WebSocket.

import { get, post } from './api.js';
import { clear, h } from './dom.js';

const TYPING_EVERY_MS = 2000;

export class Composer {
  constructor(chat, { rootId }) {
    this.chat = chat;
    this.rootId = rootId;
    this.channel = null;
    this.files = [];
    this.suggestions = [];
    this.active = -1;
    this.lastTyping = 0;
    const listId = `suggest-${rootId || 'center'}`;
    this.area = h('textarea.box', {
      rows: 1, 'aria-label': 'Write to', placeholder: 'Write a message…',
      'aria-autocomplete': 'list', 'aria-controls': listId, 'aria-expanded': 'false',
      on: {
        keydown: (e) => this.onKey(e),
        input: () => this.onInput(),
        paste: (e) => this.onPaste(e),
      },
    });
    this.fileInput = h('input', { type: 'file', multiple: true, hidden: true, 'aria-label': 'Attach files',
      on: { change: () => this.upload([...this.fileInput.files]) } });
    this.suggest = h('ul.suggestions', { id: listId, role: 'listbox', hidden: true, 'aria-label': 'Suggestions' });
    this.fileList = h('div.pending-files');
    this.error = h('div.send-error', { role: 'alert' });
    this.el = h('div.composer', this.suggest, this.fileList,
      h('div.composer-row',
        h('button.attach', { type: 'button', title: 'Attach files', 'aria-label': 'Attach files',
          on: { click: () => this.fileInput.click() } }, '📎'),
        this.area, this.fileInput,
        h('button.send', { type: 'button', 'aria-label': 'Send', on: { click: () => this.submit() } }, 'Send')),
      this.error);
    this.el.addEventListener('dragover', (e) => e.preventDefault());
    this.el.addEventListener('drop', (e) => {
      e.preventDefault();
      this.upload([...e.dataTransfer.files]);
    });
  }

  setChannel(channel, label) {
    this.channel = channel;
    this.area.setAttribute('aria-label', label);
    this.area.placeholder = label;
  }

  focus() {
    this.area.focus();
  }

  onKey(e) {
    if (!this.suggest.hidden && this.suggestions.length) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const n = this.suggestions.length;
        this.active = (this.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
        this.renderSuggestions();
        return;
      }
      if ((e.key === 'Tab' || e.key === 'Enter') && this.active >= 0) {
        e.preventDefault();
        this.choose(this.suggestions[this.active]);
        return;
      }
      if (e.key === 'Escape') {
        this.hideSuggestions();
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.submit();
    }
  }

  onInput() {
    this.area.style.height = 'auto';
    this.area.style.height = `${Math.min(this.area.scrollHeight, 200)}px`;
    const now = Date.now();
    if (this.channel && this.area.value && now - this.lastTyping > TYPING_EVERY_MS) {
      this.lastTyping = now;
      this.chat.sendTyping(this.channel.id, this.rootId);
    }
    this.autocomplete();
  }

  async autocomplete() {
    if (!this.channel) return this.hideSuggestions();
    const value = this.area.value;
    const before = value.slice(0, this.area.selectionStart ?? value.length);
    const command = value.match(/^\/(\S*)$/);
    const mention = before.match(/(^|\s)@([a-z0-9._-]*)$/i);
    if (command) return this.suggestCommands(command[1].toLowerCase());
    if (mention) return this.suggestUsers(mention[2].toLowerCase());
    return this.hideSuggestions();
  }

  async suggestCommands(prefix) {
    const teamId = this.channel.team_id || (this.chat.team && this.chat.team.id);
    const commands = await this.chat.commandsFor(teamId);
    if (this.area.value.match(/^\/(\S*)$/)?.[1].toLowerCase() !== prefix) return;
    this.kind = 'command';
    this.suggest.setAttribute('aria-label', 'Commands');
    this.suggestions = commands.filter((c) => c.trigger.toLowerCase().startsWith(prefix))
      .sort((a, b) => a.trigger.localeCompare(b.trigger)).slice(0, 20)
      .map((c) => ({ label: `/${c.trigger}`, hint: c.auto_complete_hint, desc: c.auto_complete_desc,
        insert: () => { this.area.value = `/${c.trigger} `; } }));
    this.active = this.suggestions.length ? 0 : -1;
    this.renderSuggestions();
  }

  async suggestUsers(prefix) {
    const params = new URLSearchParams({ name: prefix, limit: '10' });
    if (this.channel.team_id) params.set('in_team', this.channel.team_id);
    params.set('in_channel', this.channel.id);
    let res;
    try { res = await get(`/api/v4/users/autocomplete?${params}`); } catch { return; }
    const users = [...(res.users || []), ...(res.out_of_channel || [])];
    users.forEach((u) => this.chat.addUser(u));
    this.kind = 'mention';
    this.suggest.setAttribute('aria-label', 'Users');
    const special = ['here', 'channel', 'all'].filter((n) => n.startsWith(prefix))
      .map((n) => ({ username: n, special: true }));
    this.suggestions = [...users, ...special].slice(0, 12).map((u) => ({
      label: `@${u.username}`,
      hint: u.special ? '' : [u.first_name, u.last_name].filter(Boolean).join(' '),
      desc: u.special ? 'Notifies everyone in this channel' : u.is_bot ? 'BOT' : '',
      insert: () => {
        const pos = this.area.selectionStart ?? this.area.value.length;
        const head = this.area.value.slice(0, pos).replace(/@([a-z0-9._-]*)$/i, `@${u.username} `);
        this.area.value = head + this.area.value.slice(pos);
        this.area.selectionStart = this.area.selectionEnd = head.length;
      },
    }));
    this.active = this.suggestions.length ? 0 : -1;
    this.renderSuggestions();
  }

  renderSuggestions() {
    if (!this.suggestions.length) return this.hideSuggestions();
    this.suggest.hidden = false;
    this.area.setAttribute('aria-expanded', 'true');
    clear(this.suggest).append(...this.suggestions.map((c, i) => h('li', {
      role: 'option', id: `${this.suggest.id}-${i}`, 'aria-selected': String(i === this.active),
      on: { mousedown: (e) => { e.preventDefault(); this.choose(c); } },
    }, h('strong', c.label), c.hint ? h('span.hint', ` ${c.hint}`) : null,
    c.desc ? h('span.desc', c.desc) : null)));
    if (this.active >= 0) this.area.setAttribute('aria-activedescendant', `${this.suggest.id}-${this.active}`);
    return undefined;
  }

  hideSuggestions() {
    this.suggest.hidden = true;
    this.suggestions = [];
    this.area.setAttribute('aria-expanded', 'false');
    this.area.removeAttribute('aria-activedescendant');
  }

  choose(c) {
    c.insert();
    this.hideSuggestions();
    this.area.focus();
  }

  onPaste(e) {
    const files = [...(e.clipboardData?.files || [])];
    if (files.length) {
      e.preventDefault();
      this.upload(files);
    }
  }

  upload(files) {
    if (!this.channel || !files.length) return undefined;
    const done = this.uploadNow(files);
    this.inflight = (this.inflight || []).concat(done);
    done.finally(() => { this.inflight = this.inflight.filter((p) => p !== done); });
    return done;
  }

  async uploadNow(files) {
    const form = new FormData();
    form.append('channel_id', this.channel.id);
    for (const f of files) form.append('files', f, f.name);
    const chips = files.map((f) => h('span.file-chip.uploading', f.name));
    this.fileList.append(...chips);
    try {
      const res = await post(`/api/v4/files?channel_id=${this.channel.id}`, form);
      this.files.push(...res.file_infos);
    } catch (err) {
      this.error.textContent = err.message;
    }
    chips.forEach((c) => c.remove());
    this.renderFiles();
    this.fileInput.value = '';
  }

  renderFiles() {
    clear(this.fileList).append(...this.files.map((f) => h('span.file-chip', f.name, h('button.ghost', {
      type: 'button', 'aria-label': `Remove ${f.name}`,
      on: { click: () => { this.files = this.files.filter((x) => x !== f); this.renderFiles(); } },
    }, '✕'))));
  }

  async submit() {
    const message = this.area.value;
    if ((!message.trim() && !this.files.length) || !this.channel || this.sending) return;
    this.hideSuggestions();
    this.sending = true;
    this.error.textContent = '';
    // A message sent while its files are still uploading waits for them, so it carries them.
    if (this.inflight && this.inflight.length) await Promise.allSettled(this.inflight);
    const fileIds = this.files.map((f) => f.id);
    this.area.value = '';
    try {
      await this.chat.send({ channel: this.channel, rootId: this.rootId, message, fileIds });
      this.files = [];
      this.renderFiles();
    } catch (err) {
      this.area.value = message;
      this.error.textContent = err.message;
    } finally {
      this.sending = false;
      this.onInput();
      this.area.focus();
    }
  }
}

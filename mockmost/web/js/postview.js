// How one post looks: author, time, Markdown, attachments with interactive buttons and menus, files with
// previews, reactions, and the actions on one's own posts (edit, delete). Chat owns the state; this draws it.

import { del, post, put } from './api.js';
import { clear, h, timeOf, dateOf } from './dom.js';
import { EMOJI, render } from './markdown.js';

const QUICK_REACTIONS = ['+1', 'heart', 'smile', 'tada', 'eyes', 'rocket', 'white_check_mark', 'joy'];

function colorOf(id) {
  let n = 0;
  for (const c of id || '') n = (n * 31 + c.charCodeAt(0)) >>> 0;
  return `hsl(${n % 360} 55% 45%)`;
}

export class PostView {
  constructor(chat) {
    this.chat = chat;
  }

  continues(prev, p) {
    // Consecutive posts by one author within five minutes share one header, as in the real client.
    return Boolean(prev && p && prev.user_id === p.user_id && !prev.delete_at && p.create_at - prev.create_at < 300000
      && !(prev.type || '').startsWith('system_') && !(p.type || '').startsWith('system_') && !prev.ephemeral
      && !p.ephemeral && !(p.props && p.props.from_webhook) && dateOf(prev.create_at) === dateOf(p.create_at));
  }

  authorOf(p) {
    const props = p.props || {};
    if (props.override_username && props.from_webhook === 'true') return props.override_username;
    return this.chat.userName(p.user_id);
  }

  postNode(p, where, cont = false) {
    const key = `${where}:${p.id}`;
    const mine = p.user_id === this.chat.me.id;
    const user = this.chat.users.get(p.user_id);
    const isBot = (user && user.is_bot) || (p.props && p.props.from_bot === 'true');
    const system = p.type && p.type.startsWith('system_');
    const author = this.authorOf(p);
    const el = h(`div.post${system ? '.system' : ''}${p.ephemeral ? '.ephemeral' : ''}${cont ? '.cont' : ''}`, {
      id: `${where}-post-${p.id}`, 'data-post-id': p.id, role: 'article',
      'aria-label': `${author} at ${timeOf(p.create_at)}`,
    },
    h('div.avatar', { style: `background:${colorOf(p.user_id)}`, 'aria-hidden': 'true' },
      (author || '?').slice(0, 1).toUpperCase()),
    h('div.post-body',
      h('div.post-head', h('strong.author', author), isBot ? h('span.tag', 'BOT') : null,
        h('time', { datetime: new Date(p.create_at).toISOString(), title: new Date(p.create_at).toString() },
          timeOf(p.create_at)),
        p.edit_at ? h('span.edited', '(edited)') : null,
        p.ephemeral ? h('span.only-you', '(Only visible to you)') : null),
      h('div.message', { html: p.delete_at ? '<p><em>(message deleted)</em></p>' : render(p.message, this.chat.mdContext()) }),
      p.delete_at ? null : this.attachmentsNode(p),
      p.delete_at ? null : this.filesNode(p),
      p.delete_at ? null : this.reactionsNode(p),
      where === 'center' && p.reply_count ? h('button.replies', {
        type: 'button', on: { click: () => this.chat.openThread(p.id) },
      }, `${p.reply_count} ${p.reply_count === 1 ? 'reply' : 'replies'}`) : null),
    p.ephemeral || p.delete_at || system ? null : h('div.post-actions',
      h('button', { type: 'button', title: 'Add reaction', 'aria-label': 'Add reaction',
        on: { click: (e) => this.reactionPicker(p, e.currentTarget) } }, '☺'),
      where === 'center' ? h('button', { type: 'button', title: 'Reply', 'aria-label': 'Reply',
        on: { click: () => this.chat.openThread(p.root_id || p.id) } }, '↩') : null,
      mine ? h('button', { type: 'button', title: 'Edit', 'aria-label': 'Edit',
        on: { click: () => this.editPost(p, el) } }, '✎') : null,
      mine ? h('button', { type: 'button', title: 'Delete', 'aria-label': 'Delete',
        on: { click: () => this.confirmDelete(p, el) } }, '🗑') : null));
    this.chat.nodes.set(key, el);
    return el;
  }

  attachmentsNode(p) {
    const attachments = (p.props && p.props.attachments) || [];
    if (!attachments.length) return null;
    return h('div.attachments', attachments.map((a) => h('div.attachment', {
      style: a.color ? `border-left-color:${a.color.startsWith('#') ? a.color : `#${a.color}`}` : null,
    },
    a.pretext ? h('div.pretext', { html: render(a.pretext, this.chat.mdContext()) }) : null,
    a.author_name ? h('div.att-author', a.author_name) : null,
    a.title ? h('div.att-title', a.title_link ? h('a', { href: a.title_link, target: '_blank', rel: 'noopener' },
      a.title) : a.title) : null,
    a.text ? h('div.att-text', { html: render(a.text, this.chat.mdContext()) }) : null,
    a.fields && a.fields.length ? h('div.att-fields', a.fields.map((f) => h(`div.att-field${f.short ? '.short' : ''}`,
      h('div.att-field-title', f.title || ''), h('div', { html: render(String(f.value ?? ''), this.chat.mdContext()) })))) : null,
    a.image_url ? h('img.att-image', { src: a.image_url, alt: a.title || 'attachment image', loading: 'lazy' }) : null,
    a.actions && a.actions.length ? h('div.att-actions', a.actions.map((act) => this.actionNode(p, act))) : null,
    a.footer ? h('div.att-footer', a.footer) : null)));
  }

  actionNode(p, act) {
    if (act.type === 'select') {
      let options = act.options || [];
      if (act.data_source === 'users') options = [...this.chat.users.values()].map((u) => ({ text: u.username, value: u.id }));
      if (act.data_source === 'channels') {
        options = [...this.chat.channels.values()].filter((c) => c.type === 'O').map((c) => ({ text: c.display_name, value: c.id }));
      }
      const select = h('select.att-select', { 'aria-label': act.name, disabled: act.disabled || null,
        on: { change: () => select.value && this.doAction(p, act, select.value) } },
      h('option', { value: '' }, act.name || 'Select an option'),
      options.map((o) => h('option', { value: o.value, selected: act.default_option === o.value || null }, o.text)));
      return select;
    }
    return h(`button.att-button${act.style ? `.style-${act.style}` : ''}`, {
      type: 'button', disabled: act.disabled || null,
      on: { click: () => this.doAction(p, act) },
    }, act.name);
  }

  async doAction(p, act, selected) {
    try {
      await post(`/api/v4/posts/${p.id}/actions/${act.id}`, selected ? { selected_option: selected } : {});
    } catch (err) {
      this.chat.toast(err.message);
    }
  }

  filesNode(p) {
    const files = (p.metadata && p.metadata.files) || [];
    if (!files.length) return null;
    return h('div.files', files.map((f) => (f.mime_type || '').startsWith('image/')
      ? h('a.file-image', { href: `/api/v4/files/${f.id}/preview`, target: '_blank', title: f.name },
        h('img', { src: `/api/v4/files/${f.id}/thumbnail`, alt: f.name, loading: 'lazy' }))
      : h('a.file', { href: `/api/v4/files/${f.id}?download=1`, download: f.name },
        h('span.file-icon', '📄'), h('span', f.name), h('span.file-size', `${Math.ceil((f.size || 0) / 1024)} KB`))));
  }

  reactionsNode(p) {
    const reactions = (p.metadata && p.metadata.reactions) || [];
    if (!reactions.length) return null;
    const byName = new Map();
    for (const r of reactions) {
      if (!byName.has(r.emoji_name)) byName.set(r.emoji_name, []);
      byName.get(r.emoji_name).push(r.user_id);
    }
    return h('div.reactions', [...byName].map(([name, users]) => {
      const mine = users.includes(this.chat.me.id);
      return h(`button.reaction${mine ? '.mine' : ''}`, {
        type: 'button', 'aria-pressed': String(mine),
        title: `${users.map((u) => this.chat.userName(u)).join(', ')} reacted with :${name}:`,
        'aria-label': `${name} ${users.length}`,
        on: { click: () => this.toggleReaction(p, name, mine) },
      }, EMOJI[name] || `:${name}:`, ' ', h('span.count', String(users.length)));
    }));
  }

  async toggleReaction(p, name, mine) {
    try {
      if (mine) await del(`/api/v4/users/me/posts/${p.id}/reactions/${encodeURIComponent(name)}`);
      else await post('/api/v4/reactions', { user_id: this.chat.me.id, post_id: p.id, emoji_name: name });
    } catch (err) {
      this.chat.toast(err.message);
    }
  }

  reactionPicker(p, anchor) {
    document.querySelectorAll('.picker').forEach((el) => el.remove());
    const picker = h('div.picker', { role: 'dialog', 'aria-label': 'Emoji picker' },
      QUICK_REACTIONS.map((name) => h('button', {
        type: 'button', title: `:${name}:`, 'aria-label': name,
        on: { click: () => { picker.remove(); this.toggleReaction(p, name, false); } },
      }, EMOJI[name])));
    anchor.closest('.post').append(picker);
    setTimeout(() => document.addEventListener('click', () => picker.remove(), { once: true }), 0);
  }

  editPost(p, el) {
    const box = el.querySelector('.message');
    const area = h('textarea.edit-box', { 'aria-label': 'Edit message', rows: 3 });
    area.value = p.message;
    const save = async () => {
      try {
        await put(`/api/v4/posts/${p.id}/patch`, { message: area.value });
      } catch (err) {
        this.chat.toast(err.message);
      }
    };
    const restore = () => { box.innerHTML = render(p.message, this.chat.mdContext()); };
    area.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); save(); }
      if (e.key === 'Escape') restore();
    });
    clear(box).append(area, h('div.edit-buttons',
      h('button', { type: 'button', on: { click: save } }, 'Save'),
      h('button.ghost', { type: 'button', on: { click: restore } }, 'Cancel')));
    area.focus();
  }

  confirmDelete(p, el) {
    el.querySelector('.confirm')?.remove();
    el.querySelector('.post-body').append(h('div.confirm', { role: 'alertdialog', 'aria-label': 'Delete message' },
      'Delete this message? ',
      h('button.danger', { type: 'button', on: { click: async () => {
        try { await del(`/api/v4/posts/${p.id}`); } catch (err) { this.chat.toast(err.message); }
      } } }, 'Delete'),
      h('button.ghost', { type: 'button', on: { click: (e) => e.target.closest('.confirm').remove() } }, 'Cancel')));
  }
}

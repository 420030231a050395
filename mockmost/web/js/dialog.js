// Interactive dialogs: the bot opens one (the open_dialog event, after a trigger_id), the person fills it in,
// and it is submitted to /api/v4/actions/dialogs/submit; field errors from the integration are shown inline.

import { post } from './api.js';
import { clear, h } from './dom.js';
import { render } from './markdown.js';

function field(chat, el) {
  const id = `dlg-${el.name}`;
  const label = h('label', { for: id }, el.display_name || el.name, el.optional ? h('span.optional', ' (optional)') : null);
  let input;
  const options = el.data_source === 'users'
    ? [...chat.users.values()].map((u) => ({ text: u.username, value: u.id }))
    : el.data_source === 'channels'
      ? [...chat.channels.values()].filter((c) => c.type === 'O').map((c) => ({ text: c.display_name, value: c.id }))
      : el.options || [];
  if (el.type === 'textarea') {
    input = h('textarea', { id, name: el.name, placeholder: el.placeholder || null, maxlength: el.max_length || null });
    input.value = el.default || '';
  } else if (el.type === 'select') {
    input = h('select', { id, name: el.name },
      h('option', { value: '' }, el.placeholder || 'Select an option'),
      options.map((o) => h('option', { value: o.value, selected: o.value === el.default || null }, o.text)));
  } else if (el.type === 'bool') {
    input = h('input', { id, name: el.name, type: 'checkbox', checked: el.default === 'true' || null });
    return h('div.dlg-field.bool', h('label', input, ' ', el.placeholder || el.display_name),
      el.help_text ? h('div.help', el.help_text) : null, h('div.field-error', { 'data-for': el.name }));
  } else if (el.type === 'radio') {
    input = h('div.radio', { role: 'radiogroup', 'aria-label': el.display_name },
      options.map((o) => h('label', h('input', { type: 'radio', name: el.name, value: o.value,
        checked: o.value === el.default || null }), ' ', o.text)));
  } else {
    const type = { email: 'email', number: 'number', password: 'password', tel: 'tel', url: 'url' }[el.subtype] || 'text';
    input = h('input', { id, name: el.name, type, placeholder: el.placeholder || null,
      minlength: el.min_length || null, maxlength: el.max_length || null });
    input.value = el.default || '';
  }
  return h('div.dlg-field', label, input, el.help_text ? h('div.help', el.help_text) : null,
    h('div.field-error', { 'data-for': el.name }));
}

function values(form, elements) {
  const out = {};
  for (const el of elements) {
    if (el.type === 'bool') out[el.name] = form.elements[el.name].checked;
    else if (el.type === 'radio') out[el.name] = form.querySelector(`input[name="${el.name}"]:checked`)?.value || '';
    else {
      const v = form.elements[el.name].value;
      out[el.name] = el.subtype === 'number' && v !== '' ? Number(v) : v;
    }
  }
  return out;
}

export function openDialog(chat, request) {
  if (!request || !request.dialog) return;
  const d = request.dialog;
  const elements = d.elements || [];
  const channel = chat.channel || {};
  const base = { url: request.url, callback_id: d.callback_id, state: d.state,
    channel_id: channel.id, team_id: channel.team_id || (chat.team && chat.team.id) };
  const general = h('div.field-error', { role: 'alert' });
  const form = h('form', { method: 'dialog' },
    h('h2', d.title || 'Dialog'),
    d.introduction_text ? h('div.intro', { html: render(d.introduction_text, chat.mdContext()) }) : null,
    elements.map((el) => field(chat, el)),
    general,
    h('div.dlg-buttons',
      h('button.ghost', { type: 'button', value: 'cancel', on: { click: () => cancel() } }, 'Cancel'),
      h('button', { type: 'submit' }, d.submit_label || 'Submit')));
  const dialog = h('dialog.modal', { 'aria-label': d.title || 'Dialog' }, form);
  const close = () => { dialog.close(); dialog.remove(); };
  const cancel = async () => {
    close();
    if (d.notify_on_cancel) {
      try { await post('/api/v4/actions/dialogs/submit', { ...base, cancelled: true, submission: {} }); } catch { /* ignored */ }
    }
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    form.querySelectorAll('.field-error').forEach((x) => clear(x));
    const submission = values(form, elements);
    const missing = elements.filter((el) => !el.optional && el.type !== 'bool' && submission[el.name] === '');
    for (const el of missing) form.querySelector(`[data-for="${el.name}"]`).textContent = 'This field is required.';
    if (missing.length) return;
    try {
      const res = await post('/api/v4/actions/dialogs/submit', { ...base, submission, cancelled: false });
      const errors = (res && res.errors) || {};
      for (const [name, text] of Object.entries(errors)) {
        const slot = form.querySelector(`[data-for="${name}"]`);
        if (slot) slot.textContent = text;
      }
      if (res && res.error) general.textContent = res.error;
      if (!Object.keys(errors).length && !(res && res.error)) close();
    } catch (err) {
      general.textContent = err.message;
    }
  });
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); cancel(); });
  document.body.append(dialog);
  dialog.showModal();
}

// A small Markdown renderer for posts: fenced code, inline code, bold, italic, strike, links, autolinks,
// headings, quotes, lists, @mentions, ~channels and :emoji:. Everything is escaped first; only the tags
// made here reach the page.

export const EMOJI = {
  '+1': '👍', thumbsup: '👍', '-1': '👎', thumbsdown: '👎', smile: '😄', smiley: '😃', grinning: '😀',
  laughing: '😆', joy: '😂', wink: '😉', blush: '😊', heart_eyes: '😍', thinking_face: '🤔', thinking: '🤔',
  cry: '😢', sob: '😭', angry: '😠', rage: '😡', scream: '😱', sunglasses: '😎', neutral_face: '😐',
  slightly_smiling_face: '🙂', upside_down_face: '🙃', confused: '😕', open_mouth: '😮', sweat_smile: '😅',
  heart: '❤️', broken_heart: '💔', fire: '🔥', tada: '🎉', rocket: '🚀', star: '⭐', sparkles: '✨',
  white_check_mark: '✅', heavy_check_mark: '✔️', x: '❌', warning: '⚠️', exclamation: '❗', question: '❓',
  eyes: '👀', wave: '👋', clap: '👏', pray: '🙏', muscle: '💪', ok_hand: '👌', raised_hands: '🙌',
  point_up: '☝️', point_right: '👉', bulb: '💡', bug: '🐛', robot: '🤖', robot_face: '🤖', coffee: '☕',
  pizza: '🍕', beer: '🍺', zap: '⚡', boom: '💥', 100: '💯', memo: '📝', calendar: '📅', lock: '🔒',
  key: '🔑', bell: '🔔', hourglass: '⌛', stopwatch: '⏱️', link: '🔗', package: '📦', wrench: '🔧',
  hammer: '🔨', gear: '⚙️', chart_with_upwards_trend: '📈', email: '📧', ship: '🚢', construction: '🚧',
  sunny: '☀️', cloud: '☁️', umbrella: '☂️', snowflake: '❄️', smile_cat: '😸', dog: '🐶', cat: '🐱',
  see_no_evil: '🙈', shrug: '🤷', facepalm: '🤦', party_popper: '🎉', grin: '😁', slightly_frowning_face: '🙁',
};

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function emojiChar(name) {
  return EMOJI[name] || null;
}

function safeUrl(url) {
  return /^(https?:|mailto:|\/)/i.test(url) ? url : null;
}

function inline(text, ctx) {
  const slots = [];
  const keep = (html) => `\u0000${slots.push(html) - 1}\u0000`;
  let s = text.replace(/`([^`\n]+)`/g, (_, code) => keep(`<code>${esc(code)}</code>`));
  s = s.replace(/!\[([^\]\n]*)\]\(([^)\s]+)\)/g, (m, alt, url) => {
    const src = safeUrl(url);
    return src ? keep(`<img class="md-image" src="${esc(src)}" alt="${esc(alt)}" loading="lazy">`) : m;
  });
  s = s.replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (m, label, url) => {
    const href = safeUrl(url);
    return href ? keep(`<a href="${esc(href)}" target="_blank" rel="noopener noreferrer">${esc(label)}</a>`) : m;
  });
  s = s.replace(/\bhttps?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]/g,
    (url) => keep(`<a href="${esc(url)}" target="_blank" rel="noopener noreferrer">${esc(url)}</a>`));
  s = esc(s);
  s = s.replace(/\*\*([^*\n]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w*])\*([^*\n]+)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^\w])_([^_\n]+)_(?!\w)/g, '$1<em>$2</em>')
    .replace(/~~([^~\n]+)~~/g, '<del>$1</del>');
  s = s.replace(/(^|[^\w@.])@([a-z0-9][a-z0-9._-]*[a-z0-9_]|[a-z0-9])/gi, (m, pre, name) => {
    const lower = name.toLowerCase();
    const self = ctx && ctx.me && lower === ctx.me.toLowerCase();
    const special = ['here', 'channel', 'all'].includes(lower);
    const known = special || (ctx && ctx.isUser && ctx.isUser(lower));
    if (!known) return m;
    const cls = `mention${self || special ? ' mention-self' : ''}`;
    return `${pre}<span class="${cls}" data-mention="${esc(lower)}">@${esc(name)}</span>`;
  });
  s = s.replace(/(^|\s)~([a-z0-9_-]+)/gi, '$1<span class="channel-mention">~$2</span>');
  s = s.replace(/:([a-z0-9_+-]+):/gi, (m, name) => {
    const ch = EMOJI[name.toLowerCase()];
    return ch ? `<span class="emoji" title=":${esc(name)}:" role="img" aria-label=":${esc(name)}:">${ch}</span>` : m;
  });
  return s.replace(/\u0000(\d+)\u0000/g, (_, i) => slots[Number(i)]);
}

export function render(text, ctx = {}) {
  const lines = (text || '').replace(/\r\n?/g, '\n').split('\n');
  const out = [];
  let para = [];
  const flush = () => {
    if (para.length) out.push(`<p>${para.map((l) => inline(l, ctx)).join('<br>')}</p>`);
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = line.match(/^\s*(```|~~~)\s*([\w+-]*)\s*$/);
    if (fence) {
      flush();
      const body = [];
      for (i++; i < lines.length && !lines[i].trim().startsWith(fence[1]); i++) body.push(lines[i]);
      const lang = fence[2] ? ` data-lang="${esc(fence[2])}"` : '';
      out.push(`<pre class="code"${lang}><code>${esc(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    if (heading) {
      flush();
      const n = heading[1].length;
      out.push(`<h${n + 2 > 6 ? 6 : n + 2} class="md-h">${inline(heading[2], ctx)}</h${n + 2 > 6 ? 6 : n + 2}>`);
      continue;
    }
    if (/^>\s?/.test(line)) {
      flush();
      const body = [];
      for (; i < lines.length && /^>\s?/.test(lines[i]); i++) body.push(lines[i].replace(/^>\s?/, ''));
      i--;
      out.push(`<blockquote>${render(body.join('\n'), ctx)}</blockquote>`);
      continue;
    }
    const item = line.match(/^\s*([-*+]|\d+[.)])\s+(.*)$/);
    if (item) {
      flush();
      const ordered = /\d/.test(item[1]);
      const items = [];
      for (; i < lines.length; i++) {
        const m = lines[i].match(/^\s*([-*+]|\d+[.)])\s+(.*)$/);
        if (!m) break;
        items.push(`<li>${inline(m[2], ctx)}</li>`);
      }
      i--;
      out.push(ordered ? `<ol>${items.join('')}</ol>` : `<ul>${items.join('')}</ul>`);
      continue;
    }
    if (!line.trim()) { flush(); continue; }
    para.push(line);
  }
  flush();
  return out.join('');
}

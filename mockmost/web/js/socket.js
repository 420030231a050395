// The WebSocket as the real web client keeps it: cookie-authenticated, events counted by seq, reconnecting
// with growing, jittered delays, and resuming with connection_id + sequence_number so nothing is missed.

const MIN_RETRY_MS = 1000;
const MAX_RETRY_MS = 30000;

export class Socket {
  constructor({ onEvent, onStatus, onResync }) {
    this.onEvent = onEvent;
    this.onStatus = onStatus || (() => {});
    this.onResync = onResync || (() => {});
    this.connectionId = '';
    this.serverSeq = 0;
    this.actionSeq = 1;
    this.retries = 0;
    this.closedByUs = false;
    this.ws = null;
  }

  url() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    let url = `${proto}//${location.host}/api/v4/websocket`;
    if (this.connectionId) url += `?connection_id=${this.connectionId}&sequence_number=${this.serverSeq}`;
    return url;
  }

  connect() {
    this.closedByUs = false;
    const ws = new WebSocket(this.url());
    this.ws = ws;
    this.onStatus('connecting');
    ws.onopen = () => { this.retries = 0; this.onStatus('connected'); };
    ws.onmessage = (msg) => this.receive(msg.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.closedByUs) return;
      this.onStatus('disconnected');
      const delay = Math.min(MAX_RETRY_MS, MIN_RETRY_MS * 2 ** this.retries) * (0.75 + Math.random() / 2);
      this.retries += 1;
      this.timer = setTimeout(() => this.connect(), this.retries === 1 ? 100 : delay);
    };
  }

  receive(text) {
    let msg;
    try { msg = JSON.parse(text); } catch { return; }
    if (msg.seq_reply !== undefined || msg.status) return;
    if (msg.event === 'hello') {
      const resync = this.hadHello && msg.data.connection_id !== this.connectionId;
      this.connectionId = msg.data.connection_id;
      this.serverSeq = (msg.seq || 0) + 1;
      this.hadHello = true;
      if (resync) this.onResync();
      this.onEvent(msg);
      return;
    }
    if (typeof msg.seq === 'number') {
      if (msg.seq !== this.serverSeq) {
        // A gap: what was missed cannot be replayed; start a fresh connection (its hello triggers a reload).
        this.connectionId = '';
        this.ws.close();
        return;
      }
      this.serverSeq = msg.seq + 1;
    }
    this.onEvent(msg);
  }

  send(action, data) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(JSON.stringify({ action, seq: this.actionSeq++, data }));
  }

  close() {
    this.closedByUs = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close();
    this.ws = null;
    this.connectionId = '';
    this.serverSeq = 0;
    this.hadHello = false;
  }
}

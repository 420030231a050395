// The official JS WebSocketClient (@mattermost/client) against mockmost, under Node.
// Usage: node ws_client.js <site_url> <bot_token> <alice_token> <channel_id> <alice_id>
// Prints one JSON line with what each client saw; tests/clients/test_js_websocket.py asserts on it.
'use strict';

const WS = require('ws');
globalThis.WebSocket = WS;
if (!globalThis.CloseEvent) {
    globalThis.CloseEvent = class CloseEvent {
        constructor(type, init = {}) {
            this.type = type;
            Object.assign(this, init);
        }
    };
}
const {Client4, WebSocketClient} = require('@mattermost/client');

const [siteUrl, botToken, aliceToken, channelId, aliceId] = process.argv.slice(2);
const wsUrl = siteUrl.replace(/^http/, 'ws') + '/api/v4/websocket';
const quiet = {log: console.log};
console.log = () => {}; // the client logs its own progress; keep stdout for the result

function watch(client) {
    const seen = {events: [], replies: [], missed: 0, reconnects: 0};
    client.addMessageListener((msg) => seen.events.push(msg));
    client.addMissedMessageListener(() => { seen.missed += 1; });
    client.addReconnectListener(() => { seen.reconnects += 1; });
    return seen;
}

function waitFor(predicate, what, timeout = 8000) {
    const start = Date.now();
    return new Promise((resolve, reject) => {
        const tick = () => {
            const value = predicate();
            if (value) {
                resolve(value);
            } else if (Date.now() - start > timeout) {
                reject(new Error('timed out waiting for ' + what));
            } else {
                setTimeout(tick, 20);
            }
        };
        tick();
    });
}

const postedWith = (seen, message) => () => seen.events.find((m) => m.event === 'posted' &&
    JSON.parse(m.data.post).message === message);

async function main() {
    const rest = new Client4();
    rest.setUrl(siteUrl);
    rest.setToken(aliceToken);

    // (1) token by authentication_challenge, as the web and mobile apps do without a cookie
    const challenged = new WebSocketClient({minWebSocketRetryTime: 100, reconnectJitterRange: 1});
    const a = watch(challenged);
    const authReply = new Promise((resolve) => { challenged.responseCallbacks[1] = resolve; });
    challenged.initialize(wsUrl, botToken);
    await waitFor(() => a.events.find((m) => m.event === 'hello'), 'hello (challenge)');
    const auth = await authReply;

    // (2) token in the upgrade request's header: the connection can be resumed
    const headed = new WebSocketClient({
        minWebSocketRetryTime: 100,
        reconnectJitterRange: 1,
        newWebSocketFn: (url) => new WS(url, {headers: {Authorization: 'Bearer ' + botToken}}),
    });
    const b = watch(headed);
    headed.initialize(wsUrl);
    const helloB = await waitFor(() => b.events.find((m) => m.event === 'hello'), 'hello (header)');

    await rest.createPost({channel_id: channelId, message: 'from js one'});
    await waitFor(postedWith(a, 'from js one'), 'posted on a');
    await waitFor(postedWith(b, 'from js one'), 'posted on b');

    // typing from alice's own WebSocketClient reaches the bot
    const alice = new WebSocketClient({minWebSocketRetryTime: 100});
    const c = watch(alice);
    alice.initialize(wsUrl, aliceToken);
    await waitFor(() => c.events.find((m) => m.event === 'hello'), 'hello (alice)');
    const typingReply = await new Promise((resolve) => alice.userTyping(channelId, '', resolve));
    const typing = await waitFor(() => a.events.find((m) => m.event === 'typing'), 'typing');

    // reconnection: both sockets drop, a post is made meanwhile
    challenged.conn.close();
    headed.conn.close();
    await rest.createPost({channel_id: channelId, message: 'while away'});
    await waitFor(() => a.reconnects > 0 && b.reconnects > 0, 'reconnects');
    await waitFor(postedWith(b, 'while away'), 'missed post replayed on b');
    await rest.createPost({channel_id: channelId, message: 'after'});
    await waitFor(postedWith(a, 'after'), 'posted after reconnect on a');
    await waitFor(postedWith(b, 'after'), 'posted after reconnect on b');

    for (const client of [challenged, headed, alice]) {
        client.close();
    }
    const summary = (seen) => ({
        events: seen.events.map((m) => [m.event, m.seq]),
        missed: seen.missed,
        reconnects: seen.reconnects,
        hellos: seen.events.filter((m) => m.event === 'hello').map((m) => m.data.connection_id),
    });
    quiet.log(JSON.stringify({
        auth, typingReply, typing, aliceId,
        helloB: helloB.data,
        challenged: summary(a),
        headed: summary(b),
    }));
}

main().then(() => process.exit(0), (err) => {
    quiet.log(JSON.stringify({error: String(err && err.stack || err)}));
    process.exit(1);
});

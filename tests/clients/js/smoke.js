// Mattermost's official JS driver (Client4 + WebSocketClient from @mattermost/client) against a server:
// login, create team, channel and post, read back, an AppError as ClientError, and `posted` on the socket.
// Usage: node smoke.js BASE_URL LOGIN_ID PASSWORD. Prints one JSON line per step; exit 0 all passed,
// 1 a REST step failed, 2 the WebSocket step failed.
'use strict';
const {Client4, WebSocketClient} = require('@mattermost/client');
const WebSocket = require('ws');
// The driver is written for browsers: it reads WebSocket.OPEN from the global (Node 20 has no global WebSocket).
globalThis.WebSocket = globalThis.WebSocket || WebSocket;

const [baseUrl, loginId, password] = process.argv.slice(2);
const suffix = Math.random().toString(36).slice(2, 10);

function step(name, detail) {
    console.log(JSON.stringify({step: name, ok: true, ...detail}));
}

function fail(name, err, code) {
    console.log(JSON.stringify({step: name, ok: false, error: String(err && (err.stack || err.message) || err),
        server_error_id: err && err.server_error_id, status_code: err && err.status_code}));
    process.exit(code);
}

function socketEvent(ws, predicate, timeoutMs) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms`)), timeoutMs);
        ws.addMessageListener((msg) => {
            if (predicate(msg)) {
                clearTimeout(timer);
                resolve(msg);
            }
        });
    });
}

async function main() {
    const client = new Client4();
    client.setUrl(baseUrl);
    let team, channel, post;
    try {
        const me = await client.login(loginId, password);
        if (!client.getToken()) throw new Error('no Token header after login');
        step('login', {user_id: me.id});
        team = await client.createTeam({name: `js-${suffix}`, display_name: `JS ${suffix}`, type: 'O'});
        step('create_team', {team_id: team.id});
        channel = await client.createChannel({team_id: team.id, name: `js-${suffix}`, display_name: 'JS', type: 'O'});
        step('create_channel', {channel_id: channel.id});
    } catch (err) {
        fail('rest_setup', err, 1);
    }

    const ws = new WebSocketClient({newWebSocketFn: (url) => new WebSocket(url), maxWebSocketFails: 1});
    const wsUrl = baseUrl.replace(/^http/, 'ws') + '/api/v4/websocket';
    const hello = socketEvent(ws, (m) => m.event === 'hello', 5000);
    try {
        ws.initialize(wsUrl, client.getToken());
        const msg = await hello;
        step('socket_hello', {connection_id: ws.getConnectionId ? ws.getConnectionId() : undefined,
            server_version: msg.data && msg.data.server_version});
    } catch (err) {
        ws.close();
        fail('socket_hello', err, 2);
    }
    const posted = socketEvent(ws, (m) => m.event === 'posted', 5000);

    try {
        post = await client.createPost({channel_id: channel.id, message: `hello from Client4 ${suffix}`});
        step('create_post', {post_id: post.id});
        const back = await client.getPost(post.id);
        if (back.message !== post.message) throw new Error(`read back ${back.message}`);
        const list = await client.getPosts(channel.id);
        if (!list.order.includes(post.id)) throw new Error('post missing from the channel page');
        step('read_back', {order: list.order.length});
        try {
            await client.getPost('zzzzzzzzzzzzzzzzzzzzzzzzzz');
            throw new Error('unknown post answered');
        } catch (err) {
            if (err.status_code !== 404 || !err.server_error_id) throw err;
            step('client_error', {server_error_id: err.server_error_id, status_code: err.status_code});
        }
    } catch (err) {
        ws.close();
        fail('rest_posts', err, 1);
    }

    try {
        const msg = await posted;
        const data = JSON.parse(msg.data.post);
        if (data.id !== post.id) throw new Error(`posted event for ${data.id}`);
        if (msg.broadcast.channel_id !== channel.id) throw new Error('posted broadcast to another channel');
        step('socket_posted', {post_id: data.id, seq: msg.seq, channel_type: msg.data.channel_type});
    } catch (err) {
        ws.close();
        fail('socket_posted', err, 2);
    }
    ws.close();
    process.exit(0);
}

main().catch((err) => fail('unexpected', err, 1));

// A bot author's test in JavaScript: Mattermost's official Client4 against `mockmost serve`, driven through
// mockmost's control API (/__mockmost__/). The README shows this file; make test runs it with
//   MOCKMOST_URL=http://127.0.0.1:PORT node --test control_example.test.js
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const {Client4} = require('@mattermost/client');

const url = process.env.MOCKMOST_URL || 'http://127.0.0.1:8065';

async function control(method, path, body) {
    const res = await fetch(`${url}/__mockmost__${path}`, {
        method, headers: {'Content-Type': 'application/json'}, body: body && JSON.stringify(body),
    });
    return {status: res.status, body: await res.json()};
}

test.beforeEach(async () => {
    await control('POST', '/reset');   // the seed again, no faults, the wall clock, empty journal and events
});

test('a failed post is retried and the server saw both attempts', async () => {
    const client = new Client4();
    client.setUrl(url);
    await client.login('alice', 'alice-password');
    const team = await client.getTeamByName('testteam');
    const dev = await client.getChannelByName(team.id, 'dev');

    await control('POST', '/faults', {kind: 'fail_next', target: 'CreatePost', status: 503});
    await assert.rejects(client.createPost({channel_id: dev.id, message: 'hi'}), (err) => err.status_code === 503);
    const post = await client.createPost({channel_id: dev.id, message: 'hi'});

    // The `posted` event, with the post as the WebSocket carries it (a JSON string).
    const waited = await control('POST', '/events/wait',
        {event: 'posted', match: {data: {post: {message: 'hi'}}}, timeout: 5});
    assert.equal(waited.status, 200);
    assert.equal(JSON.parse(waited.body.data.post).id, post.id);

    const journal = await control('GET', '/requests?target=CreatePost');
    assert.deepEqual(journal.body.map((r) => r.status), [503, 201]);
    assert.equal(journal.body[1].body.message, 'hi');
});

test('a frozen clock stamps posts; a snapshot is restored', async () => {
    // Frozen first: a session made at today's date would have expired by 2030.
    const clock = await control('POST', '/clock', {freeze: true, at: '2030-01-01T00:00:00Z'});
    assert.equal(clock.body.now, Date.UTC(2030, 0, 1));
    const client = new Client4();
    client.setUrl(url);
    await client.login('alice', 'alice-password');
    const team = await client.getTeamByName('testteam');
    const dev = await client.getChannelByName(team.id, 'dev');
    const post = await client.createPost({channel_id: dev.id, message: 'new year'});
    assert.equal(post.create_at, Date.UTC(2030, 0, 1));

    await control('POST', '/snapshots', {name: 'before'});
    await client.deletePost(post.id);
    await control('POST', '/snapshots/before/restore');
    assert.equal((await client.getPost(post.id)).message, 'new year');
});

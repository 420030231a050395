// Mattermost's official JS driver (Client4 from @mattermost/client) on bots, collapsed threads, post search,
// ephemeral posts, set_unread and reminders. Usage:
//   node bots_threads.js BASE_URL ADMIN_TOKEN ALICE_TOKEN ALICE_ID TEAM_ID CHANNEL_ID ROOT_ID REPLY_ID
// Prints one JSON line per step ({step, ok, ...}); exit 1 at the first failure.
'use strict';
const {Client4} = require('@mattermost/client');

const [baseUrl, adminToken, aliceToken, aliceId, teamId, channelId, rootId, replyId] = process.argv.slice(2);

function client(token) {
    const c = new Client4();
    c.setUrl(baseUrl);
    c.setToken(token);
    return c;
}

async function run(name, fn) {
    try {
        const detail = await fn();
        console.log(JSON.stringify({step: name, ok: true, ...detail}));
    } catch (err) {
        console.log(JSON.stringify({step: name, ok: false, error: String(err && (err.stack || err.message) || err),
            server_error_id: err && err.server_error_id, status_code: err && err.status_code}));
        process.exit(1);
    }
}

async function main() {
    const admin = client(adminToken);
    const alice = client(aliceToken);
    let bot;
    await run('create_bot', async () => {
        bot = await admin.createBot({username: 'jsbot', display_name: 'JS Bot', description: 'from Node'});
        return {user_id: bot.user_id, username: bot.username, owner_id: bot.owner_id};
    });
    await run('patch_bot', async () => ({description: (await admin.patchBot(bot.user_id, {description: 'patched'})).description}));
    await run('get_bots', async () => ({ids: (await admin.getBots()).map((b) => b.user_id)}));
    await run('disable_bot', async () => ({delete_at: (await admin.disableBot(bot.user_id)).delete_at}));
    await run('orphaned_bots', async () => ({count: (await admin.getBotsIncludeDeleted()).length}));
    await run('create_bot_refused', async () => {
        try {
            await alice.createBot({username: 'nope'});
        } catch (err) {
            return {server_error_id: err.server_error_id, status_code: err.status_code};
        }
        throw new Error('alice created a bot');
    });
    await run('user_threads', async () => {
        const list = await alice.getUserThreads(aliceId, teamId, {extended: true});
        const t = list.threads[0];
        return {total: list.total, unread: list.total_unread_threads, id: t.id, reply_count: t.reply_count,
            participants: t.participants.map((p) => p.username)};
    });
    await run('read_thread', async () => {
        const t = await alice.updateThreadReadForUser(aliceId, teamId, rootId, Date.now());
        return {unread_replies: t.unread_replies};
    });
    await run('unread_thread', async () => {
        const t = await alice.markThreadAsUnreadForUser(aliceId, teamId, rootId, replyId);
        return {unread_replies: t.unread_replies};
    });
    await run('get_thread', async () => ({id: (await alice.getUserThread(aliceId, teamId, rootId)).id}));
    await run('unfollow', async () => ({status: (await alice.updateThreadFollowForUser(aliceId, teamId, rootId, false)).status}));
    await run('threads_after_unfollow', async () => ({total: (await alice.getUserThreads(aliceId, teamId, {})).total}));
    await run('search', async () => {
        const found = await alice.searchPostsWithParams(teamId, {terms: 'lighthouse', is_or_search: false});
        return {order: found.order, matches: found.matches};
    });
    await run('search_all_teams', async () => ({order: (await alice.searchPostsWithParams('', {terms: 'lighthouse'})).order}));
    await run('ephemeral', async () => {
        const p = await admin.createPostEphemeral(aliceId, {channel_id: channelId, message: 'only alice'});
        return {type: p.type, id: p.id};
    });
    await run('set_unread', async () => {
        const u = await alice.markPostAsUnread(aliceId, rootId);
        return {channel_id: u.channel_id, last_viewed_at: u.last_viewed_at};
    });
    await run('reminder', async () => ({status: (await alice.addPostReminder(aliceId, rootId, 2000000000)).status}));
}

main();

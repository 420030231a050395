// Mattermost's official Go driver (model.Client4 and model.WebSocketClient from
// github.com/mattermost/mattermost/server/public) against a server: login, create team, channel
// and post, read back, an AppError, and `posted` on the socket.
// Usage: smoke BASE_URL LOGIN_ID PASSWORD. One JSON line per step; exit 0 all passed, 1 a REST
// step failed, 2 the WebSocket step failed.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
)

func emit(step string, ok bool, detail map[string]any) {
	out := map[string]any{"step": step, "ok": ok}
	for k, v := range detail {
		out[k] = v
	}
	line, _ := json.Marshal(out)
	fmt.Println(string(line))
}

func fail(step string, err error, code int) {
	detail := map[string]any{"error": err.Error()}
	var appErr *model.AppError
	if errors.As(err, &appErr) {
		detail["server_error_id"] = appErr.Id
		detail["status_code"] = appErr.StatusCode
	}
	emit(step, false, detail)
	os.Exit(code)
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: smoke BASE_URL LOGIN_ID PASSWORD")
		os.Exit(64)
	}
	baseURL, loginID, password := os.Args[1], os.Args[2], os.Args[3]
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	suffix := fmt.Sprintf("%08x", rand.Uint32())

	client := model.NewAPIv4Client(baseURL)
	me, _, err := client.Login(ctx, loginID, password)
	if err != nil {
		fail("login", err, 1)
	}
	emit("login", true, map[string]any{"user_id": me.Id})
	team, _, err := client.CreateTeam(ctx, &model.Team{Name: "go-" + suffix, DisplayName: "Go " + suffix, Type: model.TeamOpen})
	if err != nil {
		fail("create_team", err, 1)
	}
	emit("create_team", true, map[string]any{"team_id": team.Id})
	channel, _, err := client.CreateChannel(ctx, &model.Channel{TeamId: team.Id, Name: "go-" + suffix, DisplayName: "Go", Type: model.ChannelTypeOpen})
	if err != nil {
		fail("create_channel", err, 1)
	}
	emit("create_channel", true, map[string]any{"channel_id": channel.Id})

	wsURL := "ws" + strings.TrimPrefix(baseURL, "http")
	ws, err := model.NewWebSocketClient4(wsURL, client.AuthToken)
	if err != nil {
		fail("socket_connect", err, 2)
	}
	defer ws.Close()
	ws.Listen()
	// The server's hub registers a connection after the upgrade (HubRegister goes through the hub's channel
	// on 11.2 too): an event published before registration does not reach it. Wait for hello, as a careful
	// client does, before posting.
	helloBy := time.After(5 * time.Second)
	for waiting := true; waiting; {
		select {
		case event, ok := <-ws.EventChannel:
			if !ok {
				fail("socket_connect", fmt.Errorf("socket closed: %v", ws.ListenError), 2)
			}
			waiting = event.EventType() != model.WebsocketEventHello
		case <-helloBy:
			fail("socket_connect", errors.New("no hello within 5 s"), 2)
		}
	}
	emit("socket_connect", true, nil)

	post, _, err := client.CreatePost(ctx, &model.Post{ChannelId: channel.Id, Message: "hello from model.Client4 " + suffix})
	if err != nil {
		fail("create_post", err, 1)
	}
	emit("create_post", true, map[string]any{"post_id": post.Id})
	back, _, err := client.GetPost(ctx, post.Id, "")
	if err != nil || back.Message != post.Message {
		fail("read_back", fmt.Errorf("read back %v: %w", back, err), 1)
	}
	list, _, err := client.GetPostsForChannel(ctx, channel.Id, 0, 60, "", false, false)
	if err != nil {
		fail("read_back", err, 1)
	}
	if _, found := list.Posts[post.Id]; !found {
		fail("read_back", errors.New("post missing from the channel page"), 1)
	}
	emit("read_back", true, map[string]any{"order": len(list.Order)})
	_, resp, err := client.GetPost(ctx, "zzzzzzzzzzzzzzzzzzzzzzzzzz", "")
	var appErr *model.AppError
	if err == nil || !errors.As(err, &appErr) || resp == nil || resp.StatusCode != 404 {
		fail("client_error", fmt.Errorf("unknown post answered: %v", err), 1)
	}
	emit("client_error", true, map[string]any{"server_error_id": appErr.Id, "status_code": appErr.StatusCode})

	deadline := time.After(5 * time.Second)
	for {
		select {
		case event, ok := <-ws.EventChannel:
			if !ok {
				fail("socket_posted", fmt.Errorf("socket closed: %v", ws.ListenError), 2)
			}
			if event.EventType() != model.WebsocketEventPosted {
				continue
			}
			var got model.Post
			if err := json.Unmarshal([]byte(event.GetData()["post"].(string)), &got); err != nil {
				fail("socket_posted", err, 2)
			}
			if got.Id != post.Id || event.GetBroadcast().ChannelId != channel.Id {
				fail("socket_posted", fmt.Errorf("posted event for %s in %s", got.Id, event.GetBroadcast().ChannelId), 2)
			}
			emit("socket_posted", true, map[string]any{"post_id": got.Id, "seq": event.GetSequence()})
			return
		case <-deadline:
			fail("socket_posted", errors.New("no posted event within 5 s"), 2)
		}
	}
}

// A bot author's test in Go: Mattermost's official model.Client4 against `mockmost serve`, driven through
// mockmost's control API (/__mockmost__/). The README shows this file; make test runs it with
//
//	MOCKMOST_URL=http://127.0.0.1:PORT go test -run TestControl .
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
)

func mockmostURL() string {
	if url := os.Getenv("MOCKMOST_URL"); url != "" {
		return url
	}
	return "http://127.0.0.1:8065"
}

// control calls /__mockmost__/<path> with a JSON body and decodes the JSON answer into out.
func control(t *testing.T, method, path string, body any, out any) int {
	t.Helper()
	var reader *bytes.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		reader = bytes.NewReader(raw)
	} else {
		reader = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, mockmostURL()+"/__mockmost__"+path, reader)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("control %s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	if out != nil {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			t.Fatalf("control %s %s: %v", method, path, err)
		}
	}
	return res.StatusCode
}

func aliceInDev(t *testing.T, ctx context.Context) (*model.Client4, *model.Channel) {
	client := model.NewAPIv4Client(mockmostURL())
	if _, _, err := client.Login(ctx, "alice", "alice-password"); err != nil {
		t.Fatal(err)
	}
	team, _, err := client.GetTeamByName(ctx, "testteam", "")
	if err != nil {
		t.Fatal(err)
	}
	dev, _, err := client.GetChannelByName(ctx, "dev", team.Id, "")
	if err != nil {
		t.Fatal(err)
	}
	return client, dev
}

func TestControlFailedPostIsRetried(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	control(t, "POST", "/reset", nil, nil)
	client, dev := aliceInDev(t, ctx)

	control(t, "POST", "/faults", map[string]any{"kind": "fail_next", "target": "CreatePost", "status": 503}, nil)
	_, resp, err := client.CreatePost(ctx, &model.Post{ChannelId: dev.Id, Message: "hi"})
	var appErr *model.AppError
	if err == nil || !errors.As(err, &appErr) || resp.StatusCode != 503 {
		t.Fatalf("want the injected 503, got %v (%v)", err, resp)
	}
	post, _, err := client.CreatePost(ctx, &model.Post{ChannelId: dev.Id, Message: "hi"})
	if err != nil {
		t.Fatal(err)
	}

	var event struct {
		Event string         `json:"event"`
		Data  map[string]any `json:"data"`
	}
	wait := map[string]any{"event": "posted", "match": map[string]any{"data": map[string]any{"post": map[string]any{"message": "hi"}}}, "timeout": 5}
	if status := control(t, "POST", "/events/wait", wait, &event); status != 200 {
		t.Fatalf("no posted event: %d", status)
	}
	var posted model.Post
	postJSON, _ := event.Data["post"].(string)
	if err := json.Unmarshal([]byte(postJSON), &posted); err != nil || posted.Id != post.Id {
		t.Fatalf("posted carries %q, want %q (%v)", posted.Id, post.Id, err)
	}

	var journal []struct {
		Status int            `json:"status"`
		Body   map[string]any `json:"body"`
	}
	control(t, "GET", "/requests?target=CreatePost", nil, &journal)
	if len(journal) != 2 || journal[0].Status != 503 || journal[1].Status != 201 || journal[1].Body["message"] != "hi" {
		t.Fatalf("journal: %+v", journal)
	}
}

func TestControlFrozenClockAndSnapshot(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	control(t, "POST", "/reset", nil, nil)
	// Frozen first: a session made at today's date would have expired by 2030.
	newYear := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	var clock struct {
		Now    int64 `json:"now"`
		Frozen bool  `json:"frozen"`
	}
	control(t, "POST", "/clock", map[string]any{"freeze": true, "at": newYear}, &clock)
	if clock.Now != newYear || !clock.Frozen {
		t.Fatalf("clock: %+v", clock)
	}
	client, dev := aliceInDev(t, ctx)
	post, _, err := client.CreatePost(ctx, &model.Post{ChannelId: dev.Id, Message: "new year"})
	if err != nil || post.CreateAt != newYear {
		t.Fatalf("post at %d, want %d (%v)", post.CreateAt, newYear, err)
	}

	control(t, "POST", "/snapshots", map[string]any{"name": "before"}, nil)
	if _, err := client.DeletePost(ctx, post.Id); err != nil {
		t.Fatal(err)
	}
	control(t, "POST", "/snapshots/before/restore", nil, nil)
	back, _, err := client.GetPost(ctx, post.Id, "")
	if err != nil || back.Message != "new year" {
		t.Fatalf("after restore: %v %v", back, err)
	}
}

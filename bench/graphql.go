package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// Client sends GraphQL requests over HTTP as a client application would:
// POST with a JSON body and a bearer token, on kept-alive connections.
type Client struct {
	// urls: one per instance; requests take them in turn.
	urls   []string
	http   *http.Client
	tokens []string
	next   atomic.Uint64
}

// NewClient returns a client of the API at http://addr/graphql. Requests
// rotate through tokens: the service limits requests per token, and a
// benchmark that wants the service's capacity must stay below that limit.
func NewClient(addr string, tokens []string) *Client {
	return NewSpreadClient([]string{addr}, tokens)
}

// NewSpreadClient returns a client of several instances of the API, at
// http://addr/graphql for each of addrs, sending requests to them in turn
// as a round-robin load balancer would.
func NewSpreadClient(addrs []string, tokens []string) *Client {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConns = 256
	transport.MaxIdleConnsPerHost = 256
	urls := make([]string, len(addrs))
	for i, addr := range addrs {
		urls[i] = "http://" + addr + "/graphql"
	}
	return &Client{
		urls:   urls,
		http:   &http.Client{Transport: transport, Timeout: 30 * time.Second},
		tokens: tokens,
	}
}

// GraphQLError is an error the API answered with.
type GraphQLError struct {
	Status  int
	Message string
	Code    string
}

func (e *GraphQLError) Error() string {
	return fmt.Sprintf("HTTP %d %s: %s", e.Status, e.Code, e.Message)
}

// Do sends one operation and decodes its data into out (nil: discard). An
// answer with errors is an error, even when it carries data too.
func (c *Client) Do(ctx context.Context, query string, variables map[string]any, out any) error {
	body, err := json.Marshal(map[string]any{"query": query, "variables": variables})
	if err != nil {
		return err
	}
	n := c.next.Add(1)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.urls[n%uint64(len(c.urls))], bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json, application/json")
	if len(c.tokens) > 0 {
		req.Header.Set("Authorization", "Bearer "+c.tokens[n%uint64(len(c.tokens))])
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var answer struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message    string `json:"message"`
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &answer); err != nil {
		return &GraphQLError{Status: resp.StatusCode, Message: trim(strings.TrimSpace(string(raw)), 200)}
	}
	if len(answer.Errors) > 0 {
		e := answer.Errors[0]
		return &GraphQLError{Status: resp.StatusCode, Message: e.Message, Code: e.Extensions.Code}
	}
	if resp.StatusCode != http.StatusOK {
		return &GraphQLError{Status: resp.StatusCode, Message: trim(string(raw), 200)}
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(answer.Data, out)
}

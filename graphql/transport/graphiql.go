package transport

import "net/http"

// serveGraphiQL serves a GraphiQL page: a static document that the browser
// completes from a CDN (the server fetches nothing). The scripts are pinned
// with Subresource Integrity, so a tampered CDN file is refused. It needs
// no token: the token goes in the Headers tab as
// {"Authorization": "Bearer ..."} and is not stored by the page; queries
// and mutations send it as a header, subscriptions in connection_init.
func serveGraphiQL(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write([]byte(graphiqlPage))
}

// The endpoint is derived from the page's own location, so the page works
// at / and at /graphql, also behind a path prefix.
const graphiqlPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Planner GraphiQL</title>
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
<link rel="stylesheet" href="https://unpkg.com/graphiql@3.9.0/graphiql.min.css"
  integrity="sha384-QMux00XgRtwRLSYIY3kw2rj1ovk5AuuliAchk+HSQbqdbGFnz9GYuqIlOqxhwCE2" crossorigin="anonymous">
<script src="https://unpkg.com/react@18.3.1/umd/react.production.min.js"
  integrity="sha384-DGyLxAyjq0f9SPpVevD6IgztCFlnMF6oW/XQGmfe+IsZ8TqEiDrcHkMLKI6fiB/Z" crossorigin="anonymous"></script>
<script src="https://unpkg.com/react-dom@18.3.1/umd/react-dom.production.min.js"
  integrity="sha384-gTGxhz21lVGYNMcdJOyq01Edg0jhn/c22nsx0kyqP0TxaV5WVdsSH1fSDUf5YJj1" crossorigin="anonymous"></script>
<script src="https://unpkg.com/graphiql@3.9.0/graphiql.min.js"
  integrity="sha384-8NGfVj4CVlqHajlZj+bPJT4thxPMHMJYn7DWK2CvtopLd02E7qsPHazniBYvVjOO" crossorigin="anonymous"></script>
<script src="https://unpkg.com/graphql-ws@6.0.6/umd/graphql-ws.min.js"
  integrity="sha384-L1uJSNgAjZOt7z6iPU+1qyztx98nQKw6uivIFC4oPZlOoimpFurLFG/Ysyo4BkAp" crossorigin="anonymous"></script>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script>
(function () {
  var path = location.pathname.replace(/\/+$/, '');
  var endpoint = /\/graphql$/.test(path) ? path : path + '/graphql';
  var wsURL = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + endpoint;
  var httpFetcher = GraphiQL.createFetcher({ url: endpoint });

  // One socket per token: a new token in the Headers tab opens a new one.
  var ws = null, wsAuth = null;
  function wsClient(auth) {
    if (!ws || wsAuth !== auth) {
      if (ws) { ws.dispose(); }
      wsAuth = auth;
      ws = graphqlWs.createClient({ url: wsURL, connectionParams: function () { return auth ? { Authorization: auth } : {}; } });
    }
    return ws;
  }
  function isSubscription(params) {
    var q = (params.query || '').replace(/#[^\n\r]*/g, '');
    if (params.operationName) {
      return new RegExp('\\bsubscription\\s+' + params.operationName + '\\b').test(q);
    }
    return /^\s*subscription\b/.test(q);
  }
  function fetcher(params, opts) {
    var headers = (opts && opts.headers) || {};
    if (!isSubscription(params)) {
      return httpFetcher(params, opts);
    }
    var client = wsClient(headers.Authorization || headers.authorization || '');
    return {
      subscribe: function (sink) {
        var dispose = client.subscribe(params, {
          next: function (v) { sink.next(v); },
          error: function (e) { sink.error(e); },
          complete: function () { sink.complete(); }
        });
        return { unsubscribe: dispose };
      }
    };
  }
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultHeaders: '{\n  "Authorization": "Bearer "\n}',
      defaultEditorToolsVisibility: 'headers',
      shouldPersistHeaders: false
    })
  );
})();
</script>
</body>
</html>
`

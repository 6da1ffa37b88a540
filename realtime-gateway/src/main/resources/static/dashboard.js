// The gateway's live dashboard: plain JS, no build step. Authenticates with an "auth" message
// (keeps the key out of URLs), subscribes, shows messages, polls /api/v1/realtime/stats.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const MAX_ROWS = 500;
  let ws = null;
  let statsTimer = null;

  function status(text, ok) {
    $('status').textContent = text;
    $('status').className = ok ? 'status' : 'status off';
  }

  function row(text, cls) {
    const li = document.createElement('li');
    li.textContent = text;
    if (cls) li.className = cls;
    const list = $('messages');
    list.insertBefore(li, list.firstChild);
    while (list.childNodes.length > MAX_ROWS) list.removeChild(list.lastChild);
  }

  function enable(connected) {
    $('connect').disabled = connected;
    $('disconnect').disabled = !connected;
    $('subscribe').disabled = !connected;
    $('publish').disabled = !connected;
  }

  function send(obj) {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(obj));
  }

  function onMessage(event) {
    let m;
    try { m = JSON.parse(event.data); } catch (e) { row('unparseable frame: ' + event.data, 'error'); return; }
    switch (m.type) {
      case 'authenticated':
        status('connected as ' + m.key_id, true);
        enable(true);
        startStats();
        break;
      case 'channel_message':
        row(m.channel + ' #' + m.seq + ' ' + m.ts + ' ' + JSON.stringify(m.data));
        break;
      case 'subscription_confirmed': {
        const span = document.createElement('span');
        span.className = 'sub';
        span.textContent = m.channel + ' ';
        $('subscriptions').appendChild(span);
        row('subscribed to ' + m.channel, 'notice');
        break;
      }
      case 'dropped':
        row('dropped ' + m.count + ' messages of ' + m.channel + ' (too slow)', 'notice');
        break;
      case 'history_gap':
        row('history gap on ' + m.channel + ': seq ' + m.missed_from + '..' + m.missed_to + ' are gone', 'notice');
        break;
      case 'error':
        row('error ' + m.code + ': ' + m.message, 'error');
        break;
      default:
        break;
    }
  }

  function connect() {
    const key = $('key').value.trim();
    if (!key) { row('enter an API key first', 'error'); return; }
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    ws = new WebSocket(scheme + '//' + location.host + '/ws');
    status('connecting', false);
    ws.onopen = () => send({ type: 'auth', token: key });
    ws.onmessage = onMessage;
    ws.onclose = (e) => {
      status('closed ' + e.code + (e.reason ? ' (' + e.reason + ')' : ''), false);
      enable(false);
      stopStats();
      $('subscriptions').textContent = '';
      ws = null;
    };
  }

  function subscribe() {
    const msg = { type: 'subscribe', channel: $('channel').value.trim() };
    const from = $('fromSeq').value.trim();
    if (from !== '') msg.from_seq = Number(from);
    send(msg);
  }

  function publish() {
    let data;
    try { data = JSON.parse($('pubData').value); } catch (e) { row('data is not JSON: ' + e.message, 'error'); return; }
    send({ type: 'publish', channel: $('pubChannel').value.trim(), data });
  }

  async function refreshStats() {
    try {
      const r = await fetch('/api/v1/realtime/stats', { headers: { Authorization: 'Bearer ' + $('key').value.trim() } });
      if (!r.ok) return;
      const stats = await r.json();
      const body = $('metrics').tBodies[0];
      body.textContent = '';
      for (const [name, value] of Object.entries(stats)) {
        const tr = body.insertRow();
        tr.insertCell().textContent = name;
        tr.insertCell().textContent = typeof value === 'number' ? Math.round(value).toLocaleString() : String(value);
      }
    } catch (e) { /* the next poll retries */ }
  }

  function startStats() { stopStats(); refreshStats(); statsTimer = setInterval(refreshStats, 2000); }
  function stopStats() { if (statsTimer) clearInterval(statsTimer); statsTimer = null; }

  $('connect').addEventListener('click', connect);
  $('disconnect').addEventListener('click', () => ws && ws.close(1000, 'bye'));
  $('subscribe').addEventListener('click', subscribe);
  $('publish').addEventListener('click', publish);
  status('disconnected', false);
})();

// The ChordMR dashboard: reads one node's JSON API with the cluster token, renders the ring, the
// jobs and the datasets, and refreshes the view on screen every second. No library, no build step;
// every value from the API reaches the page as text (textContent), never as markup.
'use strict';
(() => {
  const TOKEN_KEY = 'chordmr.token';
  const REFRESH_MS = 1000;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const PALETTE = ['#2457c5', '#d1495b', '#2a9d8f', '#e09f3e', '#6a4c93', '#3a86ff', '#8a5a44', '#1b998b', '#c04cfd', '#5c946e'];
  const ACTIVE = new Set(['Pending', 'Running']);
  const JOB_STATES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Cancelled'];

  // Every member any ring answer listed since the page loaded: one that is no longer listed is shown as gone.
  const seenMembers = new Map();
  let generation = 0;
  let timer = null;

  const $ = (sel) => document.querySelector(sel);

  function build(doc, tag, attrs, kids) {
    const e = doc(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') e.textContent = String(v);
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const kid of kids.flat()) {
      if (kid !== null && kid !== undefined && kid !== false) e.append(kid instanceof Node ? kid : String(kid));
    }
    return e;
  }
  const el = (tag, attrs, ...kids) => build((t) => document.createElement(t), tag, attrs, kids);
  const svg = (tag, attrs, ...kids) => build((t) => document.createElementNS(SVG_NS, t), tag, attrs, kids);

  // ---- formatting ----
  function bytes(n) {
    if (n === null || n === undefined) return '–';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    let v = n;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i === 0 ? v : v.toFixed(v < 10 ? 2 : 1)) + ' ' + units[i];
  }
  function duration(ms) {
    if (ms === null || ms === undefined || ms < 0) return '–';
    if (ms < 1000) return Math.round(ms) + ' ms';
    const s = ms / 1000;
    if (s < 60) return s.toFixed(1) + ' s';
    const m = Math.floor(s / 60);
    if (m < 60) return m + ' min ' + String(Math.floor(s % 60)).padStart(2, '0') + ' s';
    return Math.floor(m / 60) + ' h ' + String(m % 60).padStart(2, '0') + ' min';
  }
  const clock = (ms) => (ms > 0 ? new Date(ms).toLocaleString() : '–');
  const elapsed = (start, end) => (start > 0 ? duration((end > 0 ? end : Date.now()) - start) : '–');
  const num = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString());
  const pct = (x) => (x * 100).toFixed(1) + '%';
  const enc = encodeURIComponent;

  function stateTag(state) {
    return el('span', {class: 'state state-' + state, 'data-state': state, text: state});
  }
  function bar(percent, state, label) {
    const p = Math.max(0, Math.min(100, Number(percent) || 0));
    const fill = el('span');
    fill.style.width = p + '%'; // through the CSSOM: the page's policy refuses style attributes
    return el('div', {class: 'bar' + (state === 'Succeeded' ? ' done' : state === 'Failed' ? ' failed' : ''), role: 'progressbar',
      'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': p.toFixed(1), 'aria-label': label || 'progress'},
    fill, el('em', {text: p.toFixed(p > 0 && p < 10 ? 1 : 0) + '%'}));
  }
  function figures(pairs) {
    return el('dl', {class: 'figures'}, pairs.map(([k, v]) => el('div', null, el('dt', {text: k}), el('dd', null, v))));
  }
  function table(caption, headers, rows) {
    const head = el('tr', null, headers.map((h) => el('th', {scope: 'col', class: h.num ? 'num' : null, text: h.label || h})));
    return el('div', {class: 'scroll'}, el('table', null, caption ? el('caption', {class: 'muted', text: caption}) : null,
      el('thead', null, head), el('tbody', null, rows)));
  }
  const td = (v, cls) => el('td', {class: cls}, v === null || v === undefined ? '–' : v);

  // ---- the API ----
  class Unauthorized extends Error {}

  async function api(path, init) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) throw new Unauthorized('');
    const r = await fetch(path, Object.assign({cache: 'no-store', headers: {Authorization: 'Bearer ' + token}}, init || {}));
    if (r.status === 401) throw new Unauthorized('The node refused the token.');
    const type = r.headers.get('Content-Type') || '';
    const body = type.startsWith('application/json') ? await r.json() : await r.text();
    if (!r.ok) throw new Error((body && body.error) || r.status + ' ' + r.statusText);
    return body;
  }

  // ---- sign-in: the token arrives in the URL fragment (never sent to a server) or the form ----
  function takeTokenFromFragment() {
    const m = location.hash.match(/^#(?:.*&)?token=([^&]*)/);
    if (!m) return false;
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
    history.replaceState(null, '', location.pathname + location.search + '#/ring'); // out of the address bar and history
    return true;
  }

  function showSignIn(message) {
    generation++;
    clearTimeout(timer);
    sessionStorage.removeItem(TOKEN_KEY);
    $('#view').hidden = true;
    $('#view').replaceChildren();
    $('#sign-out').hidden = true;
    $('#node').textContent = '';
    $('#status').textContent = '';
    $('#sign-in').hidden = false;
    $('#sign-in-error').textContent = message || '';
    $('#token').focus();
  }

  // ---- views ----
  const views = {
    ring: {
      mount(root) {
        root.append(el('h2', {text: 'Ring'}));
        const data = el('div');
        root.append(data);
        return {data};
      },
      async update(st) {
        const ring = await api('/ring?positions=true');
        const present = new Set(ring.members.map((m) => m.name));
        ring.members.forEach((m) => seenMembers.set(m.name, m));
        const rows = [...seenMembers.values()].map((m) => Object.assign({}, m,
          {state: present.has(m.name) ? (m.error ? 'unreachable' : 'up') : 'gone'}));
        rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const colors = new Map([...seenMembers.keys()].sort().map((n, i) => [n, PALETTE[i % PALETTE.length]]));
        const under = ring.members.reduce((s, m) => s + (m.underReplicated || 0), 0);
        const running = ring.members.reduce((s, m) => s + (m.tasksRunning || 0), 0);
        st.data.replaceChildren(
          ring.warning ? el('p', {class: 'alert warn', role: 'alert', text: ring.warning}) : '',
          figures([['Members', num(ring.size)], ['Replication', ring.replication + ' copies'],
            ['Successor list', String(ring.successorListLength)], ['Under-replicated keys', num(under)],
            ['Tasks running', num(running)], ['Answered by', ring.self.name]]),
          el('div', {class: 'row'},
            el('div', {class: 'card ring-card'}, ringCircle(ring, rows, colors)),
            el('div', {class: 'card wide'}, memberTable(rows, colors))));
      },
    },
    jobs: {
      mount(root, args) {
        const filter = el('select', {id: 'job-filter', onchange: (e) => {
          location.hash = '#/jobs' + (e.target.value ? '?state=' + enc(e.target.value) : '');
        }}, el('option', {value: '', text: 'All'}), JOB_STATES.map((s) => el('option', {value: s, text: s})));
        filter.value = args.query.get('state') || '';
        const counts = el('span', {class: 'muted'});
        const data = el('div');
        root.append(el('h2', {text: 'Jobs'}), el('div', {class: 'toolbar'}, el('label', {for: 'job-filter', text: 'State'}), filter, counts),
          data);
        return {data, counts, state: filter.value};
      },
      async update(st) {
        const {jobs} = await api('/jobs');
        // The list comes from saved records; a running job's coordinator has the live progress.
        const fresh = await Promise.all(jobs.map((j) => (ACTIVE.has(j.state) ? api('/jobs/' + enc(j.id)).catch(() => j) : j)));
        const tally = JOB_STATES.map((s) => [s, fresh.filter((j) => j.state === s).length]).filter(([, n]) => n > 0);
        st.counts.textContent = tally.map(([s, n]) => n + ' ' + s.toLowerCase()).join(', ') || 'no jobs yet';
        const shown = fresh.filter((j) => !st.state || j.state === st.state).sort((a, b) => b.submitTime - a.submitTime);
        st.data.replaceChildren(shown.length === 0 ? el('p', {class: 'muted', text: 'No jobs' + (st.state ? ' ' + st.state.toLowerCase() : '') + '.'})
          : table(null, ['Job', 'Name', 'State', 'Phase', 'Progress', {label: 'Maps', num: true}, {label: 'Reduces', num: true},
            {label: 'Elapsed', num: true}, 'Submitted'], shown.map((j) => el('tr', {'data-job': j.id},
            td(el('a', {href: '#/jobs/' + enc(j.id), text: j.id})), td(j.name), td(stateTag(j.state)), td(j.phase),
            td(bar(j.percent, j.state, 'progress of ' + j.id)), td(j.maps.succeeded + ' / ' + j.maps.total, 'num'),
            td(j.reduces.succeeded + ' / ' + j.reduces.total, 'num'), td(elapsed(j.startTime || j.submitTime, j.endTime), 'num'),
            td(clock(j.submitTime))))));
      },
    },
    job: {
      mount(root, args) {
        const id = args.parts[1];
        const cancel = el('button', {type: 'button', id: 'cancel', class: 'danger', hidden: true, onclick: async () => {
          if (!confirm('Cancel job ' + id + '? Its running attempts are killed and it ends Cancelled.')) return;
          cancel.disabled = true;
          try {
            await api('/jobs/' + enc(id), {method: 'DELETE'});
          } catch (e) {
            if (e instanceof Unauthorized) return showSignIn(e.message);
            $('#status').textContent = 'Cannot cancel ' + id + ': ' + e.message;
          }
        }}, 'Cancel job');
        const data = el('div');
        root.append(el('p', null, el('a', {href: '#/jobs', text: '← Jobs'})),
          el('div', {class: 'toolbar'}, el('h2', {text: 'Job ' + id}), cancel), data);
        return {id, data, cancel, output: null};
      },
      async update(st) {
        const [s, t] = await Promise.all([api('/jobs/' + enc(st.id)), api('/jobs/' + enc(st.id) + '/tasks')]);
        st.cancel.hidden = !ACTIVE.has(s.state);
        if (s.state === 'Succeeded' && s.outputDataset && st.output === null) {
          st.output = await api('/datasets/' + enc(s.outputDataset) + '?lines=20').catch((e) => 'cannot read the output: ' + e.message);
        }
        st.data.replaceChildren(
          s.error ? el('div', {class: 'alert', role: 'alert', id: 'job-error'}, el('strong', {text: 'The job failed: '}), s.error) : '',
          figures([['State', stateTag(s.state)], ['Phase', s.phase], ['Progress', bar(s.percent, s.state, 'progress of ' + s.id)],
            ['Maps', s.maps.succeeded + ' / ' + s.maps.total + (s.maps.failed ? ' (' + s.maps.failed + ' failed)' : '')],
            ['Reduces', s.reduces.succeeded + ' / ' + s.reduces.total + (s.reduces.failed ? ' (' + s.reduces.failed + ' failed)' : '')],
            ['Elapsed', elapsed(s.startTime || s.submitTime, s.endTime)], ['Coordinator', s.coordinator || '–'],
            ['Submitted', clock(s.submitTime)], ['Suspended', s.suspended ? 'yes' : 'no']]),
          s.failures && s.failures.length ? el('div', {class: 'card'}, el('h3', {text: 'Failed attempts'}),
            table(null, ['Task', {label: 'Attempt', num: true}, 'Node', 'Ended', 'Error'], s.failures.map((f) => el('tr', null,
              td(f.task), td(f.attempt, 'num'), td(f.node), td(clock(f.endTime)), td(f.error, 'error'))))) : '',
          el('div', {class: 'card'}, el('h3', {text: 'Timeline'}), timeline(s, t)),
          el('div', {class: 'card'}, el('h3', {text: 'Tasks'}), taskTable(t)),
          el('div', {class: 'row'},
            el('div', {class: 'card'}, el('h3', {text: 'Counters'}), table(null, ['Counter', {label: 'Value', num: true}],
              Object.entries(s.counters || {}).sort().map(([k, v]) => el('tr', null, td(k), td(num(v), 'num'))))),
            el('div', {class: 'card'}, el('h3', {text: 'Output'}), figures([['Where', s.outputDataset
              ? el('a', {href: '#/datasets/' + enc(s.outputDataset), text: s.outputDataset}) : s.outputUrl || '–'],
            ['Records', num(s.outputRecords)]]),
            st.output !== null ? el('pre', {id: 'output', 'aria-label': 'first lines of the output', text: st.output}) : '')));
      },
    },
    datasets: {
      refreshMs: 5000,
      mount(root) {
        const data = el('div');
        root.append(el('h2', {text: 'Datasets'}), data);
        return {data};
      },
      async update(st) {
        const {datasets} = await api('/datasets');
        const health = await Promise.all(datasets.slice(0, 100).map((d) => api('/datasets/' + enc(d.name) + '/replicas').catch(() => null)));
        st.data.replaceChildren(datasets.length === 0 ? el('p', {class: 'muted', text: 'No datasets yet.'})
          : table(null, ['Dataset', {label: 'Size', num: true}, {label: 'Chunks', num: true}, {label: 'Records', num: true}, 'Written',
            'Replication'], datasets.map((d, i) => el('tr', {'data-dataset': d.name},
            td(el('a', {href: '#/datasets/' + enc(d.name), text: d.name})), td(bytes(d.bytes), 'num'), td(num(d.chunks), 'num'),
            td(num(d.records), 'num'), td(clock(d.createdMillis)), td(replication(health[i]))))));
      },
    },
    dataset: {
      refreshMs: 5000,
      mount(root, args) {
        const name = args.parts[1];
        const data = el('div');
        root.append(el('p', null, el('a', {href: '#/datasets', text: '← Datasets'})), el('h2', {text: 'Dataset ' + name}), data);
        return {name, data};
      },
      async update(st) {
        const r = await api('/datasets/' + enc(st.name) + '/replicas');
        const shown = r.chunkList.slice(0, 500);
        st.data.replaceChildren(
          figures([['Size', bytes(r.bytes)], ['Chunks', num(r.chunks)], ['Replication', replication(r)]]),
          el('div', {class: 'row'},
            el('div', {class: 'card'}, el('h3', {text: 'Per node'}), table(null, ['Node', {label: 'Chunks', num: true},
              {label: 'Bytes', num: true}, 'Error'], r.nodes.map((n) => el('tr', null, td(n.node), td(num(n.chunks), 'num'),
              td(bytes(n.bytes), 'num'), td(n.error, 'error'))))),
            el('div', {class: 'card'}, el('h3', {text: 'Chunks'}), table(shown.length < r.chunkList.length
              ? 'the first ' + shown.length + ' of ' + r.chunkList.length : null, [{label: 'Chunk', num: true}, {label: 'Bytes', num: true},
              'Held by', 'Missing from'], shown.map((c) => el('tr', null, td(c.index, 'num'), td(c.bytes < 0 ? '–' : bytes(c.bytes), 'num'),
              td(c.holders.join(', ') || 'none', c.holders.length ? null : 'error'), td(c.missing.join(', ') || '–')))))));
      },
    },
  };

  function replication(r) {
    if (!r) return el('span', {class: 'muted', text: 'unknown'});
    if (r.underReplicated === 0) return el('span', {class: 'state-up', text: 'all ' + r.chunks + ' chunks at ' + r.replication + ' copies'});
    return el('span', {class: 'state-Failed', text: r.underReplicated + ' of ' + r.chunks + ' chunks under-replicated'
      + (r.unavailable ? ', ' + r.unavailable + ' unavailable' : '')});
  }

  // ---- the ring as a circle: each member at its id, the arcs its tokens own, gone members dashed ----
  const frac = (hex) => parseInt(hex.slice(0, 12), 16) / 2 ** 48;
  const point = (f, r) => [r * Math.sin(2 * Math.PI * f), -r * Math.cos(2 * Math.PI * f)];

  function ringCircle(ring, rows, colors) {
    const R = 140;
    const g = svg('svg', {class: 'ring', viewBox: '-250 -200 500 400', role: 'img', 'aria-label': 'The ring: ' + rows.map((m) => m.name
      + ' ' + m.state).join(', ')});
    g.append(svg('circle', {cx: 0, cy: 0, r: R, fill: 'none', stroke: '#d9dde5', 'stroke-width': 14}));
    const tokens = [];
    rows.filter((m) => m.state !== 'gone').forEach((m) => (m.positions || [m.id]).forEach((p) => tokens.push([frac(p), m.name])));
    tokens.sort((a, b) => a[0] - b[0]);
    tokens.forEach(([f, owner], i) => {
      const prev = tokens[(i - 1 + tokens.length) % tokens.length][0];
      const span = (f - prev + 1) % 1;
      const color = colors.get(owner);
      if (tokens.length === 1) {
        g.append(svg('circle', {cx: 0, cy: 0, r: R, fill: 'none', stroke: color, 'stroke-width': 14}));
        return;
      }
      const [x0, y0] = point(prev, R);
      const [x1, y1] = point(f, R);
      g.append(svg('path', {d: `M ${x0} ${y0} A ${R} ${R} 0 ${span > 0.5 ? 1 : 0} 1 ${x1} ${y1}`, fill: 'none', stroke: color,
        'stroke-width': 14, class: 'arc', 'data-owner': owner}, svg('title', {text: owner + ' owns ' + pct(span) + ' here'})));
    });
    rows.forEach((m) => {
      const f = frac(m.id);
      const [x, y] = point(f, R);
      const [lx, ly] = point(f, R + 26);
      g.append(svg('circle', {cx: x, cy: y, r: 9, class: 'member state-' + m.state, fill: colors.get(m.name), 'data-member': m.name,
        'data-state': m.state}, svg('title', {text: m.name + ' (' + m.state + ')' + (m.error ? ': ' + m.error : '')})));
      g.append(svg('text', {x: lx, y: ly + 4, 'text-anchor': Math.abs(lx) < 20 ? 'middle' : lx > 0 ? 'start' : 'end',
        class: 'state-' + m.state, text: m.name + (m.state === 'up' ? '' : ' (' + m.state + ')')}));
    });
    g.append(svg('text', {x: 0, y: -4, 'text-anchor': 'middle', text: ring.size + ' members'}));
    g.append(svg('text', {x: 0, y: 12, 'text-anchor': 'middle', class: 'muted', text: 'replication ' + ring.replication}));
    return g;
  }

  function memberTable(rows, colors) {
    const up = (m, v) => (m.state === 'up' ? v : '–');
    return table(null, ['Member', 'State', 'Address', {label: 'Tokens', num: true}, {label: 'Primary share', num: true},
      {label: 'Keys', num: true}, {label: 'Stored', num: true}, {label: 'Under-replicated', num: true}, {label: 'Tasks running', num: true}],
    rows.map((m) => el('tr', {'data-member': m.name},
      td([swatch(colors.get(m.name)), m.name]), td(stateTag(m.state)), td(m.address), td(m.tokens, 'num'),
      td(m.state === 'gone' ? '–' : pct(m.primaryShare), 'num'), td(up(m, num(m.keys)), 'num'), td(up(m, bytes(m.bytes)), 'num'),
      td(up(m, num(m.underReplicated)), 'num'), td(m.state === 'gone' ? '–' : num(m.tasksRunning), 'num'))));
  }

  function swatch(color) {
    const s = el('span', {class: 'swatch', 'aria-hidden': 'true'});
    s.style.background = color;
    return s;
  }

  // ---- a job's tasks, and their attempts on a timeline per node (as Spark's event timeline) ----
  function lastAttempt(task) {
    return task.attempts.length ? task.attempts[task.attempts.length - 1] : null;
  }

  function taskTable(t) {
    return table(null, ['Task', 'Kind', 'State', 'Node', {label: 'Attempts', num: true}, 'Progress', {label: 'Duration', num: true},
      'Input', 'Error'], t.tasks.map((task) => {
      const a = lastAttempt(task);
      const failed = [...task.attempts].reverse().find((x) => x.error);
      return el('tr', {'data-task': task.id},
        td(task.id), td(task.kind), td(stateTag(task.state)), td(a ? a.node : '–', 'node'), td(task.attempts.length, 'num'),
        td(bar(task.progress * 100, task.state, 'progress of ' + task.id)),
        td(a && a.startTime > 0 ? duration((a.endTime > 0 ? a.endTime : Date.now()) - a.startTime) : '–', 'num'),
        td(task.input ? task.input + (task.inputBytes > 0 ? ' (' + bytes(task.inputBytes) + ')' : '') : '–'),
        td(task.error || (failed ? failed.error : null), 'error'));
    }));
  }

  function timeline(s, t) {
    const attempts = t.tasks.flatMap((task) => task.attempts.filter((a) => a.startTime > 0).map((a) => Object.assign({task: task.id}, a)));
    if (attempts.length === 0) return el('p', {class: 'muted', text: 'No attempt has started yet.'});
    const now = Date.now();
    const t0 = Math.min(...attempts.map((a) => a.startTime));
    const t1 = Math.max(s.endTime > 0 ? s.endTime : now, ...attempts.map((a) => (a.endTime > 0 ? a.endTime : now)));
    const W = 1000;
    const LEFT = 110;
    const LANE = 14;
    const span = Math.max(1, t1 - t0);
    const x = (ms) => LEFT + ((ms - t0) / span) * (W - LEFT - 10);
    // Attempts overlap on a node with several slots: each node gets as many lanes as it ran at once.
    const rows = new Map();
    attempts.sort((a, b) => a.startTime - b.startTime).forEach((a) => {
      const lanes = rows.get(a.node) || [];
      let lane = lanes.findIndex((end) => end <= a.startTime);
      if (lane < 0) { lane = lanes.length; lanes.push(0); }
      lanes[lane] = a.endTime > 0 ? a.endTime : now;
      a.lane = lane;
      rows.set(a.node, lanes);
    });
    const nodes = [...rows.keys()].sort();
    let y = 20;
    const top = new Map();
    nodes.forEach((n) => { top.set(n, y); y += rows.get(n).length * LANE + 8; });
    const g = svg('svg', {class: 'timeline', viewBox: `0 0 ${W} ${y + 4}`, role: 'img',
      'aria-label': 'Timeline of ' + attempts.length + ' attempts on ' + nodes.length + ' nodes'});
    [0, 0.25, 0.5, 0.75, 1].forEach((q) => {
      const xq = x(t0 + q * span);
      g.append(svg('line', {x1: xq, x2: xq, y1: 14, y2: y, stroke: '#d9dde5'}));
      g.append(svg('text', {x: xq, y: 10, 'text-anchor': q === 0 ? 'start' : q === 1 ? 'end' : 'middle', text: duration(q * span)}));
    });
    nodes.forEach((n) => g.append(svg('text', {x: 0, y: top.get(n) + 11, text: n})));
    attempts.forEach((a) => {
      const end = a.endTime > 0 ? a.endTime : now;
      g.append(svg('rect', {x: x(a.startTime), y: top.get(a.node) + a.lane * LANE, width: Math.max(2, x(end) - x(a.startTime)), height: LANE - 2,
        rx: 2, class: 'attempt attempt-' + a.state, 'data-task': a.task}, svg('title', {text: a.task + ' attempt ' + a.attempt + ' on ' + a.node
        + ': ' + a.state + ', ' + duration(end - a.startTime) + (a.backup ? ' (backup)' : '') + (a.error ? '\n' + a.error : '')})));
    });
    const legend = el('div', {class: 'legend'}, ['Running', 'Succeeded', 'Failed', 'Killed'].map((k) => {
      const sw = el('span', {class: 'swatch'});
      sw.style.background = getComputedStyle(document.documentElement).getPropertyValue(
        {Running: '--run', Succeeded: '--ok', Failed: '--bad'}[k] || '--muted');
      return el('span', null, sw, k);
    }));
    return el('div', null, el('div', {class: 'scroll'}, g), legend);
  }

  // ---- routing: #/ring, #/jobs[?state=S], #/jobs/ID, #/datasets, #/datasets/NAME ----
  function route() {
    const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const top = ['ring', 'jobs', 'datasets'].includes(parts[0]) ? parts[0] : 'ring';
    const view = top === 'jobs' && parts[1] ? views.job : top === 'datasets' && parts[1] ? views.dataset : views[top];
    return {top, view, args: {parts, query: new URLSearchParams(query || '')}};
  }

  function start() {
    const gen = ++generation;
    clearTimeout(timer);
    const {top, view, args} = route();
    document.querySelectorAll('header nav a').forEach((a) => {
      if (a.dataset.view === top) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    $('#sign-in').hidden = true;
    $('#sign-out').hidden = false;
    const root = $('#view');
    root.hidden = false;
    root.replaceChildren();
    document.title = 'ChordMR · ' + top;
    const st = view.mount(root, args);
    const tick = async () => {
      if (gen !== generation) return;
      try {
        await view.update(st, args);
        if (gen === generation) $('#status').textContent = 'Updated ' + new Date().toLocaleTimeString();
      } catch (e) {
        if (e instanceof Unauthorized) return showSignIn(e.message);
        if (gen === generation) $('#status').textContent = 'Cannot read from the node: ' + e.message;
      }
      if (gen === generation) timer = setTimeout(tick, view.refreshMs || REFRESH_MS);
    };
    tick();
  }

  async function signedIn() {
    try {
      const ring = await api('/ring');
      $('#node').textContent = 'node ' + ring.self.name;
      start();
    } catch (e) {
      showSignIn(e instanceof Unauthorized ? e.message : 'Cannot reach the node: ' + e.message);
    }
  }

  window.addEventListener('hashchange', () => {
    if (takeTokenFromFragment()) signedIn();
    else if (sessionStorage.getItem(TOKEN_KEY)) start();
  });
  document.addEventListener('DOMContentLoaded', () => {
    $('#sign-in-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const token = $('#token').value.trim();
      $('#token').value = '';
      sessionStorage.setItem(TOKEN_KEY, token);
      signedIn();
    });
    $('#sign-out').addEventListener('click', () => showSignIn(''));
    takeTokenFromFragment();
    if (sessionStorage.getItem(TOKEN_KEY)) signedIn(); else showSignIn('');
  });
})();

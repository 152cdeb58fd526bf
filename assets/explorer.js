/* framelens explorer: makes report.html (one event) and index.html (a
   corpus) interactive from the JSON embedded in the page
   (<script type="application/json" id="fl-data">). No network, no
   libraries: the page must open from file:// anywhere.
   Every number shown is in report.json and the CSV tables beside the page,
   except the pairwise keyness against one chosen outlet, which is computed
   here from the embedded sentences with the same log-odds formula. */
(function () {
  'use strict';
  var dataEl = document.getElementById('fl-data');
  if (!dataEl) return;
  var D;
  try {
    D = JSON.parse(dataEl.textContent);
  } catch (e) {
    return;
  }
  var t0 = performance.now();

  // ---------- small helpers ----------
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function h(tag, attrs, kids) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) continue;
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'cls') e.className = attrs[k];
      else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    }
    (kids || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }
  function fmt(x, d) {
    if (x === null || x === undefined || !isFinite(x)) return '';
    return Number(x).toFixed(d === undefined ? 2 : d);
  }
  function norm(s) {
    return String(s).normalize('NFKC').toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'");
  }
  function panel(name) {
    return document.getElementById('fl-' + name);
  }
  function note(text) {
    return h('p', { cls: 'fl-note', text: text });
  }
  /** A term that opens its occurrences (click, Enter or Space). */
  function termLink(term, label) {
    return h('span', {
      cls: 'fl-term', 'data-term': term, tabindex: '0', role: 'button',
      'aria-label': 'occurrences of ' + term, text: label === undefined ? term : label
    });
  }

  // Activate any [data-term] element by click or keyboard.
  var openTerm = function () {};
  document.addEventListener('click', function (ev) {
    var t = ev.target.closest && ev.target.closest('[data-term]');
    if (t) { ev.preventDefault(); openTerm(t.getAttribute('data-term')); }
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter' && ev.key !== ' ') return;
    var t = ev.target.closest && ev.target.closest('[data-term]');
    if (t) { ev.preventDefault(); openTerm(t.getAttribute('data-term')); }
  });

  // ---------- tables: sortable, filterable, linked to their CSV ----------
  function cellValue(td) {
    var s = td.textContent.trim();
    var n = parseFloat(s.replace(/,/g, ''));
    return /^[-+]?[\d,]*\.?\d+(e[-+]?\d+)?(\s|$|–)/i.test(s) ? n : s.toLowerCase();
  }
  function enhanceTable(table) {
    var tbody = table.tBodies[0];
    if (!tbody) return;
    var rows = Array.prototype.slice.call(tbody.rows);
    var key = table.getAttribute('data-table');
    var bar = h('div', { cls: 'fl-tablebar' });
    if (rows.length > 4) {
      var input = h('input', {
        type: 'search', placeholder: 'Filter rows', 'aria-label': 'Filter the rows of this table'
      });
      var count = h('span', { text: rows.length + ' rows' });
      input.addEventListener('input', function () {
        var q = norm(input.value.trim());
        var shown = 0;
        rows.forEach(function (r) {
          var ok = !q || norm(r.textContent).indexOf(q) >= 0;
          r.hidden = !ok;
          if (ok) shown++;
        });
        count.textContent = shown + ' of ' + rows.length + ' rows';
      });
      bar.appendChild(input);
      bar.appendChild(count);
    }
    if (key && /\.(csv|json)$/.test(key)) bar.appendChild(h('span', {}, ['whole table: ', h('a', { href: key, text: key })]));
    if (bar.childNodes.length) table.parentNode.insertBefore(bar, table);
    var ths = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(ths, function (th, col) {
      var b = h('button', { cls: 'fl-sort', type: 'button', text: th.textContent,
        'aria-label': 'sort by ' + th.textContent });
      th.textContent = '';
      th.appendChild(b);
      b.addEventListener('click', function () {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        Array.prototype.forEach.call(ths, function (o) { o.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
        var sorted = rows.slice().sort(function (a, c) {
          var x = cellValue(a.cells[col]), y = cellValue(c.cells[col]);
          if (typeof x === typeof y) return (x < y ? -1 : x > y ? 1 : 0) * dir;
          return (typeof x === 'number' ? -1 : 1) * dir;
        });
        sorted.forEach(function (r) { tbody.appendChild(r); });
      });
    });
    // Cells of terms: each word opens its occurrences.
    Array.prototype.forEach.call(table.querySelectorAll('td[data-terms]'), function (td) {
      var words = td.textContent.split(', ').filter(function (w) { return w.trim(); });
      td.textContent = '';
      words.forEach(function (w, i) {
        if (i) td.appendChild(document.createTextNode(', '));
        td.appendChild(termLink(w.trim()));
      });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('main table'), enhanceTable);

  if (D.kind === 'index') { indexPage(); return; }
  eventPage();

  // =====================================================================
  function eventPage() {
    var T = D.texts || { outlets: [], vocab: [], stems: [], content: [] };
    var outlets = D.outlets || [];
    var oIndex = {};
    outlets.forEach(function (o, i) { oIndex[o.id] = i; });
    function colour(id) {
      var c = D.categorical || ['#0072b2'];
      return c[(oIndex[id] || 0) % c.length];
    }
    function oname(id) {
      var i = oIndex[id];
      return i === undefined ? id : outlets[i].name;
    }
    function swatch(id) {
      return h('span', { cls: 'fl-swatch', style: 'background:' + colour(id), 'aria-hidden': 'true' });
    }
    var vocabIndex = new Map();
    T.vocab.forEach(function (v, i) { vocabIndex.set(v, i); });
    // Per-outlet token statistics of the embedded text: kept tokens,
    // quoted tokens, and content-word counts (for pairwise keyness).
    var textOf = {};
    T.outlets.forEach(function (o) { textOf[o.outlet] = o; });
    function inQuote(q, s, e) {
      for (var j = 0; j < q.length; j++) if (s >= q[j][0] && e <= q[j][1]) return q[j];
      return null;
    }
    var stats = {};
    T.outlets.forEach(function (o) {
      var st = { tokens: 0, quoted: 0, content: 0, counts: new Map() };
      o.sentences.forEach(function (s) {
        for (var j = 0; j < s.k.length; j += 3) {
          st.tokens++;
          if (s.q.length && inQuote(s.q, s.k[j], s.k[j + 1])) st.quoted++;
          var v = s.k[j + 2];
          if (T.content[v]) { st.content++; st.counts.set(v, (st.counts.get(v) || 0) + 1); }
        }
      });
      stats[o.outlet] = st;
    });

    // ---------- the set of terms charts and tables may name ----------
    var chartTerms = new Set();
    (D.keyness || []).forEach(function (k) {
      [k.over, k.under, k.scatter].forEach(function (rows) {
        rows.forEach(function (r) { chartTerms.add(r[0]); });
      });
    });
    (D.concepts || []).forEach(function (c) { c.variants.forEach(function (v) { chartTerms.add(norm(v)); }); });
    (D.substitutions || []).forEach(function (p) { chartTerms.add(norm(p.a)); chartTerms.add(norm(p.b)); });
    // The actor-label chart names the labels of the actor-label table.
    Array.prototype.forEach.call(document.querySelectorAll("table[data-table='actor_labels.csv'] td[data-terms]"), function (td) {
      chartTerms.add(norm(td.textContent.trim()));
    });
    Array.prototype.forEach.call(document.querySelectorAll('.fl-fig'), function (fig) {
      var chart = fig.getAttribute('data-chart');
      if (['keyness', 'term_scatter', 'word_choice', 'actor_labels'].indexOf(chart) < 0) return;
      Array.prototype.forEach.call(fig.querySelectorAll('svg text'), function (t) {
        // "“murderer” ×2": a count, and quote marks for a quoted label.
        var w = norm(t.textContent.trim().replace(/\s+×\d+$/, '').replace(/^[“"‘']+|[”"’']+$/g, ''));
        if (!w || !chartTerms.has(w) || oIndex[t.textContent.trim()] !== undefined) return;
        t.setAttribute('data-term', w);
        t.setAttribute('tabindex', '0');
        t.setAttribute('role', 'button');
        t.setAttribute('aria-label', 'occurrences of ' + w);
        t.classList.add('fl-svgterm');
      });
    });

    // ---------- term search ----------
    /** Compile one query (comma-separated terms) to matchers of token
        sequences: each part is a set of vocabulary indices. */
    function compile(query) {
      return query.split(',').map(function (t) { return t.trim(); }).filter(Boolean).map(function (term) {
        var stem = false;
        var tn = norm(term);
        if (tn.slice(0, 5) === 'stem:') { stem = true; tn = tn.slice(5).trim(); }
        var parts = tn.split(/\s+/).filter(Boolean).map(function (w) {
          var set = new Set();
          if (stem) {
            var vi = vocabIndex.get(w);
            var st = vi === undefined ? w : T.stems[vi];
            T.stems.forEach(function (s, i) { if (s === st) set.add(i); });
          } else if (w.indexOf('*') >= 0) {
            var re = new RegExp('^' + w.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');
            T.vocab.forEach(function (v, i) { if (re.test(v)) set.add(i); });
          } else {
            var i = vocabIndex.get(w);
            if (i !== undefined) set.add(i);
          }
          return set;
        });
        return { term: term, parts: parts };
      }).filter(function (m) { return m.parts.length; });
    }
    function find(query) {
      var ms = compile(query);
      var hits = [];
      T.outlets.forEach(function (o) {
        o.sentences.forEach(function (s) {
          var n = s.k.length / 3;
          ms.forEach(function (m) {
            var L = m.parts.length;
            for (var j = 0; j + L <= n; j++) {
              var ok = true;
              for (var p = 0; p < L && ok; p++) ok = m.parts[p].has(s.k[3 * (j + p) + 2]);
              if (!ok) continue;
              var a = s.k[3 * j], b = s.k[3 * (j + L - 1) + 1];
              hits.push({ outlet: o.outlet, s: s, start: a, end: b, quote: inQuote(s.q, a, b) });
            }
          });
        });
      });
      return hits;
    }
    var WINDOW = 70;
    /** A KWIC line: left context, keyword, right context, with quoted
        parts of the sentence marked. */
    function kwicRow(hit) {
      var t = hit.s.t;
      function seg(a, b) {
        var frag = document.createDocumentFragment();
        var cuts = [a, b];
        hit.s.q.forEach(function (q) { [q[0], q[1]].forEach(function (x) { if (x > a && x < b) cuts.push(x); }); });
        cuts.sort(function (x, y) { return x - y; });
        for (var i = 0; i + 1 < cuts.length; i++) {
          var piece = t.slice(cuts[i], cuts[i + 1]);
          if (!piece) continue;
          var q = inQuote(hit.s.q, cuts[i], cuts[i + 1]);
          frag.appendChild(q ? h('span', { cls: 'fl-q', text: piece }) : document.createTextNode(piece));
        }
        return frag;
      }
      var la = Math.max(0, hit.start - WINDOW), rb = Math.min(t.length, hit.end + WINDOW);
      var left = h('span', {}, [la > 0 ? '… ' : '']);
      left.appendChild(seg(la, hit.start));
      var right = h('span', {});
      right.appendChild(seg(hit.end, rb));
      if (rb < t.length) right.appendChild(document.createTextNode(' …'));
      var q = hit.quote;
      var voice = q
        ? h('span', { cls: 'fl-tag', title: q[3] ? 'speaker: ' + q[3] : 'the text names no speaker', text: (q[2] ? 'scare quote' : 'quoted') + (q[3] ? ' · ' + q[3] : '') })
        : h('span', { cls: 'fl-tag own', text: 'own voice' });
      return h('tr', { cls: 'fl-kwic-line' + (q ? ' fl-quoted' : ''), 'data-voice': q ? 'quoted' : 'own',
        'data-speaker': q && q[3] ? q[3] : null }, [
        h('td', { cls: 'l' }, [left]),
        h('td', { cls: 'k' }, [h('mark', { cls: 'fl-hit', text: t.slice(hit.start, hit.end) })]),
        h('td', { cls: 'r' }, [right]),
        h('td', { cls: 'v', title: 'sentence ' + hit.s.i + ' of the outlet\u2019s text' }, [voice])
      ]);
    }
    var MAX_LINES = 60;
    function showResults(query, box) {
      var t1 = performance.now();
      box.textContent = '';
      var hits = find(query);
      var by = {};
      hits.forEach(function (x) { (by[x.outlet] = by[x.outlet] || []).push(x); });
      box.appendChild(h('p', { role: 'status', text: hits.length + ' occurrence(s) of “' + query + '” in ' +
        Object.keys(by).length + ' of ' + T.outlets.length + ' outlets.' }));
      // Rates per outlet, own voice against quoted.
      var tb = h('tbody');
      var maxRate = 0;
      var rows = T.outlets.map(function (o) {
        var list = by[o.outlet] || [], st = stats[o.outlet];
        var nq = list.filter(function (x) { return x.quote; }).length, no = list.length - nq;
        var rate = st.tokens ? 1000 * list.length / st.tokens : 0;
        maxRate = Math.max(maxRate, rate);
        return { o: o, n: list.length, nq: nq, no: no, rate: rate,
          own: st.tokens - st.quoted ? 1000 * no / (st.tokens - st.quoted) : null,
          quoted: st.quoted ? 1000 * nq / st.quoted : null };
      });
      rows.forEach(function (r) {
        tb.appendChild(h('tr', {}, [
          h('td', {}, [swatch(r.o.outlet), oname(r.o.outlet)]),
          h('td', { cls: 'num', text: String(r.n) }),
          h('td', { cls: 'num', text: fmt(r.rate) }),
          h('td', { cls: 'fl-bar-cell' }, [h('span', { style: 'width:' + (maxRate ? 8 * r.rate / maxRate : 0) + 'rem;background:' + colour(r.o.outlet) })]),
          h('td', { cls: 'num', text: r.no + (r.own === null ? '' : ' (' + fmt(r.own) + ')') }),
          h('td', { cls: 'num', text: r.nq + (r.quoted === null ? '' : ' (' + fmt(r.quoted) + ')') })
        ]));
      });
      box.appendChild(h('table', { cls: 'fl-rates' }, [
        h('thead', {}, [h('tr', {}, ['outlet', 'occurrences', 'per 1,000 words', '', 'own voice (per 1,000)', 'quoted (per 1,000)']
          .map(function (x, i) { return h('th', { cls: i && i !== 3 ? 'num' : null, text: x }); }))]),
        tb]));
      T.outlets.forEach(function (o) {
        var list = by[o.outlet] || [];
        var sec = h('section', { cls: 'fl-kwic-outlet' + (list.length ? '' : ' fl-none'), 'data-outlet': o.outlet }, [
          h('h4', {}, [swatch(o.outlet), oname(o.outlet) + ' — ' + (list.length ? list.length + ' occurrence(s)' : 'no occurrence')])]);
        if (!list.length) { box.appendChild(sec); return; }
        var body = h('tbody');
        list.slice(0, MAX_LINES).forEach(function (x) { body.appendChild(kwicRow(x)); });
        sec.appendChild(h('table', { cls: 'fl-kwic' }, [body]));
        if (list.length > MAX_LINES) {
          var more = h('button', { type: 'button', cls: 'fl-more', text: 'Show all ' + list.length + ' lines' });
          more.addEventListener('click', function () {
            list.slice(MAX_LINES).forEach(function (x) { body.appendChild(kwicRow(x)); });
            more.remove();
          });
          sec.appendChild(more);
        }
        box.appendChild(sec);
      });
      window.__flLastSearchMs = performance.now() - t1;
    }
    var search = panel('search');
    var input, results, timer = null;
    if (search) {
      input = h('input', { type: 'search', id: 'fl-q', placeholder: 'Search words: killer, stem:kill, “illegal immigra*”, a phrase',
        'aria-label': 'Search the outlets\u2019 texts', autocomplete: 'off' });
      var go = h('button', { type: 'button', id: 'fl-go', text: 'Search' });
      results = h('div', { id: 'fl-results', 'aria-live': 'polite' });
      var form = h('form', { cls: 'fl-searchbar', role: 'search' }, [input, go]);
      form.addEventListener('submit', function (e) { e.preventDefault(); run(); });
      go.addEventListener('click', run);
      input.addEventListener('input', function () {
        clearTimeout(timer);
        timer = setTimeout(run, 150);
      });
      search.appendChild(h('div', { cls: 'fl-box' }, [
        h('h2', { text: 'Search the texts', style: 'margin-top:0;border:none' }),
        form,
        h('p', { cls: 'fl-help', text: 'A word (killer), its stem (stem:kill), a glob (immigra*), a phrase (hit back), several separated by commas. Each outlet\u2019s rate per 1,000 words, in its own voice and in quoted speech, then every occurrence in context: quoted words in italics on yellow, with the speaker. Click any term in the charts and tables below to search it.' }),
        (D.caps || []).length ? note(D.caps.join(' ')) : null,
        results
      ]));
    }
    var shownQuery = null;
    function run() {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q === shownQuery) return;
      shownQuery = q;
      if (!q) { results.textContent = ''; return; }
      showResults(q, results);
    }
    openTerm = function (term) {
      if (!input) return;
      input.value = term;
      run();
      search.scrollIntoView({ block: 'start' });
      input.focus({ preventScroll: true });
    };

    // ---------- keyness bars and term scatter for a chosen outlet ----------
    var kp = panel('keyness');
    var keyByOutlet = {};
    (D.keyness || []).forEach(function (k) { keyByOutlet[k.outlet] = k; });
    if (kp && (D.keyness || []).length) {
      var selT = h('select', { id: 'fl-outlet', 'aria-label': 'outlet' });
      var selR = h('select', { id: 'fl-ref', 'aria-label': 'compared with' });
      D.keyness.forEach(function (k) { selT.appendChild(h('option', { value: k.outlet, text: oname(k.outlet) })); });
      var bars = h('div', { id: 'fl-bars' }), scat = h('div', { id: 'fl-scatter' });
      var tip = h('div', { cls: 'fl-tip', hidden: 'hidden', role: 'tooltip' });
      var info = h('p', { cls: 'fl-help' });
      var zoom = { k: 1, cx: 0.5, cy: 0.5 };
      var zin = h('button', { type: 'button', text: 'Zoom in', 'aria-label': 'zoom into the scatter' });
      var zout = h('button', { type: 'button', text: 'Zoom out' });
      var zreset = h('button', { type: 'button', text: 'Reset' });
      kp.appendChild(h('div', { cls: 'fl-box', style: 'position:relative' }, [
        h('h3', { text: 'Explore one outlet\u2019s distinctive words', style: 'margin-top:0' }),
        h('div', { cls: 'fl-controls' }, [
          h('label', {}, ['Outlet ', selT]), h('label', {}, ['against ', selR]), zin, zout, zreset]),
        info,
        h('div', { cls: 'fl-views' }, [bars, scat]), tip]));
      function fillRef() {
        var keep = selR.value;
        selR.textContent = '';
        selR.appendChild(h('option', { value: '', text: 'all other outlets' }));
        outlets.forEach(function (o) {
          if (o.id !== selT.value && stats[o.id]) selR.appendChild(h('option', { value: o.id, text: oname(o.id) }));
        });
        selR.value = keep && keep !== selT.value ? keep : '';
        if (selR.value !== keep) selR.value = '';
      }
      function pairRows(a, b) {
        var A = stats[a], B = stats[b];
        if (!A || !B || !A.content || !B.content) return [];
        var terms = new Set(A.counts.keys());
        B.counts.forEach(function (_, k) { terms.add(k); });
        var Ta = A.content, Tb = B.content, rows = [];
        terms.forEach(function (v) {
          var x = A.counts.get(v) || 0, y = B.counts.get(v) || 0;
          var al = x + y, a0 = Ta + Tb; // pooled prior, alpha0 = all words
          var lt = Math.log((x + al) / (Ta + a0 - x - al)), lr = Math.log((y + al) / (Tb + a0 - y - al));
          var z = (lt - lr) / Math.sqrt(1 / (x + al) + 1 / (y + al));
          rows.push([T.vocab[v], x, y, 1000 * x / Ta, 1000 * y / Tb, z, null]);
        });
        return rows;
      }
      function current() {
        var k = keyByOutlet[selT.value];
        if (!selR.value) return { over: k.over, under: k.under, scatter: k.scatter, ref: 'the other outlets' };
        var rows = pairRows(selT.value, selR.value);
        var over = rows.filter(function (r) { return r[5] > 0; }).sort(function (x, y) { return y[5] - x[5]; });
        var under = rows.filter(function (r) { return r[5] < 0; }).sort(function (x, y) { return x[5] - y[5]; });
        var sc = rows.slice().sort(function (x, y) { return Math.abs(y[5]) - Math.abs(x[5]); });
        return { over: over.slice(0, k.over.length || 10), under: under.slice(0, k.under.length || 10),
          scatter: sc.slice(0, 400), ref: oname(selR.value), pair: true };
      }
      function zColour(z) {
        var c = D.diverging || ['#2166ac', '#f7f7f7', '#d6604d'];
        var t = Math.max(-1, Math.min(1, z / 3));
        var i = Math.round((t + 1) / 2 * (c.length - 1));
        return c[i];
      }
      // Bars in the diverging scale's end colours: more (orange-red), less (blue).
      function barColour(z) {
        var c = D.diverging || ['#2166ac', '#d6604d'];
        return z >= 0 ? c[c.length - 1] : c[0];
      }
      function drawBars(cur) {
        var rows = cur.over.map(function (r) { return r; }).concat(cur.under);
        var W = 460, rowH = 18, top = 24, H = top + rows.length * rowH + 10;
        var m = 0;
        rows.forEach(function (r) { m = Math.max(m, Math.abs(r[5])); });
        m = m || 1;
        var mid = W / 2, half = W / 2 - 100;
        var s = '<svg viewBox="0 0 ' + W + ' ' + H + '" role="group" aria-label="keyness bars of ' + esc(oname(selT.value)) + ' against ' + esc(cur.ref) + '">';
        s += '<text x="' + (mid + 4) + '" y="14" font-size="11">used more →</text><text x="' + (mid - 4) + '" y="14" font-size="11" text-anchor="end">← used less</text>';
        rows.forEach(function (r, i) {
          var y = top + i * rowH, w = half * Math.abs(r[5]) / m, x = r[5] >= 0 ? mid : mid - w;
          var lab = esc(r[0]) + ': z ' + fmt(r[5]) + ', ' + r[1] + ' in ' + esc(oname(selT.value)) + ', ' + r[2] + ' in ' + esc(cur.ref);
          s += '<g class="fl-bar" data-term="' + esc(r[0]) + '" tabindex="0" role="button" aria-label="' + lab + '">';
          s += '<title>' + lab + '</title>';
          s += '<rect x="' + x.toFixed(1) + '" y="' + (y + 2) + '" width="' + Math.max(1, w).toFixed(1) + '" height="' + (rowH - 4) + '" fill="' + barColour(r[5]) + '"></rect>';
          var tx = r[5] >= 0 ? mid - 4 : mid + 4;
          s += '<text x="' + tx + '" y="' + (y + 13) + '" font-size="12" text-anchor="' + (r[5] >= 0 ? 'end' : 'start') + '">' + esc(r[0]) + '</text></g>';
        });
        s += '<line x1="' + mid + '" x2="' + mid + '" y1="' + top + '" y2="' + (H - 8) + '" stroke="#666"></line></svg>';
        bars.innerHTML = s;
      }
      function drawScatter(cur) {
        var rows = cur.scatter;
        var W = 560, H = 460, L = 48, B = 40, R = 12, Tp = 12;
        var f = function (r) { return Math.log10(0.1 + r); };
        var xs = rows.map(function (r) { return f(r[4]); }), ys = rows.map(function (r) { return f(r[3]); });
        var lo = Math.min.apply(null, xs.concat(ys, [f(0)])), hi = Math.max.apply(null, xs.concat(ys, [f(1)]));
        var pad = (hi - lo) * 0.04;
        lo -= pad; hi += pad;
        var span = (hi - lo) / zoom.k;
        var x0 = lo + (hi - lo) * zoom.cx - span / 2, y0 = lo + (hi - lo) * zoom.cy - span / 2;
        var px = function (v) { return L + (v - x0) / span * (W - L - R); };
        var py = function (v) { return H - B - (v - y0) / span * (H - B - Tp); };
        var s = '<svg viewBox="0 0 ' + W + ' ' + H + '" role="group" aria-label="term scatter of ' + esc(oname(selT.value)) + ' against ' + esc(cur.ref) + '">';
        s += '<defs><clipPath id="fl-clip"><rect x="' + L + '" y="' + Tp + '" width="' + (W - L - R) + '" height="' + (H - B - Tp) + '"></rect></clipPath></defs>';
        s += '<rect x="' + L + '" y="' + Tp + '" width="' + (W - L - R) + '" height="' + (H - B - Tp) + '" fill="#fff" stroke="#bbb"></rect>';
        [0, 1, 10, 100].forEach(function (v) {
          var X = px(f(v)), Y = py(f(v));
          if (X >= L && X <= W - R) s += '<text x="' + X.toFixed(1) + '" y="' + (H - B + 14) + '" font-size="10" text-anchor="middle" fill="#555">' + v + '</text>';
          if (Y >= Tp && Y <= H - B) s += '<text x="' + (L - 4) + '" y="' + (Y + 3).toFixed(1) + '" font-size="10" text-anchor="end" fill="#555">' + v + '</text>';
        });
        s += '<g clip-path="url(#fl-clip)"><line x1="' + px(lo) + '" y1="' + py(lo) + '" x2="' + px(hi) + '" y2="' + py(hi) + '" stroke="#ccc" stroke-dasharray="4 3"></line>';
        var order = rows.map(function (r, i) { return i; }).sort(function (a, b) { return Math.abs(rows[a][5]) - Math.abs(rows[b][5]); });
        order.forEach(function (i) {
          var r = rows[i];
          s += '<circle class="fl-pt" data-i="' + i + '" data-term="' + esc(r[0]) + '" tabindex="0" role="button" aria-label="' + esc(r[0]) + ', z ' + fmt(r[5]) + '" cx="' + px(xs[i]).toFixed(1) + '" cy="' + py(ys[i]).toFixed(1) + '" r="4" fill="' + zColour(r[5]) + '" stroke="#333" stroke-width=".5"></circle>';
        });
        // Labels for the terms of largest |z| first, each only where it
        // overlaps no label already placed (terms of equal counts share a dot).
        var placed = [], budget = Math.round(16 * zoom.k);
        for (var oi = order.length - 1; oi >= 0 && placed.length < budget; oi--) {
          var i = order[oi], lx = px(xs[i]) + 5, ly = py(ys[i]) - 5, lw = 6.4 * rows[i][0].length, lh = 12;
          if (lx < L || lx > W - R || ly < Tp + lh || ly > H - B) continue;
          if (lx + lw > W - R) lx = px(xs[i]) - 5 - lw;
          var clash = placed.some(function (b) { return lx < b[0] + b[2] && b[0] < lx + lw && ly - lh < b[1] && b[1] - lh < ly; });
          if (clash) continue;
          placed.push([lx, ly, lw]);
          s += '<text x="' + lx.toFixed(1) + '" y="' + ly.toFixed(1) + '" font-size="11" pointer-events="none">' + esc(rows[i][0]) + '</text>';
        }
        s += '</g><text x="' + ((W + L) / 2) + '" y="' + (H - 6) + '" font-size="11" text-anchor="middle">per 1,000 words in ' + esc(cur.ref) + ' (log scale)</text>';
        s += '<text transform="rotate(-90)" x="' + (-(H - B) / 2) + '" y="12" font-size="11" text-anchor="middle">per 1,000 words in ' + esc(oname(selT.value)) + '</text></svg>';
        scat.innerHTML = s;
        var rowsNow = rows;
        function show(ev) {
          var c = ev.target.closest('.fl-pt');
          if (!c) { tip.hidden = true; return; }
          var r = rowsNow[+c.getAttribute('data-i')];
          tip.textContent = r[0] + ' — ' + oname(selT.value) + ': ' + r[1] + ' (' + fmt(r[3]) + ' per 1,000); ' + cur.ref + ': ' + r[2] + ' (' + fmt(r[4]) + ' per 1,000); z = ' + fmt(r[5]);
          var box = kp.firstChild.getBoundingClientRect(), cb = c.getBoundingClientRect();
          tip.style.left = (cb.left - box.left + 10) + 'px';
          tip.style.top = (cb.top - box.top + 12) + 'px';
          tip.hidden = false;
        }
        scat.onmouseover = show;
        scat.onfocusin = show;
        scat.onmouseleave = function () { tip.hidden = true; };
        scat.onfocusout = function () { tip.hidden = true; };
        scat.onwheel = function (ev) {
          ev.preventDefault();
          var sv = scat.firstChild.getBoundingClientRect();
          var fx = ((ev.clientX - sv.left) / sv.width * W - L) / (W - L - R), fy = 1 - ((ev.clientY - sv.top) / sv.height * H - Tp) / (H - B - Tp);
          zoom.cx = (x0 + span * fx - lo) / (hi - lo);
          zoom.cy = (y0 + span * fy - lo) / (hi - lo);
          setZoom(zoom.k * (ev.deltaY < 0 ? 1.5 : 1 / 1.5));
        };
      }
      function setZoom(k) {
        zoom.k = Math.max(1, Math.min(40, k));
        if (zoom.k === 1) { zoom.cx = 0.5; zoom.cy = 0.5; }
        draw();
      }
      zin.addEventListener('click', function () { setZoom(zoom.k * 1.5); });
      zout.addEventListener('click', function () { setZoom(zoom.k / 1.5); });
      zreset.addEventListener('click', function () { setZoom(1); });
      function draw() {
        var cur = current();
        info.textContent = 'Bars: the words ' + oname(selT.value) + ' uses most more and less than ' + cur.ref +
          ' (log-odds z, informative Dirichlet prior); dots: up to 400 terms, rate against rate, coloured by z (blue: less, orange-red: more). Hover or focus a dot for its counts, click a bar or dot for its occurrences; zoom with the buttons or the mouse wheel. ' +
          (cur.pair ? 'Against one outlet the page computes z from the embedded sentences (same formula, prior pooled from the two outlets); keyness.csv holds each outlet against all others.' : 'Values: keyness.csv.');
        drawBars(cur);
        drawScatter(cur);
      }
      selT.addEventListener('change', function () { fillRef(); zoom.k = 1; draw(); });
      selR.addEventListener('change', function () { zoom.k = 1; draw(); });
      fillRef();
      draw();
    }

    // ---------- aligned sentences side by side ----------
    var ap = panel('aligned');
    if (ap) {
      var groups = D.aligned || [];
      if (!groups.length) ap.appendChild(h('p', { text: 'No sentence was reported by two outlets in close enough words to align.' }));
      else {
        var cols = outlets.filter(function (o) { return groups.some(function (g) { return g.members.some(function (m) { return m[0] === o.id; }); }); });
        var aFilter = h('input', { type: 'search', placeholder: 'Only groups with this word', 'aria-label': 'filter aligned sentences' });
        var onlySub = h('input', { type: 'checkbox', id: 'fl-onlysub' });
        var list = h('div', { id: 'fl-aligned-list' });
        var moreBtn = h('button', { type: 'button', cls: 'fl-more' });
        ap.appendChild(h('div', { cls: 'fl-box' }, [
          h('p', { cls: 'fl-help', text: 'Each group holds the sentences of different outlets that report the same thing (alignment.csv), one column per outlet. Highlighted: the content words only that outlet used in the group; below the group, the substitutions found in it (substitutions.csv), each word clickable.' }),
          h('div', { cls: 'fl-controls' }, [aFilter, h('label', {}, [onlySub, ' only groups with a substitution'])]),
          list, moreBtn]));
        var wordRe = /[\p{L}\p{N}][\p{L}\p{N}'\u2019-]*/gu;
        var subs = (D.substitutions || []).map(function (p) {
          return { p: p, a: norm(p.a), b: norm(p.b) };
        });
        function hasPhrase(text, phrase) {
          var re = new RegExp('(^|[^\\p{L}\\p{N}])' + phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '($|[^\\p{L}\\p{N}])', 'u');
          return re.test(norm(text));
        }
        var prepared = groups.map(function (g) {
          var sets = g.members.map(function (m) { return new Set((norm(m[2]).match(wordRe) || [])); });
          var named = [];
          subs.forEach(function (s) {
            var ma = g.members.find(function (m) { return s.p.a_outlets.indexOf(m[0]) >= 0 && hasPhrase(m[2], s.a); });
            var mb = g.members.find(function (m) { return s.p.b_outlets.indexOf(m[0]) >= 0 && hasPhrase(m[2], s.b); });
            if (ma && mb && ma !== mb) named.push({ s: s, ma: ma, mb: mb });
          });
          return { g: g, sets: sets, named: named, text: norm(g.members.map(function (m) { return m[2]; }).join(' ')) };
        });
        var shown = 20;
        function render() {
          list.textContent = '';
          var q = norm(aFilter.value.trim());
          var sel = prepared.filter(function (p) {
            return (!q || p.text.indexOf(q) >= 0) && (!onlySub.checked || p.named.length);
          });
          sel.slice(0, shown).forEach(function (p) {
            // Up to five outlets: a column each, empty where an outlet did
            // not report it; more: the columns of the group's own outlets.
            var gcols = cols.length <= 5 ? cols : cols.filter(function (o) {
              return p.g.members.some(function (m) { return m[0] === o.id; });
            });
            var grid = h('div', { cls: 'fl-align', style: 'grid-template-columns:repeat(' + gcols.length + ',minmax(12rem,1fr))', 'data-group': String(p.g.id) });
            gcols.forEach(function (o) {
              var mi = p.g.members.findIndex(function (m) { return m[0] === o.id; });
              var cell = h('div', { cls: 'cell', style: 'border-top-color:' + colour(o.id) }, [h('h5', { text: oname(o.id) })]);
              if (mi < 0) { cell.appendChild(h('span', { text: '—', 'aria-label': 'not reported' })); grid.appendChild(cell); return; }
              var text = p.g.members[mi][2], last = 0, m;
              wordRe.lastIndex = 0;
              var body = h('div');
              while ((m = wordRe.exec(text))) {
                var w = norm(m[0]), vi = vocabIndex.get(w);
                // Marked: a content word no other outlet of the group used.
                var differs = (vi === undefined || T.content[vi]) &&
                  !p.sets.some(function (s, j) { return j !== mi && s.has(w); });
                body.appendChild(document.createTextNode(text.slice(last, m.index)));
                body.appendChild(differs ? h('mark', { cls: 'fl-diff', text: m[0] }) : document.createTextNode(m[0]));
                last = m.index + m[0].length;
              }
              body.appendChild(document.createTextNode(text.slice(last)));
              cell.appendChild(body);
              grid.appendChild(cell);
            });
            p.named.forEach(function (n) {
              grid.appendChild(h('div', { cls: 'sub' }, ['Substitution: ', termLink(n.s.p.a), ' (' + oname(n.ma[0]) + ') instead of ', termLink(n.s.p.b), ' (' + oname(n.mb[0]) + ')']));
            });
            list.appendChild(grid);
          });
          moreBtn.hidden = sel.length <= shown;
          moreBtn.textContent = 'Show more (' + Math.min(shown, sel.length) + ' of ' + sel.length + ' groups shown)';
        }
        moreBtn.addEventListener('click', function () { shown += 30; render(); });
        aFilter.addEventListener('input', function () { shown = 20; render(); });
        onlySub.addEventListener('change', function () { shown = 20; render(); });
        render();
      }
    }

    // ---------- quote coverage by speaker ----------
    var qp = panel('quotes');
    if (qp && (D.quotes || []).length) {
      var speakers = {};
      D.quotes.forEach(function (g) { var s = g.speaker || 'unattributed'; speakers[s] = (speakers[s] || 0) + 1; });
      var selS = h('select', { id: 'fl-speaker', 'aria-label': 'speaker' }, [h('option', { value: '', text: 'every speaker (' + D.quotes.length + ' quotes)' })]);
      Object.keys(speakers).sort(function (a, b) { return speakers[b] - speakers[a] || (a < b ? -1 : 1); }).forEach(function (s) {
        selS.appendChild(h('option', { value: s, text: s + ' (' + speakers[s] + ')' }));
      });
      var qFilter = h('input', { type: 'search', placeholder: 'Words in the quote', 'aria-label': 'filter quotes by their words' });
      var qlist = h('div', { id: 'fl-quote-list' });
      qp.appendChild(h('div', { cls: 'fl-box' }, [
        h('p', { cls: 'fl-help', text: 'Each quote, grouped across outlets (quotes.csv): who said it, which outlets carried it in which words, and which left it out.' }),
        h('div', { cls: 'fl-controls' }, [h('label', {}, ['Speaker ', selS]), qFilter]), qlist]));
      var renderQuotes = function () {
        qlist.textContent = '';
        var sp = selS.value, q = norm(qFilter.value.trim()), n = 0, limit = quoteLimit;
        D.quotes.forEach(function (g) {
          if (sp && (g.speaker || 'unattributed') !== sp) return;
          if (q && norm(g.members.map(function (m) { return m.text; }).join(' ')).indexOf(q) < 0) return;
          if (++n > limit) return;
          var ul = h('ul');
          g.members.forEach(function (m) {
            ul.appendChild(h('li', { 'data-outlet': m.outlet }, [swatch(m.outlet), h('b', { text: oname(m.outlet) + ': ' }),
              h('span', { cls: 'fl-q', text: '“' + m.text + '”' }), m.verb ? ' (' + m.verb + ')' : '']));
          });
          qlist.appendChild(h('div', { cls: 'fl-quote' }, [
            h('div', {}, [h('span', { cls: 'who', text: g.speaker || 'unattributed' }), ' · carried by ' + g.carrying.map(oname).join(', ')]),
            ul,
            g.missing.length ? h('div', { cls: 'miss', text: 'left out by ' + g.missing.map(oname).join(', ') }) : null]));
        });
        if (n > limit) {
          var more = h('button', { type: 'button', cls: 'fl-more', text: 'Show ' + (n - limit) + ' more quotes' });
          more.addEventListener('click', function () { quoteLimit = Infinity; renderQuotes(); });
          qlist.appendChild(more);
        }
        if (!n) qlist.appendChild(h('p', { text: 'No quote matches.' }));
      };
      var quoteLimit = 10;
      selS.addEventListener('change', function () { quoteLimit = 10; renderQuotes(); });
      qFilter.addEventListener('input', function () { quoteLimit = 10; renderQuotes(); });
      renderQuotes();
    }

    window.__flReadyMs = performance.now() - t0;
  }

  // =====================================================================
  // index.html: events searchable, and a term search across all events.
  function indexPage() {
    var sp = panel('search');
    var ev = D.events || [];
    if (!sp) return;
    var input = h('input', { type: 'search', id: 'fl-q', placeholder: 'Find events: a word of the event, an outlet, a finding — or a term (killer, stem:kill, immigra*)',
      'aria-label': 'search events and terms', autocomplete: 'off' });
    var out = h('div', { id: 'fl-results', 'aria-live': 'polite' });
    sp.appendChild(h('div', { cls: 'fl-box' }, [h('h2', { text: 'Search the events', style: 'margin-top:0;border:none' }),
      h('form', { cls: 'fl-searchbar', role: 'search', onsubmit: function (e) { e.preventDefault(); run(); } }, [input]),
      h('p', { cls: 'fl-help', text: 'Filters the events table by its text, and counts the term in every event and outlet (words, stems and globs; phrases need the event page).' }),
      D.caps && D.caps.length ? note(D.caps.join(' ')) : null, out]));
    var table = document.querySelector('table[data-table="events"]');
    var rows = table ? Array.prototype.slice.call(table.tBodies[0].rows) : [];
    // The event cell links the event's page.
    var hrefs = {};
    ev.forEach(function (e) { hrefs[e.event] = e.href; });
    rows.forEach(function (r) {
      var c = r.cells[0], name = c.textContent;
      if (hrefs[name] !== undefined) { c.textContent = ''; c.appendChild(h('a', { href: hrefs[name], text: name || '(whole input)' })); }
    });
    var vocab = D.vocab || [], stems = D.stems || [], vi = new Map();
    vocab.forEach(function (v, i) { vi.set(v, i); });
    var timer = null;
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(run, 150); });
    var shownQuery = null;
    function run() {
      clearTimeout(timer);
      var q = norm(input.value.trim());
      if (q === shownQuery) return;
      shownQuery = q;
      out.textContent = '';
      hitEvents = new Set();
      if (!q) { rows.forEach(function (r) { r.hidden = false; }); return; }
      var set = new Set(), stem = q.slice(0, 5) === 'stem:', w = stem ? q.slice(5).trim() : q;
      if (stem) { var i0 = vi.get(w), st = i0 === undefined ? w : stems[i0]; stems.forEach(function (s, i) { if (s === st) set.add(i); }); }
      else if (w.indexOf('*') >= 0) { var re = new RegExp('^' + w.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$'); vocab.forEach(function (v, i) { if (re.test(v)) set.add(i); }); }
      else if (vi.has(w)) set.add(vi.get(w));
      var found = [];
      ev.forEach(function (e, ei) {
        var per = [];
        (e.counts || []).forEach(function (oc) {
          var n = 0;
          for (var j = 0; j < oc[1].length; j += 2) if (set.has(oc[1][j])) n += oc[1][j + 1];
          if (n) per.push([oc[0], n, oc[2]]);
        });
        if (per.length) found.push({ e: e, per: per, n: per.reduce(function (a, p) { return a + p[1]; }, 0) });
      });
      found.sort(function (a, b) { return b.n - a.n; });
      found.forEach(function (f) { hitEvents.add(f.e.event); });
      rows.forEach(function (r) { r.hidden = norm(r.textContent).indexOf(q) < 0 && !hitEvents.has(r.cells[0].textContent); });
      if (!set.size) { out.appendChild(h('p', { role: 'status', text: 'No event uses the term “' + q + '” among the counted words; the events table is filtered by its text.' })); return; }
      out.appendChild(h('p', { role: 'status', text: '“' + q + '” occurs in ' + found.length + ' of ' + ev.length + ' events.' }));
      var tb = h('tbody');
      found.slice(0, 200).forEach(function (f) {
        tb.appendChild(h('tr', {}, [h('td', {}, [h('a', { href: f.e.href, text: f.e.event || '(whole input)' })]), h('td', { cls: 'num', text: String(f.n) }),
          h('td', { text: f.per.map(function (p) { return p[0] + ' ' + p[1] + ' (' + fmt(1000 * p[1] / p[2]) + ' per 1,000)'; }).join('; ') })]));
      });
      out.appendChild(h('table', { cls: 'fl-rates' }, [h('thead', {}, [h('tr', {}, [h('th', { text: 'event' }), h('th', { text: 'occurrences' }), h('th', { text: 'by outlet' })])]), tb]));
    }
    var hitEvents = new Set();
    window.__flReadyMs = performance.now() - t0;
  }
})();

/* sitegen default theme: draw charts and drive the accounts table. Data is always
   inserted as text (never as HTML), so nothing from the network data can run here. */
(function () {
  "use strict";

  function textColor() {
    return getComputedStyle(document.body).color || "#1b1f24";
  }

  // Charts: each is drawn when it scrolls into view (IntersectionObserver), and plotly.js
  // (named by site.js's data-plotly) is fetched then, once; without IntersectionObserver,
  // all at once. Until drawn, a chart's data is in the table under it.
  var plotly = { waiting: [], requested: false, failed: false };

  function withPlotly(callback) {
    if (window.Plotly) { callback(); return; }
    if (plotly.failed) { notDrawn(); return; }
    plotly.waiting.push(callback);
    if (plotly.requested) { return; }
    var source = document.querySelector("script[data-plotly]");
    if (!source) { return; }
    plotly.requested = true;
    var script = document.createElement("script");
    script.src = source.getAttribute("data-plotly");
    script.onload = function () {
      plotly.waiting.splice(0).forEach(function (waiting) { waiting(); });
    };
    // blocked, or the network failed: each chart says so and opens its data table (an
    // empty box, the tables folded, told the reader nothing)
    script.onerror = function () {
      plotly.failed = true;
      plotly.waiting = [];
      notDrawn();
    };
    document.head.appendChild(script);
  }

  function notDrawn() {
    document.querySelectorAll("script.chart-data").forEach(function (node) {
      var target = document.getElementById(node.getAttribute("data-target"));
      if (!target || node.hasAttribute("data-drawn")) { return; }
      node.setAttribute("data-drawn", "");
      target.style.height = "auto";
      target.classList.add("chart-failed");
      target.textContent = "The chart could not be drawn: plotly.js, the library that draws " +
        "it, did not load. Its data is in the table below.";
      var details = target.parentNode.querySelector("details.chart-table");
      if (details) { details.open = true; }
    });
  }

  function drawChart(node) {
    var target = document.getElementById(node.getAttribute("data-target"));
    if (!target || node.hasAttribute("data-drawn")) { return; }
    node.setAttribute("data-drawn", "");
    var figure = JSON.parse(node.textContent);
    var layout = figure.layout || {};
    layout.font = Object.assign({}, layout.font, { color: textColor() });
    // no "Share chart" button: it would upload the data to Plotly's cloud service
    window.Plotly.newPlot(target, figure.data, layout,
      { responsive: true, displaylogo: false, showSendToCloud: false });
    // drawn, the area holds the chart's buttons: a labelled group, no longer an image
    target.setAttribute("role", "group");
  }

  function whenShown(node) {
    withPlotly(function () { drawChart(node); });
  }

  function drawCharts() {
    var nodes = Array.prototype.slice.call(document.querySelectorAll("script.chart-data"));
    if (!nodes.length) { return; }
    if (!("IntersectionObserver" in window)) { nodes.forEach(whenShown); return; }
    var byTarget = {};
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) { return; }
        observer.unobserve(entry.target);
        whenShown(byTarget[entry.target.id]);
      });
    }, { rootMargin: "200px 0px" });
    nodes.forEach(function (node) {
      var target = document.getElementById(node.getAttribute("data-target"));
      if (!target) { return; }
      byTarget[target.id] = node;
      observer.observe(target);
    });
  }

  function cell(row, value) {
    var td = document.createElement("td");
    td.textContent = value;
    row.appendChild(td);
    return td;
  }

  // text as compared in search and sort: compatibility forms unfolded (full-width letters),
  // accents and other marks dropped, characters that show nothing too, lower case: "emile"
  // finds "Émile" written either way, "istanbul" finds "İstanbul", "kate" finds a "kate"
  // with a zero-width space in it (as shown, marked), and "Zed" sorts among the z's
  var MARKS = (function () {
    try { return new RegExp("[\\p{M}\\p{Cf}]", "gu"); }  // not a literal: older browsers
    catch (error) { return /[\u0300-\u036f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g; }
  }());  // (refuse it, and would run none of this script)

  var DIGITS = /[0-9]+/g;

  function padded(digits) {  // up to 30 digits compare as numbers; longer ones by length first
    var bare = digits.replace(/^0+(?=[0-9])/, "");
    return bare.length > 30 ? "~" + bare : new Array(31 - bare.length).join("0") + bare;
  }

  function folded(text) {
    return (text.normalize ? text.normalize("NFKD") : text).replace(MARKS, "").toLowerCase();
  }

  function formatNumber(value, digits) {
    if (value === null || value === undefined) { return "not measured"; }
    return digits ? value.toFixed(digits) : value.toLocaleString("en");
  }

  // The accounts table: an index names chunks of rows (in its sorted_by column's order, most
  // first, else by id), column by
  // column; the first chunk is shown at once, the others are fetched a few at a time, and
  // search and sort cover every account loaded so far (all of them once the last is in).
  var NUMBER_KEYS = ["followers", "following", "posts", "given", "received"];
  var PARALLEL = 4;  // chunks fetched at a time
  var HIDDEN_NOTE = "this handle contains invisible or direction-changing characters";

  function accountStore(index) {
    var store = { index: index, rows: 0, columns: {}, pages: {}, haystack: [], orders: {} };
    index.columns.forEach(function (key) { store.columns[key] = []; });
    store.hidden = {};
    store.bare = {};  // accounts without a handle: "handle" holds their id, shown "id ID"
    // a chunk of another build (a cached index or chunk after the site was published again)
    // would mix two builds' rows: refused, and the table loaded again from the server
    store.add = function (chunk, number) {
      var expected = index.chunks[number];
      var fits = chunk.version === index.version && chunk.start === store.rows &&
        chunk.rows === expected.rows && index.columns.every(function (key) {
          return chunk[key] && chunk[key].length === chunk.rows;
        });
      if (!fits) { throw new Error("stale"); }
      index.columns.forEach(function (key) {
        var column = store.columns[key], values = chunk[key];
        for (var i = 0; i < values.length; i++) { column.push(values[i]); }
      });
      chunk.page_rows.forEach(function (row, i) { store.pages[row] = chunk.pages[i]; });
      (chunk.hidden_rows || []).forEach(function (row) { store.hidden[row] = true; });
      (chunk.bare_rows || []).forEach(function (row) { store.bare[row] = true; });
      store.rows += chunk.rows;
      store.orders = {};
    };
    // an account as the pages name it: "@handle", or "id ID" without a handle
    store.shown = function (row) {
      return (store.bare[row] ? "id " : "@") + (store.columns.handle[row] || "");
    };
    store.className = function (row) {
      var code = store.columns["class"][row];
      return code === null ? "" : index.classes[code];
    };
    store.matches = function (row, query) {
      var text = store.haystack[row];
      if (text === undefined) {
        // the account as shown ("@" first, so that "@ana" finds what the table shows)
        text = folded(store.shown(row) + " " +
          (store.columns.name[row] || "") + " " + store.className(row));
        store.haystack[row] = text;
      }
      return text.indexOf(query) !== -1;
    };
    // a text column's values folded (the class's name for "class"), made once per column;
    // runs of digits padded, so that numbers sort as numbers ("id 2" before "id 10", as the
    // ids of most network files are numbers; "user2" before "user10")
    store.keys = {};
    store.sortKeys = function (key) {
      var keys = store.keys[key];
      if (keys && keys.length === store.rows) { return keys; }
      keys = new Array(store.rows);
      for (var i = 0; i < store.rows; i++) {
        var value = key === "class" ? store.className(i) : store.columns[key][i];
        keys[i] = value === null || value === "" ? null : folded(value).replace(DIGITS, padded);
      }
      store.keys[key] = keys;
      return keys;
    };
    // every row in the order of a column (none last), ties in table order; kept per key
    store.order = function (key, descending) {
      var name = key + (descending ? "-" : "+");
      if (store.orders[name]) { return store.orders[name]; }
      var rows = new Array(store.rows);
      for (var i = 0; i < store.rows; i++) { rows[i] = i; }
      if (key === null) { return rows; }  // the table's own order (index.sorted_by)
      var values = store.columns[key];
      if (key === "class" || typeof values.find(function (v) { return v !== null; }) === "string") {
        values = store.sortKeys(key);  // text: compared folded, as search reads it
      }
      var sign = descending ? -1 : 1;
      rows.sort(function (a, b) {
        var x = values[a], y = values[b];
        if (x === y) { return a - b; }
        if (x === null) { return 1; }
        if (y === null) { return -1; }
        return (x < y ? -1 : 1) * sign;
      });
      store.orders[name] = rows;
      return rows;
    };
    return store;
  }

  function accountRow(store, index) {
    var columns = store.columns;
    var row = document.createElement("tr");
    var first = cell(row, "");
    // bdi: a handle with direction controls cannot reorder the text around it
    var isolated = document.createElement("bdi");
    isolated.className = "handle";
    first.appendChild(isolated);
    if (store.hidden[index]) {  // as the pages' handle() marks it (sitegen/handles.py)
      isolated.className = "handle handle-hidden";
      isolated.title = HIDDEN_NOTE;
      var mark = document.createElement("span");
      mark.className = "handle-mark";
      mark.setAttribute("role", "img");
      mark.setAttribute("aria-label", HIDDEN_NOTE);
      mark.title = HIDDEN_NOTE;
      mark.textContent = "\u26a0";
      first.appendChild(document.createTextNode(" "));
      first.appendChild(mark);
    }
    var page = store.pages[index];
    if (page) {
      var link = document.createElement("a");
      link.href = page;
      link.textContent = store.shown(index);
      isolated.appendChild(link);
    } else {
      isolated.textContent = store.shown(index);
    }
    cell(row, store.className(index));
    NUMBER_KEYS.forEach(function (key) { cell(row, formatNumber(columns[key][index])); });
    cell(row, formatNumber(columns.follow_reciprocity[index], 2));
    return row;
  }

  function accountsTable() {
    var table = document.getElementById("accounts-table");
    if (!table) { return; }
    var body = table.querySelector("tbody");
    var filter = document.getElementById("account-filter");
    var count = document.getElementById("account-count");
    var progress = document.getElementById("account-progress");
    var pager = document.getElementById("account-pages");
    var state = { store: null, key: null, descending: true, loaded: false,
      failed: false, touched: false, shown: 0, start: 0 };
    var limit = 1000;
    var source = new URL(table.getAttribute("data-src"), document.baseURI);

    function render() {
      var store = state.store;
      if (!store) { return; }
      state.shown = Date.now();
      var query = folded(filter.value.trim());
      var order = store.order(state.key, state.descending);
      var shown = [], matching = 0;
      for (var i = 0; i < order.length; i++) {
        if (!query || store.matches(order[i], query)) {
          if (matching >= state.start && shown.length < limit) { shown.push(order[i]); }
          matching++;
        }
      }
      if (state.start && state.start >= matching) {  // fewer match than the page shown
        state.start = 0;
        render();
        return;
      }
      var rows = document.createDocumentFragment();
      shown.forEach(function (index) { rows.appendChild(accountRow(store, index)); });
      body.textContent = "";
      body.appendChild(rows);
      var total = store.index.accounts;
      count.textContent = matching.toLocaleString("en") +
        (matching === 1 ? " account matches" : " accounts match") +
        (matching > limit ? " (" + (state.start + 1).toLocaleString("en") + " to " +
          (state.start + shown.length).toLocaleString("en") + " shown)" : "") +
        (state.loaded ? "" : state.failed ? "; only " + store.rows.toLocaleString("en") +
          " of " + total.toLocaleString("en") + " accounts could be loaded (reload the page " +
          "to try again)" : "; " + store.rows.toLocaleString("en") + " of " +
          total.toLocaleString("en") + " accounts loaded so far, loading the rest");
      // past the first rows by pages of them: every account can be reached, not only by search
      pager.hidden = matching <= limit;
      pager.querySelector('[data-page="-1"]').disabled = state.start === 0;
      pager.querySelector('[data-page="1"]').disabled = state.start + limit >= matching;
    }

    function loaded() {
      var store = state.store, total = store.index.accounts;
      progress.max = total || 1;
      progress.value = store.rows;
      if (store.rows < total) {
        progress.hidden = false;
        // a reader who searched or sorted sees the rows loaded since, once a second
        if (state.touched && Date.now() - state.shown > 1000) { render(); return; }
        if (!state.touched) {
          count.textContent = "Loading accounts: " + store.rows.toLocaleString("en") + " of " +
            total.toLocaleString("en") + " (the first are shown; search and sort cover all " +
            "of them once loaded)";
        }
        return;
      }
      state.loaded = true;
      progress.hidden = true;
      table.setAttribute("aria-busy", "false");
      render();
    }

    // again: the second try asks the server, past any cached copy (another build's)
    function fetchJson(url, again) {
      return fetch(url, again ? { cache: "reload" } : {}).then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + url); }
        return response.json();
      });
    }

    function loadChunks(index, again) {
      state.store = accountStore(index);
      var sorted = table.querySelector('th button[data-key="' + index.sorted_by + '"]');
      if (sorted && state.key === null) {
        sorted.parentNode.setAttribute("aria-sort", "descending");
      }
      var requests = [];
      function request(number) {
        if (number < index.chunks.length && !requests[number]) {
          requests[number] = fetchJson(new URL(index.chunks[number].file, source), again);
          requests[number].catch(function () {});  // reported when its turn comes
        }
      }
      function next(number) {
        if (number >= index.chunks.length) { loaded(); return null; }
        // the first chunk alone: it is the first screen, and sharing a slow line with three
        // more made it arrive four times later (22 s at 1.6 Mbit/s); then four at a time
        var until = number === 0 ? 1 : number + PARALLEL;
        for (var ahead = number; ahead < until; ahead++) { request(ahead); }
        return requests[number].then(function (chunk) {
          requests[number] = true;  // let the chunk's text go
          state.store.add(chunk, number);
          if (number === 0) { render(); }
          loaded();
          return next(number + 1);
        });
      }
      return next(0);
    }

    function load(again) {
      return fetchJson(source, again).then(function (index) { return loadChunks(index, again); });
    }

    // a chunk that failed or belongs to another build: everything once more from the server;
    // then the rows loaded so far stay, said to be only some of them
    function failed() {
      progress.hidden = true;
      table.setAttribute("aria-busy", "false");
      if (state.store && state.store.rows) {
        state.failed = true;
        render();
        return;
      }
      body.textContent = "";
      count.textContent = "Could not load the accounts (reload the page to try again).";
    }

    table.querySelectorAll("th button").forEach(function (button) {
      button.addEventListener("click", function () {
        var key = button.getAttribute("data-key");
        // before any click the rows are in the table's own order: its sorted_by column's
        var current = state.key === null && state.store ? state.store.index.sorted_by : state.key;
        state.descending = current === key ? !state.descending : key !== "handle";
        state.key = key;
        state.touched = true;
        state.start = 0;
        table.querySelectorAll("th").forEach(function (th) { th.removeAttribute("aria-sort"); });
        button.parentNode.setAttribute("aria-sort", state.descending ? "descending" : "ascending");
        render();
      });
    });
    pager.querySelectorAll("button").forEach(function (button) {
      button.addEventListener("click", function () {
        state.start = Math.max(0, state.start + limit * Number(button.getAttribute("data-page")));
        state.touched = true;
        render();
        // at the first or last rows the button turns off: the keyboard's place goes to the
        // other one (a disabled button drops the focus to the page)
        if (button.disabled) {
          pager.querySelector("button:not([disabled])").focus();
        }
      });
    });
    var pending = null;
    filter.addEventListener("input", function () {
      // at a million accounts a search takes a moment: wait for a pause in the typing
      state.touched = true;
      state.start = 0;
      window.clearTimeout(pending);
      pending = window.setTimeout(render, state.store && state.store.rows > 100000 ? 200 : 0);
    });
    var first = null;  // the rows of the first try, kept should the second get fewer
    load(false).catch(function () {
      first = state.store;
      state.store = null;
      return load(true);
    }).catch(function () {
      if (first && (!state.store || state.store.rows < first.rows)) { state.store = first; }
      failed();
    });
  }

  // Printing: every chart's data table open (style.css opens them too, where the browser
  // can), and each chart redrawn as wide as the paper, in dark text; put back afterwards.
  var PRINT_WIDTH = 680;  // pixels: A4 or Letter paper less its margins

  function beforePrint() {
    document.querySelectorAll("details.chart-table:not([open])").forEach(function (details) {
      details.setAttribute("open", "");
      details.setAttribute("data-print-opened", "");
    });
    if (!window.Plotly) { return; }
    // on paper every chart, also those not yet scrolled to (when plotly.js is here)
    document.querySelectorAll("script.chart-data").forEach(drawChart);
    document.querySelectorAll(".chart-plot.js-plotly-plot").forEach(function (plot) {
      window.Plotly.relayout(plot, { width: Math.min(plot.clientWidth, PRINT_WIDTH),
        "font.color": "#000000" });
    });
  }

  function afterPrint() {
    document.querySelectorAll("details[data-print-opened]").forEach(function (details) {
      details.removeAttribute("open");
      details.removeAttribute("data-print-opened");
    });
    if (!window.Plotly) { return; }
    // once the page is laid out for the screen again, as wide as it was
    window.setTimeout(function () {
      document.querySelectorAll(".chart-plot.js-plotly-plot").forEach(function (plot) {
        window.Plotly.relayout(plot, { width: null, "font.color": textColor() });
      });
    }, 0);
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    accountsTable();
  });
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
}());

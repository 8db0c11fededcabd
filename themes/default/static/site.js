/* sitegen default theme: draw charts and drive the accounts table. Data is always
   inserted as text (never as HTML), so nothing from the network data can run here. */
(function () {
  "use strict";

  function textColor() {
    return getComputedStyle(document.body).color || "#1b1f24";
  }

  function drawCharts() {
    if (!window.Plotly) { return; }
    document.querySelectorAll("script.chart-data").forEach(function (node) {
      var target = document.getElementById(node.getAttribute("data-target"));
      if (!target) { return; }
      var figure = JSON.parse(node.textContent);
      var layout = figure.layout || {};
      layout.font = Object.assign({}, layout.font, { color: textColor() });
      // no "Share chart" button: it would upload the data to Plotly's cloud service
      window.Plotly.newPlot(target, figure.data, layout,
        { responsive: true, displaylogo: false, showSendToCloud: false });
      // drawn, the area holds the chart's buttons: a labelled group, no longer an image
      target.setAttribute("role", "group");
    });
  }

  function cell(row, value) {
    var td = document.createElement("td");
    td.textContent = value;
    row.appendChild(td);
    return td;
  }

  function formatNumber(value, digits) {
    if (value === null || value === undefined) { return "not measured"; }
    return digits ? value.toFixed(digits) : value.toLocaleString("en");
  }

  function accountsTable() {
    var table = document.getElementById("accounts-table");
    if (!table) { return; }
    var body = table.querySelector("tbody");
    var filter = document.getElementById("account-filter");
    var count = document.getElementById("account-count");
    var state = { rows: [], key: "followers", descending: true };
    var limit = 1000;

    function render() {
      var query = filter.value.trim().toLowerCase();
      var shown = state.rows.filter(function (a) {
        return !query || (a.handle + " " + (a.name || "") + " " + a["class"])
          .toLowerCase().indexOf(query) !== -1;
      });
      shown.sort(function (a, b) {
        var x = a[state.key], y = b[state.key];
        if (x === y) { return a.id < b.id ? -1 : 1; }
        if (x === null) { return 1; }
        if (y === null) { return -1; }
        return (x < y ? -1 : 1) * (state.descending ? -1 : 1);
      });
      body.textContent = "";
      shown.slice(0, limit).forEach(function (a) {
        var row = document.createElement("tr");
        var first = cell(row, "");
        // bdi: a handle with direction controls cannot reorder the text around it
        var isolated = document.createElement("bdi");
        isolated.className = "handle";
        first.appendChild(isolated);
        if (a.page) {
          var link = document.createElement("a");
          link.href = a.page;
          link.textContent = "@" + a.handle;
          isolated.appendChild(link);
        } else {
          isolated.textContent = "@" + a.handle;
        }
        cell(row, a["class"]);
        ["followers", "following", "posts", "given", "received"].forEach(function (k) {
          cell(row, formatNumber(a[k]));
        });
        cell(row, formatNumber(a.follow_reciprocity, 2));
        body.appendChild(row);
      });
      count.textContent = shown.length.toLocaleString("en") + " accounts match" +
        (shown.length > limit ? " (first " + limit + " shown)" : "");
    }

    table.querySelectorAll("th button").forEach(function (button) {
      button.addEventListener("click", function () {
        var key = button.getAttribute("data-key");
        state.descending = state.key === key ? !state.descending : key !== "handle";
        state.key = key;
        table.querySelectorAll("th").forEach(function (th) { th.removeAttribute("aria-sort"); });
        button.parentNode.setAttribute("aria-sort", state.descending ? "descending" : "ascending");
        render();
      });
    });
    filter.addEventListener("input", render);
    fetch(table.getAttribute("data-src"))
      .then(function (response) { return response.json(); })
      .then(function (doc) { state.rows = doc.accounts; render(); })
      .catch(function () { body.textContent = ""; count.textContent = "Could not load the accounts."; });
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

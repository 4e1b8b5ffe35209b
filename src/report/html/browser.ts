// The page's only script besides uPlot: reads the embedded JSON and draws each chart.
// Plain ES2017 in a string so it runs as-is in any browser; all text reaches the page via
// uPlot (textContent) or canvas fillText, never innerHTML.
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('gameday-data').textContent);
  var FAULT_FILL = 'rgba(220, 38, 38, 0.09)';
  var FAULT_EDGE = 'rgba(220, 38, 38, 0.45)';
  var MARK_COLOR = '#1d4ed8';
  var COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6];

  function shadeFaults(u, faults) {
    var ctx = u.ctx, top = u.bbox.top, height = u.bbox.height;
    ctx.save();
    faults.forEach(function (f) {
      var x0 = u.valToPos(f.start, 'x', true), x1 = u.valToPos(f.end, 'x', true);
      ctx.fillStyle = FAULT_FILL;
      ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
      ctx.fillStyle = FAULT_EDGE;
      ctx.fillRect(x0, top, 1, height);
      ctx.fillRect(x1, top, 1, height);
    });
    ctx.restore();
  }

  function labelFaults(u, faults) {
    var ctx = u.ctx, pr = devicePixelRatio || 1;
    ctx.save();
    ctx.font = (11 * pr) + 'px system-ui, sans-serif';
    ctx.fillStyle = '#991b1b';
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    faults.forEach(function (f) {
      var x0 = u.valToPos(f.start, 'x', true);
      var room = u.valToPos(f.end, 'x', true) - x0 - 8 * pr;
      var y = u.bbox.top + (3 + 13 * f.row) * pr;
      if (room > 20 * pr) ctx.fillText(f.label, x0 + 4 * pr, y, room);
    });
    ctx.restore();
  }

  function drawMarks(u) {
    var ctx = u.ctx, pr = devicePixelRatio || 1, bottom = u.bbox.top + u.bbox.height;
    ctx.save();
    ctx.strokeStyle = MARK_COLOR;
    ctx.fillStyle = MARK_COLOR;
    ctx.setLineDash([4 * pr, 3 * pr]);
    ctx.font = (11 * pr) + 'px system-ui, sans-serif';
    ctx.textBaseline = 'bottom';
    (data.marks || []).forEach(function (m, i) {
      var x = u.valToPos(m.time, 'x', true);
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, bottom);
      ctx.stroke();
      ctx.fillText(m.label, x + 3 * pr, bottom - (2 + 13 * (i % 3)) * pr, 160 * pr);
    });
    ctx.restore();
  }

  function seriesOpts(chart, s) {
    var opts = { label: s.label, stroke: s.color, width: 1.5, spanGaps: !!chart.spanGaps, points: { show: false } };
    if (chart.stepped) opts.paths = uPlot.paths.stepped({ align: 1 });
    if (s.style === 'dashed') opts.dash = [6, 4];
    if (s.style === 'points') {
      opts.paths = function () { return null; };
      opts.points = { show: true, size: 9, width: 1.5, stroke: s.color, fill: s.color };
    }
    return opts;
  }

  function axes(chart) {
    var x = { label: 'seconds on the scenario clock', values: function (u, vals) { return vals.map(function (v) { return v + ' s'; }); } };
    // One y-axis width for every chart, so their time axes line up under each other.
    var y = { label: chart.unit, size: 120 };
    if (chart.stepped) y.incrs = COUNT_STEPS; // whole operations: no 0.25 ops/s ticks
    if (chart.lanes) {
      y.splits = function () { return chart.lanes.map(function (_, i) { return i; }); };
      y.values = function (u, vals) { return vals.map(function (v) { return chart.lanes[v] || ''; }); };
    }
    return [x, y];
  }

  // Zooming one chart (drag across it) zooms them all; a double-click resets.
  var plots = [];
  var syncing = false;
  function syncZoom(u, key) {
    if (key !== 'x' || syncing) return;
    syncing = true;
    plots.forEach(function (p) { if (p !== u) p.setScale('x', { min: u.scales.x.min, max: u.scales.x.max }); });
    syncing = false;
  }

  function draw(chart) {
    var host = document.getElementById('chart-' + chart.id);
    // A chart may carry its own fault windows (gameday matrix: one run per chart).
    var faults = chart.faults || data.faults;
    var scales = { x: { time: false } };
    if (chart.lanes) scales.y = { range: [-0.6, chart.lanes.length - 0.4] };
    else scales.y = { range: function (u, min, max) { return [0, max > 0 ? max * 1.08 : 1]; } };
    var opts = {
      width: host.clientWidth, height: chart.lanes ? 220 : 240,
      scales: scales, axes: axes(chart),
      series: [{ label: 'time', value: function (u, v) { return v == null ? '—' : v.toFixed(1) + ' s'; } }].concat(chart.series.map(function (s) { return seriesOpts(chart, s); })),
      cursor: { sync: { key: 'gameday' } },
      legend: { show: !chart.lanes },
      hooks: {
        drawClear: [function (u) { shadeFaults(u, faults); }],
        draw: [function (u) { labelFaults(u, faults); }, drawMarks],
        setScale: [syncZoom],
      },
    };
    var plot = new uPlot(opts, chart.data, host);
    plots.push(plot);
    window.addEventListener('resize', function () { plot.setSize({ width: host.clientWidth, height: opts.height }); });
  }

  data.charts.forEach(draw);
  window.gamedayCharts = plots; // for scripting the page (and its tests)
  document.body.setAttribute('data-charts-drawn', String(data.charts.length));
})();
`;

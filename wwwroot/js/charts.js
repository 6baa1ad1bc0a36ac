// All plotly.js interop of the dashboard, in one ES module (imported lazily by LiveChart).
//
// plotly.js itself is a global: App.razor loads lib/plotly/plotly-basic.min.js (scatter, bar, pie:
// the curves every page opens on) through js/plotly-loader.js. A figure with other trace types
// fetches the smallest bundle that draws it the first time one is drawn: the cartesian bundle
// (box, heatmap…: epoch times, confusion matrices), or the full one (the parallel coordinates).
// The build restores them from npm (package.json, Dashboard/Npm.targets). Traces are addressed by a string
// key chosen by the caller (a run id and a metric, say); this module keeps, per plot element, the map from each
// key to the trace's index in the plot, so C# never has to track plotly's indices.
//
// A trace is a plotly trace object plus `key`: { key, name, x, y, ...any plotly trace attribute }.

/**
 * Per plot element: its key → trace index map, the plotly config it was drawn with, and the
 * plotly.js instance that drew it (every later call on the element goes to the same one).
 * @type {WeakMap<HTMLElement, { keys: Map<string, number>, config: object, plotly: object }>}
 */
const plots = new WeakMap();

/**
 * Interactive chart element → the plot it took over from the prerendered page (drawPrefigures),
 * which now sits inside it. Every call on the chart element goes to that plot.
 * @type {WeakMap<HTMLElement, HTMLElement>}
 */
const adopted = new WeakMap();
const plotOf = element => adopted.get(element) ?? element;

const missing = "plotly.js is not loaded: wwwroot/lib/plotly/ is restored by the build (npm, package.json)";
let loading;

/**
 * The bundles beyond the page's, smallest first: the trace types each draws, its file in
 * lib/plotly/, and once asked for, the promise of its plotly.js instance.
 */
const bundles = [
  { file: "plotly-basic.min.js", types: new Set(["scatter", "bar", "pie"]), page: true },
  { file: "plotly-cartesian.min.js", types: new Set(["scatter", "bar", "pie", "box", "heatmap", "histogram", "histogram2d", "violin", "contour", "image"]) },
  { file: "plotly.min.js", types: null }, // every type
];

/**
 * The page's plotly.js (the basic bundle), once loaded: js/plotly-loader.js, which App.razor
 * includes, loads it once the document is parsed and publishes the promise.
 */
function plotly() {
  globalThis.__plotlyStart?.();
  loading ??= globalThis.Plotly
    ? Promise.resolve(globalThis.Plotly)
    : globalThis.__plotlyReady ?? Promise.reject(new Error(missing));
  return loading;
}

/**
 * Another bundle, fetched once on first need and kept apart from the page's global `Plotly`, so
 * the plots either one drew keep working with their own.
 */
function plotlyBundle(bundle) {
  bundle.loading ??= plotly().then(page => new Promise((resolve, reject) => {
    const tag = document.createElement("script");
    const base = document.getElementById("plotly-js")?.src ?? new URL("lib/plotly/plotly-basic.min.js", document.baseURI).href;
    tag.src = new URL(bundle.file, base).href;
    tag.async = true;
    tag.onload = () => {
      const loaded = globalThis.Plotly;
      globalThis.Plotly = page;
      loaded && loaded !== page ? resolve(loaded) : reject(new Error(missing));
    };
    tag.onerror = () => {
      bundle.loading = undefined; // a later figure may try again
      reject(new Error(missing));
    };
    document.head.appendChild(tag);
  }));
  return bundle.loading;
}

/** The plotly.js that can draw these traces: the page's bundle, or the smallest other one that has their types. */
function plotlyFor(data) {
  const bundle = bundles.find(b => !b.types || data.every(trace => b.types.has(trace.type ?? "scatter")));
  return bundle.page ? plotly() : plotlyBundle(bundle);
}

// plotly's own `uid` carries the key too, so Plotly.react matches a redrawn trace with its old self.
// plotly builds CSS selectors from it ('.cb' + uid, when a trace leaves the plot), which a key such
// as 'cell/lr=0.01, bn=on' would break: every character but letters, digits and '-' is written as
// _hex_ (one to one, so uids stay as distinct as keys). The key itself rides along as `key`.
const uidOf = key => String(key).replace(/[^A-Za-z0-9-]/g, c => `_${c.charCodeAt(0).toString(16)}_`);

function toPlotly(trace) {
  return { ...trace, uid: uidOf(trace.key) };
}

/**
 * The x and y ranges that show every point of these traces (y padded by 5%), as plotly's autorange
 * would give for line charts; null when a trace is not a plain scatter of numbers (categories,
 * dates, boxes…), which plotly then ranges itself.
 */
function fittedRanges(data) {
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  let markers = false;
  for (const trace of data) {
    if ((trace.type ?? "scatter") !== "scatter" || !Array.isArray(trace.x) || !Array.isArray(trace.y)) {
      return null;
    }
    // plotly's default mode draws markers below 20 points; a marker at the edge needs room.
    markers ||= (trace.mode ?? (trace.y.length < 20 ? "lines+markers" : "lines")).includes("markers");
    for (let i = 0; i < trace.y.length; i++) {
      const x = trace.x[i], y = trace.y[i];
      if (x === null || y === null || x === undefined || y === undefined) {
        continue;
      }
      if (typeof x !== "number" || typeof y !== "number") {
        return null;
      }
      if (x < xMin) xMin = x;
      if (x > xMax) xMax = x;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
    }
  }
  if (!(xMin <= xMax && yMin <= yMax)) {
    return null; // no point yet
  }
  const pad = yMax > yMin ? (yMax - yMin) * 0.05 : Math.max(Math.abs(yMax) * 0.05, 0.5);
  const xPad = xMax > xMin ? (markers ? (xMax - xMin) * 0.02 : 0) : 0.5;
  return { x: [xMin - xPad, xMax + xPad], y: [yMin - pad, yMax + pad] };
}

/** The layout with the fitted ranges set (autorange off), or as given when the data cannot be fitted or its axes are not linear. */
function withFittedRanges(layout, data) {
  const linear = axis => !axis?.type || axis.type === "linear";
  const ranges = linear(layout.xaxis) && linear(layout.yaxis) ? fittedRanges(data) : null;
  if (!ranges) {
    return { layout, ranges: null };
  }
  return {
    layout: {
      ...layout,
      xaxis: { ...layout.xaxis, range: ranges.x, autorange: false },
      yaxis: { ...layout.yaxis, range: ranges.y, autorange: false },
    },
    ranges,
  };
}

/**
 * One legend row's height (plotly's default 12 px legend font), kept free below the plot when the
 * layout puts a horizontal legend at the bottom of the container (ChartPayload's PlotLegend).
 * Reserved before the draw because plotly's automargin would otherwise find the legend in the way
 * after drawing and draw the whole figure a second time (about 0.1 s on the 2-core VM). A legend
 * that wraps onto more rows still gets its room from automargin.
 */
const legendRow = 24;

/** The layout with room below the plot for a bottom legend that these traces will show. */
function withLegendRoom(layout, data) {
  const legend = layout.legend;
  const atBottom = legend?.orientation === "h" && legend.yref === "container" && legend.yanchor === "bottom";
  // plotly's default: a legend for two entries or more, or for one trace that asks for it explicitly.
  const visible = data.filter(t => t.visible !== false);
  const entries = visible.filter(t => t.showlegend !== false).length + (visible.some(t => t.showlegend === true) ? 1 : 0);
  const shown = layout.showlegend ?? entries > 1;
  if (!atBottom || !shown || typeof layout.margin?.b !== "number") {
    return layout;
  }
  return { ...layout, margin: { ...layout.margin, b: layout.margin.b + legendRow } };
}

/**
 * The tick step of an x axis of whole numbers (epochs, steps): 1, 2, 5, 10, 20, 50, … whichever
 * first puts at most eight ticks over the data, so no tick ever falls between two epochs.
 */
export function wholeStep(xMin, xMax) {
  const span = Math.max(xMax - xMin, 1);
  for (let base = 1; ; base *= 10) {
    for (const m of [1, 2, 5]) {
      if (span / (m * base) <= 8) {
        return m * base;
      }
    }
  }
}

/** The smallest and largest finite x of these traces, widening `extent` (from nothing by default). */
function xExtent(traces, extent = { min: Infinity, max: -Infinity }) {
  let { min, max } = extent;
  for (const trace of traces) {
    for (const x of trace.x ?? []) {
      if (Number.isFinite(x)) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
    }
  }
  return { min, max };
}

/** The whole-number step for an x extent, or null when it holds no point yet. */
const wholeStepOf = extent => extent.min <= extent.max ? wholeStep(extent.min, extent.max) : null;

/** The layout with whole-number ticks on its x axis (a linear tick mode from 0 in steps of wholeStep). */
function withWholeTicks(layout, step) {
  return step === null ? layout : { ...layout, xaxis: { ...layout.xaxis, tickmode: "linear", tick0: 0, dtick: step } };
}

/**
 * A plot of whole-number x keeps whole ticks as points arrive or leave: a new step when the span
 * outgrows the old one. `extent` is the plot's x extent now (kept as points arrive, so a live
 * append does not walk every point drawn).
 */
async function retick(element, plot, extent) {
  plot.xs = extent;
  const step = wholeStepOf(extent);
  if (step !== null && step !== plot.step) {
    plot.step = step;
    await plot.plotly.relayout(element, { "xaxis.tickmode": "linear", "xaxis.tick0": 0, "xaxis.dtick": step });
  }
}

const sameRange = (a, b) => Array.isArray(a) && Array.isArray(b) && a[0] === b[0] && a[1] === b[1];

/**
 * Draws (or redraws) the whole plot: the traces replace whatever the element showed.
 * options.fitRanges: set the axis ranges from the data here rather than by plotly's autorange,
 * which costs a good part of the draw for tens of thousands of points. options.wholeX: the x values
 * are whole numbers (epochs, steps), so ticks fall on whole numbers only (wholeStep). options.figure:
 * the hash of a prerendered figure, which shows() then answers for.
 */
export async function draw(chart, traces, layout, config, options) {
  const element = plotOf(chart);
  const keys = new Map();
  const data = [];
  for (const trace of traces ?? []) {
    if (keys.has(trace.key)) {
      throw new Error(`charts.draw: two traces with the key '${trace.key}'`);
    }
    keys.set(trace.key, data.length);
    data.push(toPlotly(trace));
  }
  const fullConfig = { responsive: true, displaylogo: false, ...config };
  const p = await plotlyFor(data);
  const drawn = plots.get(element)?.plotly;
  if (drawn && drawn !== p) {
    drawn.purge(element); // drawn before by the other bundle: start afresh with this one
  }
  const xs = options?.wholeX ? xExtent(data) : null;
  const step = xs ? wholeStepOf(xs) : null;
  const roomy = withWholeTicks(withLegendRoom(layout ?? {}, data), step);
  const fitted = options?.fitRanges ? withFittedRanges(roomy, data) : { layout: roomy, ranges: null };
  await p.react(element, data, fitted.layout, fullConfig);
  plots.set(element, { keys, config: fullConfig, plotly: p, ranges: fitted.ranges, figure: options?.figure, wholeX: !!options?.wholeX, step, xs });
}

// Figures waiting to come into view (drawWhenVisible): element → its latest draw.
const waiting = new WeakMap();
let watcher;

/**
 * Draws like draw(), but only once the element is near the viewport, so a page's figures further
 * down (effects, interaction and parallel-coordinates plots) do not hold up the chart at its top.
 * Returns at once; a figure that then cannot draw says why in its element.
 */
export function drawWhenVisible(element, traces, layout, config) {
  const job = () => draw(element, traces, layout, config).catch(e => {
    element.textContent = `Chart unavailable: ${e.message}`;
    element.classList.add("chart-failure", "bad");
  });
  if (plots.has(element) || !("IntersectionObserver" in globalThis)) {
    return job(); // drawn before: redraw in place
  }
  watcher ??= new IntersectionObserver(entries => {
    for (const entry of entries) {
      const pending = entry.isIntersecting && waiting.get(entry.target);
      if (pending) {
        waiting.delete(entry.target);
        watcher.unobserve(entry.target);
        pending();
      }
    }
  }, { rootMargin: "200px" });
  waiting.set(element, job);
  watcher.observe(element);
}

/**
 * Appends points: a trace whose key the plot already has gets its x/y extended (one
 * Plotly.extendTraces call for all of them, so one repaint); a trace with a new key is added
 * whole (Plotly.addTraces). maxPoints, when given, keeps only the last maxPoints of each
 * extended trace.
 */
export async function extend(chart, traces, maxPoints) {
  const element = plotOf(chart);
  const plot = plots.get(element);
  const keys = plot?.keys;
  if (!keys) {
    throw new Error("charts.extend: the element has no plot yet (call draw first)");
  }

  const update = { x: [], y: [] };
  const indices = [];
  const added = [];
  for (const trace of traces ?? []) {
    const index = keys.get(trace.key);
    if (index === undefined) {
      keys.set(trace.key, element.data.length + added.length);
      added.push(toPlotly(trace));
    } else if (trace.x.length > 0) {
      update.x.push(trace.x);
      update.y.push(trace.y);
      indices.push(index);
    }
  }

  // New traces first: a key that came twice in one call then finds its trace already there.
  const p = plot.plotly;
  if (added.length > 0) {
    await p.addTraces(element, added);
  }
  if (indices.length > 0) {
    if (maxPoints === undefined || maxPoints === null) {
      await p.extendTraces(element, update, indices);
    } else {
      await p.extendTraces(element, update, indices, maxPoints);
    }
  }
  await refit(element, plot);
  if (plot.wholeX) {
    await retick(element, plot, xExtent(traces ?? [], plot.xs));
  }
}

/**
 * Removes the traces with these keys (on the monitor: a run its retry replaced); the other traces
 * keep their keys, renumbered. Keys the plot does not have are left alone, as is a plot not drawn yet.
 */
export async function remove(chart, keys) {
  const element = plotOf(chart);
  const plot = plots.get(element);
  const indices = (keys ?? []).map(key => plot?.keys.get(key)).filter(index => index !== undefined);
  if (indices.length === 0) {
    return;
  }
  await plot.plotly.deleteTraces(element, indices);
  const gone = new Set(indices);
  const renumbered = new Map();
  for (const [key, index] of plot.keys) {
    if (!gone.has(index)) {
      renumbered.set(key, index - indices.filter(i => i < index).length);
    }
  }
  plot.keys = renumbered;
  await refit(element, plot);
  if (plot.wholeX) {
    await retick(element, plot, xExtent(element.data)); // what is left: walked once per removal
  }
}

/** A plot drawn with fitted ranges follows its new points, unless the user has zoomed or panned it. */
async function refit(element, plot) {
  if (!plot.ranges) {
    return;
  }
  const shown = element.layout;
  if (!sameRange(shown?.xaxis?.range, plot.ranges.x) || !sameRange(shown?.yaxis?.range, plot.ranges.y)) {
    plot.ranges = null; // the user's view now: plotly's own behaviour from here on
    return;
  }
  const ranges = fittedRanges(element.data);
  if (ranges && (!sameRange(ranges.x, plot.ranges.x) || !sameRange(ranges.y, plot.ranges.y))) {
    plot.ranges = ranges;
    await plot.plotly.relayout(element, { "xaxis.range": ranges.x, "yaxis.range": ranges.y });
  }
}

/**
 * Replaces the layout (titles, height) and keeps the data, extended points included. Plotly.react
 * rather than Plotly.relayout: the same uirevision then keeps the user's zoom and hidden series.
 */
export async function relayout(chart, layout) {
  const element = plotOf(chart);
  const plot = plots.get(element);
  if (!plot) {
    throw new Error("charts.relayout: the element has no plot yet (call draw first)");
  }
  const roomy = withWholeTicks(withLegendRoom(layout ?? {}, element.data), plot.wholeX ? plot.step ?? null : null);
  const fitted = plot.ranges ? withFittedRanges(roomy, element.data) : { layout: roomy, ranges: null };
  await plot.plotly.react(element, element.data, fitted.layout, plot.config);
  plot.ranges = fitted.ranges;
}

/** Frees the plot's listeners and WebGL contexts; the element can be drawn again afterwards. */
export function purge(chart) {
  const element = plotOf(chart);
  adopted.delete(chart);
  const p = plots.get(element)?.plotly ?? globalThis.Plotly;
  plots.delete(element);
  waiting.delete(element);
  watcher?.unobserve(element);
  if (element && p) {
    p.purge(element);
  }
}

/** The key → trace index map of a plot, as a plain object (for tests and debugging). */
export function keysOf(chart) {
  return Object.fromEntries(plots.get(plotOf(chart))?.keys ?? []);
}

// Prerendered figures (LiveChart's PrefigureSlot): slot → the prerendered chart element drawn
// from it, until an interactive chart of the same slot takes it over.
const prefigured = new Map();
let takeoverWatch;

// Prerendered plots still being drawn: plot element → its draw, settled either way. The circuit can
// render while plotly is still drawing one, and its chart must then wait for that draw to know
// whether the plot shows its figure (shows()), instead of drawing the same figure a second time.
const prefigureDraws = new WeakMap();

const slotted = slot => document.querySelectorAll(`[data-prefigure-slot="${CSS.escape(slot)}"]`);

/**
 * Draws the figures the prerendered page carries (<script type="application/json" class="prefigure">,
 * beside the chart element of the same slot), as soon as plotly.js is evaluated and before the
 * circuit has rendered anything: js/plotly-loader.js calls it. When the circuit's first render then
 * replaces the prerendered page, the new chart element of the same slot receives the drawn plot
 * (moved into it, from a MutationObserver: before the browser paints, so it never blinks), and
 * LiveChart asks shows() with the figure's hash before its first draw, which it then skips. A
 * circuit that renders first leaves nothing here to draw: the scripts went with the prerendered page.
 */
export async function drawPrefigures() {
  for (const script of document.querySelectorAll("script.prefigure")) {
    const slot = script.dataset.slot;
    const element = slot && !prefigured.has(slot) ? [...slotted(slot)].find(e => !adopted.has(e) && !plots.has(e)) : undefined;
    if (!element) {
      continue;
    }
    const { figure, hash } = JSON.parse(script.textContent);
    prefigured.set(slot, element);
    takeoverWatch ??= new MutationObserver(takeOver);
    takeoverWatch.observe(document.body, { childList: true, subtree: true });
    const drawing = draw(element, figure.traces, figure.layout, null, { fitRanges: figure.fitRanges, wholeX: figure.wholeX, figure: hash });
    prefigureDraws.set(element, drawing.catch(() => { }));
    try {
      await drawing;
    } catch (e) {
      prefigured.delete(slot); // the interactive chart draws it, and says why if it cannot
      plots.delete(element);
      console.warn(`charts.drawPrefigures: ${slot}: ${e.message}`);
    } finally {
      prefigureDraws.delete(element);
    }
  }
  takeOver();
}

/**
 * Whether the chart shows the figure with this hash (a plot taken over from the prerendered page,
 * say), once the prerendered draw of that plot, if one is under way, has ended. LiveChart asks it
 * before its first draw; the answer is left on the chart element as data-first-draw ("waiting"
 * while that draw ends, then "prerendered": the plot is kept, or "interactive": the chart draws it).
 */
export async function shows(chart, figure) {
  const plot = plotOf(chart);
  const drawing = prefigureDraws.get(plot);
  if (drawing) {
    chart.dataset.firstDraw = "waiting";
    await drawing;
  }
  const same = !!figure && plots.get(plotOf(chart))?.figure === figure;
  chart.dataset.firstDraw = same ? "prerendered" : "interactive";
  return same;
}

/** Hands each prerendered plot that left the page to the interactive chart of its slot. */
function takeOver() {
  for (const [slot, plot] of prefigured) {
    if (plot.isConnected) {
      continue; // the prerendered page is still there
    }
    const heir = [...slotted(slot)].find(e => e !== plot && !plot.contains(e));
    if (heir) {
      heir.appendChild(plot);
      adopted.set(heir, plot);
      prefigured.delete(slot);
    }
  }
  if (prefigured.size === 0) {
    takeoverWatch?.disconnect();
    takeoverWatch = undefined;
  }
}

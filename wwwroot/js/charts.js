// All plotly.js interop of the dashboard, in one ES module (imported lazily by LiveChart).
//
// plotly.js itself is a global: App.razor loads lib/plotly/plotly.min.js asynchronously, and the
// build restores it from npm (package.json, Dashboard/Npm.targets). Traces are addressed by a string
// key chosen by the caller (a run id and a metric, say); this module keeps, per plot element, the map from each
// key to the trace's index in the plot, so C# never has to track plotly's indices.
//
// A trace is a plotly trace object plus `key`: { key, name, x, y, ...any plotly trace attribute }.

/**
 * Per plot element: its key → trace index map, and the plotly config it was drawn with.
 * @type {WeakMap<HTMLElement, { keys: Map<string, number>, config: object }>}
 */
const plots = new WeakMap();

const missing = "plotly.js is not loaded: wwwroot/lib/plotly/plotly.min.js is restored by the build (npm, package.json)";
let loading;

/**
 * plotly.js, once loaded. App.razor loads it with `async`, so that its download and parse run
 * beside the circuit's start instead of before it; the script tag's onload/onerror set the flags
 * read here, so a plot asked for before or after the load finds it either way.
 */
function plotly() {
  if (globalThis.Plotly) {
    return Promise.resolve(globalThis.Plotly);
  }
  loading ??= new Promise((resolve, reject) => {
    const tag = document.getElementById("plotly-js");
    const settle = () => {
      if (globalThis.Plotly) {
        resolve(globalThis.Plotly);
      } else if (!tag || globalThis.__plotlyFailed || globalThis.__plotlyLoaded) {
        reject(new Error(missing));
      } else {
        return false;
      }
      return true;
    };
    if (!settle()) {
      tag.addEventListener("load", settle);
      tag.addEventListener("error", () => reject(new Error(missing)));
    }
  });
  return loading;
}

// plotly's own `uid` carries the key too, so Plotly.react matches a redrawn trace with its old self.
function toPlotly(trace) {
  const { key, ...rest } = trace;
  return { ...rest, uid: key };
}

/** Draws (or redraws) the whole plot: the traces replace whatever the element showed. */
export async function draw(element, traces, layout, config) {
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
  await (await plotly()).react(element, data, layout ?? {}, fullConfig);
  plots.set(element, { keys, config: fullConfig });
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
export async function extend(element, traces, maxPoints) {
  const keys = plots.get(element)?.keys;
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
  const p = await plotly();
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
}

/**
 * Replaces the layout (titles, height) and keeps the data, extended points included. Plotly.react
 * rather than Plotly.relayout: the same uirevision then keeps the user's zoom and hidden series.
 */
export async function relayout(element, layout) {
  const plot = plots.get(element);
  if (!plot) {
    throw new Error("charts.relayout: the element has no plot yet (call draw first)");
  }
  await (await plotly()).react(element, element.data, layout ?? {}, plot.config);
}

/** Frees the plot's listeners and WebGL contexts; the element can be drawn again afterwards. */
export function purge(element) {
  plots.delete(element);
  waiting.delete(element);
  watcher?.unobserve(element);
  if (element && globalThis.Plotly) {
    globalThis.Plotly.purge(element);
  }
}

/** The key → trace index map of a plot, as a plain object (for tests and debugging). */
export function keysOf(element) {
  return Object.fromEntries(plots.get(element)?.keys ?? []);
}

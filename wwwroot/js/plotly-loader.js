// Loads plotly.js for js/charts.js (App.razor). The bundle is preloaded with the page (so it
// downloads beside the document) but evaluated only once the document has been parsed and
// blazor.web.js has asked for the circuit: evaluating 1.5 MB of JavaScript takes half a second on
// a slow machine, and must not hold up the parse or the circuit's first request. (Evaluating it
// later still, once the circuit is connected, measured slower: each of the circuit's round trips
// then waits behind it.) charts.js awaits globalThis.__plotlyReady, which settles with plotly or
// with the reason it could not load. Once plotly is in, the figures a prerendered page carries are
// drawn at once (below).
(() => {
  const src = document.currentScript.dataset.src;
  const ready = new Promise((resolve, reject) => {
    const load = () => {
      const tag = document.createElement("script");
      tag.id = "plotly-js";
      tag.src = src;
      tag.async = true;
      tag.onload = () => globalThis.Plotly
        ? resolve(globalThis.Plotly)
        : reject(new Error(`${src} loaded but did not define Plotly`));
      tag.onerror = () => {
        globalThis.__plotlyFailed = true;
        reject(new Error(`plotly.js is not loaded: ${src} is restored by the build (npm, package.json)`));
      };
      document.head.appendChild(tag);
    };
    // After the document's own scripts: blazor.web.js's DOMContentLoaded handler, which starts the
    // circuit, runs before this one.
    let started = false;
    const start = () => {
      if (!started) {
        started = true;
        load();
      }
    };
    globalThis.__plotlyStart = start; // charts.js: a chart wants it now
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start, { once: true });
    } else {
      start();
    }
  });
  ready.catch(() => { }); // a page without charts does not care; charts.js reports the failure where a chart needs it
  globalThis.__plotlyReady = ready;

  // A prerendered page may carry its main chart's figure (LiveChart's PrefigureSlot): draw it now,
  // before the circuit's first render, which then takes the plot over (charts.js drawPrefigures).
  const charts = new URL("charts.js", document.currentScript.src).href;
  ready.then(() => {
    if (document.querySelector("script.prefigure")) {
      import(charts).then(m => m.drawPrefigures()).catch(e => console.warn(`prerendered charts: ${e.message}`));
    }
  }, () => { });
})();

// Loads main.wasm with a progress bar, then runs it. The performance marks (fetched,
// compiled; the program marks main and ready) tell BenchmarkColdLoad where the time goes. The wasm address comes from the
// preload link, so a build that renames files for caching only has to rewrite index.html.
(async function () {
  const bar = document.getElementById("loading-progress");
  const error = document.getElementById("loading-error");
  const url = document.querySelector('link[rel="preload"][as="fetch"]').getAttribute("href");
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(url + ": " + response.status + " " + response.statusText);
    // With a compressed response, Content-Length counts compressed octets but the
    // reader yields decoded ones; smtpsim serve names the decoded size.
    const total = Number(response.headers.get("X-Decoded-Length")) ||
      (response.headers.get("Content-Encoding") ? 0 : Number(response.headers.get("Content-Length"))) || 0;
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      if (total > 0) bar.value = Math.min(99, Math.floor((received * 100) / total));
    }
    bar.value = 100;
    performance.mark("smtpsim:fetched");
    const bytes = new Uint8Array(received);
    let offset = 0;
    for (const c of chunks) { bytes.set(c, offset); offset += c.length; }
    const go = new Go();
    const { instance } = await WebAssembly.instantiate(bytes.buffer, go.importObject);
    performance.mark("smtpsim:compiled");
    go.run(instance);
  } catch (e) {
    error.hidden = false;
    error.textContent = "The simulator could not start: " + e.message;
  }
})();

// Loads main.wasm with a progress bar, then runs it. The wasm address comes from the
// preload link, so a build that renames files for caching only has to rewrite index.html.
// The module compiles while it downloads (instantiateStreaming); the progress bar counts
// the octets on their way to the compiler. The performance marks (fetched, compiled; the
// program marks main, bound and ready) tell BenchmarkColdLoad where the time goes.
(async function () {
  // The page's first use of localStorage (the remembered language, the progress) waits
  // while the browser reads the site's storage; asked here, that happens during the
  // download instead of before the lesson list. A storage that throws is the program's
  // to report (wasm/progress.go).
  try {
    localStorage.getItem("smtpsim.lang");
  } catch (e) {
    // nothing to do before the program runs
  }
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
    let received = 0;
    const counted = response.body.pipeThrough(new TransformStream({
      transform(chunk, controller) {
        received += chunk.length;
        if (total > 0) bar.value = Math.min(99, Math.floor((received * 100) / total));
        controller.enqueue(chunk);
      },
      flush() {
        bar.value = 100;
        performance.mark("smtpsim:fetched");
      },
    }));
    const module = new Response(counted, { headers: { "Content-Type": "application/wasm" } });
    const go = new Go();
    const { instance } = await WebAssembly.instantiateStreaming(module, go.importObject);
    performance.mark("smtpsim:compiled");
    go.run(instance);
  } catch (e) {
    error.hidden = false;
    error.textContent = "The simulator could not start: " + e.message;
  }
})();

// smtpsimTexts sets many texts and attributes in one call from main.wasm (wasm/texts.go):
// triples of an element's id, an attribute's name ("" for the text) and the value,
// joined by NUL. An id not on the page is passed over.
globalThis.smtpsimTexts = function (packed) {
  const parts = packed.split("\0");
  for (let i = 0; i + 2 < parts.length; i += 3) {
    const el = document.getElementById(parts[i]);
    if (!el) continue;
    if (parts[i + 1] === "") el.textContent = parts[i + 2];
    else el.setAttribute(parts[i + 1], parts[i + 2]);
  }
};

// The authoring module (author.wasm) reads a teacher's own lesson and scenario files,
// YAML and Markdown, which main.wasm does not parse. It is fetched the first time own
// files are opened, runs beside main.wasm as a second Go program, and sets
// smtpsimAuthorCompile; smtpsimAuthor() resolves to that function. A failed load
// rejects, and the next call tries again.
let smtpsimAuthorLoad = null;
globalThis.smtpsimAuthor = function () {
  if (!smtpsimAuthorLoad) {
    smtpsimAuthorLoad = new Promise((resolve, reject) => {
      globalThis.smtpsimAuthorReady = () => {
        performance.mark("smtpsim:author");
        resolve(globalThis.smtpsimAuthorCompile);
      };
      const go = new Go();
      fetch("author.wasm")
        .then((response) => {
          if (!response.ok) throw new Error("author.wasm: " + response.status + " " + response.statusText);
          return WebAssembly.instantiateStreaming(response, go.importObject);
        })
        .then(({ instance }) => go.run(instance))
        // The program runs until the page goes: if it ends, before it was ready or
        // later, the next call loads it again.
        .then(() => {
          smtpsimAuthorLoad = null;
          reject(new Error("author.wasm stopped"));
        })
        .catch(reject);
    }).catch((e) => {
      smtpsimAuthorLoad = null;
      throw e;
    });
  }
  return smtpsimAuthorLoad;
};

// smtpsimAuthorForget drops the loaded authoring module after it failed at its work:
// the next call to smtpsimAuthor() loads it again.
globalThis.smtpsimAuthorForget = function () {
  smtpsimAuthorLoad = null;
};

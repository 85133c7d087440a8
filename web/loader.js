// Loads main.wasm with a progress bar, then runs it. The wasm address comes from the
// preload link, so a build that renames files for caching only has to rewrite index.html.
// The module compiles while it downloads (instantiateStreaming); the progress bar counts
// the octets on their way to the compiler. The performance marks (fetched, compiled; the
// program marks main, bound and ready) tell BenchmarkColdLoad where the time goes.
// The page's words in each language but English, which main.wasm does not carry
// (wasm/view PhrasesFile); smtpsim site rewrites these names to the files' hashed ones.
const phraseFiles = { de: "course/phrases.de.txt" };

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
  let status = 0; // what startFailure says: 0 no answer, the HTTP status, -1 did not start
  try {
    const moduleFetch = fetch(url);
    // The words of the language the page starts in come beside the module, not after
    // it; asked for once the module is on its way, so that they do not hold it up.
    // The program finds them in smtpsimStartWords: the language, the server's status
    // (0: no answer) and the octets.
    const lang = startLanguage();
    const words = phraseFiles[lang] && fetch(phraseFiles[lang]).then(
      (r) => r.ok ? r.arrayBuffer().then((b) => ({ lang, status: r.status, bytes: new Uint8Array(b) }), () => ({ lang, status: 0 }))
        : { lang, status: r.status },
      () => ({ lang, status: 0 }));
    const response = await moduleFetch;
    status = response.ok ? -1 : response.status;
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
    if (words) globalThis.smtpsimStartWords = await words;
    go.run(instance);
  } catch (e) {
    console.warn(e.message); // the browser's words, for whoever looks into its console
    const wasm = e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError || e instanceof WebAssembly.RuntimeError;
    if (status === -1 && !wasm) status = 0; // the answer broke off on its way
    error.hidden = false;
    error.textContent = startFailure(status, startLanguage());
  }
})();

// startFailure says why main.wasm did not start, in lang ("en" or "de"), before the
// program that says everything else on the page runs: status is the server's HTTP
// status, 0 when no answer came or it broke off, -1 when the module came but did not
// start.
function startFailure(status, lang) {
  const de = lang === "de";
  if (status === 0) {
    return de ? "Der Simulator konnte nicht starten: Der Server hat nicht geantwortet. Prüfe die Verbindung und lade die Seite dann neu."
      : "The simulator could not start: the server did not answer. Check the connection, then reload the page.";
  }
  if (status > 0) {
    return de ? "Der Simulator konnte nicht starten: Der Server hat mit dem Status " + status + " geantwortet. Lade die Seite neu; bleibt es dabei, wende dich an die Person, die diese Seite betreibt."
      : "The simulator could not start: the server answered with status " + status + ". Reload the page; if it stays so, tell whoever runs this site.";
  }
  return de ? "Der Simulator konnte nicht starten: Sein Programm (main.wasm) ist beschädigt angekommen, oder dieser Browser kann es nicht ausführen. Lade die Seite neu oder öffne sie in einem aktuellen Browser."
    : "The simulator could not start: its program (main.wasm) arrived damaged, or this browser cannot run it. Reload the page, or open it in a current browser.";
}

// phrasesFailure says why the page's words in lang ("de") did not come, or came
// damaged, when the page starts in lang: status is the server's HTTP status, 0 when no
// answer came, 200 when the file came damaged. The program calls it (wasm/main.go
// startPhrases) before it shows anything, as it has no words of lang to say it with.
function phrasesFailure(status, lang) {
  const de = lang === "de";
  if (status === 0) {
    return de ? "Der Simulator konnte nicht starten: Seine deutschen Texte sind nicht angekommen, der Server hat nicht geantwortet. Prüfe die Verbindung und lade die Seite dann neu."
      : "The simulator could not start: its texts in this language did not come, the server did not answer. Check the connection, then reload the page.";
  }
  if (status !== 200) {
    return de ? "Der Simulator konnte nicht starten: Auf die Frage nach seinen deutschen Texten hat der Server mit dem Status " + status + " geantwortet. Lade die Seite neu; bleibt es dabei, wende dich an die Person, die diese Seite betreibt."
      : "The simulator could not start: asked for its texts in this language, the server answered with status " + status + ". Reload the page; if it stays so, tell whoever runs this site.";
  }
  return de ? "Der Simulator konnte nicht starten: Seine deutschen Texte sind beschädigt angekommen. Lade die Seite neu; bleibt es dabei, wende dich an die Person, die diese Seite betreibt."
    : "The simulator could not start: its texts in this language arrived damaged. Reload the page; if it stays so, tell whoever runs this site.";
}

// smtpsimStartFailed shows phrasesFailure in place of the page.
globalThis.smtpsimStartFailed = function (status, lang) {
  const error = document.getElementById("loading-error");
  error.hidden = false;
  error.textContent = phrasesFailure(status, lang);
};

// smtpsimPhraseFile is where the site serves the page's words in lang, "" for a
// language the module carries.
globalThis.smtpsimPhraseFile = function (lang) {
  return phraseFiles[lang] || "";
};

// startLanguage is the language the page would have taken (wasm/main.go initialLanguage,
// then the address): lang= in the address, else the remembered choice, else the
// browser's language.
function startLanguage() {
  const asked = new URLSearchParams(location.hash.slice(1)).get("lang");
  if (asked === "en" || asked === "de") return asked;
  try {
    const kept = localStorage.getItem("smtpsim.lang");
    if (kept === "en" || kept === "de") return kept;
  } catch (e) {
    // no remembered choice
  }
  return (navigator.language || "").startsWith("de") ? "de" : "en";
}

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

// smtpsimEditText keeps the element's text from its start up to from (in UTF-16 code
// units, as JavaScript counts) and appends text; with from < 0 the text is all
// replaced. It answers false, doing nothing, when the element is not one text as long
// as that. The transcript's step (wasm/transcript.go), in one call.
globalThis.smtpsimEditText = function (id, from, text) {
  const el = document.getElementById(id);
  if (from < 0) {
    el.textContent = text;
    return true;
  }
  const node = el.firstChild;
  if (!node || node.nextSibling || node.nodeType !== Node.TEXT_NODE || node.length < from) return false;
  node.deleteData(from, node.length - from);
  node.appendData(text);
  return true;
};

// lazyModule is a Go program fetched the first time load() is called, run beside
// main.wasm as a program of its own. Once set up it calls globalThis[ready]: then the
// performance mark named mark is set, and load() resolves to value(). A failed load
// rejects with an Error whose status says why (moduleFailure), and the next call tries
// again; so does a call after forget(), or after the program stopped.
function lazyModule(file, ready, mark, value) {
  let loading = null;
  return {
    load() {
      if (!loading) {
        loading = new Promise((resolve, reject) => {
          globalThis[ready] = () => {
            performance.mark(mark);
            resolve(value());
          };
          const go = new Go();
          fetch(file)
            .then(
              (response) => {
                if (!response.ok) throw moduleFailure(file, response.status, response.statusText);
                return WebAssembly.instantiateStreaming(response, go.importObject).catch((e) => {
                  throw moduleFailure(file, -1, e.message);
                });
              },
              (e) => {
                throw moduleFailure(file, 0, e.message);
              },
            )
            // The program runs until the page goes: if it ends, before it was ready or
            // later, the next call loads it again.
            .then(({ instance }) => go.run(instance))
            .then(() => {
              loading = null;
              reject(moduleFailure(file, -1, "stopped"));
            })
            .catch(reject);
        }).catch((e) => {
          loading = null;
          console.warn(e.message); // the browser's words, for whoever looks into its console
          throw e;
        });
      }
      return loading;
    },
    forget() {
      loading = null;
    },
  };
}

// moduleFailure is the error of a module that could not be loaded. Its status is what
// the page says (wasm/modulefailure.go), in its language: the server's HTTP status, 0
// when no answer came, -1 when the module came but did not start (damaged, not served as
// WebAssembly, or stopped). The message keeps the browser's words, for its console.
function moduleFailure(file, status, detail) {
  const e = new Error(file + ": " + detail);
  e.status = status;
  return e;
}

// The authoring module (author.wasm) reads a teacher's own lesson and scenario files,
// YAML and Markdown, which main.wasm does not parse. It is fetched the first time own
// files are opened and sets smtpsimAuthorCompile; smtpsimAuthor() resolves to that
// function. smtpsimAuthorForget drops it after it failed at its work.
const smtpsimAuthorModule = lazyModule("author.wasm", "smtpsimAuthorReady", "smtpsim:author", () => globalThis.smtpsimAuthorCompile);
globalThis.smtpsimAuthor = () => smtpsimAuthorModule.load();
globalThis.smtpsimAuthorForget = () => smtpsimAuthorModule.forget();

// The sender-authentication module (senderauth.wasm) checks SPF and DKIM and signs
// with DKIM, which main.wasm cannot. It is fetched the first time the page runs a
// world that signs or checks senders and sets smtpsimSenderAuthCall, which main.wasm
// calls for each check (wasm/senderauth.go); smtpsimSenderAuth() resolves once it is
// there. smtpsimSenderAuthForget drops it after it broke: the next world loads it again.
const smtpsimSenderAuthModule = lazyModule("senderauth.wasm", "smtpsimSenderAuthReady", "smtpsim:senderauth", () => true);
globalThis.smtpsimSenderAuth = () => smtpsimSenderAuthModule.load();
globalThis.smtpsimSenderAuthForget = () => {
  delete globalThis.smtpsimSenderAuthCall;
  smtpsimSenderAuthModule.forget();
};

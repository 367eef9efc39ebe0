/*
 * Paste normaliser for Material's search box.
 *
 * Users paste log lines into the search box. Material's lunr search treats `:`, `^`, `~`,
 * `+`, `*` and a leading `-` as query operators: `--ip` or `word-word:` is a parse error and
 * the box says "No matching documents". Timestamps, hosts, ports and user names also pull
 * unrelated pages up, because every query term is a prefix match (`8*` matches 8000, 8081…).
 *
 * Every query is reduced to the words that identify the message: log prefixes, timestamps,
 * addresses, ids, stop words and operators are dropped; from a multi-line paste, the lines
 * that look like errors are kept. A paste is replaced in the box by that query (the reader
 * sees what is searched); a typed query is normalised on its way to the search worker, so
 * what the reader types is left alone.
 *
 * A pasted multi-line log also gets a link to the "Diagnose a log" page, which matches every
 * line against every documented symptom (diagnose.js). How the log is handed over (URL hash,
 * sessionStorage key) is read from assets/signatures.json, where diagnose.js reads it too.
 */
(function () {
  "use strict";

  var SCRIPT_URL = document.currentScript ? document.currentScript.src : location.href;
  var DIAGNOSE_URL = new URL("../../diagnose/", SCRIPT_URL); // this file is <root>/assets/javascripts/
  var SIGNATURES_URL = new URL("../signatures.json", SCRIPT_URL);
  var MAX_TERMS = 16; // more OR-ed prefix terms only add noise
  var INPUT = ".md-search__input";

  // lunr's English stop words: Material appends `*` to every term, which turns off lunr's
  // own stop-word filter, so `the*` would match "then", "there"…
  var STOP = new Set(("a able about across after all almost also am among an and any are as at be " +
    "because been but by can cannot could dear did do does either else ever every for from get got " +
    "had has have he her hers him his how however i if in into is it its just least let like likely " +
    "may me might most must my neither no nor not of off often on only or other our own rather said " +
    "say says she should since so some than that the their them then there these they this tis to " +
    "too twas us wants was we were what when where which while who whom why will with would yet " +
    "you your").split(" "));

  // The log matchers' rules.ansi in signatures.json, copied because a paste is normalised at
  // once, before any file could be fetched; tests/test_matcher.py checks the copy.
  var ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
  var PREFIXES = [
    /^[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d \S+ [^\s:]+: /, // syslog / journald: "Jun 20 11:51:00 host jupyterhub[123]: "
    /^\[[DIWEC] [^\]]*\]/, // JupyterHub / tornado: "[E 2024-03-25 18:27:05.674 JupyterHub app:2517]"
    /^.{0,40}?\[ConfigProxy\] \w+:/, // configurable-http-proxy: "2026-11-25T23:23:49.959Z [ConfigProxy] error:"
    /^\d{4}-\d\d-\d\d[T ][\d:.,]+(?:Z|[+-]\d\d:?\d\d)?/, // any other line starting with a timestamp
  ];
  var VARYING = [
    /\b\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d)?(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?)?\b/g, // dates, ISO timestamps
    /\b\d\d:\d\d:\d\d(?:[.,]\d+)?\b/g, // times
    /\b[a-z][a-z0-9+.-]*:\/\/[^\/\s'"]*/gi, // scheme and host of URLs (the path says more)
    /(?:::ffff:)?\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, // IPv4 addresses with port
    /[0-9a-f:]*::[0-9a-f:.]*/gi, // IPv6 addresses: "::1", ":::8000", "fe80::1"
    /(?<=\b[A-Za-z_]\w*)=\d[^\s\]),]*/g, // numbers in key=value: pid=142, timeout=10, --port=41011
  ];
  // Lines of a traceback or stack that say where, not what went wrong.
  var FRAME = /^(?:Traceback \(most recent call last\):?|at \S.*|\.\.\.|…|[\^~\s]+|During handling of the above exception.*|The above exception was the direct cause.*)$/;
  // A line pointing into a source file (Python's `File "x.py", line 5`, node's `util.js:555`):
  // the line after it quotes that source code.
  var LOCATION = /^(?:File ".*", line \d+.*|\S+\.(?:py|js|mjs|cjs|ts):\d+(?::\d+)?)$/;
  var ERRORISH = /\b(?:error|exception|fail|failed|failure|failing|fatal|denied|refused|forbidden|unauthori[sz]ed|time(?:d ?)?out|unable|cannot|can't|could not|not found|no such|invalid|missing|not allowed|does not|doesn't|didn't|unknown|bad request|unavailable|E[A-Z]{4,})\b/i;

  function cleanLine(line) {
    line = line.replace(ANSI, "").trim();
    PREFIXES.forEach(function (p) { line = line.replace(p, "").trim(); });
    VARYING.forEach(function (re) { line = line.replace(re, " "); });
    return line.trim();
  }

  /** How much a line looks like the message that says what went wrong. */
  function lineScore(raw, text) {
    var score = 0;
    if (/^\[[EC] /.test(raw.trim()) || / \[ConfigProxy\] error:/.test(raw)) score += 3;
    else if (/^\[W /.test(raw.trim())) score += 1;
    if (ERRORISH.test(text)) score += 2;
    if (/^[\w.]*(?:Error|Exception|Exit|Failure)\b:?/.test(text)) score += 2; // "KeyError: …"
    if (/^\[?[DI] /.test(raw.trim())) score -= 2; // debug and info lines
    return score;
  }

  function words(text) {
    var out = [];
    text.split(/[\s"'`‘’“”()\[\]{}<>,;:!?=|*+^~\\@#$%&]+/).forEach(function (w) {
      w = w.replace(/^[-.\/]+|[-.\/]+$/g, ""); // "--ip" -> "ip", "end." -> "end"
      // "HTTP 403": the protocol says nothing about the problem, and every URL on every
      // page is indexed with it.
      if (w.length < 2 || STOP.has(w.toLowerCase()) || /^https?$/i.test(w)) return;
      if (/^[1-5]\d\d$/.test(w)) { out.push(w); return; } // HTTP status codes (and errno 111…)
      if (/^\d[\d.]*(?:ms|s|m|h|min|%)?$/i.test(w)) return; // other numbers, durations, versions
      if (/^\d+(?:[\/.:-]\d+)+$/.test(w)) return; // counters and ranges: "attempt 1/5", "3-4"
      if (/^x\d+$/.test(w)) return; // kubectl "(x8 over 7m25s)"
      if (/^(?=.*\d)[0-9a-f]{8,}$/i.test(w) || /^(?=.*\d)(?=.*[a-z])[\w-]{16,}$/i.test(w)) return; // ids, hashes
      // A path ("/hub/api/authorizations/cookie/jupyter-hub-token-name"), one segment at a
      // time: Material's query transformation garbles a term that holds both / and -
      // ("hub-hub-token-name*"), and the index holds the segments anyway.
      w.split("/").forEach(function (part) {
        if (part.length >= 2 && !STOP.has(part.toLowerCase()) && !/^https?$/i.test(part)) out.push(part);
      });
    });
    return out;
  }

  /** The search query for a pasted text (one line or a whole log). */
  function normalise(pasted) {
    var lines = [];
    var afterLocation = false;
    String(pasted).split(/\r\n|[\n\r\v\f\u2028\u2029]/).forEach(function (raw, index) {
      var text = cleanLine(raw);
      if (!text) return;
      var quotesCode = afterLocation;
      afterLocation = LOCATION.test(text);
      if (!quotesCode && !afterLocation && !FRAME.test(text)) lines.push({ raw: raw, text: text, index: index });
    });
    if (lines.length > 1) {
      lines.forEach(function (l) { l.score = lineScore(l.raw, l.text); });
      // Best lines first; among equals, the earliest (the first error names the cause).
      lines = lines.slice().sort(function (a, b) { return (b.score - a.score) || (a.index - b.index); });
    }
    var picked = [];
    var seen = new Set();
    for (var i = 0; i < lines.length && picked.length < MAX_TERMS; i++) {
      if (i > 0 && lines[i].score < lines[0].score && picked.length >= MAX_TERMS / 2) break;
      words(lines[i].text).forEach(function (w) {
        var key = w.toLowerCase();
        if (picked.length < MAX_TERMS && !seen.has(key)) { seen.add(key); picked.push(w); }
      });
    }
    return picked.join(" ");
  }

  /*
   * What lunr sees. Material sends every query to its search worker as {type: 2, data: value};
   * rewriting it there normalises typed queries without touching what the reader typed (the
   * caret never jumps, a half-typed word is not deleted). Patching the prototype also covers
   * the worker Material created before this script ran.
   */
  var QUERY = 2;
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    // The diagnoser's fallback sends a query it normalised itself (marked): left alone.
    if (message && message.type === QUERY && typeof message.data === "string" && !message.normalised) {
      var args = Array.prototype.slice.call(arguments);
      // A first letter or a lone stop word normalises to nothing: search it as typed.
      var query = normalise(message.data) || message.data.replace(/[-:^~+*"]/g, " ").trim();
      args[0] = { type: QUERY, data: query };
      return post.apply(this, args);
    }
    return post.apply(this, arguments);
  };

  /** Show the query in the box and make Material search it (it reads the value on keyup). */
  function search(input, value) {
    input.value = value;
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "Unidentified" }));
  }

  /* ----------------------------------------------- hint: diagnose the whole log */

  var handoff = null;
  /** signatures.json's rules.handoff: {hash, storage_key}, shared with diagnose.js. */
  function loadHandoff() {
    if (!handoff) {
      handoff = fetch(SIGNATURES_URL, { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status + " for " + SIGNATURES_URL);
          return r.json();
        })
        .then(function (data) { return data.rules.handoff; });
      handoff.catch(function () { handoff = null; }); // allow a retry
    }
    return handoff;
  }

  /** A read-write transaction on the "handoff" store of IndexedDB database `name`:
   * `work(store)` runs in it, and the promise holds what `work` returned once it commits. */
  function inHandoffStore(name, work) {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
      var request = indexedDB.open(name, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore("handoff"); };
      request.onerror = function () { reject(request.error); };
      request.onsuccess = function () {
        var db = request.result;
        var tx = db.transaction("handoff", "readwrite");
        var result = work(tx.objectStore("handoff"));
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      };
    });
  }

  /** A log too big for sessionStorage is handed over in IndexedDB: this file keeps it,
   * diagnose.js (on the diagnoser's page, which loads this file too) takes it out. */
  window.jhHandoff = {
    store: function (name, key, text) {
      return inHandoffStore(name, function (store) { store.put(text, key); });
    },
    take: function (name, key) {
      return inHandoffStore(name, function (store) {
        var got = store.get(key);
        got.onsuccess = function () { store.delete(key); };
        return got;
      }).then(function (got) { return got.result === undefined ? null : got.result; });
    },
  };

  function hint(pasted, lineCount) {
    var old = document.querySelector(".jh-search-hint");
    if (old) old.remove();
    if (!pasted) return;
    var box = document.createElement("div");
    box.className = "jh-search-hint";
    var link = document.createElement("a");
    link.href = DIAGNOSE_URL.href;
    link.textContent = "Diagnose the whole log";
    // Fetched now, the file the diagnoser needs is cached by the time the reader follows.
    var ready = null; // rules.handoff, once fetched
    loadHandoff().then(function (h) {
      ready = h;
      link.href = DIAGNOSE_URL.href + h.hash;
    }, function () { /* the diagnoser opens empty */ });
    // The log is handed over only when the reader asks for it (and only for this tab):
    // in sessionStorage, or, for a log too big for it (a few MB), in IndexedDB.
    function handOver(h) {
      try {
        sessionStorage.setItem(h.storage_key, pasted);
        return Promise.resolve();
      } catch (e) {
        return window.jhHandoff.store(h.database, h.storage_key, pasted);
      }
    }
    function tooBig() {
      var plain = document.createElement("a");
      plain.href = DIAGNOSE_URL.href;
      plain.textContent = "open the diagnoser";
      box.textContent = "This log is too big to hand over from the search box: ";
      box.appendChild(plain);
      box.appendChild(document.createTextNode(" and paste it there."));
      box.dataset.state = "too-big";
    }
    link.addEventListener("click", function (ev) {
      // A new tab or window has storage of its own: it opens the diagnoser empty.
      if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      (ready ? Promise.resolve(ready) : loadHandoff()).then(function (h) {
        return handOver(h).then(function () {
          location.assign(DIAGNOSE_URL.href + h.hash);
        }, tooBig);
      }, function () { location.assign(DIAGNOSE_URL.href); });
    });
    box.appendChild(document.createTextNode(
      "You pasted " + (lineCount > 1 ? lineCount + " lines" : "a log line") +
      "; the search uses its most telling words. "));
    box.appendChild(link);
    box.appendChild(document.createTextNode(" matches every line against every documented message."));
    var where = document.querySelector(".md-search__scrollwrap");
    if (where) where.insertBefore(box, where.firstChild);
  }

  // A paste is replaced by its normalised words, so the reader sees what is searched.
  document.addEventListener("paste", function (ev) {
    var input = ev.target;
    if (!(input instanceof HTMLInputElement) || !input.matches(INPUT) || !ev.clipboardData) return;
    var pasted = ev.clipboardData.getData("text/plain");
    if (!pasted) return;
    ev.preventDefault();
    var start = input.selectionStart || 0;
    var end = input.selectionEnd || 0;
    var value = input.value.slice(0, start) + " " + normalise(pasted) + " " + input.value.slice(end);
    search(input, value.replace(/\s+/g, " ").trim());
    var lineCount = pasted.split(/\r\n|[\n\r]/).filter(function (l) { return l.trim(); }).length;
    var looksLikeLog = lineCount > 1 || PREFIXES.some(function (p) { return p.test(pasted.trim()); });
    hint(looksLikeLog ? pasted : null, lineCount);
  }, true);

  // Text dropped into the box is treated like a paste; clearing the box removes the hint.
  document.addEventListener("input", function (ev) {
    var input = ev.target;
    if (!(input instanceof HTMLInputElement) || !input.matches(INPUT)) return;
    if (/^insertFromDrop/.test(ev.inputType || "")) input.value = normalise(input.value);
    if (!input.value.trim()) hint(null);
  }, true);

  /** Whether a log line looks like an error or a warning (what the diagnoser's search
   * fallback asks about; troubleshoot/search.py mirrors it). */
  normalise.errorLike = function (raw) {
    var text = cleanLine(raw);
    return text !== "" && lineScore(raw, text) > 0;
  };
  window.jhSearchNormalise = normalise; // for the diagnoser, the tests and the benchmark
})();

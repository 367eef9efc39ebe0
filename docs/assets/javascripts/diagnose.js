/*
 * The paste-your-log box ("Diagnose a log"): fully client-side and offline.
 *
 * It fetches assets/signatures.json (same origin, nothing else) and mirrors
 * troubleshoot/matcher.py exactly, so the site and `python -m troubleshoot diagnose`
 * always agree. Both matchers take their rules from that file's "rules" (written by
 * troubleshoot/generate.py); none is repeated here:
 *
 *   1. split the text into lines where rules.line_break matches (Python's
 *      str.splitlines()), remove rules.ansi (colour codes);
 *   2. search every line (unanchored) with every symptom pattern;
 *   3. each symptom counts once, where first seen: 1 (rules.context_weight for
 *      `evidence: context` ones), times rules.core_weight when only its core
 *      (case-insensitive) matched; a line counts only its strongest symptom; an entry
 *      scores the sum over its lines, times rules.router_weight for routers; a line a
 *      router matched counts nothing for the router's causes; a problem page's lines
 *      count for a cause it lists (`causes`) when that cause matched a line of its own;
 *      Python tracebacks are read by their frames (newTracebackReader): one through a
 *      frame an entry declares (data.tracebacks) and ending in its exception counts as
 *      a symptom on the frame's line; cut before its exception, as a core match;
 *   4. order by score, then problem pages before routers, then causes before the
 *      consequences that list them, then first matching line.
 *
 * The second tier (newExplainer): a line no symptom matched, unless the log marks it as
 * info or debug (rules.quiet), is searched with the message reference's patterns (the
 * most specific first); the first that matches says which message of JupyterHub or its
 * proxy the line is. The search fallback reads only the lines neither tier matched.
 *
 * Patterns are written in the regex subset that Python and JavaScript read alike
 * (troubleshoot/regex_subset.py). The one remaining difference, \s, is translated: Python
 * compiles with re.ASCII, where \s is [\t-\r ], while JavaScript's \s also matches
 * Unicode spaces such as U+00A0.
 *
 * The matching core needs no DOM: under node, require() returns it (tests/test_matcher.py
 * runs it against the Python matcher). In the page, pasted text is only ever shown with
 * textContent, and large logs are matched in time slices so the page stays responsive.
 */
(function () {
  "use strict";

  var SLICE_MS = 8;
  var EVIDENCE_ORDER = ["", "partial", "context", "exact"]; // a line's labels, weakest first
  var EVIDENCE_NOTE = {
    partial: "matched loosely: retyped, re-cased or cut",
    context: "context: healthy hubs print this too",
  }; // longest stretch of matching before the page gets to paint again

  /* ---------------------------------------------------------------- matching */

  /** A JavaScript RegExp (with flags, e.g. "g") that means what Python's
   * re.compile(pattern, re.ASCII) means. */
  function pythonRegExp(pattern, flags) {
    var out = "";
    var inClass = false;
    for (var i = 0; i < pattern.length; i++) {
      var c = pattern[i];
      if (c === "\\" && i + 1 < pattern.length) {
        var n = pattern[++i];
        if (n === "s") out += inClass ? "\\t-\\r " : "[\\t-\\r ]";
        else if (n === "S" && !inClass) out += "[^\\t-\\r ]";
        else out += c + n; // \S inside a class is left as is (not used by any pattern)
        continue;
      }
      if (c === "[" && !inClass) inClass = true;
      else if (c === "]" && inClass) inClass = false;
      out += c;
    }
    return new RegExp(out, flags);
  }

  /** The parsed signatures.json, ready to match with. */
  function compile(data) {
    var entries = new Map();
    data.entries.forEach(function (e) { entries.set(e.id, e); });
    var rules = data.rules;
    return {
      entries: entries,
      where: data.where,
      rules: {
        ansi: pythonRegExp(rules.ansi, "g"),
        lineBreak: pythonRegExp(rules.line_break, "g"),
        strip: pythonRegExp(rules.strip, "g"),
        routerWeight: rules.router_weight,
        coreWeight: rules.core_weight,
        contextWeight: rules.context_weight,
        quiet: pythonRegExp(rules.quiet),
        markup: pythonRegExp(rules.markup, "g"),
        handoff: rules.handoff,
        tracebackHeader: pythonRegExp(rules.traceback.header),
        tracebackFrame: pythonRegExp(rules.traceback.frame),
        tracebackException: pythonRegExp(rules.traceback.exception),
      },
      tracebacks: data.tracebacks || [],
      messages: (data.messages || []).map(function (m) {
        return { message: m, pieces: m.pieces, regex: pythonRegExp(m.pattern) };
      }),
      stages: data.stages ? {
        line: pythonRegExp(data.stages.line),
        frameLead: data.stages.frame_lead,
        frame: pythonRegExp(data.stages.frame),
        paths: data.stages.paths,
        modules: new Map(Object.entries(data.stages.modules)),
        loggers: new Map(Object.entries(data.stages.loggers)),
        guides: data.stages.guides,
      } : null,
      signatures: data.signatures.map(function (s) {
        return {
          entry: s.entry, symptom: s.symptom, where: s.where, regex: pythonRegExp(s.pattern),
          core: s.core ? pythonRegExp(s.core, "i") : null, // re.IGNORECASE (cores are ASCII)
          weight: s.evidence === "context" ? rules.context_weight : 1,
        };
      }),
    };
  }

  /** Returns next(): the next line {number (from 1), text, done (fraction)}, or null. */
  function lineReader(text, compiled) {
    var pos = 0;
    var number = 0;
    var breaks = new RegExp(compiled.rules.lineBreak.source, "g"); // its own lastIndex
    return function next() {
      if (pos >= text.length) return null;
      breaks.lastIndex = pos;
      var m = breaks.exec(text);
      var line = m ? text.slice(pos, m.index) : text.slice(pos);
      pos = m ? m.index + m[0].length : text.length;
      return { number: ++number, text: line, done: pos / text.length };
    };
  }

  /** The line without Markdown's emphasis (rules.markup), or null when it has none
   * (Rules.unmarked). */
  function unmarked(line, rules) {
    if (line.indexOf("**") < 0) return null;
    var plain = line.replace(rules.markup, "");
    return plain !== line ? plain : null;
  }

  /** Reads a log one line at a time and hands back each Python traceback as it ends
   * (matcher.py's TracebackReader): its frames {path, fn, line, text} and its exception
   * type (null when the paste stops before it). */
  function newTracebackReader(rules) {
    var frames = [];
    var indent = 0; // the exception's indentation is at most this
    function close() {
      var done = frames.length ? [{ frames: frames, exception: null }] : [];
      frames = [];
      indent = 0;
      return done;
    }
    return {
      feed: function (number, line) {
        var header = rules.tracebackHeader.exec(line);
        if (header) {
          var done = close();
          indent = header[1].length;
          return done;
        }
        var frame = line.indexOf('File "') >= 0 ? rules.tracebackFrame.exec(line) : null;
        if (frame) {
          if (!frames.length && !indent) indent = Math.max(0, frame.index - 2);
          frames.push({ path: frame[1].replace(/\\/g, "/"), fn: frame[2], line: number, text: line });
          return [];
        }
        if (frames.length) {
          var exception = rules.tracebackException.exec(line);
          if (exception && exception[1].length <= indent) {
            var ended = { frames: frames, exception: exception[2] };
            frames = [];
            indent = 0;
            return [ended];
          }
        }
        return [];
      },
      close: close,
    };
  }

  /** Where a traceback is the evidence (matcher.py's traceback_evidence): {frame, whole},
   * its deepest frame in the evidence's file and function, whole when the exception is
   * there too; null when it is not this evidence. */
  function tracebackEvidence(evidence, traceback) {
    var file = evidence.file, fn = evidence["function"];
    var frames = traceback.frames.filter(function (f) {
      return (f.path === file || f.path.endsWith("/" + file)) && (fn === "" || fn === f.fn);
    });
    if (!frames.length) return null;
    var frame = frames[frames.length - 1];
    var wanted = evidence.exception, got = traceback.exception;
    if (got === null) return { frame: frame, whole: false };
    if (wanted && got !== wanted && !got.endsWith("." + wanted)) return null;
    return { frame: frame, whole: true };
  }

  function newMatch(compiled) {
    var found = new Map(); // insertion order = order of first match, like the Python dict
    var rules = compiled.rules;
    var reader = newTracebackReader(rules);
    var closed = false;
    return {
      /** Whether any signature matched the line. */
      line: function (number, raw) {
        var line = raw.replace(rules.ansi, "");
        var hit = see(number, line, line);
        var plain = unmarked(line, rules); // and, as it reads without Markdown's emphasis
        if (plain !== null) hit = see(number, plain, line) || hit;
        if (compiled.tracebacks.length) reader.feed(number, line).forEach(credit);
        return hit;
      },
      results: results,
    };
    function finding(entryId) {
      var f = found.get(entryId);
      if (!f) {
        // symptoms: symptom -> weight; seen: symptom -> {line, whole}, its first line
        // matched by pattern, or until one is, by core alone
        f = {
          entry: compiled.entries.get(entryId), symptoms: new Map(), seen: new Map(),
          lines: [], evidence: new Map(),
        };
        found.set(entryId, f);
      }
      return f;
    }
    /** Count a symptom (or traceback) seen on line `number` for finding `f`. */
    function record(f, symptom, weight, number, whole) {
      // Why the line is listed (its strongest): exact, context or partial.
      var label = !whole ? "partial" : weight >= 1 ? "exact" : "context";
      if (EVIDENCE_ORDER.indexOf(label) > EVIDENCE_ORDER.indexOf(f.evidence.get(number) || ""))
        f.evidence.set(number, label);
      f.symptoms.set(symptom, weight);
      var before = f.seen.get(symptom);
      if (!before || (whole && !before.whole)) f.seen.set(symptom, { line: number, whole: whole });
    }
    /** List a matching line once, in the log's order (Finding.add_line). */
    function addLine(f, number, where, text) {
      function listed() { return { number: number, where: where, text: text.replace(rules.strip, "") }; }
      var n = f.lines.length;
      if (!n || f.lines[n - 1].number < number) { f.lines.push(listed()); return; } // the usual case
      var at = n;
      while (at > 0 && f.lines[at - 1].number >= number) at--;
      if (f.lines[at].number !== number) f.lines.splice(at, 0, listed());
    }
    /** What a traceback that ended (or was cut) is evidence of, on its frame's line
     * (diagnose_lines' credit). */
    function credit(traceback) {
      compiled.tracebacks.forEach(function (item) {
        var seen = tracebackEvidence(item, traceback);
        if (seen === null) return;
        var weight = item.exception ? 1 : rules.contextWeight;
        var f = finding(item.entry);
        record(f, item.symptom, weight, seen.frame.line, seen.whole);
        addLine(f, seen.frame.line, item.where, seen.frame.text);
      });
    }
    /** Whether a signature matched `text` (the line, or the line without Markdown's
     * emphasis); its findings list `shown`. */
    function see(number, text, shown) {
      var matched = false;
      for (var i = 0; i < compiled.signatures.length; i++) {
        var sig = compiled.signatures[i];
        var whole = sig.regex.test(text);
        if (!whole && !(sig.core && sig.core.test(text))) continue;
        matched = true;
        var f = finding(sig.entry);
        record(f, sig.symptom, sig.weight, number, whole);
        addLine(f, number, sig.where, shown);
      }
      return matched;
    }
    function results() {
      if (!closed && compiled.tracebacks.length) reader.close().forEach(credit);
      closed = true;
      var list = Array.from(found.values());
      // Lines a router matched tell its causes apart no better than the router does.
      var routed = new Map(); // cause id -> Set of line numbers
      list.forEach(function (f) {
        if (f.entry.kind !== "router") return;
        (f.entry.causes || []).forEach(function (cause) {
          if (!routed.has(cause)) routed.set(cause, new Set());
          f.lines.forEach(function (l) { routed.get(cause).add(l.number); });
        });
      });
      var values = new Map(); // entry id -> its own line -> value
      list.forEach(function (f) {
        var mine = routed.get(f.entry.id);
        // One line is one piece of evidence: its strongest symptom counts.
        var byLine = new Map();
        f.seen.forEach(function (at, s) {
          var value = f.symptoms.get(s) * (at.whole ? 1 : rules.coreWeight);
          if (mine && mine.has(at.line)) value = 0;
          byLine.set(at.line, Math.max(byLine.get(at.line) || 0, value));
        });
        values.set(f.entry.id, byLine);
        f.inherited = new Map();
        f.hasFoundCause = false;
      });
      // A problem page and a cause it lists, the cause with evidence on a line of its
      // own: the cause explains the consequence's lines too, and ranks first.
      list.forEach(function (consequence) {
        if (consequence.entry.kind !== "problem") return;
        var mine = values.get(consequence.entry.id);
        (consequence.entry.causes || []).forEach(function (cause) {
          var own = values.get(cause);
          if (!own) return;
          var ownLine = false;
          own.forEach(function (value, line) { if (value > 0 && !mine.has(line)) ownLine = true; });
          if (!ownLine) return;
          consequence.hasFoundCause = true;
          var inherited = found.get(cause).inherited;
          mine.forEach(function (value, line) {
            inherited.set(line, Math.max(inherited.get(line) || 0, value));
          });
        });
      });
      list.forEach(function (f) {
        var routedHere = routed.get(f.entry.id);
        var byLine = new Map(values.get(f.entry.id));
        f.inherited.forEach(function (value, line) {
          if (routedHere && routedHere.has(line)) return;
          byLine.set(line, Math.max(byLine.get(line) || 0, value));
        });
        var sum = 0;
        byLine.forEach(function (v) { sum += v; });
        f.score = (f.entry.kind === "router" ? rules.routerWeight : 1) * sum;
        f.partial = [];
        f.seen.forEach(function (at, s) { if (!at.whole) f.partial.push(s); });
      });
      // Array.prototype.sort is stable, like Python's sorted().
      return list.sort(function (a, b) {
        return (b.score - a.score) ||
          ((a.entry.kind === "router") - (b.entry.kind === "router")) ||
          (a.hasFoundCause - b.hasFoundCause) ||
          (a.lines[0].number - b.lines[0].number);
      });
    }
  }

  // Of several explained messages, the most severe first (then in the log's order).
  var LEVEL_ORDER = ["critical", "exception", "error", "http", "warning"];

  /** The second tier (troubleshoot/matcher.py's Explainer): which message of the reference
   * each line that no symptom matched is. */
  function newExplainer(compiled) {
    var found = new Map(); // message url -> {message, lines}, in order of first line
    var leads = new Map(); // stage -> {guide, lines}, in order of first line
    var rules = compiled.rules;
    var stages = compiled.stages;
    /** The stage of the module that printed a warning-or-worse line, or of the traceback
     * frame the line is (Explainer.stage_of); null when it does not say. */
    function stageOf(line) {
      if (!stages) return null;
      if (line.indexOf(stages.frameLead) >= 0) {
        var frame = stages.frame.exec(line);
        if (frame) {
          var path = frame[1].replace(/\\/g, "/");
          for (var i = 0; i < stages.paths.length; i++) {
            if (path.startsWith(stages.paths[i][0])) return stages.paths[i][1];
          }
          return null;
        }
      }
      var logged = stages.line.exec(line);
      if (!logged) return null;
      return stages.loggers.get(logged[1]) || stages.modules.get(logged[2] || "") || null;
    }
    function messageOf(line) {
      if (rules.quiet.test(line)) return null;
      var texts = [line, unmarked(line, rules)];
      for (var t = 0; t < texts.length; t++) {
        var text = texts[t];
        if (text === null) continue;
        for (var i = 0; i < compiled.messages.length; i++) {
          var m = compiled.messages[i];
          if (m.pieces.every(function (p) { return text.indexOf(p) >= 0; }) && m.regex.test(text)) return m.message;
        }
      }
      return null;
    }
    return {
      /** Whether the line is an instance of a message of the reference. */
      line: function (number, raw) {
        var line = raw.replace(rules.ansi, "");
        var message = messageOf(line);
        if (!message) {
          var stage = stageOf(line);
          if (stage) { // a lead, not an answer: the search fallback still reads the line
            var lead = leads.get(stage);
            if (!lead) leads.set(stage, lead = { guide: stages.guides[stage], lines: [] });
            lead.lines.push({ number: number, text: line.replace(rules.strip, "") });
          }
          return false;
        }
        var e = found.get(message.url);
        if (!e) found.set(message.url, e = { message: message, lines: [] });
        e.lines.push({ number: number, text: line.replace(rules.strip, "") });
        return true;
      },
      /** The messages found, most severe first; those only a listed entry documents are
       * left out (its page says more). */
      results: function (findings) {
        var listed = new Set(findings.map(function (f) { return f.entry.id; }));
        var kept = Array.from(found.values()).filter(function (e) {
          var entries = e.message.entries;
          return !(entries.length && entries.every(function (id) { return listed.has(id); }));
        });
        return kept.sort(function (a, b) {
          return (LEVEL_ORDER.indexOf(a.message.level) - LEVEL_ORDER.indexOf(b.message.level)) ||
            (a.lines[0].number - b.lines[0].number);
        });
      },
      /** Where to look next, when no entry was found: the guides of the stages the other
       * lines came from, but those an explained message links already. */
      leads: function (findings, explained) {
        if (findings.length) return [];
        var linked = new Set();
        explained.forEach(function (e) { if (e.message.triage) linked.add(e.message.triage.url); });
        return Array.from(leads.values()).filter(function (l) { return !linked.has(l.guide.url); });
      },
    };
  }

  // A message to ourselves: unlike setTimeout it is not clamped to 4 ms, and unlike
  // scheduler.yield() (whose continuation runs before anything else) it lets Chromium paint:
  // measured 31 frames per 500 ms of sliced work, against 4 with scheduler.yield().
  function yieldToBrowser() {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function () {
        channel.port1.close(); // an open port would keep node running
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }

  /** Match the whole text, giving the browser the main thread back every SLICE_MS.
   * `explained`: the reference's messages of lines no symptom matched; `unmatched`: the
   * lines neither matched (the search fallback's input); `nonBlank`: how many lines hold
   * anything. */
  async function diagnose(text, compiled, onProgress) {
    var match = newMatch(compiled);
    var explainer = newExplainer(compiled);
    var next = lineReader(text, compiled);
    var line = next();
    var count = 0;
    var unmatched = [];
    var nonBlank = 0;
    while (line) {
      var deadline = performance.now() + SLICE_MS;
      do {
        if (!match.line(line.number, line.text) && !explainer.line(line.number, line.text))
          unmatched.push(line.text);
        if (/\S/.test(line.text)) nonBlank++;
        count = line.number;
        line = next();
      } while (line && performance.now() < deadline);
      if (line) {
        if (onProgress) onProgress(line.done);
        await yieldToBrowser();
      }
    }
    var findings = match.results();
    var explained = explainer.results(findings);
    return {
      findings: findings, explained: explained, leads: explainer.leads(findings, explained),
      lines: count, unmatched: unmatched, nonBlank: nonBlank,
    };
  }

  var core = {
    pythonRegExp: pythonRegExp,
    compile: compile,
    lineReader: lineReader,
    newMatch: newMatch,
    newExplainer: newExplainer,
    diagnose: diagnose,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = core;
  if (typeof document === "undefined") return; // node: the core only

  /* ----------------------------------------------------------------- the page */

  // The script's own URL tells where the site root is, also when the site is served
  // under a sub-path: this file is <root>/assets/javascripts/diagnose.js.
  var SCRIPT_URL = document.currentScript ? document.currentScript.src : location.href;
  var ROOT = new URL("../../", SCRIPT_URL);
  var SIGNATURES_URL = new URL("assets/signatures.json", ROOT);
  var SHOWN_LINES = 5; // matching lines listed per entry; the rest are counted
  var BIG = 200000; // characters: bigger logs are matched but not put in the textarea
  var PLACEHOLDER = "Paste a hub, proxy or single-user server log, or an error page's text";

  var signatures = null;
  function loadSignatures() {
    if (!signatures) {
      signatures = fetch(SIGNATURES_URL, { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status + " for " + SIGNATURES_URL);
          return r.json();
        })
        .then(compile);
      signatures.catch(function () { signatures = null; }); // allow a retry
    }
    return signatures;
  }

  /* --------------------------------------------------------------- rendering */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function renderFindings(findings, compiled, totalLines, explained, leads) {
    if (!findings.length && explained && explained.length) {
      return el("p", { class: "jh-diagnose__none", text:
        "No problem page matches these " + totalLines + " line(s); the message reference " +
        "explains what the program printed." });
    }
    if (!findings.length && leads && leads.length) {
      return el("p", { class: "jh-diagnose__none", text:
        "No problem page matches these " + totalLines + " line(s); the triage guides below " +
        "say where to look next." });
    }
    if (!findings.length) {
      return el("p", { class: "jh-diagnose__none", text:
        "No documented symptom found in " + totalLines + " line(s). Search the guide for the " +
        "most specific error line, or browse the symptom index." });
    }
    var list = el("ol", { class: "jh-diagnose__findings" });
    findings.forEach(function (f) {
      var wheres = [];
      f.lines.forEach(function (l) {
        var title = compiled.where[l.where] || l.where;
        if (wheres.indexOf(title) < 0) wheres.push(title);
      });
      var lines = el("ul", { class: "jh-diagnose__lines" });
      f.lines.slice(0, SHOWN_LINES).forEach(function (l) {
        var evidence = f.evidence.get(l.number);
        lines.appendChild(el("li", { "data-evidence": evidence }, [
          el("span", { class: "jh-diagnose__lineno", text: "line " + l.number }),
          EVIDENCE_NOTE[evidence] ? el("span", { class: "jh-diagnose__evidence", text: EVIDENCE_NOTE[evidence] }) : null,
          el("code", { text: l.text.length > 400 ? l.text.slice(0, 400) + " …" : l.text }),
        ]));
      });
      var more = f.lines.length - SHOWN_LINES;
      list.appendChild(el("li", {
        class: "jh-diagnose__finding",
        "data-entry": f.entry.id,
        "data-lines": f.lines.map(function (l) { return l.number; }).join(","),
      }, [
        el("a", { class: "jh-diagnose__title", href: new URL(f.entry.url, ROOT).href, text: f.entry.title }),
        f.entry.kind === "router" ? el("span", { class: "jh-diagnose__badge", text: "several causes" }) : null,
        f.entry.status === "legacy" ? el("span", { class: "jh-diagnose__badge", text: "legacy" }) : null,
        el("p", { class: "jh-diagnose__summary", text: f.entry.summary }),
        el("p", { class: "jh-diagnose__where", text: "Where this kind of message appears: " + wheres.join(", ") }),
        f.entry.checkable ? el("p", { class: "jh-diagnose__check" }, [
          document.createTextNode("Your configuration can be checked for this problem: "),
          el("a", { href: new URL(f.entry.url + "#check", ROOT).href, text: "jupyterhub-troubleshoot check" }),
        ]) : null,
        lines,
        more > 0 ? el("p", { class: "jh-diagnose__more", text: "… and " + more + " more matching line(s)" }) : null,
      ]));
    });
    return list;
  }

  /** The versions and platform the log shows (redact.js's table, as the help excerpt and
   * `diagnose` show them), above the results. */
  function renderFacts(text, compiled) {
    if (!window.jhRedact) return null;
    var bullets = window.jhRedact.versions(allLines(text, compiled));
    if (!bullets.length) return null;
    var list = el("ul", { class: "jh-diagnose__facts-list" });
    bullets.forEach(function (b) { list.appendChild(el("li", { text: b.replace(/^- /, "").replace(/`/g, "") })); });
    return el("section", { class: "jh-diagnose__facts", "aria-label": "Detected in the log" }, [
      el("p", { text: "Detected in the log:" }),
      list,
    ]);
  }

  /** The first SHOWN_LINES of {number, text} lines, as text. */
  function lineList(lines) {
    var list = el("ul", { class: "jh-diagnose__lines" });
    lines.slice(0, SHOWN_LINES).forEach(function (l) {
      list.appendChild(el("li", {}, [
        el("span", { class: "jh-diagnose__lineno", text: "line " + l.number }),
        el("code", { text: l.text.length > 400 ? l.text.slice(0, 400) + " …" : l.text }),
      ]));
    });
    return list;
  }

  /** The reference's messages of the lines no problem page matched. */
  function renderExplained(explained) {
    if (!explained.length) return null;
    var list = el("ol", { class: "jh-diagnose__explained-list" });
    explained.forEach(function (e) {
      var m = e.message;
      var lines = lineList(e.lines);
      var more = e.lines.length - SHOWN_LINES;
      list.appendChild(el("li", { class: "jh-diagnose__message", "data-level": m.level }, [
        el("a", { href: new URL(m.url, ROOT).href }, [el("code", { text: m.text })]),
        el("p", { class: "jh-diagnose__where", text: m.program + " prints this at " +
          (m.level === "http" ? "an HTTP error" : m.level + " level") +
          (m.harmless ? "; usually harmless" : "") }),
        lines,
        more > 0 ? el("p", { class: "jh-diagnose__more", text: "… and " + more + " more line(s)" }) : null,
        m.triage ? el("p", { class: "jh-diagnose__triage" }, [
          document.createTextNode("Where to look next: "),
          el("a", { href: new URL(m.triage.url, ROOT).href, text: m.triage.title }),
        ]) : null,
      ]));
    });
    return el("section", { class: "jh-diagnose__explained", "aria-label": "Explained in the message reference" }, [
      el("h2", { text: "Explained in the message reference" }),
      el("p", { text: "No problem page matched these lines, but each is a message the program " +
        "prints: its entry in the reference says what makes it print it and what to look at next." }),
      list,
    ]);
  }

  /** Where to look next: the triage guide of the stage each other warning or error (or
   * traceback frame) comes from, when no problem page matched. */
  function renderLeads(leads) {
    if (!leads || !leads.length) return null;
    var list = el("ol", { class: "jh-diagnose__leads-list" });
    leads.forEach(function (lead) {
      var lines = lineList(lead.lines);
      var more = lead.lines.length - SHOWN_LINES;
      list.appendChild(el("li", { class: "jh-diagnose__lead" }, [
        el("a", { href: new URL(lead.guide.url, ROOT).href, text: lead.guide.title }),
        lines,
        more > 0 ? el("p", { class: "jh-diagnose__more", text: "… and " + more + " more line(s)" }) : null,
      ]));
    });
    return el("section", { class: "jh-diagnose__leads", "aria-label": "Where to look next" }, [
      el("h2", { text: "Where to look next" }),
      el("p", { text: "No page matched these warnings and errors, but the code that printed " +
        "them tells the stage the hub was at: its triage guide says what to check." }),
      list,
    ]);
  }

  /* ------------------------------------------ possibly related: the site's own search */

  // Lines that no documented message matched go through the search the search box uses:
  // Material's lunr worker over the site's index, queried with search-normalise.js's
  // normaliser (the telling words of the most error-like lines). `python -m troubleshoot
  // diagnose` ranks the same index file the same way (troubleshoot/search.py).
  var SEARCH_SETUP = 0, SEARCH_READY = 1, SEARCH_QUERY = 2, SEARCH_RESULT = 3; // Material's
  var RELATED_SHOWN = 3;
  var DIAGNOSE_PAGE = "diagnose/";

  var searcher = null;
  /** {search(query) -> promise of page locations, best first; title(location)}. */
  function loadSearcher() {
    if (!searcher) {
      searcher = new Promise(function (resolve, reject) {
        var node = document.getElementById("__config");
        var config = node ? JSON.parse(node.textContent) : {};
        if (!config.search || typeof Worker === "undefined") {
          reject(new Error("this build of the site has no search worker"));
          return;
        }
        fetch(new URL("search/search_index.json", ROOT), { credentials: "same-origin" })
          .then(function (r) {
            if (!r.ok) throw new Error("HTTP " + r.status + " for the search index");
            return r.json();
          })
          .then(function (index) {
            var titles = new Map();
            index.docs.forEach(function (d) { if (d.location.indexOf("#") < 0) titles.set(d.location, d.title); });
            var waiting = []; // one resolver per query sent: the worker answers in order
            var worker = new Worker(new URL(config.search, location.href));
            var api = {
              search: function (query) {
                return new Promise(function (done) {
                  waiting.push(done);
                  // Normalised already: search-normalise.js's patch must not do it again.
                  worker.postMessage({ type: SEARCH_QUERY, data: query, normalised: true });
                });
              },
              title: function (page) { return titles.get(page) || page; },
            };
            worker.onmessage = function (ev) {
              if (ev.data.type === SEARCH_READY) resolve(api);
              else if (ev.data.type === SEARCH_RESULT && waiting.length) waiting.shift()(ev.data.data);
            };
            worker.onerror = function () { reject(new Error("the search worker failed")); };
            worker.postMessage({
              type: SEARCH_SETUP,
              data: { config: index.config, docs: index.docs, options: { suggest: false } },
            });
          })
          .catch(reject);
      });
      searcher.catch(function () { searcher = null; }); // allow a retry
    }
    return searcher;
  }

  /** The lines the search is asked about: of a log (more than one line), only those that
   * look like errors or warnings, or a healthy hub's chatter would find pages too; a single
   * line as it is. */
  function fallbackLines(unmatched, nonBlankLines, normalise) {
    return nonBlankLines > 1 ? unmatched.filter(normalise.errorLike) : unmatched;
  }

  /** The pages the search finds for the unmatched lines: {query, pages: [{url, title}]},
   * or null when their words make no query. Pages already diagnosed are left out. */
  async function related(unmatched, nonBlankLines, findings) {
    var normalise = window.jhSearchNormalise;
    var asked = normalise ? fallbackLines(unmatched, nonBlankLines, normalise) : [];
    var query = asked.length ? normalise(asked.join("\n")) : "";
    if (!query) return null;
    var search = await loadSearcher();
    var result = await search.search(query);
    var diagnosed = new Set(findings.map(function (f) { return new URL(f.entry.url, ROOT).href; }));
    diagnosed.add(new URL(DIAGNOSE_PAGE, ROOT).href);
    var pages = [];
    (result.items || []).forEach(function (group) {
      var page = group[0].location.split("#")[0]; // a section counts for its page
      var url = new URL(page, ROOT).href;
      if (pages.length < RELATED_SHOWN && !diagnosed.has(url) && !pages.some(function (p) { return p.url === url; }))
        pages.push({ url: url, title: search.title(page) });
    });
    return { query: query, pages: pages, lines: asked.length };
  }

  function renderRelated(found) {
    if (!found || !found.pages.length) return null;
    var list = el("ol", { class: "jh-diagnose__related-list" });
    found.pages.forEach(function (p) {
      list.appendChild(el("li", {}, [el("a", { href: p.url, text: p.title })]));
    });
    return el("section", { class: "jh-diagnose__related", "aria-label": "Possibly related pages" }, [
      el("h2", { text: "Possibly related" }),
      el("p", { text:
        "No documented message matched " + found.lines + " of your line(s). The guide's search " +
        "finds these pages for their most telling words: they may explain them, or not." }),
      el("p", { class: "jh-diagnose__query" }, [
        document.createTextNode("Searched for: "), el("code", { text: found.query }),
      ]),
      list,
    ]);
  }

  /* ------------------------------------------------------------- asking for help */

  // An excerpt of the log to paste into a help request, made by redact.js exactly as
  // `python -m troubleshoot redact` makes it: the lines that matter, secrets replaced.
  var ISSUE_FORM = { template: "not-covered.yml", field: "message", title: "Not covered: " };
  var MAX_LINK = 8000; // characters of URL: GitHub refuses longer ones
  var FORUM = "https://discourse.jupyter.org/c/jupyterhub/10";

  function allLines(text, compiled) {
    var next = lineReader(text, compiled);
    var lines = [];
    for (var line = next(); line; line = next()) lines.push(line.text);
    return lines;
  }

  /** What redact.py's command prints on stderr, for the reader of the page. */
  function excerptSummary(s) {
    var what = s.shown + " of " + s.total + " lines";
    if (s.tail) what += " (the log's end: no known symptom, warning or error in it)";
    var parts = [s.secrets + " secret value(s) replaced with " + window.jhRedact.REDACTED];
    if (s.users || s.addresses) parts.push(s.users + " user name(s) and " + s.addresses + " address(es) replaced");
    return what + "; " + parts.join("; ") + ". Only known forms of secrets are found: read the excerpt before you post it.";
  }

  function renderHelp(text, findings, compiled) {
    if (!window.jhRedact) return null;
    var matched = [];
    findings.forEach(function (f) { f.lines.forEach(function (l) { matched.push(l.number); }); });
    var made = {};
    function excerpt() { // made on demand: redaction of a big log takes a moment
      var key = names.checked ? "names" : "plain";
      if (!made[key]) {
        made[key] = window.jhRedact.render(allLines(text, compiled), matched, {
          names: names.checked, ansi: compiled.rules.ansi,
        });
      }
      return made[key];
    }
    var names = el("input", { type: "checkbox", class: "jh-diagnose__names" });
    var copy = el("button", { type: "button", class: "md-button jh-diagnose__copy", text: "Copy for a help request" });
    var note = el("p", { class: "jh-diagnose__help-note", role: "status", "aria-live": "polite" });
    var preview = el("pre", { class: "jh-diagnose__excerpt", tabindex: "0" }); // scrollable: reachable by keyboard
    var details = el("details", { class: "jh-diagnose__preview" }, [el("summary", { text: "Show the excerpt" }), preview]);
    var source = document.querySelector("a.md-source");
    var issue = source && /^https:\/\/github\.com\/[^/]+\/[^/]+\/?$/.test(source.href)
      ? el("a", { class: "jh-diagnose__issue", href: source.href.replace(/\/$/, "") + "/issues/new", target: "_blank", rel: "noopener", text: "Not covered? Open an issue with the excerpt" })
      : null;

    function show() { preview.textContent = excerpt().text; }
    names.addEventListener("change", function () { if (details.open) show(); });
    details.addEventListener("toggle", function () { if (details.open) show(); });
    copy.addEventListener("click", function () {
      var made = excerpt();
      var done = function () { note.textContent = "Copied: " + excerptSummary(made.summary); };
      var failed = function () {
        details.open = true;
        show();
        note.textContent = "Copying is not allowed here: select the excerpt below and copy it. " + excerptSummary(made.summary);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(made.text).then(done, failed);
      else failed();
    });
    if (issue) {
      // The form's fields are prefilled from the URL; the link is made when it is followed,
      // with the excerpt as it is then (names replaced or not).
      var fill = function () {
        var made = excerpt();
        var params = new URLSearchParams({ template: ISSUE_FORM.template, title: ISSUE_FORM.title });
        params.set(ISSUE_FORM.field, made.text);
        var url = issue.href.split("?")[0] + "?" + params;
        if (url.length > MAX_LINK) {
          params.set(ISSUE_FORM.field, "(The excerpt is too long for a link: paste the one copied from the diagnoser.)");
          url = issue.href.split("?")[0] + "?" + params;
          note.textContent = "The excerpt is too long to fill in the form: copy it with the button and paste it there.";
        }
        issue.href = url;
      };
      issue.addEventListener("click", fill);
      issue.addEventListener("auxclick", fill); // a middle click opens a tab: filled too
    }
    return el("section", { class: "jh-diagnose__help", "aria-label": "Ask for help" }, [
      el("h2", { text: "Ask for help" }),
      el("p", {}, [
        document.createTextNode("If no page fits, or a fix did not work, ask on the "),
        el("a", { href: FORUM, text: "JupyterHub forum" }),
        document.createTextNode(" or open an issue with an " +
        "excerpt of this log: the matched lines with context, the warnings, errors and " +
        "tracebacks, the versions it shows, with API tokens, OAuth codes, cookie values, " +
        "secrets and database passwords replaced by " + window.jhRedact.REDACTED + ". " +
        "It is made in your browser; nothing is sent until you post it."),
      ]),
      el("label", { class: "jh-diagnose__names-label" }, [names, document.createTextNode(" replace user names and IP addresses too")]),
      el("div", { class: "jh-diagnose__actions" }, [copy, issue]),
      note,
      details,
    ]);
  }

  /* ----------------------------------------------------------------- the box */

  // The box's controls: those the page already holds (written in its HTML, so that the box
  // takes its space before this script runs), or made here for a box that holds none.
  function controls(box) {
    var area = box.querySelector("textarea.jh-diagnose__input");
    if (area) {
      return {
        area: area,
        file: box.querySelector("input.jh-diagnose__file"),
        button: box.querySelector("button.jh-diagnose__run"),
      };
    }
    box.textContent = "";
    var id = "jh-diagnose-" + Math.random().toString(36).slice(2, 8);
    area = el("textarea", {
      id: id, class: "jh-diagnose__input", rows: box.dataset.rows || "8",
      spellcheck: "false", autocomplete: "off",
      placeholder: PLACEHOLDER,
    });
    var file = el("input", { type: "file", class: "jh-diagnose__file", accept: ".log,.txt,text/*" });
    var button = el("button", { type: "button", class: "md-button md-button--primary jh-diagnose__run", text: "Diagnose" });
    box.appendChild(el("label", { for: id, class: "jh-diagnose__label", text: "Your log" }));
    box.appendChild(area);
    box.appendChild(el("div", { class: "jh-diagnose__actions" }, [
      button, el("label", { class: "jh-diagnose__filelabel" }, [document.createTextNode("or open a log file: "), file]),
    ]));
    box.appendChild(el("p", { class: "jh-diagnose__privacy", text:
      "Your log stays in your browser: nothing is uploaded." }));
    return { area: area, file: file, button: button };
  }

  function mount(box) {
    if (box.dataset.mounted) return;
    box.dataset.mounted = "1";
    var parts = controls(box);
    var area = parts.area, file = parts.file, button = parts.button;
    var status = el("p", { class: "jh-diagnose__status", role: "status", "aria-live": "polite" });
    var output = el("div", { class: "jh-diagnose__output" });
    box.appendChild(status);
    box.appendChild(output);

    var run = 0;
    async function start(text) {
      var mine = ++run; // a newer paste supersedes a diagnosis still running
      box.dataset.state = "running";
      output.textContent = "";
      status.textContent = "Matching…";
      try {
        var compiled = await loadSignatures();
        var started = performance.now();
        performance.mark("jh-diagnose-start"); // lets tests watch the page while it works
        var result = await diagnose(text, compiled, function (done) {
          if (mine === run) status.textContent = "Matching… " + Math.round(done * 100) + " %";
        });
        if (mine !== run) return;
        var findings = result.findings;
        var lines = result.lines;
        var factsBlock = renderFacts(text, compiled);
        if (factsBlock) output.appendChild(factsBlock);
        output.appendChild(renderFindings(findings, compiled, lines, result.explained, result.leads));
        var explainedBlock = renderExplained(result.explained);
        if (explainedBlock) output.appendChild(explainedBlock);
        var leadsBlock = renderLeads(result.leads);
        if (leadsBlock) output.appendChild(leadsBlock);
        status.textContent = findings.length
          ? findings.length + " documented problem(s) found in " + lines + " line(s), best match first."
          : "";
        // The search is a fallback: a failure of it leaves the diagnosis standing.
        var found = await related(result.unmatched, result.nonBlank, findings).catch(function (err) {
          output.appendChild(el("p", { class: "jh-diagnose__related-failed", text:
            "Possibly related pages could not be searched: " + err.message }));
          return null;
        });
        if (mine !== run) return;
        var block = renderRelated(found);
        if (block) output.appendChild(block);
        var help = renderHelp(text, findings, compiled);
        if (help) output.appendChild(help);
        performance.mark("jh-diagnose-end");
        box.dataset.ms = String(Math.round(performance.now() - started));
        box.dataset.state = "done";
      } catch (err) {
        if (mine !== run) return;
        status.textContent = "The diagnoser failed: " + err.message;
        box.dataset.state = "error";
      }
    }
    // A multi-megabyte log in a textarea costs Chromium a second to insert and ~100 ms of
    // layout per frame afterwards (measured), so a big log is kept out of the box.
    var held = null; // the big log, when it is not shown in the box
    function take(text, what) {
      held = text.length > BIG ? text : null;
      area.value = held ? "" : text;
      area.placeholder = held ? what + " (" + Math.round(text.length / 1024) + " KiB, not shown here)" : PLACEHOLDER;
      start(text);
    }
    button.addEventListener("click", function () { start(held && !area.value ? held : area.value); });
    area.addEventListener("input", function () { held = null; });
    area.addEventListener("paste", function (ev) {
      var text = ev.clipboardData ? ev.clipboardData.getData("text/plain") : "";
      if (text.length > BIG) {
        ev.preventDefault();
        take(text, "Pasted log");
      } else {
        setTimeout(function () { start(area.value); }, 0); // once the text is in the box
      }
    });
    file.addEventListener("change", function () {
      if (!file.files.length) return;
      var name = file.files[0].name;
      file.files[0].text().then(function (text) { take(text, "Read " + name); });
    });

    // A log handed over by the search box (search-normalise.js): signatures.json's
    // rules.handoff names the URL hash and the sessionStorage key.
    if (location.hash) {
      loadSignatures().then(function (compiled) {
        var handoff = compiled.rules.handoff;
        if (location.hash !== handoff.hash) return;
        var handed = null;
        try {
          handed = sessionStorage.getItem(handoff.storage_key);
          sessionStorage.removeItem(handoff.storage_key);
        } catch (e) { /* storage disabled: nothing handed over */ }
        history.replaceState(null, "", location.pathname + location.search);
        // A log too big for sessionStorage was left in IndexedDB.
        // (search-normalise.js keeps it there, and is loaded on every page with this file.)
        var text = handed !== null || !window.jhHandoff ? Promise.resolve(handed) :
          window.jhHandoff.take(handoff.database, handoff.storage_key);
        text.then(function (text) {
          if (text) take(text, "Log pasted into the search box");
        }, function () {
          status.textContent = "The log from the search box could not be read: paste it here.";
        });
      }, function (err) {
        status.textContent = "The diagnoser failed: " + err.message;
        box.dataset.state = "error";
      });
    }
  }

  function mountAll() {
    document.querySelectorAll("[data-jh-diagnose]").forEach(mount);
  }

  // Material's instant navigation swaps pages without reloading scripts; document$ tells us.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mountAll);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();

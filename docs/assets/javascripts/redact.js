/*
 * "Copy for a help request": an excerpt of a pasted log with its secrets removed, made in
 * the browser. It mirrors troubleshoot/redact.py (`python -m troubleshoot redact`) exactly:
 * render() returns, byte for byte, what redact.render_lines() prints for the same lines.
 *
 *   - the versions the log shows, as Markdown bullets;
 *   - in a text fence longer than any fence in the log: the lines the diagnoser matched
 *     (with context), every warning, error and critical record (with its indented
 *     continuation) and every Python traceback; omitted stretches become one
 *     "[... N lines left out ...]" line; the log's last 50 lines when none of that is there;
 *   - secret values replaced with [redacted] (keys kept), and optionally user names and
 *     IP addresses replaced with user1, 10.0.0.1, ... consistently.
 *
 * The patterns are redact.py's, written as Python wrote them and translated by translate()
 * below into a JavaScript RegExp that means the same (redact.py compiles them without
 * re.ASCII, so \w, \d, \s and \b are Unicode's in Python's sense). Where Python has a
 * feature JavaScript lacks (a possessive quantifier, (?x), inline (?i)), the pattern is
 * rewritten by hand and the comment says so. tests/test_redact_js.py runs this file in node
 * against the Python on the same lines.
 *
 * The core needs no DOM: under node, require() returns it; in the page it is
 * window.jhRedact, used by diagnose.js.
 */
(function () {
  "use strict";

  var REDACTED = "[redacted]";
  var TAIL = 50; // lines shown when nothing matched and nothing warned
  var CONTINUATION_CAP = 400; // a record's indented continuation (tracebacks, header dumps)
  var TRACEBACK_CAP = 1000;

  /* ------------------------------------------------------- Python's re, in JavaScript */

  // Python's \w and \d in str patterns. Equal to Python 3.11's on every character that both
  // Unicode versions (Python's unicodedata, the browser's) have assigned: tested.
  var WORD = "\\p{L}\\p{N}_";
  var DIGIT = "\\p{Decimal_Number}";
  // Python's \s (and str.isspace(), str.strip()): not JavaScript's \s, which lacks
  // \x1c-\x1f and \x85 and has U+FEFF.
  var SPACE = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  // Python's \b: JavaScript's \b knows only ASCII letters.
  var BOUNDARY = "(?:(?<=[" + WORD + "])(?![" + WORD + "])|(?<![" + WORD + "])(?=[" + WORD + "]))";
  // What else Python's re.IGNORECASE lets an ASCII letter match (Python 3.11, all code points).
  var FOLD = { i: "iI\\u0130\\u0131", k: "kK\\u212a", s: "sS\\u017f" };
  // str.isdigit() beyond \p{Decimal_Number}: digits that are not decimal (superscripts,
  // circled ones), as Python 3.11 lists them.
  var DIGIT_NOT_DECIMAL =
    "\\xb2\\xb3\\xb9\\u1369-\\u1371\\u19da\\u2070\\u2074-\\u2079\\u2080-\\u2089\\u2460-\\u2468" +
    "\\u2474-\\u247c\\u2488-\\u2490\\u24ea\\u24f5-\\u24fd\\u24ff\\u2776-\\u277e\\u2780-\\u2788" +
    "\\u278a-\\u2792\\u{10a40}-\\u{10a43}\\u{10e60}-\\u{10e68}\\u{11052}-\\u{1105a}" +
    "\\u{1f100}-\\u{1f10a}";

  /** A Python pattern's source as JavaScript (the "u" flag: code points, as Python counts).
   * ignoreCase: Python's (?i), which JavaScript has only for the whole pattern and with
   * other folding (its /i/iu matches neither U+0130 nor U+0131): each letter outside a class
   * becomes a class of what Python matches. Classes are left as they are: the ones used in
   * (?i) patterns here are closed under Python's folding (tested). */
  function translate(source, ignoreCase) {
    var out = "";
    var inClass = false;
    for (var i = 0; i < source.length; i++) {
      var c = source[i];
      if (c === "\\") {
        var n = source[++i];
        if (n === "w") out += inClass ? WORD : "[" + WORD + "]";
        else if (n === "d") out += DIGIT;
        else if (n === "s") out += inClass ? SPACE : "[" + SPACE + "]";
        else if (n === "S" && !inClass) out += "[^" + SPACE + "]";
        else if (n === "b" && !inClass) out += BOUNDARY;
        else if ("WDSbBAZ".indexOf(n) >= 0) throw new Error("redact.js: \\" + n + " is not translated");
        else if (n === "x") { out += "\\x" + source.slice(i + 1, i + 3); i += 2; } // not folded
        // The "u" flag allows no needless escapes: \' \" and \- outside a class.
        else if (n === "'" || n === '"' || (n === "-" && !inClass)) out += n;
        else out += c + n;
        continue;
      }
      if (inClass) {
        if (c === "]") inClass = false;
        out += c;
      } else if (c === "[") {
        inClass = true;
        out += c;
        if (source[i + 1] === "^") out += source[++i];
      } else if (source.startsWith("(?P<", i)) {
        var close = source.indexOf(">", i); // a named group: (?<name>
        out += "(?<" + source.slice(i + 4, close + 1);
        i = close;
      } else if (source.startsWith("(?P=", i)) {
        close = source.indexOf(")", i); // a named back-reference
        out += "\\k<" + source.slice(i + 4, close) + ">";
        i = close;
      } else if (c === ".") {
        out += "[^\\n]"; // Python's . stops only at \n; JavaScript's also at \r, U+2028, U+2029
      } else if (c === "$") {
        out += "(?=\\n?$)"; // Python's $ (no MULTILINE) also matches before a final \n
      } else if (ignoreCase && /[A-Za-z]/.test(c)) {
        var low = c.toLowerCase();
        out += "[" + (FOLD[low] || low + low.toUpperCase()) + "]";
      } else {
        out += c;
      }
    }
    return out;
  }

  /** A compiled Python pattern: g for search() and finditer(), y for match(), full for
   * fullmatch(); "d" gives the groups' positions (Python's m.start(n), m.span(n)). */
  function compile(source, ignoreCase) {
    var js = translate(source, ignoreCase);
    return {
      g: new RegExp(js, "gdu"),
      y: new RegExp(js, "ydu"),
      full: new RegExp("^(?:" + js + ")$", "du"),
    };
  }

  function search(pattern, text, pos) {
    pattern.g.lastIndex = pos || 0;
    return pattern.g.exec(text);
  }

  function match(pattern, text, pos) {
    pattern.y.lastIndex = pos || 0;
    return pattern.y.exec(text);
  }

  function fullmatch(pattern, text) {
    return pattern.full.exec(text);
  }

  /** All matches, as a list (no pattern here can match the empty string; the guard only
   * keeps a mistake from looping). Lookbehinds see before `pos`, as in Python. */
  function finditer(pattern, text, pos) {
    var re = pattern.g;
    var found = [];
    var m;
    re.lastIndex = pos || 0;
    while ((m = re.exec(text))) {
      found.push(m);
      if (m[0] === "") re.lastIndex++;
    }
    return found;
  }

  function span(m, group) {
    return [m.indices[group][0], m.indices[group][1]];
  }

  /* ---------------------------------------------------------- Python's str methods */

  var SPACE_RUN = new RegExp("^[" + SPACE + "]+|[" + SPACE + "]+$", "gu");
  var LEADING_SPACE = new RegExp("^[" + SPACE + "]+", "u");
  var DIGITS_ONLY = new RegExp("^[" + DIGIT + DIGIT_NOT_DECIMAL + "]+$", "u");

  function strip(text) {
    return text.replace(SPACE_RUN, "");
  }

  function lstrip(text) {
    return text.replace(LEADING_SPACE, "");
  }

  function stripChars(text, chars, left, right) {
    var start = 0;
    var end = text.length;
    while (left && start < end && chars.indexOf(text[start]) >= 0) start++;
    while (right && end > start && chars.indexOf(text[end - 1]) >= 0) end--;
    return text.slice(start, end);
  }

  function startsWithAny(text, prefixes) {
    return prefixes.some(function (p) { return text.startsWith(p); });
  }

  function isdigit(text) {
    return DIGITS_ONLY.test(text);
  }

  /** len(): Python counts code points, JavaScript UTF-16 units. */
  function codePoints(text) {
    var count = 0;
    for (var i = 0; i < text.length; i++) {
      var unit = text.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
        var next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
      count++;
    }
    return count;
  }

  /** urllib.parse.unquote(): %XX in runs of ASCII become bytes, read as UTF-8 with U+FFFD
   * for what is not (TextDecoder replaces as Python's decoder does; it must not eat a BOM). */
  var UTF8 = new TextDecoder("utf-8", { ignoreBOM: true });
  function unquote(text) {
    if (text.indexOf("%") < 0) return text;
    return text.replace(/[\x00-\x7f]+/g, function (run) {
      var bytes = [];
      for (var i = 0; i < run.length; i++) {
        var hex = run.slice(i + 1, i + 3);
        if (run[i] === "%" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
          bytes.push(parseInt(hex, 16));
          i += 2;
        } else {
          bytes.push(run.charCodeAt(i));
        }
      }
      return UTF8.decode(new Uint8Array(bytes));
    });
  }

  /* ------------------------------------------------------------------------- secrets */

  var raw = String.raw;

  // Values that already hide the secret, or name where it comes from: kept, they are
  // diagnostic. Python writes this one (?x) verbose: here without the spaces and comment.
  var KEEP_VALUE = compile(
    raw`\[(?:secret|redacted)\]?|REDACTED|\*+|<[^<>]*>|x{3,}|\.\.\.` +
    raw`|None|null|nil|undefined|true|false|True|False` +
    raw`|\$\{[^}]*\}\S*|\$\(.*|\$[A-Z_][A-Z0-9_]*|%\(?\w*\)?[sdr]|\{\{.*\}\}|\{\}` +
    raw`|(?:self|cls|os|sys|request|handler|app|c|config)\.[\w.]+`
  );
  // Function calls and subscripts: `os.environ["X"]`, `bytes.fromhex('...')`, `open(path)`.
  var EXPRESSION = compile(
    raw`(?:[A-Za-z_]\w*\.)+[A-Za-z_]\w*[(\[]|(?:open|bytes|bytearray|str|Path|getenv)\(`
  );
  // Those that wrap the secret itself: their quoted arguments are redacted.
  var WRAPS_LITERAL = compile(raw`(?:fromhex|b64decode|unhexlify|bytes|encode)\($`);
  var PATH = compile(raw`(?:~|\.{1,2})?/\S*|[A-Za-z]:\\\S*`);
  var QUOTED = compile(raw`[bBrRuU]{0,2}(['"])((?:\\.|(?!\1).)*)\1`);

  // `scheme://user:PASSWORD@host`: the last @ before the path ends the password.
  var URL_PASSWORD = compile(raw`\b[A-Za-z][\w+.\-]*://[^\s:/@'"<>]*:([^\s'"<>/]*)@`);
  // Authorization headers in any case; the scheme is kept. Python's possessive `(...)?+`
  // is written as JavaScript's atomic lookahead and a back-reference: `(?=(...)?)\1`, so
  // the value is group 2 here.
  var AUTHORIZATION = compile(
    raw`(?<![\w-])(?:proxy-)?authorization['"]?\s*[:=]\s*['"]?\s*` +
    raw`(?=((?:token|bearer|basic)\s+)?)\1([^\s'",;]+)`,
    true
  );
  var AUTH_SCHEMES = ["token", "bearer", "basic"];
  // Cookie and Set-Cookie headers: every value in them (cookie names are not secret).
  var COOKIE_HEADER = compile(raw`(?<![\w-])(set-)?cookie(['"]?)\s*:\s*(['"]?)`, true);
  var COOKIE_ATTRIBUTES = new Set(
    ["path", "domain", "expires", "max-age", "secure", "httponly", "samesite"]
  );
  var COOKIE_PAIR = compile(raw`\s*([^=\s]+)=\s*(.*?)\s*$`);
  // Kubernetes env lists in pod specs: {'name': 'JUPYTERHUB_API_TOKEN', 'value': '...'}.
  var ENV_ENTRY = compile(
    raw`['"]?name['"]?\s*:\s*['"]([A-Za-z_]\w*)['"]\s*,\s*['"]?value['"]?\s*:\s*` +
    raw`(['"])((?:\\.|(?!\2).)*)\2`
  );
  // JupyterHub's "oauth state argument %r != cookie %s=%r".
  var STATE_ARGUMENT = compile(raw`\bstate argument\s+(['"])((?:\\.|(?!\1).)*)\1`, true);
  // A key and a separator: KEY=value, KEY: value, 'KEY': 'value', --flag value,
  // ['--flag', 'value'], ?key=value, &key=value, %3Fkey%3Dvalue (in next=).
  var KEY = compile(
    raw`(?P<lead>%(?:25)*(?:3F|26)|(?<![\w.\-%/]))` +
    raw`(?P<q>['"]?)(?P<key>-{0,2}[A-Za-z_][\w.\-]*)(?P=q)` +
    raw`(?P<sep>\s*=(?!=)\s*|%(?:25)*3D|\s*:(?!//)\s*|\s*,\s*(?=['"])|\s+(?=\S))`
  );
  var SECRET_SUFFIX = compile(raw`(?:token|secret|xsrf|apikey|session[_-]?id|sessionid)s?$`);
  var KEY_SUFFIX = compile(raw`(?:^|[_\-.])(?:key|KEY|Key)s?$|[a-z0-9]Keys?$`);
  // Query parameters JupyterHub itself scrubs, and a few more (Python: re.I).
  var QUERY_SECRET = compile("token|secret|auth|key|code|state|xsrf|passw|session", true);
  var SECRET_WORD = compile("token|secret|key", true);
  var BLOB = compile(raw`(?<![\w+/=\-])[A-Za-z0-9+/_\-]{32,}={0,2}(?![\w+/=\-])`);
  var HEX_RUN = compile("[0-9A-Fa-f]{32,}");
  var COLON_KEY = compile(raw`[_\-.]|[a-z][A-Z]`);
  var ENCODED_RUN = compile(raw`(?:(?!%(?:25)*26)[^\s'"&<>#])*`);
  var QUERY_RUN = compile(raw`[^\s'"<>&#]*`);
  var PLAIN_RUN = compile(raw`[^\s'"<>]*`);
  var FOLLOWS = compile(raw`[^\s'"&]*&`);

  /** Whether a value under this name goes: "secret", "key" (a file path stays) or null. */
  function secretKind(key, query) {
    var parts = stripChars(key, "-", true, false).split(".");
    var name = parts[parts.length - 1]; // c.JupyterHub.cookie_secret -> cookie_secret
    var low = name.toLowerCase();
    if (low.startsWith("jupyterhub-")) return "secret";
    if (search(SECRET_SUFFIX, low) || low.indexOf("password") >= 0 || low.indexOf("passwd") >= 0)
      return "secret";
    if (search(KEY_SUFFIX, name)) return "key";
    if (query && search(QUERY_SECRET, low)) return "secret";
    return null;
  }

  function colonAllowed(key, quoted) {
    // "Invalid token: ..." is prose; 'token': ..., API_TOKEN: ..., cookieSecret: ... are not.
    return quoted || !!search(COLON_KEY, stripChars(key, "-", true, false));
  }

  /** Where the value starting at `start` lies, as spans to redact ([] to keep it). */
  function valueSpans(line, start, query, encoded) {
    var rest = line.slice(start);
    var quoted = match(QUOTED, rest);
    if (quoted && !encoded) {
      if (!quoted[2] || fullmatch(KEEP_VALUE, quoted[2])) return [];
      return [[start + quoted.indices[2][0], start + quoted.indices[2][1]]];
    }
    if ((rest[0] === "{" || rest[0] === "[") &&
        !startsWithAny(rest, ["[secret]", "[redacted]", "{}"])) {
      // A dict or list literal (api_tokens = {'...': 'alice'}): every string in it.
      return finditer(QUOTED, rest.slice(0, closing(rest)))
        .filter(function (m) { return m[2] && !fullmatch(KEEP_VALUE, m[2]); })
        .map(function (m) { return [start + m.indices[2][0], start + m.indices[2][1]]; });
    }
    var run = match(encoded ? ENCODED_RUN : query ? QUERY_RUN : PLAIN_RUN, rest)[0];
    var expression = match(EXPRESSION, run);
    if (expression) {
      // Code, not a value: only the literal inside a call that wraps the secret goes.
      if (search(WRAPS_LITERAL, expression[0])) {
        var literal = match(QUOTED, line, start + expression[0].length);
        if (literal && literal[2]) return [span(literal, 2)];
      }
      return [];
    }
    if (fullmatch(KEEP_VALUE, run)) return []; // before trimming: ${VAR} ends in a brace
    run = stripChars(run, ",;)]}.", false, true);
    if (!run || fullmatch(KEEP_VALUE, run)) return [];
    return [[start, start + run.length]];
  }

  /** The end of the bracketed literal at the start of `text` (or its end). */
  function closing(text) {
    var depth = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (c === "{" || c === "[" || c === "(") depth++;
      else if (c === "}" || c === "]" || c === ")") {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return text.length;
  }

  function assignmentSpans(line) {
    var spans = [];
    finditer(KEY, line).forEach(function (m) {
      var key = m.groups.key;
      var sep = m.groups.sep;
      var quoted = !!m.groups.q;
      var encoded = !!m.groups.lead;
      var flag = key.startsWith("--");
      var before = m.index ? line[m.index - 1] : "";
      var valueStart = m.index + m[0].length;
      var follows = match(FOLLOWS, line, valueStart);
      // A query string or form body: ?key=..., &key=..., key=...&next=...
      var query = encoded || (before !== "" && "?&#;".indexOf(before) >= 0) ||
        (!!follows && sep.indexOf("=") >= 0);
      if (sep.indexOf("=") >= 0 || sep.indexOf("%") >= 0) {
        if (encoded !== (sep.indexOf("%") >= 0)) return;
      } else if (sep.indexOf(":") >= 0) {
        if (!colonAllowed(key, quoted) || encoded) return;
      } else if (!flag) {
        return; // whitespace or ', ' separators only follow --flags
      }
      var kind = secretKind(key, query);
      if (kind === null) return;
      // "Setting cookie jupyterhub-session-id: {...}" shows options, no value.
      if (sep.indexOf(":") >= 0 && key.toLowerCase().startsWith("jupyterhub-")) return;
      valueSpans(line, valueStart, query, encoded).forEach(function (s) {
        // ssl_key = '/etc/ssl/key.pem' names a file: keep it.
        if (kind === "key" && fullmatch(PATH, line.slice(s[0], s[1]))) return;
        spans.push(s);
      });
    });
    return spans;
  }

  function urlPasswordSpans(line) {
    return finditer(URL_PASSWORD, line)
      .filter(function (m) { return m[1] && !fullmatch(KEEP_VALUE, m[1]); })
      .map(function (m) { return span(m, 1); });
  }

  function authorizationSpans(line) {
    return finditer(AUTHORIZATION, line)
      .filter(function (m) {
        return !fullmatch(KEEP_VALUE, m[2]) && AUTH_SCHEMES.indexOf(m[2].toLowerCase()) < 0;
      })
      .map(function (m) { return span(m, 2); });
  }

  function cookieSpans(line) {
    var spans = [];
    finditer(COOKIE_HEADER, line).forEach(function (m) {
      var setting = !!m[1];
      var quote = m[3];
      var headerStart = m.index + m[0].length;
      var end = quote ? line.indexOf(quote, headerStart) : -1;
      var header = line.slice(headerStart, end >= 0 ? end : line.length);
      var offset = headerStart;
      header.split(";").forEach(function (part, index) {
        var pair = match(COOKIE_PAIR, part);
        if (pair) {
          var value = pair[2];
          var attribute = setting && index && COOKIE_ATTRIBUTES.has(pair[1].toLowerCase());
          if (value && !attribute && !fullmatch(KEEP_VALUE, stripChars(value, "\"'", true, true)))
            spans.push([offset + pair.indices[2][0], offset + pair.indices[2][1]]);
        }
        offset += part.length + 1;
      });
    });
    return spans;
  }

  function envEntrySpans(line) {
    return finditer(ENV_ENTRY, line)
      .filter(function (m) {
        return secretKind(m[1], false) && m[3] && !fullmatch(KEEP_VALUE, m[3]);
      })
      .map(function (m) { return span(m, 3); });
  }

  function stateArgumentSpans(line) {
    return finditer(STATE_ARGUMENT, line)
      .filter(function (m) { return m[2]; })
      .map(function (m) { return span(m, 2); });
  }

  function blobSpans(line) {
    var word = search(SECRET_WORD, line);
    if (!word) return [];
    var spans = [];
    finditer(BLOB, line, word.index + word[0].length).forEach(function (m) {
      var run = stripChars(m[0], "=", false, true);
      // Mixed case and a digit: base64 of random bytes, not a path or a word. (The run is
      // ASCII: JavaScript's [a-z] and \d mean Python's here.)
      var mixed = !run.startsWith("/") && /[a-z]/.test(run) && /[A-Z]/.test(run) && /\d/.test(run);
      if (fullmatch(HEX_RUN, run) || mixed) spans.push([m.index, m.index + m[0].length]);
    });
    return spans;
  }

  var FINDERS = [
    urlPasswordSpans,
    authorizationSpans,
    cookieSpans,
    envEntrySpans,
    stateArgumentSpans,
    assignmentSpans,
    blobSpans,
  ];

  /** [the line with every secret value replaced by [redacted], how many were]. */
  function redactSecrets(line) {
    // A record's "[W 2026-... JupyterHub _xsrf_utils:177]" holds no secret, only look-alikes.
    var prefix = match(PREFIX, line);
    var record = match(HUB_RECORD, line, prefix ? prefix[0].length : 0);
    if (record) {
      var cut = record.index + record[0].length;
      var rest = redactSecrets(line.slice(cut));
      return [line.slice(0, cut) + rest[0], rest[1]];
    }
    var spans = [];
    FINDERS.forEach(function (finder) { // earlier finders know the form best: they win overlaps
      finder(line).forEach(function (s) {
        var overlaps = spans.some(function (t) { return t[0] < s[1] && s[0] < t[1]; });
        if (s[0] < s[1] && !overlaps) spans.push(s);
      });
    });
    var out = line;
    spans.slice().sort(function (a, b) { return b[0] - a[0]; }).forEach(function (s) {
      out = out.slice(0, s[0]) + REDACTED + out.slice(s[1]);
    });
    return [out, spans.length];
  }

  /* ---------------------------------------------------------------- names, addresses */

  var NAME_CHARS = raw`[^/\s?#&'"<>()\[\]{}$%:]+(?:%[0-9A-Fa-f]{2}[^/\s?#&'"<>()\[\]{}$%:]*)*`;
  var ENCODED_NAME = raw`(?:[^%/\s?#&'"<>()\[\]]|%(?!2F)[0-9A-Fa-f]{2})+`;
  var WORD_NAME = raw`\w(?:[\w.@+\-]*\w)?`;
  var STRONG_CONTEXTS = [
    compile(raw`(?<!/home)/user/(` + NAME_CHARS + ")"),
    compile(raw`/api/users/(` + NAME_CHARS + ")"),
    compile(raw`/hub/spawn(?:-pending)?/(` + NAME_CHARS + ")"),
    compile(raw`%2F(?:user|api%2Fusers|spawn|spawn-pending)%2F(` + ENCODED_NAME + ")", true),
    compile(raw`\(([^()\s]+)@[0-9A-Fa-f:.]+\)`), // the access log's (name@ip)
    compile(raw`(?<![\w-])(?:User|user)[ =](['"])([^'"\s]+)\1`),
    compile(raw`<User\(([^\s()]+) `), // the ORM's repr: <User(alice 1/1 running)>
  ];
  var PROSE_CONTEXTS = [
    compile(raw`(?<![\w-])(?:User|user) (` + WORD_NAME + ")"),
    compile(raw`(?<![\w.@+\-])(` + WORD_NAME + ")'s server"),
  ];
  // Spawners' container and pod names, and the OAuth client ids and cookies of servers.
  var WEAK_CONTEXTS = [
    compile(raw`(?<![\w-])jupyter-([A-Za-z0-9](?:[\w.]|-(?!-))*)`),
    compile(raw`(?<![\w-])jupyterhub-user-([^\s'"=;,/&?()<>\[\]%]+)`),
  ];
  // `jupyter-<x>` that are Jupyter's own commands and packages, not containers.
  var JUPYTER_COMMANDS = new Set((
    "server lab labhub notebook singleuser hub core client console kernel kernelspec " +
    "nbconvert nbclassic events troubleshoot run execute trust migrate qtconsole " +
    "nbextension serverextension labextension bundlerextension book collaboration " +
    "resource telemetry lsp ydoc fs dash packaging"
  ).split(" "));
  // Words that follow "user" or precede "'s server" in messages, and are no user's name.
  var PROSE_STOP = new Set((
    "a an the and or of to in on at by for from with without as is are was were be been " +
    "not no has have had does did do can cannot could may might must should will would this " +
    "that these those it its their his her there here which who whom whose what when where " +
    "all any each every some none server servers spawner spawners user users name names id " +
    "ids info model data list options option scopes scope roles role groups group token " +
    "tokens cookie cookies session sessions agent interface account accounts logged login " +
    "logout found exists exist deleted created added removed allowed authenticated authorized " +
    "access api page redirect namespace permissions permission config configuration directory " +
    "process environment env object objects count state requests request activity limit " +
    "already requesting requested trying unknown undefined null true false hub proxy service " +
    "services default spawning pending ready failed error errors timeout redacted secret " +
    "own other another new current"
  ).split(" "));
  // Names not replaced wherever they appear as a word: they are also words of the log itself.
  var BARE_STOP = new Set(Array.from(PROSE_STOP).concat((
    "admin admins root test tests home lab tree jupyter jupyterhub jovyan spawn stop start " +
    "running http https localhost local debug warning warn critical user1 notebook " +
    "singleuser health metrics static logout oauth"
  ).split(" ")));
  var KEPT_ADDRESSES = new Set(["127.0.0.1", "0.0.0.0", "::1", "::"]);
  var IPV4 = compile(
    raw`(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?!\w|\.\d)`
  );
  var IPV6 = compile(
    raw`(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})(?![\w:])`
  );

  /** ipaddress.IPv4Address(text) as a number, or null where Python raises ValueError. */
  function parseIPv4(text) {
    var octets = text.split(".");
    if (octets.length !== 4) return null;
    var value = 0;
    for (var i = 0; i < 4; i++) {
      var o = octets[i];
      // ASCII digits, at most 3, no leading zero, at most 255.
      if (!/^[0-9]{1,3}$/.test(o) || (o !== "0" && o[0] === "0") || +o > 255) return null;
      value = value * 256 + +o;
    }
    return value;
  }

  function dotted(value) {
    return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
  }

  /** ipaddress.IPv6Address(text) as its 8 hextets, or null where Python raises ValueError
   * (the steps of Python 3.11's _ip_int_from_string). */
  function parseIPv6(text) {
    var parts = text.split(":");
    if (parts.length < 3) return null;
    if (parts[parts.length - 1].indexOf(".") >= 0) {
      var v4 = parseIPv4(parts.pop());
      if (v4 === null) return null;
      parts.push(Math.floor(v4 / 65536).toString(16), (v4 % 65536).toString(16));
    }
    if (parts.length > 9) return null;
    var skip = null;
    for (var i = 1; i < parts.length - 1; i++) {
      if (!parts[i]) {
        if (skip !== null) return null; // at most one '::'
        skip = i;
      }
    }
    var hi, lo, skipped;
    if (skip !== null) {
      hi = skip;
      lo = parts.length - skip - 1;
      if (!parts[0] && --hi) return null;
      if (!parts[parts.length - 1] && --lo) return null;
      skipped = 8 - (hi + lo);
      if (skipped < 1) return null;
    } else {
      if (parts.length !== 8 || !parts[0] || !parts[7]) return null;
      hi = 8;
      lo = 0;
      skipped = 0;
    }
    var kept = parts.slice(0, hi).concat(parts.slice(parts.length - lo));
    if (!kept.every(function (h) { return /^[0-9A-Fa-f]{1,4}$/.test(h); })) return null;
    var hextets = parts.slice(0, hi).map(function (h) { return parseInt(h, 16); });
    for (i = 0; i < skipped; i++) hextets.push(0);
    return hextets.concat(parts.slice(parts.length - lo).map(function (h) { return parseInt(h, 16); }));
  }

  function escapism(name) {
    // How DockerSpawner and KubeSpawner spell a name in containers: alice@x -> alice-40x.
    return Array.from(name).map(function (c) {
      if (/^[A-Za-z0-9]$/.test(c)) return c;
      var hex = c.codePointAt(0).toString(16);
      return "-" + (hex.length < 2 ? "0" + hex : hex);
    }).join("").toLowerCase();
  }

  function escapeRegExp(text) {
    return text.replace(/[\\^$.*+?()[\]{}|\/]/g, "\\$&"); // not "-": an error outside a class with "u"
  }

  /** User names and addresses, each replaced by the same stand-in wherever it appears:
   * user1, user2, ... and 10.0.0.1, 10.0.0.2, ... in order of first appearance. */
  function Pseudonyms(lines) {
    var self = this;
    this.aliases = new Map(); // the name as written -> the name
    this.users = new Map(); // the name -> userN
    this.addresses = new Map(); // the address -> 10.0.0.N
    [STRONG_CONTEXTS, PROSE_CONTEXTS, WEAK_CONTEXTS].forEach(function (contexts) {
      lines.forEach(function (line) {
        self.candidates(line, contexts).forEach(function (c) { self.learn(c[0]); });
      });
    });
    var bare = [];
    this.aliases.forEach(function (name, alias) {
      if (bareSafe(alias) && bareSafe(name)) bare.push(alias);
    });
    // Longest first (sort is stable, as Python's sorted(reverse=True) keeps ties in order).
    bare.sort(function (a, b) { return codePoints(b) - codePoints(a); });
    this.bare = bare.length
      ? new RegExp("(?<![A-Za-z0-9_])(?:" + bare.map(escapeRegExp).join("|") + ")(?![A-Za-z0-9_])", "gu")
      : null;
  }

  function bareSafe(name) {
    return codePoints(name) >= 3 && !isdigit(name) && !BARE_STOP.has(name.toLowerCase());
  }

  Pseudonyms.prototype.candidates = function (line, contexts) {
    var self = this;
    var found = [];
    contexts.forEach(function (pattern) {
      finditer(pattern, line).forEach(function (m) {
        var group = m.length - 1; // the name is the last group (the first may be a quote)
        var written = stripChars(m[group], ".-", false, true);
        if (!written) return;
        if (contexts === PROSE_CONTEXTS && PROSE_STOP.has(written.toLowerCase())) return;
        if (contexts === WEAK_CONTEXTS) {
          if (written.endsWith("-oauth-state")) written = written.slice(0, -"-oauth-state".length);
          if (!written) return; // `jupyterhub-user--oauth-state`: no name in it
          if (pattern === WEAK_CONTEXTS[0] &&
              JUPYTER_COMMANDS.has(written.split(/[-.]/)[0].toLowerCase())) return;
          // jupyterhub-user-alice-gpu: alice's server "gpu", when alice is known.
          var known = self.knownPrefix(written);
          if (known) written = known; // Python's truth: a known "" changes nothing
        }
        var start = m.indices[group][0];
        found.push([written, start, start + written.length]);
      });
    });
    return found;
  };

  Pseudonyms.prototype.knownPrefix = function (written) {
    if (!this.longestFirst) { // sorted again only after learn() added an alias
      this.longestFirst = Array.from(this.aliases.keys());
      this.longestFirst.sort(function (a, b) { return codePoints(b) - codePoints(a); });
    }
    var aliases = this.longestFirst;
    for (var i = 0; i < aliases.length; i++) {
      if (written.startsWith(aliases[i] + "-")) return aliases[i];
    }
    return null;
  };

  Pseudonyms.prototype.learn = function (written) {
    if (this.aliases.has(written)) return;
    var name = unquote(unquote(written));
    var aliases = this.aliases;
    [written, name, escapism(name)].forEach(function (form) {
      if (!aliases.has(form)) aliases.set(form, name);
    });
    this.longestFirst = null;
  };

  Pseudonyms.prototype.user = function (written) {
    var name = this.aliases.has(written) ? this.aliases.get(written) : written;
    if (!this.users.has(name)) this.users.set(name, "user" + (this.users.size + 1));
    return this.users.get(name);
  };

  Pseudonyms.prototype.address = function (key) {
    if (!this.addresses.has(key)) this.addresses.set(key, dotted(0x0a000000 + this.addresses.size + 1));
    return this.addresses.get(key);
  };

  /** The line with names and addresses replaced, in one pass (no stand-in is replaced
   * again), stand-ins numbered in order of appearance. */
  Pseudonyms.prototype.apply = function (line) {
    var self = this;
    var found = []; // [start, end, kind, text]
    [STRONG_CONTEXTS, PROSE_CONTEXTS, WEAK_CONTEXTS].forEach(function (contexts) {
      self.candidates(line, contexts).forEach(function (c) {
        if (self.aliases.has(c[0])) found.push([c[1], c[2], "user", c[0]]);
      });
    });
    if (this.bare) {
      this.bare.lastIndex = 0;
      var m;
      while ((m = this.bare.exec(line))) found.push([m.index, m.index + m[0].length, "user", m[0]]);
    }
    finditer(IPV6, line).forEach(function (m) {
      var hextets = parseIPv6(m[0]);
      if (hextets) found.push([m.index, m.index + m[0].length, "ipv6", hextets]);
    });
    finditer(IPV4, line).forEach(function (m) {
      found.push([m.index, m.index + m[0].length, "ipv4", m[0]]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; }); // stable, as Python's
    var out = "";
    var position = 0;
    found.forEach(function (f) {
      if (f[0] < position) return; // inside a replacement already made
      out += line.slice(position, f[0]) + self.standIn(f[2], f[3], line.slice(f[0], f[1]));
      position = f[1];
    });
    return out + line.slice(position);
  };

  Pseudonyms.prototype.standIn = function (kind, text, original) {
    if (kind === "user") return this.user(text);
    if (kind === "ipv6") {
      var h = text;
      if (h[0] === 0 && h[1] === 0 && h[2] === 0 && h[3] === 0 && h[4] === 0 && h[5] === 0xffff) {
        // ::ffff:10.1.2.3 is the IPv4 address of other lines
        var v4 = dotted(h[6] * 65536 + h[7]);
        var prefix = original.slice(0, original.lastIndexOf(":") + 1);
        return prefix + (KEPT_ADDRESSES.has(v4) ? v4 : this.address(v4));
      }
      // Python keys by str(address); the hextets name the same address one to one, and
      // "::" and "::1" (kept) are 0 and 1.
      if (h.slice(0, 7).every(function (x) { return x === 0; }) && h[7] <= 1) return original;
      return this.address(h.map(function (x) { return x.toString(16); }).join(":"));
    }
    return KEPT_ADDRESSES.has(text) ? original : this.address(text);
  };

  /* ----------------------------------------------------------------------- selection */

  // What may stand before a record: docker compose's "name  | ", syslog's and journald's
  // "Jun 20 11:51:00 host jupyterhub[123]: ", kubectl logs --timestamps.
  var PREFIX = compile(
    raw`^(?:[\w.\-]+\s+\|\s?` +
    raw`|[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d \S+ [^\s:]+: ` +
    raw`|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d) (?=\[))`
  );
  var HUB_RECORD = compile(raw`\[([DIWEC]) (?:\d{4}-\d\d-\d\d|\d{6}) \d\d:\d\d:\d\d[^\]]*\]`);
  var PROXY_RECORD = compile(raw`^.{0,40}?\[ConfigProxy\]\s+(\w+):`);
  var TIMESTAMP_RECORD = compile(raw`^\d{4}-\d\d-\d\d[T ]\d\d:\d\d`);
  var PROXY_LEVELS = new Map([["warn", "W"], ["warning", "W"], ["error", "E"]]);
  var TRACEBACK = "Traceback (most recent call last):";
  var CHAINED = [
    "During handling of the above exception",
    "The above exception was the direct cause",
  ];
  var TRACEBACK_OR_CHAINED = [TRACEBACK].concat(CHAINED);

  function body(line) {
    var m = match(PREFIX, line);
    return m ? line.slice(m[0].length) : line;
  }

  /** D, I, W, E or C for a record's first line ("" for other records), null otherwise. */
  function level(line) {
    var b = body(line);
    var hub = match(HUB_RECORD, b);
    if (hub) return hub[1];
    var proxy = match(PROXY_RECORD, b);
    if (proxy) return PROXY_LEVELS.get(proxy[1].toLowerCase()) || "I";
    return match(TIMESTAMP_RECORD, b) ? "" : null;
  }

  function indent(b) {
    return b.length - stripChars(b, " \t", true, false).length;
  }

  /** Each Python traceback as [first, end), chained ones joined. */
  function tracebacks(lines) {
    var found = [];
    var index = 0;
    while (index < lines.length) {
      var b = body(lines[index]);
      if (lstrip(b).startsWith(TRACEBACK)) {
        var end = tracebackEnd(lines, index, indent(b));
        found.push([index, end]);
        index = end;
      } else {
        index++;
      }
    }
    return found;
  }

  function tracebackEnd(lines, start, base) {
    var index = start + 1;
    while (index < lines.length && index - start < TRACEBACK_CAP) {
      var b = body(lines[index]);
      if (!strip(b)) {
        if (chainFollows(lines, index)) {
          index++;
          continue;
        }
        return index;
      }
      if (indent(b) > base || startsWithAny(strip(b), TRACEBACK_OR_CHAINED)) {
        index++;
        continue;
      }
      if (indent(b) < base) return index; // back out of the record that held the traceback
      if (level(lines[index]) !== null) return index; // the next record: cut short
      index++; // the exception line
      if (!chainFollows(lines, index)) return index;
    }
    return index;
  }

  function chainFollows(lines, index) {
    while (index < lines.length && !strip(body(lines[index]))) index++;
    // The blank lines around "During handling ..." belong to the chain.
    return index < lines.length && startsWithAny(strip(body(lines[index])), TRACEBACK_OR_CHAINED);
  }

  /** [start, end): a record's first line and the indented lines after it. */
  function continuation(lines, start) {
    var end = start + 1;
    while (end < lines.length && end - start <= CONTINUATION_CAP) {
      var b = body(lines[end]);
      if (!b || (b[0] !== " " && b[0] !== "\t") || level(lines[end]) !== null) break;
      end++;
    }
    return [start, end];
  }

  /** Which lines to show (1 at their index): the diagnoser's with context, warnings and
   * errors with their continuation, tracebacks. */
  function select(lines, matched, context) {
    var keep = new Uint8Array(lines.length);
    function mark(range) {
      for (var i = range[0]; i < range[1]; i++) keep[i] = 1;
    }
    matched.forEach(function (number) {
      mark([Math.max(0, number - 1 - context), Math.min(lines.length, number + context)]);
    });
    lines.forEach(function (line, index) {
      var l = level(line);
      if (l === "W" || l === "E" || l === "C") mark(continuation(lines, index));
    });
    tracebacks(lines).forEach(mark);
    return keep;
  }

  /* ------------------------------------------------------------------------ versions */

  // [label, a literal every matching line holds, the pattern (group 1: the value), the
  // fixed value when there is one] (redact.py's _VERSION_LINES).
  var VERSION_LINES = [
    ["JupyterHub", "Running JupyterHub", compile(raw`Running JupyterHub version (\S+)`)],
    ["Authenticator", "Using Authenticator", compile(raw`Using Authenticator: (\S+)`)],
    ["Spawner", "Using Spawner", compile(raw`Using Spawner: (\S+)`)],
    ["Proxy", "Using Proxy", compile(raw`Using Proxy: (\S+)`)],
    [
      "jupyterhub-singleuser",
      "Starting jupyterhub",
      compile(
        raw`Starting jupyterhub(?:-singleuser| single-user) server(?: extension)? ` +
        raw`version (\S+)`
      ),
    ],
    [
      "configurable-http-proxy",
      "configurable-http-proxy",
      compile(raw`configurable-http-proxy(?:@|\s+v?|\s+version\s+)(\d+\.\d+\.\d+[\w.+\-]*)`),
    ],
    ["Python", "/python3.", compile(raw`/python(3\.\d+)/`)],
    ["Python", "Python 3.", compile(raw`\bPython (3\.\d+\.\d+)\b`)],
    ["Node.js", "node v", compile(raw`npm (?:ERR!|error) node v(\d+\.\d+\.\d+)`)],
    ["Node.js", "Node.js v", compile(raw`^\s*Node\.js v(\d+\.\d+\.\d+)\s*$`)],
    ["npm", "npm ", compile(raw`npm (?:ERR!|error) npm +v(\d+\.\d+\.\d+)`)],
    ["Platform", ":\\", compile(raw`(?:^|[\s"'(=])[A-Za-z]:\\[\w .-]+\\`), "Windows"],
  ];
  var PROXY_VERSION_COMMAND = compile(raw`configurable-http-proxy\s+(?:--version|-V)\s*$`);
  var BARE_VERSION = compile(raw`\s*v?(\d+\.\d+\.\d+[\w.+\-]*)\s*`);
  var LEADING_DIGIT = compile(raw`\d`);

  /** The versions (and platform) the log shows: label -> values, in the order above
   * (redact.py's Versions.found()). */
  function detected(lines) {
    var seen = new Map();
    VERSION_LINES.forEach(function (v) { if (!seen.has(v[0])) seen.set(v[0], []); });
    function add(label, value) {
      if (seen.get(label).indexOf(value) < 0) seen.get(label).push(value);
    }
    lines.forEach(function (line, index) {
      VERSION_LINES.forEach(function (v) {
        if (line.indexOf(v[1]) < 0) return;
        finditer(v[2], line).forEach(function (m) { add(v[0], v.length > 3 ? v[3] : m[1]); });
      });
      if (search(PROXY_VERSION_COMMAND, line)) { // `configurable-http-proxy --version` output
        var following = lines.slice(index + 1, index + 3).find(function (x) { return strip(x); });
        var bare = fullmatch(BARE_VERSION, following === undefined ? "" : following);
        if (bare) add("configurable-http-proxy", bare[1]);
      }
    });
    var found = new Map();
    seen.forEach(function (values, label) {
      if (label === "Python") {
        // 3.11 from a path says less than 3.11.7 from a banner: keep the longer.
        values = values.filter(function (v) {
          return !values.some(function (w) { return w.startsWith(v + "."); });
        });
      }
      if (values.length) found.set(label, values);
    });
    return found;
  }

  /** The versions the log shows, as Markdown bullets, in the order above. */
  function versions(lines) {
    var bullets = [];
    detected(lines).forEach(function (values, label) {
      if (label === "Authenticator" || label === "Spawner" || label === "Proxy") {
        var shown = values.map(function (value) {
          var dash = value.lastIndexOf("-"); // str.rpartition("-")
          var version = value.slice(dash + 1);
          if (dash >= 0 && match(LEADING_DIGIT, version)) return "`" + value.slice(0, dash) + "` " + version;
          return "`" + value + "`";
        });
        bullets.push("- " + label + ": " + shown.join(", "));
      } else if (label === "Platform") {
        bullets.push("- Platform: " + values.join(", "));
      } else {
        bullets.push("- " + label + " " + values.join(", "));
      }
    });
    return bullets;
  }

  /* -------------------------------------------------------------------------- render */

  function omitted(count) {
    return "[... " + count + " line" + (count !== 1 ? "s" : "") + " left out ...]";
  }

  /** The Markdown to paste (redact.render_lines()): the versions, then the redacted
   * excerpt in a text fence; and a summary of it.
   * lines: the log's lines as the matcher split them; matched: the 1-based numbers of the
   * lines the diagnoser listed; options: {names, context (3), whole, ansi (a RegExp)}. */
  function render(lines, matched, options) {
    options = options || {};
    var names = !!options.names;
    var context = options.context === undefined || options.context === null ? 3 : Number(options.context);
    var ansi = options.ansi
      ? new RegExp(options.ansi.source, options.ansi.flags.replace(/[gy]/g, "") + "g")
      : null;
    lines = lines.map(function (line) { return ansi ? line.replace(ansi, "") : line; });
    var n = lines.length;
    var tail = false;
    var keep;
    if (options.whole) {
      keep = new Uint8Array(n).fill(1);
    } else {
      keep = select(lines, matched || [], context);
      if (keep.indexOf(1) < 0) {
        keep.fill(1, Math.max(0, n - TAIL));
        tail = true;
      }
    }
    var pseudonyms = names ? new Pseudonyms(lines) : null;
    var out = [];
    var previous = -1;
    var secrets = 0;
    var shown = 0;
    for (var index = 0; index < n; index++) {
      if (!keep[index]) continue;
      shown++;
      if (index > previous + 1) out.push(omitted(index - previous - 1));
      var redacted = redactSecrets(lines[index]);
      secrets += redacted[1];
      out.push(pseudonyms ? pseudonyms.apply(redacted[0]) : redacted[0]);
      previous = index;
    }
    if (previous < n - 1) out.push(omitted(n - 1 - previous));
    var longest = 0;
    out.forEach(function (x) {
      var m = /^ {0,3}(`{3,})/.exec(x);
      if (m && m[1].length > longest) longest = m[1].length;
    });
    var fence = "`".repeat(Math.max(3, longest + 1)); // a fence in the log must not close ours
    var header = versions(lines);
    var parts = header.concat(header.length ? [""] : [], [fence + "text"], out, [fence]);
    return {
      text: parts.join("\n") + "\n",
      summary: {
        total: n,
        shown: shown,
        secrets: secrets,
        users: pseudonyms ? pseudonyms.users.size : 0,
        addresses: pseudonyms ? pseudonyms.addresses.size : 0,
        tail: tail,
      },
    };
  }

  var core = {
    REDACTED: REDACTED,
    render: render,
    redactSecrets: redactSecrets,
    versions: versions,
    detected: detected,
    // For tests/test_redact_js.py: the translation and the tables it checks against Python.
    internals: {
      translate: translate,
      isdigit: isdigit,
      strip: strip,
      unquote: unquote,
      classes: { word: WORD, digit: DIGIT, space: SPACE },
      fold: FOLD,
      sets: {
        jupyterCommands: Array.from(JUPYTER_COMMANDS),
        proseStop: Array.from(PROSE_STOP),
        bareStop: Array.from(BARE_STOP),
        cookieAttributes: Array.from(COOKIE_ATTRIBUTES),
        keptAddresses: Array.from(KEPT_ADDRESSES),
        authSchemes: AUTH_SCHEMES,
      },
    },
  };
  if (typeof module !== "undefined" && module.exports) module.exports = core;
  if (typeof window !== "undefined") window.jhRedact = core;
})();

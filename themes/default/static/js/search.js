// Search as you type, over the index the build wrote in search-index/
// (Lamplight's src/search/files.rs says how it is laid out). meta.json comes
// first and names the shards of words; a query then fetches only the shards
// of its words and the documents of the results it shows, so a phone never
// downloads the whole index. Words here are made the same way as in
// src/search/words.rs. Without JavaScript the form reloads this page, whose
// A to Z list lists every page instead.
(function () {
  "use strict";
  var form = document.querySelector("[data-search]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  var more = document.querySelector("[data-search-more]");
  var STOP = ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "we", "were",
    "will", "with", "you", "your"];
  // A search page in another language names its rules and its words on
  // the form (src/search/words.rs has the same lists).
  var RULES = form.getAttribute("data-rules") || "en";
  var WELSH_STOP = ["a", "ac", "ag", "am", "ar", "at", "bod", "dy", "ei", "eich", "ein", "eu", "fe",
    "fy", "gan", "hefyd", "hon", "hwn", "hyn", "i", "m", "mae", "n", "na", "nad", "neu", "ni", "nid",
    "o", "oedd", "oes", "ond", "os", "pan", "r", "sy", "sydd", "th", "w", "wedi", "y", "yn", "yr",
    "yw"];
  var ACCENTED = "âáàäêéèëîíìïôóòöûúùüŵẃẁẅŷýỳÿ";
  var UNACCENTED = "aaaaeeeeiiiioooouuuuwwwwyyyy";
  function said(name, fallback) { return form.getAttribute("data-" + name) || fallback; }
  // Results shown at a time; "Show more results" shows the next ones.
  var SHOWN = 10;
  // Letters a half-typed word needs before it is matched as the start of
  // longer words: fewer would fetch most of a letter's words.
  var PREFIX = 3;
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var metaUrl = new URL(form.getAttribute("data-index"), window.location.href);
  var meta = null;
  var shardNames = null;
  var loading = null;
  // Files by address and postings by word, once fetched or decoded. Words
  // are looked up as own properties only, in maps without a prototype:
  // "constructor" or "__proto__" typed in the box must find pages with that
  // word, not Object's own properties.
  var files = Object.create(null);
  var got = Object.create(null);
  var decoded = Object.create(null);
  var timer = null;
  // Which query is the latest: an earlier one's fetches may finish later.
  var latest = 0;
  var results = [];
  var shown = 0;

  function has(map, key) { return Object.prototype.hasOwnProperty.call(map, key); }

  function singular(word) {
    return word.length > 3 && /[^s]s$/.test(word) ? word.slice(0, -1) : word;
  }
  function withoutAccents(word) {
    var out = "";
    for (var i = 0; i < word.length; i++) {
      var at = ACCENTED.indexOf(word[i]);
      out += at < 0 ? word[i] : UNACCENTED[at];
    }
    return out;
  }
  function words(text) {
    var found = text.split(/[^\p{L}\p{N}]+/u)
      .filter(function (w) { return w !== ""; })
      .map(function (w) { return w.toLowerCase(); });
    if (RULES === "cy") {
      return found.map(withoutAccents)
        .filter(function (w) { return WELSH_STOP.indexOf(w) < 0; });
    }
    if (RULES !== "en") return found;
    return found.filter(function (w) { return STOP.indexOf(w) < 0; }).map(singular);
  }

  function load() {
    if (!loading) {
      loading = fetch(metaUrl, { cache: "no-cache" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) {
          meta = data;
          shardNames = Object.create(null);
          data.shards.forEach(function (name) { shardNames[name] = true; });
        });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  function address(name) {
    return new URL(name + "?v=" + meta.v, metaUrl).href;
  }

  function fetchJson(url) {
    if (!files[url]) {
      files[url] = fetch(url)
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (json) { got[url] = true; return json; });
      files[url].catch(function () { delete files[url]; });
    }
    return files[url];
  }

  // The address of a shard: its letters, or their UTF-8 bytes in hex after
  // "_" when any is not a to z or a digit.
  function shardUrl(prefix) {
    var name = /^[a-z0-9]+$/.test(prefix) ? prefix
      : "_" + Array.from(new TextEncoder().encode(prefix), function (b) {
        return (b < 16 ? "0" : "") + b.toString(16);
      }).join("");
    return address("words-" + name + ".json");
  }

  function shardFile(prefix) { return fetchJson(shardUrl(prefix)); }

  // The shards that hold `word`, or with `prefix` every word it begins: the
  // longest shard name the word begins with, and the shards split from it.
  function shardsFor(word, prefix) {
    var letters = Array.from(word);
    var found = [];
    for (var n = letters.length; n > 0; n--) {
      var name = letters.slice(0, n).join("");
      if (shardNames[name] === true) { found.push(name); break; }
    }
    if (prefix) {
      meta.shards.forEach(function (name) {
        if (name !== found[0] && name.lastIndexOf(word, 0) === 0) found.push(name);
      });
    }
    return found;
  }

  // A word's postings, [doc, weight, doc, weight, …], from the shard's
  // base-64 VLQ digits: each document's distance from the last, then the
  // weight.
  function postings(shard, word) {
    if (has(decoded, word)) return decoded[word];
    var text = shard[word];
    var out = [];
    var value = 0, shift = 0, doc = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGITS.indexOf(text.charAt(i));
      value += (digit & 31) * Math.pow(2, shift);
      if (digit & 32) { shift += 5; continue; }
      if (out.length % 2 === 0) { doc += value; out.push(doc); } else { out.push(value); }
      value = 0;
      shift = 0;
    }
    decoded[word] = out;
    return out;
  }

  // What to look up for each word of `query`, and in which shards. The
  // last word, unless followed by a space, may be half typed: from PREFIX
  // letters it matches every word it begins; shorter, it is left out until
  // typed further, unless it is the only word ("j9").
  function lookupsOf(query) {
    var wanted = words(query);
    // The word being typed: the last, unless a space follows it.
    var typed = /\s$/.test(query) ? -1 : wanted.length - 1;
    if (typed > 0 && Array.from(wanted[typed]).length < PREFIX) {
      wanted.pop();
      typed = -1;
    }
    return wanted.map(function (word, i) {
      var prefix = i === typed && Array.from(word).length >= PREFIX;
      return { word: word, prefix: prefix, shards: shardsFor(word, prefix) };
    });
  }

  // Every query word must match; the last one may be half typed. Resolves
  // to [doc, score] pairs, best first, then in the index's order (titles
  // from A to Z).
  function search(query) {
    var lookups = lookupsOf(query);
    if (lookups.length === 0) return Promise.resolve([]);
    var fetched = lookups.map(function (lookup) {
      return Promise.all(lookup.shards.map(shardFile));
    });
    return Promise.all(fetched).then(function (shards) {
      var scores = null;
      lookups.forEach(function (lookup, i) {
        var found = new Map();
        shards[i].forEach(function (shard) {
          var matches = lookup.prefix
            ? Object.keys(shard).filter(function (k) { return k.lastIndexOf(lookup.word, 0) === 0; })
            : (has(shard, lookup.word) ? [lookup.word] : []);
          matches.forEach(function (match) {
            var list = postings(shard, match);
            var exact = match === lookup.word ? 2 : 1;
            for (var p = 0; p < list.length; p += 2) {
              var weight = list[p + 1] * exact;
              if (!(found.get(list[p]) >= weight)) found.set(list[p], weight);
            }
          });
        });
        if (scores === null) {
          scores = found;
        } else {
          var both = new Map();
          scores.forEach(function (score, doc) {
            if (found.has(doc)) both.set(doc, score + found.get(doc));
          });
          scores = both;
        }
      });
      return Array.from(scores).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    });
  }

  function documentOf(id) {
    return fetchJson(address("docs-" + Math.floor(id / meta.chunk) + ".json")).then(function (chunk) {
      return chunk[id % meta.chunk];
    });
  }

  function item(doc) {
    var entry = document.createElement("li");
    var link = document.createElement("a");
    link.href = doc[1];
    link.textContent = doc[0];
    entry.appendChild(link);
    if (doc[2]) {
      var description = document.createElement("p");
      description.textContent = doc[2];
      entry.appendChild(description);
    }
    if (doc[3]) {
      var section = document.createElement("p");
      section.className = "meta";
      section.textContent = said("in", "In {section}")
        .replace("{section}", function () { return doc[3]; });
      entry.appendChild(section);
    }
    return entry;
  }

  // Shows the next results, in place of the last query's with `fresh`;
  // with `focus`, moves to the first of them, so a keyboard or screen reader
  // user carries on from where the list grew.
  function showMore(asked, fresh, focus) {
    var next = results.slice(shown, shown + SHOWN);
    return Promise.all(next.map(function (result) { return documentOf(result[0]); }))
      .then(function (docs) {
        if (asked !== latest) return false;
        // Only now is the old list replaced, so it never flickers empty.
        if (fresh) list.textContent = "";
        var items = docs.map(item);
        items.forEach(function (entry) { list.appendChild(entry); });
        shown += items.length;
        list.hidden = results.length === 0;
        if (more) more.hidden = shown >= results.length;
        if (focus && items.length > 0) items[0].querySelector("a").focus();
        return true;
      });
  }

  function show(asked, query, found) {
    results = found;
    shown = 0;
    return showMore(asked, true, false).then(function (current) {
      if (!current) return false;
      var typed = query.trim();
      var message = typed === "" ? ""
        : found.length === 0 ? said("none", "No pages match \u201c{query}\u201d. Try fewer words, or the A to Z list below.")
        : found.length === 1 ? said("one", "1 page matches \u201c{query}\u201d.")
        : said("many", "{n} pages match \u201c{query}\u201d.");
      // A function, so that `$&` typed in the box is not read as a pattern.
      status.textContent = message.replace("{n}", found.length)
        .replace("{query}", function () { return typed; });
      return true;
    });
  }

  // Whether every file `query` needs is here already, so its results can
  // be shown at once rather than after a pause in the typing.
  function ready(query) {
    if (meta === null) return false;
    return lookupsOf(query).every(function (lookup) {
      return lookup.shards.every(function (name) { return has(got, shardUrl(name)); });
    });
  }

  function update() {
    var query = input.value;
    var asked = ++latest;
    var started = performance.now();
    var url = new URL(window.location.href);
    if (query.trim() === "") url.searchParams.delete("q"); else url.searchParams.set("q", query);
    window.history.replaceState(null, "", url);
    load()
      .then(function () { return search(query); })
      .then(function (found) { return show(asked, query, found); })
      .then(function (current) {
        // How long results took, for the benchmark (benches/site/search.mjs).
        if (current && performance.measure) {
          try { performance.measure("lamplight-search", { start: started }); } catch (e) { /* older browsers */ }
        }
      }, function () {
        if (asked !== latest) return;
        status.textContent = said("broken", "Search is not working just now. The A to Z list below has every page.");
      });
  }

  // Results come at once when the words are already fetched; otherwise
  // after a pause in the typing, so each letter does not fetch a shard.
  input.addEventListener("input", function () {
    clearTimeout(timer);
    if (ready(input.value)) update(); else timer = setTimeout(update, 150);
  });
  input.addEventListener("focus", function () { load().catch(function () {}); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    update();
  });
  if (more) {
    more.addEventListener("click", function () { showMore(latest, false, true); });
  }
  var asked = new URL(window.location.href).searchParams.get("q");
  if (asked) {
    input.value = asked;
    update();
  }
})();

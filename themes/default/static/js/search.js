// Search as you type, over the index the build wrote in search-index/
// (Lamplight's src/search/files.rs says how it is laid out). meta.json comes
// first and names the shards of words; a query then fetches only the shards
// of its words and the documents of the results it shows, so a phone never
// downloads the whole index. Words here are made the same way as in
// src/search/words.rs, English ones cut to their stems by stem.js. A word
// also finds the phrases meta.json names as meaning the same (synonyms); a
// word the index lacks is tried joined to its neighbour ("crime stoppers")
// and then as the nearest word the index has ("burgalry"), and the results
// say so. Pages for officers come after residents' pages. Without
// JavaScript the form reloads this page, whose A to Z list lists every page.
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
  // Phrase (its words joined by spaces) → every phrase meaning the same.
  var synonyms = Object.create(null);
  var results = [];
  var shown = 0;

  function has(map, key) { return Object.prototype.hasOwnProperty.call(map, key); }

  var stem = RULES === "en" && window.lamplightStem ? window.lamplightStem : function (w) { return w; };
  function withoutAccents(word) {
    var out = "";
    for (var i = 0; i < word.length; i++) {
      var at = ACCENTED.indexOf(word[i]);
      out += at < 0 ? word[i] : UNACCENTED[at];
    }
    return out;
  }
  // The words of `text` as typed, lower case, common words dropped: the
  // index's words are these, stemmed.
  function typedWords(text) {
    var found = text.split(/[^\p{L}\p{N}]+/u)
      .filter(function (w) { return w !== ""; })
      .map(function (w) { return w.toLowerCase(); });
    if (RULES === "cy") {
      return found.map(withoutAccents)
        .filter(function (w) { return WELSH_STOP.indexOf(w) < 0; });
    }
    if (RULES !== "en") return found;
    return found.filter(function (w) { return STOP.indexOf(w) < 0; });
  }

  function load() {
    if (!loading) {
      loading = fetch(metaUrl, { cache: "no-cache" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) {
          meta = data;
          shardNames = Object.create(null);
          data.shards.forEach(function (name) { shardNames[name] = true; });
          synonyms = synonymsOf(data.synonyms || []);
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

  function synonymsOf(groups) {
    var map = Object.create(null);
    groups.forEach(function (group) {
      group.forEach(function (phrase) {
        var key = phrase.join(" ");
        var list = has(map, key) ? map[key] : (map[key] = []);
        group.forEach(function (other) {
          if (!list.some(function (known) { return known.join(" ") === other.join(" "); })) list.push(other);
        });
      });
    });
    return map;
  }

  function lookup(word, prefix) {
    return { word: word, prefix: prefix, shards: shardsFor(word, prefix) };
  }

  // A term for each word of `query`, or each phrase the synonyms name, with
  // its alternatives: lists of lookups that must all match a page. The last
  // word, unless followed by a space, may be half typed: from PREFIX
  // letters it matches every word it begins; shorter, it is left out until
  // typed further, unless it is the only word ("j9").
  function termsOf(query) {
    var typed = typedWords(query);
    var last = /\s$/.test(query) ? -1 : typed.length - 1;
    if (last > 0 && Array.from(typed[last]).length < PREFIX) {
      typed.pop();
      last = -1;
    }
    var stems = typed.map(stem);
    var terms = [];
    for (var i = 0; i < stems.length; i++) {
      var phrase = null;
      for (var n = stems.length - i; n > 0 && phrase === null; n--) {
        var key = stems.slice(i, i + n).join(" ");
        if (has(synonyms, key)) phrase = { n: n, alternatives: synonyms[key] };
      }
      if (phrase !== null) {
        terms.push({ typed: typed.slice(i, i + phrase.n), alternatives: phrase.alternatives.map(function (words) {
          return words.map(function (word) { return lookup(word, false); });
        }) });
        i += phrase.n - 1;
        continue;
      }
      var prefix = i === last && Array.from(typed[i]).length >= PREFIX;
      terms.push({ typed: [typed[i]], alternatives: [[lookup(stems[i], prefix)]] });
    }
    return terms;
  }

  function lookupsIn(terms) {
    var all = [];
    terms.forEach(function (term) {
      term.alternatives.forEach(function (words) { all.push.apply(all, words); });
    });
    return all;
  }

  // Fetches the shards of every lookup, each kept on it as `files`.
  function fetchFor(lookups) {
    return Promise.all(lookups.map(function (one) {
      return Promise.all(one.shards.map(shardFile)).then(function (files) { one.files = files; });
    }));
  }

  // doc → weight for one lookup: the best of the words it matches, whole
  // words counting double.
  function matches(one) {
    var found = new Map();
    one.files.forEach(function (shard) {
      var words = one.prefix
        ? Object.keys(shard).filter(function (k) { return k.lastIndexOf(one.word, 0) === 0; })
        : (has(shard, one.word) ? [one.word] : []);
      words.forEach(function (word) {
        var list = postings(shard, word);
        var exact = word === one.word ? 2 : 1;
        for (var p = 0; p < list.length; p += 2) {
          var weight = list[p + 1] * exact;
          if (!(found.get(list[p]) >= weight)) found.set(list[p], weight);
        }
      });
    });
    return found;
  }

  // Scores summed over `lists`, for the documents in every one of them.
  function every(lists) {
    return lists.reduce(function (scores, found) {
      if (scores === null) return found;
      var both = new Map();
      scores.forEach(function (score, doc) {
        if (found.has(doc)) both.set(doc, score + found.get(doc));
      });
      return both;
    }, null) || new Map();
  }

  // doc → score for a term: the best of its alternatives.
  function termScores(term) {
    var best = new Map();
    term.alternatives.forEach(function (words) {
      every(words.map(matches)).forEach(function (score, doc) {
        if (!(best.get(doc) >= score)) best.set(doc, score);
      });
    });
    return best;
  }

  function officersFrom() { return meta.officers === undefined ? Infinity : meta.officers; }

  // Whether any of the documents scored is for residents: a word found
  // only in the officers' guide (which quotes typing mistakes as examples)
  // is mended as if no page had it.
  function forResidents(scores) {
    var officers = officersFrom();
    return Array.from(scores.keys()).some(function (doc) { return doc < officers; });
  }

  // [doc, score] pairs, residents' pages first, best first, then in the
  // index's order (titles from A to Z).
  function ranked(scores) {
    var officers = officersFrom();
    return Array.from(scores).sort(function (a, b) {
      return (a[0] >= officers) - (b[0] >= officers) || b[1] - a[1] || a[0] - b[0];
    });
  }

  // How far apart two words are: letters added, taken away, changed, or
  // two side by side swapped.
  function distance(a, b) {
    a = Array.from(a); b = Array.from(b);
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push([i]);
      for (var j = 1; j <= b.length; j++) {
        if (i === 0) { rows[0].push(j); continue; }
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1,
          rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
        rows[i].push(d);
      }
    }
    return rows[a.length][b.length];
  }

  // The word as a resident would write it, for a stem found near the stem
  // of what they typed: "burgalry" is stemmed "burgalri", the index has
  // "burglari", so they meant "burglary".
  function spelled(typed, typedStem, found) {
    var same = 0;
    while (same < typed.length && typed[same] === typedStem[same]) same++;
    var cut = typedStem.slice(same);
    if (cut !== "" && found.slice(-cut.length) !== cut) return found;
    return found.slice(0, found.length - cut.length) + typed.slice(same);
  }

  // The index word nearest to `word` within one change (two for a long
  // word), among those that begin with its first two letters; the one on
  // most pages if several are as near.
  function nearest(word) {
    var letters = Array.from(word);
    var most = letters.length >= 8 ? 2 : letters.length >= 4 ? 1 : 0;
    if (most === 0) return Promise.resolve(null);
    var shards = shardsFor(letters.slice(0, 2).join(""), true);
    return Promise.all(shards.map(shardFile)).then(function (files) {
      var best = null;
      files.forEach(function (shard) {
        Object.keys(shard).forEach(function (candidate) {
          var d = distance(word, candidate);
          var pages = shard[candidate].length;
          if (d > 0 && d <= most && (best === null || d < best.d || (d === best.d && pages > best.pages))) {
            best = { word: candidate, d: d, pages: pages };
          }
        });
      });
      return best && best.word;
    });
  }

  // `terms` with term `at`, which matches no page, made into one that
  // does: joined with the word before or after it, or as the nearest word.
  // Resolves to null if none is found.
  function mended(terms, at) {
    var single = function (i) { return terms[i] && terms[i].typed.length === 1 && terms[i].alternatives.length === 1; };
    var tries = [];
    [at - 1, at].forEach(function (first) {
      if (single(first) && single(first + 1)) {
        var joined = terms[first].typed[0] + terms[first + 1].typed[0];
        tries.push({ from: first, n: 2, typed: joined, word: stem(joined) });
      }
    });
    var attempt = function (i) {
      if (i === tries.length) return null;
      var one = lookup(tries[i].word, false);
      return fetchFor([one]).then(function () {
        if (!forResidents(matches(one))) return attempt(i + 1);
        return replaced(terms, tries[i], one);
      });
    };
    return Promise.resolve(attempt(0)).then(function (joined) {
      if (joined !== null || !single(at)) return joined;
      var typed = terms[at].typed[0];
      var typedStem = terms[at].alternatives[0][0].word;
      return nearest(typedStem).then(function (word) {
        if (word === null) return null;
        var one = lookup(word, false);
        return fetchFor([one]).then(function () {
          if (!forResidents(matches(one))) return null;
          var fix = { from: at, n: 1, typed: spelled(typed, typedStem, word) };
          return replaced(terms, fix, one);
        });
      });
    });
  }

  function replaced(terms, fix, one) {
    var term = { typed: [fix.typed], alternatives: [[one]] };
    return terms.slice(0, fix.from).concat([term], terms.slice(fix.from + fix.n));
  }

  // Every term must match. Resolves to { found: [doc, score] pairs, instead:
  // the words searched for in place of the query's, or null }.
  function search(query) {
    var terms = termsOf(query);
    if (terms.length === 0) return Promise.resolve({ found: [], instead: null });
    return fetchFor(lookupsIn(terms)).then(function () {
      var scores = terms.map(termScores);
      var found = every(scores);
      var plain = { found: ranked(found), instead: null };
      if (forResidents(found) || query.trim() === "") return plain;
      return mend(terms, scores).then(function (mended) {
        return mended.found.length > 0 ? mended : plain;
      });
    });
  }

  // Mends each term that matches no resident's page, in turn, and
  // searches again.
  function mend(terms, scores) {
    var at = scores.findIndex(function (s) { return !forResidents(s); });
    if (at < 0) return Promise.resolve({ found: [], instead: null });
    return mended(terms, at).then(function (better) {
      if (better === null) return { found: [], instead: null };
      var again = better.map(termScores);
      if (again.some(function (s) { return !forResidents(s); })) return mend(better, again);
      var found = every(again);
      var words = [].concat.apply([], better.map(function (term) { return term.typed; }));
      return { found: ranked(found), instead: found.size > 0 ? words.join(" ") : null };
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

  // Shows what `search` found: the results, and a status line that says
  // how many, and what was searched for instead when nothing matched.
  function show(asked, query, searched) {
    var found = searched.found;
    results = found;
    shown = 0;
    return showMore(asked, true, false).then(function (current) {
      if (!current) return false;
      var typed = query.trim();
      var message = typed === "" ? ""
        : searched.instead !== null ? said("instead", "No pages match \u201c{query}\u201d. Showing the pages that match \u201c{instead}\u201d.")
        : found.length === 0 ? said("none", "No pages match \u201c{query}\u201d. Try fewer words, or the A to Z list below.")
        : found.length === 1 ? said("one", "1 page matches \u201c{query}\u201d.")
        : said("many", "{n} pages match \u201c{query}\u201d.");
      // Functions, so that `$&` typed in the box is not read as a pattern.
      status.textContent = message.replace("{n}", found.length)
        .replace("{query}", function () { return typed; })
        .replace("{instead}", function () { return searched.instead; });
      return true;
    });
  }

  // Whether every file `query` needs is here already, so its results can
  // be shown at once rather than after a pause in the typing.
  function ready(query) {
    if (meta === null) return false;
    return lookupsIn(termsOf(query)).every(function (one) {
      return one.shards.every(function (name) { return has(got, shardUrl(name)); });
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
      .then(function (searched) { return show(asked, query, searched); })
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

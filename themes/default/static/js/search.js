// Search as you type, over the index the build wrote (search-index.json).
// The index maps each word to the pages it is on, with a weight for where it
// appears; words here are made the same way as in Lamplight's src/search.rs.
// Without JavaScript the form reloads this page, whose A to Z list lists
// every page instead.
(function () {
  "use strict";
  var form = document.querySelector("[data-search]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  var STOP = ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "we", "were",
    "will", "with", "you", "your"];
  var index = null;
  var loading = null;
  var timer = null;

  function singular(word) {
    return word.length > 3 && /[^s]s$/.test(word) ? word.slice(0, -1) : word;
  }
  function words(text) {
    return text.split(/[^\p{L}\p{N}]+/u)
      .filter(function (w) { return w !== ""; })
      .map(function (w) { return w.toLowerCase(); })
      .filter(function (w) { return STOP.indexOf(w) < 0; })
      .map(singular);
  }
  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-index"))
        .then(function (r) { return r.json(); })
        .then(function (data) { index = data; index.keys = Object.keys(data.words); });
    // Words are looked up as own properties only, and scores kept in maps
    // without a prototype: "constructor" or "__proto__" typed in the box
    // must find pages with that word, not Object's own properties.
    }
    return loading;
  }

  function has(map, key) { return Object.prototype.hasOwnProperty.call(map, key); }

  // Every query word must match; the last one may be half typed.
  function search(query) {
    var wanted = words(query);
    if (wanted.length === 0) return [];
    var typing = !/\s$/.test(query);
    var scores = null;
    wanted.forEach(function (word, i) {
      var prefix = typing && i === wanted.length - 1;
      var found = Object.create(null);
      var matches = prefix
        ? index.keys.filter(function (k) { return k.lastIndexOf(word, 0) === 0; })
        : (has(index.words, word) ? [word] : []);
      matches.forEach(function (match) {
        var postings = index.words[match];
        for (var p = 0; p < postings.length; p += 2) {
          var doc = postings[p];
          var weight = postings[p + 1] * (match === word ? 2 : 1);
          found[doc] = Math.max(found[doc] || 0, weight);
        }
      });
      if (scores === null) {
        scores = found;
      } else {
        var both = Object.create(null);
        Object.keys(scores).forEach(function (doc) {
          if (found[doc]) both[doc] = scores[doc] + found[doc];
        });
        scores = both;
      }
    });
    return Object.keys(scores)
      .map(function (doc) { return { doc: index.docs[doc], score: scores[doc] }; })
      .sort(function (a, b) { return b.score - a.score || a.doc[0].localeCompare(b.doc[0]); });
  }

  function show(query) {
    var results = search(query);
    list.textContent = "";
    results.slice(0, 50).forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.doc[1];
      link.textContent = result.doc[0];
      item.appendChild(link);
      if (result.doc[2]) {
        var description = document.createElement("p");
        description.textContent = result.doc[2];
        item.appendChild(description);
      }
      if (result.doc[3]) {
        var section = document.createElement("p");
        section.className = "meta";
        section.textContent = "In " + result.doc[3];
        item.appendChild(section);
      }
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
    var shown = query.trim();
    status.textContent = shown === "" ? ""
      : results.length === 0 ? "No pages match \u201c" + shown + "\u201d. Try fewer words, or the A to Z list below."
      : results.length + (results.length === 1 ? " page matches" : " pages match") + " \u201c" + shown + "\u201d.";
  }

  function update() {
    var query = input.value;
    var url = new URL(window.location.href);
    if (query.trim() === "") url.searchParams.delete("q"); else url.searchParams.set("q", query);
    window.history.replaceState(null, "", url);
    load().then(function () { show(query); });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
  input.addEventListener("focus", load);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });
  var asked = new URL(window.location.href).searchParams.get("q");
  if (asked) {
    input.value = asked;
    update();
  }
})();

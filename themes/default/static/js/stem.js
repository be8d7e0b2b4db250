// The Snowball English ("Porter2") stemmer, for the words a resident types:
// the index's words were cut to their stems by the same algorithm when the
// site was built (Lamplight's src/search/words.rs, with the rust-stemmers
// crate), so "burglaries" typed here finds a page that says "burglary".
// tests/browser/stems.txt holds both to the same answers, word for word.
// The steps follow snowballstem.org/algorithms/english/stemmer.html.
(function (root) {
  "use strict";
  var VOWELS = "aeiouy";
  // Whole words with stems of their own, or none.
  var EXCEPTIONS = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie",
    idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias",
    andes: "andes"
  };
  var STOP_AFTER_1A = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed",
    "succeed"];
  var STEP_2 = [
    ["ization", "ize"], ["ational", "ate"], ["fulness", "ful"], ["ousness", "ous"],
    ["iveness", "ive"], ["tional", "tion"], ["biliti", "ble"], ["lessli", "less"],
    ["entli", "ent"], ["ation", "ate"], ["alism", "al"], ["aliti", "al"], ["ousli", "ous"],
    ["iviti", "ive"], ["fulli", "ful"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"],
    ["izer", "ize"], ["ator", "ate"], ["alli", "al"], ["bli", "ble"], ["ogi", "og"], ["li", ""]
  ];
  var STEP_3 = [
    ["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
    ["ative", ""], ["ical", "ic"], ["ness", ""], ["ful", ""]
  ];
  var STEP_4 = ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate",
    "iti", "ous", "ive", "ize", "ion", "al", "er", "ic"];

  function isVowel(c) { return c !== undefined && VOWELS.indexOf(c) >= 0; }

  // The longest of `endings` (longest first) that `w` ends with.
  function longest(w, endings) {
    for (var i = 0; i < endings.length; i++) {
      var e = typeof endings[i] === "string" ? endings[i] : endings[i][0];
      if (w.length >= e.length && w.slice(w.length - e.length).join("") === e) return endings[i];
    }
    return null;
  }

  // Where the region after the first non-vowel that follows a vowel,
  // searched from `from`, begins.
  function regionAfter(w, from) {
    for (var i = from + 1; i < w.length; i++) {
      if (!isVowel(w[i]) && isVowel(w[i - 1])) return i + 1;
    }
    return w.length;
  }

  // Whether the letters before `end` end in a short syllable: a vowel
  // between two other letters, the last not w, x or Y ("hop"), or a vowel
  // and another letter that are the whole word ("at").
  function shortBefore(w, end) {
    var c = w[end - 1], v = w[end - 2];
    if (end < 2 || isVowel(c) || !isVowel(v)) return false;
    if (end === 2) return true;
    return !isVowel(w[end - 3]) && c !== "w" && c !== "x" && c !== "Y";
  }

  function hasVowel(w, end) {
    for (var i = 0; i < end; i++) if (isVowel(w[i])) return true;
    return false;
  }

  function replace(w, cut, by) {
    return w.slice(0, w.length - cut).concat(Array.from(by));
  }

  function step1a(w) {
    var e = longest(w, ["sses", "ied", "ies", "us", "ss", "s"]);
    if (e === "sses") return replace(w, 4, "ss");
    if (e === "ied" || e === "ies") return replace(w, 3, w.length > 4 ? "i" : "ie");
    if (e === "s" && hasVowel(w, w.length - 2)) return w.slice(0, -1);
    return w;
  }

  function step1b(w, p1) {
    var e = longest(w, ["eedly", "ingly", "edly", "eed", "ing", "ed"]);
    if (e === null) return w;
    var stem = w.length - e.length;
    if (e === "eed" || e === "eedly") return stem >= p1 ? replace(w, e.length, "ee") : w;
    if (!hasVowel(w, stem)) return w;
    w = w.slice(0, stem);
    var end = w.slice(-2).join("");
    if (end === "at" || end === "bl" || end === "iz") return w.concat(["e"]);
    if (/^(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(end)) return w.slice(0, -1);
    if (w.length === p1 && shortBefore(w, w.length)) return w.concat(["e"]);
    return w;
  }

  function step1c(w) {
    var last = w[w.length - 1];
    if ((last === "y" || last === "Y") && w.length > 2 && !isVowel(w[w.length - 2])) {
      return replace(w, 1, "i");
    }
    return w;
  }

  function step2(w, p1) {
    var rule = longest(w, STEP_2);
    if (rule === null || w.length - rule[0].length < p1) return w;
    var before = w[w.length - rule[0].length - 1];
    if (rule[0] === "ogi" && before !== "l") return w;
    if (rule[0] === "li" && (before === undefined || "cdeghkmnrt".indexOf(before) < 0)) return w;
    return replace(w, rule[0].length, rule[1]);
  }

  function step3(w, p1, p2) {
    var rule = longest(w, STEP_3);
    if (rule === null || w.length - rule[0].length < p1) return w;
    if (rule[0] === "ative" && w.length - 5 < p2) return w;
    return replace(w, rule[0].length, rule[1]);
  }

  function step4(w, p2) {
    var e = longest(w, STEP_4);
    if (e === null || w.length - e.length < p2) return w;
    if (e === "ion") {
      var before = w[w.length - 4];
      if (before !== "s" && before !== "t") return w;
    }
    return w.slice(0, w.length - e.length);
  }

  function step5(w, p1, p2) {
    var last = w[w.length - 1], at = w.length - 1;
    if (last === "e" && (at >= p2 || (at >= p1 && !shortBefore(w, at)))) return w.slice(0, -1);
    if (last === "l" && at >= p2 && w[at - 1] === "l") return w.slice(0, -1);
    return w;
  }

  function stem(word) {
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, word)) return EXCEPTIONS[word];
    var w = Array.from(word);
    if (w.length < 3) return word;
    if (w[0] === "'") w.shift();
    // A y that is a consonant is written Y while the steps run.
    var found = false;
    for (var i = 0; i < w.length; i++) {
      if (w[i] === "y" && (i === 0 || isVowel(w[i - 1]))) { w[i] = "Y"; found = true; }
    }
    var start = w.join("");
    var p1 = /^(gener|arsen)/.test(start) ? 5 : /^commun/.test(start) ? 6 : regionAfter(w, 0);
    var p2 = regionAfter(w, p1);
    w = step1a(w);
    if (STOP_AFTER_1A.indexOf(w.join("")) < 0) {
      w = step1b(w, p1);
      w = step1c(w);
      w = step2(w, p1);
      w = step3(w, p1, p2);
      w = step4(w, p2);
      w = step5(w, p1, p2);
    }
    var out = w.join("");
    return found ? out.replace(/Y/g, "y") : out;
  }

  root.lamplightStem = stem;
})(typeof window !== "undefined" ? window : globalThis);

// "Exit this page": leaves for a neutral site at once, by the button or by
// pressing Shift on its own three times within five seconds. The page is
// hidden first, and location.replace swaps this page's entry in the history
// for the neutral site, so Back does not return here. Without JavaScript the
// button is still a plain link to the same site.
(function () {
  "use strict";
  var exits = document.querySelectorAll("[data-quick-exit]");
  if (exits.length === 0) return;
  var target = exits[0].href;
  var status = document.querySelector("[data-quick-exit-status]");
  var keysHint = document.querySelector("[data-quick-exit-keys]");
  if (keysHint) keysHint.hidden = false;

  // Room above whatever is focused or jumped to, the bar's own height, so
  // that nothing ends up under it (the stylesheet's guess is for readers
  // without JavaScript). Set through the CSS object model, which the
  // Content-Security-Policy allows where a style attribute would not be.
  var bar = document.querySelector(".quick-exit");
  function makeRoom() {
    var height = bar.getBoundingClientRect().height;
    document.documentElement.style.setProperty("--exit-space", Math.ceil(height + 8) + "px");
  }
  if (bar) {
    makeRoom();
    if (window.ResizeObserver) new ResizeObserver(makeRoom).observe(bar);
  }

  function leave(event) {
    if (event) event.preventDefault();
    document.documentElement.classList.add("quick-exit-leaving");
    document.title = "Loading";
    window.location.replace(target);
  }
  for (var i = 0; i < exits.length; i++) exits[i].addEventListener("click", leave);

  // Moving on from this page, within the site, takes this page's place in
  // the history rather than adding to it: however far a resident reads,
  // the history holds one entry for it all, and the exit replaces that
  // one. Back from the neutral site then leads to where they were before
  // the first such page, not through what they read.
  function sameSite(url) {
    return url.origin === window.location.origin;
  }
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || link.hasAttribute("data-quick-exit") || link.hasAttribute("download")) return;
    if (link.target && link.target !== "_self") return;
    var url = new URL(link.href, window.location.href);
    if (!sameSite(url)) return;
    event.preventDefault();
    window.location.replace(url.href);
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.method || "get").toLowerCase() !== "get") return;
    var url = new URL(form.action || window.location.href, window.location.href);
    if (!sameSite(url)) return;
    event.preventDefault();
    url.search = new URLSearchParams(new FormData(form)).toString();
    window.location.replace(url.href);
  });

  var NEEDED = 3;
  var WINDOW_MS = 5000;
  var presses = 0;
  var timer = null;
  function say(text) { if (status) status.textContent = text; }
  function reset() {
    presses = 0;
    clearTimeout(timer);
    timer = null;
    say("");
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") {
      if (presses > 0) reset();
      return;
    }
    if (event.repeat) return;
    presses += 1;
    if (presses === 1) timer = setTimeout(reset, WINDOW_MS);
    // A page in another language gives its own words on the status
    // element: data-exiting, and data-count with {n} and {left} in it.
    var words = status ? status.dataset : {};
    if (presses >= NEEDED) {
      say(words.exiting || "Exiting this page.");
      leave();
      return;
    }
    var left = NEEDED - presses;
    if (words.count) {
      say(words.count.replace("{n}", presses).replace("{left}", left));
      return;
    }
    say("Shift pressed " + presses + (presses === 1 ? " time" : " times") +
        ". Press it " + left + " more " + (left === 1 ? "time" : "times") + " to exit this page.");
  });
})();

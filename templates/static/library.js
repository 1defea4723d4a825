/* partners library page: facet filters and offline search over the session cards.
   Without JavaScript every session stays listed; with it, the finder appears.
   The search index (search-index.js) sets window.partnersSearch = {ids, terms};
   words are normalised exactly as generator/search.py does. State lives in the
   URL fragment (#q=…&strand=…) so a filtered view can be bookmarked or shared. */
(function () {
  "use strict";

  var form = document.getElementById("finder");
  if (!form) return;
  form.hidden = false;
  var input = form.querySelector('input[type="search"]');

  if (form.getAttribute("data-mode") === "home") {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = input.value.trim();
      window.location.href = form.getAttribute("action") + (query ? "#q=" + encodeURIComponent(query) : "");
    });
    return;
  }

  var DROP = /[\u064B-\u065F\u0670\u0640\u200C\u200D]/g;
  var FOLD = { "\u064A": "\u06CC", "\u0643": "\u06A9", "\u0649": "\u06CC" };
  var WORD = /[\p{L}\p{N}]+/gu;
  var SPLIT = /([\p{L}\p{N}]+)/u;
  var FACETS = ["strand", "age", "context", "domain", "duration"];

  function normalise(text) {
    return text.normalize("NFKC").toLowerCase().replace(DROP, "").replace(/[\u064A\u0643\u0649]/g, function (c) {
      return FOLD[c];
    });
  }

  function words(text) {
    return normalise(text).match(WORD) || [];
  }

  var index = window.partnersSearch || { ids: [], terms: {} };
  var vocabulary = Object.keys(index.terms);
  var results = document.getElementById("results");
  var cards = Array.prototype.slice.call(results.children);
  var count = document.getElementById("result-count");
  var empty = document.getElementById("no-results");
  var clear = document.getElementById("clear-filters");

  cards.forEach(function (card) {
    card.querySelectorAll(".card-title a, .card-summary").forEach(function (el) {
      el.setAttribute("data-text", el.textContent);
    });
  });

  function readForm() {
    var state = { q: input.value.trim() };
    FACETS.forEach(function (name) {
      var fields = form.querySelectorAll('[name="' + name + '"]');
      var values = [];
      fields.forEach(function (field) {
        if ((field.type === "checkbox" && field.checked) || (field.tagName === "SELECT" && field.value)) {
          values.push(field.value);
        }
      });
      state[name] = values;
    });
    return state;
  }

  function writeForm(state) {
    input.value = state.q || "";
    FACETS.forEach(function (name) {
      var values = state[name] || [];
      form.querySelectorAll('[name="' + name + '"]').forEach(function (field) {
        if (field.type === "checkbox") field.checked = values.indexOf(field.value) >= 0;
        else field.value = values[0] || "";
      });
    });
  }

  function fromUrl() {
    var params = new URLSearchParams(window.location.hash.slice(1));
    var state = { q: params.get("q") || new URLSearchParams(window.location.search).get("q") || "" };
    FACETS.forEach(function (name) {
      var value = params.get(name);
      state[name] = value ? value.split(",") : [];
    });
    return state;
  }

  function toFragment(state) {
    var parts = [];
    if (state.q) parts.push("q=" + encodeURIComponent(state.q));
    FACETS.forEach(function (name) {
      if (state[name].length) parts.push(name + "=" + state[name].map(encodeURIComponent).join(","));
    });
    return parts.join("&");
  }

  /* For each query word, the vocabulary words it starts, and the sessions holding them. */
  function search(query) {
    var tokens = words(query);
    if (!tokens.length) return null;
    var found = null;
    var hits = {};
    tokens.forEach(function (token) {
      var ids = {};
      vocabulary.forEach(function (term) {
        if (term.lastIndexOf(token, 0) !== 0) return;
        index.terms[term].forEach(function (position) {
          var id = index.ids[position];
          ids[id] = true;
          (hits[id] = hits[id] || []).push(term);
        });
      });
      if (found === null) {
        found = ids;
      } else {
        Object.keys(found).forEach(function (id) { if (!ids[id]) delete found[id]; });
      }
    });
    return { tokens: tokens, ids: found || {}, hits: hits };
  }

  function digits(number) {
    var text = String(number);
    if (count.getAttribute("data-digits") !== "urdu") return text;
    return text.replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹".charAt(Number(d)); });
  }

  function overlaps(list, values) {
    return values.some(function (value) { return list.indexOf(value) >= 0; });
  }

  function fits(card, state) {
    var ages = card.getAttribute("data-ages").split(" ").map(Number);
    var contexts = card.getAttribute("data-contexts").split(" ").filter(Boolean);
    var domains = card.getAttribute("data-domains").split(" ").filter(Boolean);
    if (state.strand.length && state.strand.indexOf(card.getAttribute("data-strand")) < 0) return false;
    if (state.age.length && !(ages[0] <= Number(state.age[0]) && Number(state.age[0]) <= ages[1])) return false;
    if (state.context.length && contexts.length && !overlaps(contexts, state.context)) return false;
    if (state.domain.length && !overlaps(domains, state.domain)) return false;
    if (state.duration.length && Number(card.getAttribute("data-duration")) > Number(state.duration[0])) return false;
    return true;
  }

  function highlight(element, tokens) {
    var text = element.getAttribute("data-text");
    element.textContent = "";
    text.split(SPLIT).forEach(function (part, i) {
      var word = i % 2 === 1 ? normalise(part) : "";
      var match = word && tokens.some(function (token) { return word.lastIndexOf(token, 0) === 0; });
      if (match) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        element.appendChild(mark);
      } else {
        element.appendChild(document.createTextNode(part));
      }
    });
  }

  function showHits(card, terms) {
    var line = card.querySelector(".card-hits");
    if (!terms) {
      if (line) line.remove();
      return;
    }
    if (!line) {
      line = document.createElement("p");
      line.className = "card-hits";
      card.appendChild(line);
    }
    line.textContent = results.getAttribute("data-hits-label") + " ";
    terms.filter(function (term, i) { return terms.indexOf(term) === i; }).slice(0, 6).forEach(function (term, i) {
      if (i) line.appendChild(document.createTextNode(", "));
      var mark = document.createElement("mark");
      mark.textContent = term;
      line.appendChild(mark);
    });
  }

  function apply(state, updateUrl) {
    var found = search(state.q);
    var shown = 0;
    cards.forEach(function (card) {
      var id = card.getAttribute("data-id");
      var visible = fits(card, state) && (!found || !!found.ids[id]);
      card.hidden = !visible;
      if (visible) shown += 1;
      card.querySelectorAll("[data-text]").forEach(function (el) {
        if (found) highlight(el, found.tokens);
        else el.textContent = el.getAttribute("data-text");
      });
      showHits(card, found && visible ? found.hits[id] : null);
    });
    count.textContent = count.getAttribute("data-template")
      .replace("{shown}", digits(shown)).replace("{total}", digits(cards.length));
    empty.hidden = shown > 0;
    if (updateUrl) {
      var fragment = toFragment(state);
      var url = window.location.pathname + (fragment ? "#" + fragment : "");
      try {
        window.history.replaceState(null, "", url);
      } catch (error) {
        window.location.hash = fragment;
      }
    }
  }

  form.addEventListener("input", function () { apply(readForm(), true); });
  form.addEventListener("change", function () { apply(readForm(), true); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply(readForm(), true);
  });
  clear.addEventListener("click", function () {
    var state = readForm();
    FACETS.forEach(function (name) { state[name] = []; });
    writeForm(state);
    apply(state, true);
  });
  window.addEventListener("hashchange", function () {
    var state = fromUrl();
    writeForm(state);
    apply(state, false);
  });

  var initial = fromUrl();
  var panel = document.getElementById("filter-panel");
  var anyFacet = FACETS.some(function (name) { return initial[name].length; });
  if (panel && (anyFacet || window.matchMedia("(min-width: 48rem)").matches)) panel.open = true;
  writeForm(initial);
  apply(initial, false);
})();

// The search page: Pagefind results for the query and filters in the URL.
// The whole state lives in the URL (?q=…&theme=…), so a link to a filtered view
// can be shared; parameter names come from the form fields (mkdocs.yml).
// Pagefind loads only the index chunks a query needs, for this page's language.
//
// Ranking (docs/maintainers/search.md): Pagefind scores each page (title and summary
// weigh more: the index is built so, and RANKING below); the first page of results is
// then put in order by each score times how much the page's kind counts (the "weight"
// of every page's metadata, from search_weights in config.py), so a white paper comes before
// the organisation page that mentions the same words, and by how well the title matches,
// so the organisation comes first when the query names it. A query that
// finds nothing is tried again with its misspelt words corrected from the language's
// word list ("Did you mean …?"), then with any of its words instead of all of them.
//
// The finder around it (docs/maintainers/search.md): the chosen filters as buttons that
// remove them, a count, relevance or newest first, filter options that would give nothing
// left out, on a phone the filters behind a "Filters (n)" button, the language switcher's
// links carrying the query and filters, and no layout shift: what only works with
// JavaScript is in the page from the start (search.html), and the results take the place of
// the browse links in a block as tall as the screen.

const PAGE_SIZE = 20;
// Pagefind's ranking parameters: the defaults but for the metadata that may not count
// (the QR code's alt text on every outcome page, the page's weight) and the summary, which counts double.
const RANKING = { metaWeights: { title: 5, summary: 2, image: 0, image_alt: 0, weight: 0, date: 0 } };
const MAX_FORMS = 8; // searches for the forms of one query (see forms())
// How much a title that matches the query lifts a result of the first page: by the share
// of the query's words the title (or its type, or their synonyms) holds, squared, and by
// the share of the title's words the query holds, so "Werkplaats" comes before "Werkplaats
// Almere" for "werkplaats". This is also how a page that counts less comes first when
// the query names it ("divosa").
const TITLE_BONUS = { query: 1, title: 1 };
// Words that say nothing about a title ("wat is een werkplaats": werkplaats).
const STOP = {
  nl: "de het een en van voor op in met te aan bij naar over uit of als om is wat wie hoe je jij mijn die dat".split(" "),
  en: "the a an and of for on in with to at by from or as is are what who how your my do does".split(" "),
};
const form = document.querySelector("form[data-kb-search]");
const data = JSON.parse(document.getElementById("kb-search-data").textContent);
const lang = form.dataset.lang || document.documentElement.lang;
const query = form.querySelector("input[type=search]");
const selects = [...form.querySelectorAll("select[data-facet]")];
const status = document.querySelector(".kb-search__status");
const suggestion = document.querySelector(".kb-search__suggest");
const list = document.querySelector(".kb-results");
const more = document.querySelector(".kb-results__more");
const sort = document.getElementById("kb-search-sort");
const toggle = form.querySelector(".kb-search__toggle");
const chosen = document.querySelector(".kb-search__chosen");
const chips = document.querySelector(".kb-search__chips");
const clear = document.querySelector(".kb-search__clear");
const browse = document.querySelector(".kb-browse");
const NEWEST = "newest"; // the sort parameter's value for newest first; relevance has none

let pagefind;
let bundle;
let hidden = new Set(); // mkdocs serve: the index's results of pages edited since it was made (mergeEdits)
let totals = null; // every filter value with its count: loaded once the first results are shown
let vocabulary; // the language's words, loaded when a query finds nothing
let dateOrder; // page id -> its place among all pages, newest first: loaded when sorting by date
let results = [];
let shown = 0;
let generation = 0;
let timer;

const say = (count) =>
  count === 0 ? data.text.none : count === 1 ? data.text.one : data.text.many.replace("{n}", count);

function activeFilters(except) {
  const filters = {};
  for (const s of selects) {
    if (s.value && s.dataset.facet !== except) filters[s.dataset.facet] = s.value;
  }
  return filters;
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  query.value = params.get(query.name) || "";
  for (const s of selects) {
    const value = params.get(s.name) || "";
    if (value && ![...s.options].some((o) => o.value === value)) s.add(new Option(label(s.dataset.facet, value), value));
    s.value = value;
  }
  sort.value = params.get(sort.name) === NEWEST ? NEWEST : "";
}

function writeUrl() {
  const params = new URLSearchParams();
  if (query.value.trim()) params.set(query.name, query.value.trim());
  for (const s of selects) if (s.value) params.set(s.name, s.value);
  if (sort.value) params.set(sort.name, sort.value);
  const qs = params.toString();
  history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
  // The language switcher leads to the search page of the other language with the same
  // query and filters: filter values are ids, the same in every language.
  for (const a of document.querySelectorAll("a.md-select__link[hreflang]")) {
    const url = new URL(a.href);
    url.search = qs;
    a.href = url.href;
  }
}

function label(facet, value) {
  return (data.labels[facet] || {})[value] || value;
}

const facetName = (s) => form.querySelector(`label[for="${s.id}"]`).textContent.trim();

// The chosen filters as buttons that remove them ("Verwijder filter: Thema Schulden"), and
// their number on the button that opens the filters on a phone.
function showChosen() {
  const picked = selects.filter((s) => s.value);
  chips.replaceChildren(...picked.map((s) => {
    const li = document.createElement("li");
    const button = li.appendChild(document.createElement("button"));
    button.type = "button";
    button.className = "kb-search__chip";
    const hidden = button.appendChild(document.createElement("span"));
    hidden.className = "kb-visually-hidden";
    hidden.textContent = data.text.remove + " ";
    const facet = button.appendChild(document.createElement("span"));
    facet.className = "kb-search__chip-facet";
    facet.textContent = facetName(s);
    button.append(" " + label(s.dataset.facet, s.value));
    const cross = button.appendChild(document.createElement("span"));
    cross.className = "kb-search__chip-cross";
    cross.setAttribute("aria-hidden", "true");
    cross.textContent = "×";
    button.addEventListener("click", () => removeFilter(s));
    return li;
  }));
  chosen.hidden = !picked.length;
  toggle.textContent = picked.length ? data.text.chosen.replace("{n}", picked.length) : data.text.filters;
}

// Focus goes to the chip that takes the removed one's place, or to the search field.
function removeFilter(select) {
  const place = selects.filter((s) => s.value).indexOf(select);
  select.value = "";
  run();
  const left = chips.querySelectorAll("button");
  (left[Math.min(place, left.length - 1)] || query).focus();
}

function fillOptions(counts) {
  for (const s of selects) {
    const facet = s.dataset.facet;
    const values = new Set([...Object.keys((totals || {})[facet] || {}), ...(s.value ? [s.value] : [])]);
    const sorted = [...values].sort((a, b) =>
      facet === "year" ? b.localeCompare(a) : label(facet, a).localeCompare(label(facet, b)));
    const current = s.value;
    s.length = 1;
    for (const value of sorted) {
      const n = (counts[facet] || {})[value] || 0;
      // an option that would give nothing with the query and the other filters is left out
      if (n || value === current) s.add(new Option(`${label(facet, value)} (${n})`, value));
    }
    s.value = current;
    s.disabled = s.length === 1;
  }
}

function card(result) {
  const li = document.createElement("li");
  li.className = "kb-result";
  const article = li.appendChild(document.createElement("article"));
  const h = article.appendChild(document.createElement("h2"));
  h.className = "kb-result__title";
  const a = h.appendChild(document.createElement("a"));
  a.href = result.url;
  a.textContent = result.meta.title || result.url;
  const meta = [result.meta.type, result.meta.date].filter(Boolean).join(" · ");
  if (meta) {
    const p = article.appendChild(document.createElement("p"));
    p.className = "kb-result__meta";
    p.textContent = meta;
  }
  const summary = article.appendChild(document.createElement("p"));
  summary.className = "kb-result__summary";
  summary.textContent = result.meta.summary || result.excerpt.replace(/<[^>]*>/g, "");
  return li;
}

// The next page of results; after "Meer resultaten" focus goes to the first new one.
async function showMore(focus) {
  const slice = results.slice(shown, shown + PAGE_SIZE);
  const mine = generation;
  const loaded = await Promise.all(slice.map((r) => r.loaded || r.data()));
  if (mine !== generation) return;
  const first = list.children.length;
  for (const r of loaded) list.appendChild(card(r));
  browse.hidden = list.children.length > 0;
  shown += slice.length;
  more.hidden = shown >= results.length;
  if (focus === true) list.children[first]?.querySelector("a")?.focus();
}

// Newest first: the pages in the order of their date (Pagefind's sort of every page,
// loaded once), pages of the same place keeping their order of relevance.
async function byDate(found) {
  if (!dateOrder) {
    const all = await findPages(null, { sort: { date: "desc" } });
    dateOrder = new Map(all.results.map((r, i) => [r.id, i]));
  }
  const place = (r) => dateOrder.get(r.id) ?? dateOrder.size;
  return [...found].sort((a, b) => place(a) - place(b));
}

// A search, without the index's results of pages edited since it was made (mkdocs serve only).
async function findPages(term, options) {
  const found = await pagefind.search(term, options);
  if (hidden.size) found.results = found.results.filter((r) => !hidden.has(r.id));
  return found;
}

// mkdocs serve (search.html's data-kb-edits): the pages edited since the index was made are in a
// small index of their own (search_index.Edits), merged into this one; the index's own results
// of those pages are left out. Its filter counts may count such a page twice until the index is made again.
async function mergeEdits() {
  if (!form.dataset.kbEdits) return;
  try {
    const url = new URL(form.dataset.kbEdits, location.href);
    const edits = (await (await fetch(url, { cache: "no-store" })).json())[lang];
    if (!edits) return;
    if (edits.pages) {
      await pagefind.mergeIndex(new URL(".", url).pathname,
        { language: lang, baseUrl: new URL("..", bundle).pathname, ranking: RANKING });
    }
    hidden = new Set(edits.hide);
  } catch (e) {
    console.warn("kb-search: the edited pages' index could not be loaded", e);
  }
}

// The counts of the filter options for a search. The filters' index is loaded only now,
// after the results are shown: a visitor does not wait for it (docs/maintainers/search.md).
async function facetCounts(term, filters) {
  if (!totals) totals = await pagefind.filters();
  const main = await findPages(term, { filters });
  // A facet in use counts as if it were not: the other values it could take.
  const counts = { ...main.filters };
  for (const facet of Object.keys(filters)) {
    const other = await findPages(term, { filters: activeFilters(facet) });
    counts[facet] = other.filters[facet] || {};
  }
  return counts;
}

// -- the words of a query ----------------------------------------------------------------

const words = (text) => (text || "").toLowerCase().match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) || [];

// Pagefind matches the stem of each typed word as the start of the stems in the index.
// Its Dutch stemmer (Snowball 3) can cut a plural shorter than its singular ("schulden"
// gives "schul", "schuld" stays "schuld"; "verslagen" gives "verslaag"), so the
// singular would miss the pages that only have the plural, and the other way round.
// A Dutch word is therefore searched in both forms.
function forms(word) {
  if (lang !== "nl" || word.length < 4 || !/^\p{L}+$/u.test(word)) return [word];
  if (word.endsWith("en")) return [word, word.slice(0, -2).replace(/(\p{L})\1$/u, "$1")];
  return [word, word + (word.endsWith("e") ? "n" : "en")];
}

function combinations(list) {
  let found = [[]];
  for (const word of list) {
    const next = [];
    for (const head of found) for (const form of forms(word)) next.push([...head, form]);
    found = next.slice(0, MAX_FORMS);
  }
  return found.map((c) => c.join(" "));
}

// All the words, in every combination of their forms: each page once, at its best score.
async function searchAll(list, filters) {
  const best = new Map();
  for (const text of combinations(list)) {
    const found = await findPages(text, { filters });
    for (const r of found.results) {
      if (!best.has(r.id) || best.get(r.id).score < r.score) best.set(r.id, r);
    }
  }
  return { results: [...best.values()], text: list.join(" ") };
}

// Any of the words: a page scores the sum of its words' scores, less for each word it lacks.
async function searchAny(list, filters) {
  const found = new Map();
  for (const word of list) {
    const one = await searchAll([word], filters);
    for (const r of one.results) {
      const seen = found.get(r.id) || { result: r, score: 0, words: 0 };
      seen.score += r.score;
      seen.words += 1;
      found.set(r.id, seen);
    }
  }
  const ranked = [...found.values()].map((f) => ({ ...f.result, score: f.score * (f.words / list.length) ** 2 }));
  return ranked;
}

async function loadVocabulary() {
  if (!vocabulary) {
    try {
      const response = await fetch(new URL(`kb-words.${lang}.json`, bundle));
      vocabulary = response.ok ? await response.json() : [];
    } catch (e) {
      vocabulary = [];
    }
  }
  return vocabulary;
}

// Edit distance with swaps of two neighbours (Damerau), giving up beyond `limit`.
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let lowest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j], before[j - 2] + 1);
      }
      lowest = Math.min(lowest, row[j]);
    }
    if (lowest > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}

// The nearest word of the language for each word that starts no word of it (a typo);
// the list is ordered by how often a word occurs, so a tie goes to the commoner word.
async function corrected(list) {
  const known = await loadVocabulary();
  return list.map((word) => {
    if (word.length < 4 || /\d/.test(word) || known.some((k) => k.startsWith(word))) return word;
    const limit = word.length < 7 ? 1 : 2;
    let best = word;
    let bestDistance = limit + 1;
    for (const candidate of known) {
      const d = distance(word, candidate, Math.min(limit, bestDistance - 1));
      if (d < bestDistance) [best, bestDistance] = [candidate, d];
      if (d === 1 && candidate[0] === word[0]) break;
    }
    return best;
  });
}

const matches = (asked, word) => word.startsWith(asked) || (word.length > 3 && asked.startsWith(word));

// The first page of results, in order: Pagefind's score times how much the page counts
// (its "weight" filter) and what its title says (TITLE_BONUS). Their data is loaded here
// (the page shows it next); the results after them keep Pagefind's order.
async function reranked(found, text) {
  const stop = new Set(STOP[lang] || []);
  const all = words(text).map(fold);
  const asked = all.filter((w) => !stop.has(w)).length ? all.filter((w) => !stop.has(w)) : all;
  const top = found.slice(0, PAGE_SIZE);
  await Promise.all(top.map(async (r) => { r.loaded = await r.data(); }));
  for (const r of top) {
    const title = words(r.loaded.meta.title).map(fold).filter((w) => !stop.has(w));
    const also = words(r.loaded.meta.terms).map(fold);
    const inTitle = (q) => title.some((w) => matches(q, w));
    const inTerms = (q) => also.some((w) => matches(q, w));
    const named = asked.filter((q) => inTitle(q) || inTerms(q)).length;
    // (a word found only among the synonyms stands for the title word it is a synonym of)
    const held = Math.min(title.length, title.filter((w) => asked.some((q) => matches(q, w))).length
      + asked.filter((q) => !inTitle(q) && inTerms(q)).length);
    const weight = Number(r.loaded.meta.weight);
    r.score *= (Number.isFinite(weight) ? weight : 1)
      * (1 + TITLE_BONUS.query * (asked.length ? named / asked.length : 0) ** 2
        + TITLE_BONUS.title * (title.length ? held / title.length : 0));
  }
  top.sort((a, b) => b.score - a.score);
  return [...top, ...found.slice(PAGE_SIZE)];
}

const fold = (word) => word.normalize("NFKD").replace(/\p{M}/gu, "");

// The query as typed; if nothing is found, with typos corrected; then with any of its words.
// (Without `rerank` the results keep Pagefind's order: they are sorted by date next.)
async function rankedSearch(term, filters, rerank) {
  const stop = new Set(STOP[lang] || []);
  const all = words(term);
  const typed = all.some((w) => !stop.has(w)) ? all.filter((w) => !stop.has(w)) : all;
  let found = await searchAll(typed, filters);
  let note = null;
  if (!found.results.length && typed.length) {
    const fixed = await corrected(typed);
    if (fixed.join(" ") !== typed.join(" ")) {
      const retry = await searchAll(fixed, filters);
      if (retry.results.length) [found, note] = [retry, { kind: "corrected", text: fixed.join(" ") }];
    }
    if (!found.results.length && typed.length > 1) {
      const any = await searchAny(fixed, filters);
      if (any.length) [found, note] = [{ ...found, results: any, text: fixed.join(" ") }, { kind: "partial" }];
    }
  }
  found.results.sort((a, b) => b.score - a.score);
  return { ...found, results: rerank ? await reranked(found.results, found.text) : found.results, note };
}

function showNote(note, term) {
  if (!suggestion) return;
  suggestion.replaceChildren();
  suggestion.hidden = !note;
  if (!note) return;
  if (note.kind === "partial") {
    suggestion.textContent = data.text.partial;
    return;
  }
  const [before, after] = data.text.corrected.replace("{q}", term).split("{link}");
  const a = document.createElement("a");
  const params = new URLSearchParams(location.search);
  params.set(query.name, note.text);
  a.href = "?" + params.toString();
  a.textContent = note.text;
  a.addEventListener("click", (e) => { e.preventDefault(); query.value = note.text; run(); });
  suggestion.append(before, a, after || "");
}

async function run() {
  const mine = ++generation;
  writeUrl();
  showChosen();
  if (!pagefind) return;
  const term = query.value.trim() || null;
  const filters = activeFilters();
  const newest = sort.value === NEWEST;
  list.replaceChildren();
  more.hidden = true;
  results = [];
  shown = 0;
  if (!term && !Object.keys(filters).length) {
    showNote(null);
    browse.hidden = false;
    if (!totals) totals = await pagefind.filters();
    if (mine !== generation) return;
    fillOptions(totals);
    status.textContent = data.text.start;
    list.removeAttribute("aria-busy");
    return;
  }
  list.setAttribute("aria-busy", "true");
  const search = term ? await rankedSearch(term, filters, !newest)
    : await findPages(null, { filters, sort: { date: "desc" } });
  const found = term && newest ? await byDate(search.results) : search.results;
  if (mine !== generation) return;
  results = found;
  showNote(search.note, term);
  await showMore();
  const counts = await facetCounts(term ? search.text : null, filters);
  if (mine !== generation) return;
  fillOptions(counts);
  list.removeAttribute("aria-busy");
  status.textContent = say(results.length);
}

function soon() {
  clearTimeout(timer);
  timer = setTimeout(run, 200);
}

async function start() {
  // Before anything is loaded: the chips of the filters in the URL, and the browse links
  // out of the way of the results to come, so that nothing moves when they come.
  const asked = new URLSearchParams(location.search);
  readUrl();
  showChosen();
  if (query.value.trim() || selects.some((s) => s.value)) browse.hidden = true;
  // An empty search from the header ("?q="): the visitor wants to type here.
  else if (asked.has(query.name)) query.focus();
  bundle = new URL(form.dataset.kbSearch, location.href);
  try {
    pagefind = await import(bundle.href);
    await pagefind.options({ baseUrl: new URL("..", bundle).pathname, ranking: RANKING });
    await mergeEdits();
  } catch (e) {
    for (const only of document.querySelectorAll(".kb-js")) only.hidden = true;
    chosen.hidden = true;
    browse.hidden = false;
    status.textContent = data.text.failed;
    return;
  }
  form.addEventListener("submit", (e) => { e.preventDefault(); clearTimeout(timer); run(); });
  query.addEventListener("input", soon);
  for (const s of [...selects, sort]) s.addEventListener("change", run);
  more.addEventListener("click", () => showMore(true));
  toggle.addEventListener("click", () => {
    toggle.setAttribute("aria-expanded", String(toggle.getAttribute("aria-expanded") !== "true"));
  });
  // Clearing the filters keeps the query.
  clear.addEventListener("click", () => {
    for (const s of selects) s.value = "";
    run();
    query.focus();
  });
  form.dataset.kbReady = "";
  await run();
}

start();

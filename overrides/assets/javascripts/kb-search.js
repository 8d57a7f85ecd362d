// The search page: Pagefind results for the query and filters in the URL.
// The whole state lives in the URL (?q=…&theme=…), so a link to a filtered view
// can be shared; parameter names come from the form fields (mkdocs.yml).
// Pagefind loads only the index chunks a query needs, for this page's language.

const PAGE_SIZE = 20;
const form = document.querySelector("form[data-kb-search]");
const data = JSON.parse(document.getElementById("kb-search-data").textContent);
const query = form.querySelector("input[type=search]");
const selects = [...form.querySelectorAll("select[data-facet]")];
const status = document.querySelector(".kb-search__status");
const list = document.querySelector(".kb-results");
const more = document.querySelector(".kb-results__more");

let pagefind;
let totals = {};
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
    if (value && ![...s.options].some((o) => o.value === value)) s.add(new Option(value, value));
    s.value = value;
  }
}

function writeUrl() {
  const params = new URLSearchParams();
  if (query.value.trim()) params.set(query.name, query.value.trim());
  for (const s of selects) if (s.value) params.set(s.name, s.value);
  const qs = params.toString();
  history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
}

function label(facet, value) {
  return (data.labels[facet] || {})[value] || value;
}

function fillOptions(counts) {
  for (const s of selects) {
    const facet = s.dataset.facet;
    const values = new Set([...Object.keys(totals[facet] || {}), ...(s.value ? [s.value] : [])]);
    const sorted = [...values].sort((a, b) =>
      facet === "year" ? b.localeCompare(a) : label(facet, a).localeCompare(label(facet, b)));
    const current = s.value;
    s.length = 1;
    for (const value of sorted) {
      const n = (counts[facet] || {})[value] || 0;
      s.add(new Option(`${label(facet, value)} (${n})`, value));
    }
    s.value = current;
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

async function showMore() {
  const slice = results.slice(shown, shown + PAGE_SIZE);
  const mine = generation;
  const loaded = await Promise.all(slice.map((r) => r.data()));
  if (mine !== generation) return;
  for (const r of loaded) list.appendChild(card(r));
  shown += slice.length;
  more.hidden = shown >= results.length;
}

async function facetCounts(term, filters, main) {
  // A facet in use counts as if it were not: the other values it could take.
  const counts = { ...main.filters };
  for (const facet of Object.keys(filters)) {
    const other = await pagefind.search(term, { filters: activeFilters(facet) });
    counts[facet] = other.filters[facet] || {};
  }
  return counts;
}

// Pagefind picks the index chunks to load by the word as typed, but matches on its
// stem; in a large index the stem ("schuld") can sit in another chunk than the word
// ("schulden"), and whole words then find almost nothing. Loading the chunks of the
// word's shorter forms first puts the stem's chunk in memory too.
async function preloadStems(term) {
  const words = (term || "").toLowerCase().split(/\s+/).filter((w) => w.length > 4);
  const forms = words.flatMap((w) => [1, 2, 3, 4].map((k) => w.slice(0, -k)).filter((f) => f.length > 2));
  await Promise.all(forms.map((f) => pagefind.preload(f)));
}

async function run() {
  const mine = ++generation;
  writeUrl();
  const term = query.value.trim() || null;
  const filters = activeFilters();
  list.replaceChildren();
  more.hidden = true;
  results = [];
  shown = 0;
  if (!term && !Object.keys(filters).length) {
    fillOptions(totals);
    status.textContent = data.text.start;
    return;
  }
  list.setAttribute("aria-busy", "true");
  const sort = term ? undefined : { date: "desc" };
  await preloadStems(term);
  const search = await pagefind.search(term, { filters, sort });
  const counts = await facetCounts(term, filters, search);
  if (mine !== generation) return;
  results = search.results;
  fillOptions(counts);
  await showMore();
  list.removeAttribute("aria-busy");
  status.textContent = say(results.length);
}

function soon() {
  clearTimeout(timer);
  timer = setTimeout(run, 200);
}

async function start() {
  readUrl();
  const url = new URL(form.dataset.kbSearch, location.href);
  try {
    pagefind = await import(url.href);
    await pagefind.options({ baseUrl: new URL("..", url).pathname });
    totals = await pagefind.filters();
  } catch (e) {
    status.textContent = data.text.failed;
    return;
  }
  form.querySelector("fieldset").hidden = false;
  form.addEventListener("submit", (e) => { e.preventDefault(); clearTimeout(timer); run(); });
  form.addEventListener("reset", () => setTimeout(run));
  query.addEventListener("input", soon);
  for (const s of selects) s.addEventListener("change", run);
  more.addEventListener("click", showMore);
  await run();
}

start();

// List filters on listing and theme pages: narrow the cards by type, year and
// theme. The state is in the URL with the search page's parameter names, so a
// filtered list can be shared. Without JavaScript the form stays hidden and
// every card is shown. On a phone the fields are behind a "Filters (n)" button;
// a value that would show no card with the other filters is left out.

function setup(form) {
  const target = form.dataset.kbFilter;
  const { items, labels } = JSON.parse(document.getElementById(`${target}-data`).textContent);
  const byHref = new Map(items.map((i) => [i.href, i]));
  const cards = [...document.getElementById(target).querySelectorAll("li.kb-card")]
    .map((li) => ({ li, item: byHref.get(li.querySelector("a[href]")?.getAttribute("href")) }))
    .filter((c) => c.item);
  const selects = [...form.querySelectorAll("select[data-facet]")];
  const status = form.querySelector("[role=status]");
  const toggle = form.querySelector(".kb-filter__toggle");

  const matches = (item, except) =>
    selects.every((s) => !s.value || s.dataset.facet === except || item[s.dataset.facet].includes(s.value));
  const label = (facet, value) => (labels[facet] || {})[value] || value;

  function fill() {
    for (const s of selects) {
      const facet = s.dataset.facet;
      const counts = {};
      for (const { item } of cards) {
        for (const v of item[facet]) counts[v] = (counts[v] || 0) + (matches(item, facet) ? 1 : 0);
      }
      if (s.value && !(s.value in counts)) counts[s.value] = 0;
      const values = Object.keys(counts).sort((a, b) =>
        facet === "year" ? b.localeCompare(a) : label(facet, a).localeCompare(label(facet, b)));
      const current = s.value;
      s.length = 1;
      for (const v of values) if (counts[v] || v === current) s.add(new Option(`${label(facet, v)} (${counts[v]})`, v));
      s.value = current;
    }
    const chosen = selects.filter((s) => s.value).length;
    toggle.textContent = chosen ? toggle.dataset.chosen.replace("{n}", chosen) : toggle.dataset.none;
  }

  function apply(announce) {
    let shown = 0;
    for (const { li, item } of cards) {
      li.hidden = !matches(item);
      if (!li.hidden) shown += 1;
    }
    fill();
    const text = status.dataset.template.replace("{n}", shown).replace("{total}", cards.length);
    if (announce || status.textContent) status.textContent = text;
    const params = new URLSearchParams(location.search);
    for (const s of selects) (s.value ? params.set(s.name, s.value) : params.delete(s.name));
    const qs = params.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
    // the language switcher keeps the filters (their values are ids, the same in every language)
    for (const a of document.querySelectorAll("a.md-select__link[hreflang]")) {
      const url = new URL(a.href);
      url.search = qs;
      a.href = url.href;
    }
  }

  const params = new URLSearchParams(location.search);
  for (const s of selects) {
    const value = params.get(s.name) || "";
    if (value) s.add(new Option(value, value));
    s.value = value;
    s.addEventListener("change", () => apply(true));
  }
  form.addEventListener("submit", (e) => e.preventDefault());
  toggle.addEventListener("click", () => {
    toggle.setAttribute("aria-expanded", String(toggle.getAttribute("aria-expanded") !== "true"));
  });
  form.hidden = false;
  apply(selects.some((s) => s.value));
}

document.querySelectorAll("form[data-kb-filter]").forEach(setup);

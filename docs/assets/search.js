/* The header's search box over the site's own index (qararat/search.py builds it): one result per citable
   paragraph, showing how to cite it and an excerpt with the match marked, opening /<slug>/#<anchor>.

   The index lists, for each form of a word, the sections (runs of consecutive paragraphs) that have it;
   a query loads search/meta.json, then only the chunks of the index its words fall in, ranks the sections
   that have every word, and loads those sections a few at a time. Each section is split back into its
   paragraphs, and the paragraphs that answer every word of the query are the results.

   The index carries, beside each paragraph's text, the normalised keys of its words (qararat/search.py);
   a query is keyed here the same way, so «الإعلان»، «والاعلان»، «إعلان» find one another. `normalise`,
   `searchKey`, `particleKey` and `clean` mirror the Python functions of the same names: change them together
   (tests/test_search.py checks that both give the same keys). */
(() => {
  "use strict";

  /* ---------------------------------------------------------------- keys (mirror of qararat.search) */

  const DIACRITICS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
  const LETTERS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ی": "ي", "ئ": "ء",
    "ؤ": "ء",
    "ة": "ه", "ھ": "ه",
    "ک": "ك",
  };
  const FOLDED = /[أإآٱىیئؤةھک\u0660-\u0669\u06f0-\u06f9]/g;
  const ARTICLE = /^[وف]?(?:[بك]?ال|لل)(?=..)/;
  const PARTICLE = /^[وف]?[بكل]?(?=...)/;
  const ARABIC = /[\u0600-\u06ff]/;
  const MIN_PREFIX = 3;   // the last word of a query also finds longer words from this many letters

  function fold(letter) {
    const code = letter.charCodeAt(0);
    if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
    if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
    return LETTERS[letter];
  }

  function normalise(word) {
    return word.replace(DIACRITICS, "").replace(FOLDED, fold).toLowerCase();
  }

  function searchKey(word) {
    return word.replace(DIACRITICS, "").replace(ARTICLE, "").replace(FOLDED, fold).toLowerCase();
  }

  function particleKey(key) {
    return key.replace(PARTICLE, "");
  }

  // The words of a query, cut and cleaned as the index cuts and cleans the words of the text: at spaces,
  // then without their punctuation, so that "A/C.2/59/3", "كوفيد-19" or "WSIS+20" meet the text's word.
  function words(text) {
    return text.split(/\s+/).map(clean).filter(Boolean);
  }

  // A term per query word: the forms of it that a paragraph's word may answer, its key first, then its
  // key without a single attached particle (و، ف، ب، ك، ل), whose results come after the first ones.
  function queryTerms(query) {
    const parts = words(query);
    return parts.map((word) => {
      const key = ARABIC.test(word) ? searchKey(word) : normalise(word);
      const loose = ARABIC.test(word) ? particleKey(key) : key;
      return [...new Set([key, loose])].filter(Boolean);
    }).filter((term) => term.length);
  }

  // A word of the text without its punctuation (letters, digits, marks and "/" of symbols kept).
  function clean(word) {
    return word.replace(/[^\p{L}\p{N}\p{M}/]/gu, "");
  }

  window.qararatSearchKeys = { normalise, searchKey, particleKey, clean, queryTerms };

  /* ---------------------------------------------------------------- the box */

  const root = document.querySelector("[data-qr-search]");
  if (!root) return;
  const toggle = document.getElementById("__search");
  const form = root.querySelector("form");
  const input = root.querySelector("#qr-search-input");
  const select = root.querySelector("#qr-search-document");
  const statusLine = root.querySelector("#qr-search-status");
  const list = root.querySelector("#qr-search-results");
  const PAGE = 10;       // paragraphs shown at a time
  const SECTIONS = 4;    // sections loaded at a time while fewer paragraphs than that are found
  const siteRoot = (() => {
    try {
      const config = JSON.parse(document.getElementById("__config").textContent);
      return new URL(`${config.base || "."}/`, location.href);
    } catch (error) {
      return new URL("./", location.href);
    }
  })();

  let engine = null;
  let sequence = 0;
  let timer = 0;
  let sections = [];   // the sections that have every word of the query, best first
  let loaded = 0;      // how many of them are split into `found`
  let found = [];      // the paragraphs that answer the query, in that order
  let shown = 0;
  let terms = [];

  async function fetchJson(path) {
    const response = await fetch(new URL(`search/${path}`, siteRoot));
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response.json();
  }

  // The index's meta: each document's first section number, and the options of the document filter.
  function load() {
    if (!engine) {
      engine = fetchJson("meta.json").then((meta) => {
        let first = 0;
        meta.documents = meta.documents.map(([slug, count, title]) => {
          const doc = { slug, first, count, title };
          first += count;
          return doc;
        });
        meta.chunkCache = new Map();
        [...new Set(meta.documents.filter((doc) => doc.count).map((doc) => doc.title))].sort().forEach((title) => {
          const option = document.createElement("option");
          option.value = title;
          option.textContent = title;
          select.append(option);
        });
        return meta;
      });
      engine.catch(() => { statusLine.textContent = "تعذّر تحميل فهرس البحث"; });
    }
    return engine;
  }

  // The chunk a form falls in: the last whose first form is not after it (forms sorted as strings).
  function chunkOf(meta, form) {
    let low = 0;
    let high = meta.chunks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (meta.chunks[middle][0] <= form) low = middle; else high = middle - 1;
    }
    return low;
  }

  function chunk(meta, number) {
    const name = meta.chunks[number][1];
    if (!meta.chunkCache.has(name)) meta.chunkCache.set(name, fetchJson(`index/${name}.json`));
    return meta.chunkCache.get(name);
  }

  // section number -> how often it has the form (or, with `prefix`, any form that begins with it).
  async function postings(meta, form, prefix) {
    const from = chunkOf(meta, form);
    const to = prefix ? chunkOf(meta, `${form}\uffff`) : from;
    const chunks = await Promise.all(Array.from({ length: to - from + 1 }, (_, i) => chunk(meta, from + i)));
    const counts = new Map();
    const mask = (1 << meta.countBits) - 1;
    chunks.forEach((forms) => Object.entries(forms).forEach(([key, list]) => {
      if (key !== form && !(prefix && key.startsWith(form))) return;
      let section = 0;
      list.forEach((posting) => {
        section += posting >> meta.countBits;
        counts.set(section, (counts.get(section) || 0) + (posting & mask));
      });
    }));
    return counts;
  }

  // The sections that have every term, best first: those that have each word's own key before those
  // found only through a key without its particle; then by how often they have the words, rarer words
  // counting more; then in the order of the corpus.
  async function rank(meta, wanted, title) {
    const found = await Promise.all(wanted.map((term, i) => {
      const prefix = i === wanted.length - 1;
      return Promise.all(term.map((form) => postings(meta, form, prefix && form.length >= MIN_PREFIX)));
    }));
    const inside = title ? meta.documents.filter((doc) => doc.title === title) : null;
    const candidates = [...found[0].reduce((all, counts) => new Set([...all, ...counts.keys()]), new Set())]
      .filter((section) => found.every((forms) => forms.some((counts) => counts.has(section))))
      .filter((section) => !inside || inside.some((doc) => section >= doc.first && section < doc.first + doc.count));
    const weight = found.map((forms) => {
      const having = new Set(forms.flatMap((counts) => [...counts.keys()]));
      return Math.log(1 + meta.sections / Math.max(1, having.size));
    });
    const scored = candidates.map((section) => {
      let score = 0;
      let loose = false;
      found.forEach((forms, i) => {
        const own = forms[0].get(section) || 0;
        if (!own) loose = true;
        score += Math.log(1 + forms.reduce((sum, counts) => sum + (counts.get(section) || 0), 0)) * weight[i];
      });
      return { section, score, loose };
    });
    scored.sort((a, b) => (a.loose - b.loose) || (b.score - a.score) || (a.section - b.section));
    return scored.map((item) => item.section);
  }

  // Where a section number's file is: its document's slug and its number within the document.
  function sectionFile(meta, section) {
    let low = 0;
    let high = meta.documents.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (meta.documents[middle].first <= section) low = middle; else high = middle - 1;
    }
    const doc = meta.documents[low];
    return { slug: doc.slug, path: `sections/${doc.slug}/${section - doc.first}.json` };
  }

  function open() {
    if (!toggle.checked) toggle.checked = true;
    load();
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  async function run() {
    const query = input.value.trim();
    const mine = ++sequence;
    sections = [];
    found = [];
    loaded = 0;
    shown = 0;
    if (!query) {
      list.replaceChildren();
      list.dataset.query = "";
      statusLine.textContent = "اكتب كلمة أو رمز وثيقة (مثل 70/125) للبحث";
      return;
    }
    const meta = await load();
    const wanted = queryTerms(query);
    const ranked = wanted.length ? await rank(meta, wanted, select.value) : [];
    if (mine !== sequence) return;
    sections = ranked.map((section) => sectionFile(meta, section));
    terms = wanted;
    list.replaceChildren();
    await more(mine, query);
    // What was asked last and is now shown (read by the browser tests, harmless to readers).
    if (mine === sequence) list.dataset.query = `${select.value}|${query}`;
  }

  async function more(mine, query) {
    while (found.length < shown + PAGE && loaded < sections.length) {
      const batch = sections.slice(loaded, loaded + SECTIONS);
      loaded += batch.length;
      const data = await Promise.all(batch.map((section) => fetchJson(section.path)));
      if (mine !== sequence) return;
      data.forEach((item, i) => found.push(...paragraphs(batch[i].slug, item).filter(answersEveryTerm)));
    }
    const next = found.slice(shown, shown + PAGE);
    shown += next.length;
    list.querySelector(".qr-more")?.remove();
    next.forEach((paragraph) => list.append(resultItem(paragraph)));
    const complete = loaded === sections.length && shown === found.length;
    const count = `${shown} ${shown === 1 ? "فقرة" : "فقرات"}`;
    statusLine.textContent = !found.length ? `لا فقرة تطابق «${query}»`
      : complete ? `${count} تطابق «${query}»` : `أول ${count} تطابق «${query}»`;
    if (!complete) {
      const li = document.createElement("li");
      li.className = "qr-more";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = "عرض المزيد";
      button.addEventListener("click", () => {
        const next = list.children.length - 1;
        more(sequence, query).then(() => list.querySelectorAll("a.md-search-result__link")[next]?.focus());
      });
      li.append(button);
      list.append(li);
    }
  }

  // A section split back into its paragraphs: each one's address, label, text words (what readers
  // read) and hidden keys.
  function paragraphs(slug, item) {
    return item.units.map(([anchor, label, text, keys]) => ({
      address: `/${slug}/#${anchor}`,
      label,
      text: text.split(/\s+/).filter(Boolean),
      keys,
    }));
  }

  // Does a form of a query word answer a term? (the last term may be a word's beginning, of at least
  // as many letters as an Arabic root has)
  function answers(form, term, prefix) {
    return term.some((t) => form === t || (prefix && t.length >= MIN_PREFIX && form.startsWith(t)));
  }

  // Does a word of the text answer a term of the query? Its key, or its key without a particle.
  function wordAnswers(word, term, prefix) {
    const key = searchKey(clean(word));
    return answers(key, term, prefix) || answers(particleKey(key), term, prefix);
  }

  // A paragraph is a result when each word of the query is in its text or its hidden keys.
  function answersEveryTerm(paragraph) {
    return terms.every((term, i) => {
      const prefix = i === terms.length - 1;
      return paragraph.text.some((word) => wordAnswers(word, term, prefix))
        || paragraph.keys.some((key) => answers(key, term, prefix));
    });
  }

  // The numbers of a UN symbol in order of size ("A/RES/70/125" and "125/70" give "70 125"), or "" for
  // a word that is no symbol: a paragraph found by a symbol's hidden form writes the symbol another way.
  function symbolNumbers(form) {
    const numbers = form.includes("/") ? normalise(form).match(/\d+/g) || [] : [];
    return numbers.length >= 2 ? numbers.map(Number).sort((a, b) => a - b).join(" ") : "";
  }

  // Does a word of the text write the symbol a term asks for, in another form?
  function writesSymbol(word, term) {
    const numbers = symbolNumbers(clean(word));
    return numbers !== "" && term.some((t) => symbolNumbers(t) === numbers);
  }

  // An excerpt of the paragraph's own text (never of the hidden keys) around the first match. A term
  // that no word answers as written was found by a symbol's hidden form: the symbol is marked as written.
  function excerpt(paragraph) {
    const text = paragraph.text;
    const count = text.length;
    const marked = new Set();
    terms.forEach((term, t) => {
      const answered = text.map((word, i) => (wordAnswers(word, term, t === terms.length - 1) ? i : -1))
        .filter((i) => i >= 0);
      const found = answered.length ? answered
        : text.map((word, i) => (writesSymbol(word, term) ? i : -1)).filter((i) => i >= 0);
      found.forEach((i) => marked.add(i));
    });
    const first = marked.size ? Math.min(...marked) : 0;
    const start = Math.max(0, first - 12);
    const end = Math.min(count, start + 40);
    const element = document.createElement("p");
    element.className = "qr-result__excerpt";
    if (start > 0) element.append("… ");
    for (let i = start; i < end; i += 1) {
      if (marked.has(i)) {
        const mark = document.createElement("mark");
        mark.textContent = text[i];
        element.append(mark);
      } else {
        element.append(text[i]);
      }
      if (i < end - 1) element.append(" ");
    }
    if (end < count) element.append(" …");
    return element;
  }

  function resultItem(item) {
    const li = document.createElement("li");
    li.className = "md-search-result__item qr-result";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = new URL(item.address.replace(/^\//, ""), siteRoot).href;
    const body = document.createElement("article");
    body.className = "md-search-result__article qr-result__article";
    const label = document.createElement("p");
    label.className = "qr-result__label";
    label.textContent = item.label;
    body.append(label, excerpt(item));
    link.append(body);
    li.append(link);
    return li;
  }

  function links() {
    return [...list.querySelectorAll("a.md-search-result__link, .qr-more button")];
  }

  /* ---------------------------------------------------------------- events */

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = links()[0];
    if (first && first.href) first.click();
  });
  form.addEventListener("reset", () => setTimeout(() => { run(); input.focus(); }, 0));
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  input.addEventListener("focus", open);
  select.addEventListener("change", () => { run(); });
  toggle.addEventListener("change", () => {
    if (toggle.checked) { load(); input.focus(); }
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && links().length) {
      event.preventDefault();
      links()[0].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });

  list.addEventListener("keydown", (event) => {
    const all = links();
    const index = all.indexOf(document.activeElement);
    if (index < 0) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = index + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) input.focus(); else all[Math.min(next, all.length - 1)].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      input.focus();
    }
  });

  // Following a result closes the search, so a paragraph of the same page is seen where it lands.
  list.addEventListener("click", (event) => {
    if (event.target.closest("a.md-search-result__link")) toggle.checked = false;
  });

  // "/" or "s" (س on an Arabic keyboard) anywhere outside a text field opens the search, as in Material.
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.key === "/" || event.key === "s" || event.key === "S" || event.key === "س") {
      event.preventDefault();
      open();
      input.focus();
    } else if (event.key === "Escape" && toggle.checked) {
      close();
    }
  });
})();

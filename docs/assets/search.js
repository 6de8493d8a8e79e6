/* The header's search box over the Pagefind index: one result per citable paragraph, showing how to
   cite it and an excerpt with the match marked, opening /<slug>/#<anchor>.

   Pagefind indexes a section of consecutive paragraphs as one page (qararat/search.py says why); a
   section found is split back into its paragraphs here, and the paragraphs that answer every word
   of the query are the results, section by section in Pagefind's order.

   The index carries, beside each paragraph's text, the normalised keys of its words (qararat/search.py);
   a query is keyed here the same way, so «الإعلان»، «والاعلان»، «إعلان» find one another. `normalise`,
   `searchKey` and `particleKey` mirror the Python functions of the same names: change them together
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

  function words(text) {
    return text.split(/[\s،؛,;:.!?؟«»"()\[\]]+/).filter(Boolean);
  }

  // The queries sent to Pagefind: every word keyed; then, if that changes anything, each word also
  // without a single attached particle (و، ف، ب، ك، ل), whose results come after the first ones.
  function queryForms(query) {
    const parts = words(query);
    const keyed = parts.map((word) => (ARABIC.test(word) ? searchKey(word) : normalise(word)));
    const loose = keyed.map((key, i) => (ARABIC.test(parts[i]) ? particleKey(key) : key));
    const forms = [keyed.join(" ")];
    if (loose.join(" ") !== forms[0]) forms.push(loose.join(" "));
    // A term per query word: the forms of it that a paragraph's word may answer.
    const terms = keyed.map((key, i) => [...new Set([key, loose[i]])].filter(Boolean)).filter((t) => t.length);
    return { forms, terms };
  }

  window.qararatSearchKeys = { normalise, searchKey, particleKey, queryForms };

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
  let sections = [];   // Pagefind's results: sections, best first
  let loaded = 0;      // how many of them are split into `found`
  let found = [];      // the paragraphs that answer the query, in that order
  let shown = 0;
  let terms = [];

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", siteRoot).href).then(async (pagefind) => {
        await pagefind.init();
        const filters = await pagefind.filters();
        Object.keys((filters && filters.document) || {}).sort().forEach((title) => {
          const option = document.createElement("option");
          option.value = title;
          option.textContent = title;
          select.append(option);
        });
        return pagefind;
      });
      engine.catch(() => { statusLine.textContent = "تعذّر تحميل فهرس البحث"; });
    }
    return engine;
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
    const pagefind = await load();
    const options = select.value ? { filters: { document: select.value } } : {};
    const query_ = queryForms(query);
    const searches = await Promise.all(query_.forms.map((form) => pagefind.search(form, options)));
    if (mine !== sequence) return;
    // Sections of the exact keys first, then those only the looser form finds; each by score.
    const seen = new Set();
    searches.forEach((search) => {
      (search ? search.results : []).forEach((result) => {
        if (!seen.has(result.id)) { seen.add(result.id); sections.push(result); }
      });
    });
    terms = query_.terms;
    list.replaceChildren();
    await more(mine, query);
    // What was asked last and is now shown (read by the browser tests, harmless to readers).
    if (mine === sequence) list.dataset.query = `${select.value}|${query}`;
  }

  async function more(mine, query) {
    while (found.length < shown + PAGE && loaded < sections.length) {
      const batch = sections.slice(loaded, loaded + SECTIONS);
      loaded += batch.length;
      const data = await Promise.all(batch.map((result) => result.data()));
      if (mine !== sequence) return;
      data.forEach((item) => found.push(...paragraphs(item).filter(answersEveryTerm)));
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
  // read), hidden key words, and the places Pagefind matched, counted from the paragraph's start.
  function paragraphs(item) {
    const content = item.content.split(/\s+/).filter(Boolean);
    const starts = new Map((item.anchors || []).map((anchor) => [anchor.id, anchor.location]));
    let next = 0;
    return JSON.parse(item.meta.units || "[]").map(([anchor, label, textWords, keyWords]) => {
      const start = starts.has(anchor) ? starts.get(anchor) : next;
      next = start + textWords + keyWords;
      return {
        address: `${item.meta.address}#${anchor}`,
        label,
        text: content.slice(start, start + textWords),
        keys: content.slice(start + textWords, next).map((key) => key.replace(/[.,]$/, "").toLowerCase()),
        locations: (item.locations || []).filter((i) => i >= start && i < start + textWords).map((i) => i - start),
      };
    });
  }

  // Does a form of a query word answer a term? (the last term may be a word's beginning)
  function answers(form, term, prefix) {
    return term.some((t) => form === t || (prefix && form.startsWith(t)));
  }

  // Does a word of the text answer a term of the query? Its key, or its key without a particle.
  function wordAnswers(word, term, prefix) {
    const key = searchKey(word.replace(/[^\p{L}\p{N}\p{M}/]/gu, ""));
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

  // An excerpt of the paragraph's own text (never of the hidden keys) around the first match.
  function excerpt(paragraph) {
    const text = paragraph.text;
    const count = text.length;
    const marked = new Set(paragraph.locations);
    text.forEach((word, i) => {
      if (terms.some((term, t) => wordAnswers(word, term, t === terms.length - 1))) marked.add(i);
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

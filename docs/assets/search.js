/* The header's search box over the Pagefind index: one result per citable paragraph, showing how to
   cite it and an excerpt with the match marked, opening /<slug>/#<anchor>.

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
    return { forms, keys: [...new Set([...keyed, ...loose])].filter(Boolean) };
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
  const PAGE = 10;
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
  let results = [];
  let shown = 0;
  let keys = [];

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
    if (!query) {
      results = [];
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
    // Results of the exact keys first, then those only the looser form finds; each by score.
    const seen = new Set();
    results = [];
    searches.forEach((search) => {
      (search ? search.results : []).forEach((result) => {
        if (!seen.has(result.id)) { seen.add(result.id); results.push(result); }
      });
    });
    keys = query_.keys;
    shown = 0;
    list.replaceChildren();
    statusLine.textContent = results.length
      ? `${results.length} ${results.length === 1 ? "فقرة" : "فقرات"} تطابق «${query}»`
      : `لا فقرة تطابق «${query}»`;
    await more(mine);
    // What was asked last and is now shown (read by the browser tests, harmless to readers).
    if (mine === sequence) list.dataset.query = `${select.value}|${query}`;
  }

  async function more(mine) {
    const batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    const data = await Promise.all(batch.map((result) => result.data()));
    if (mine !== sequence) return;
    list.querySelector(".qr-more")?.remove();
    data.forEach((item) => list.append(resultItem(item)));
    if (shown < results.length) {
      const li = document.createElement("li");
      li.className = "qr-more";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = `عرض المزيد (${results.length - shown})`;
      button.addEventListener("click", () => {
        const next = list.children.length - 1;
        more(sequence).then(() => list.querySelectorAll("a.md-search-result__link")[next]?.focus());
      });
      li.append(button);
      list.append(li);
    }
  }

  // Does a word of the text answer one of the query's keys? (the last key may be a word's beginning)
  function matches(word, last) {
    const key = searchKey(word);
    const loose = particleKey(key);
    return keys.some((k, i) => {
      if (!k) return false;
      const prefix = i === keys.length - 1 || last;
      return key === k || loose === k || (prefix && (key.startsWith(k) || loose.startsWith(k)));
    });
  }

  // An excerpt of the paragraph's own text (never of the hidden keys) around the first match.
  function excerpt(item) {
    const all = item.content.split(/\s+/).filter(Boolean);
    const count = Math.min(Number(item.meta.words) || all.length, all.length);
    const text = all.slice(0, count);
    const marked = new Set((item.locations || []).filter((i) => i < count));
    text.forEach((word, i) => { if (matches(word.replace(/[^\p{L}\p{N}\p{M}/]/gu, ""), false)) marked.add(i); });
    const first = marked.size ? Math.min(...marked) : 0;
    const start = Math.max(0, first - 12);
    const end = Math.min(count, start + 40);
    const paragraph = document.createElement("p");
    paragraph.className = "qr-result__excerpt";
    if (start > 0) paragraph.append("… ");
    for (let i = start; i < end; i += 1) {
      if (marked.has(i)) {
        const mark = document.createElement("mark");
        mark.textContent = text[i];
        paragraph.append(mark);
      } else {
        paragraph.append(text[i]);
      }
      if (i < end - 1) paragraph.append(" ");
    }
    if (end < count) paragraph.append(" …");
    return paragraph;
  }

  function resultItem(item) {
    const li = document.createElement("li");
    li.className = "md-search-result__item qr-result";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = new URL(item.meta.address.replace(/^\//, ""), siteRoot).href;
    const body = document.createElement("article");
    body.className = "md-search-result__article qr-result__article";
    const label = document.createElement("p");
    label.className = "qr-result__label";
    label.textContent = item.meta.label;
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

/* Reading aids for the edition's pages, all from the site itself:
   - a deep link lands below the sticky header and marks its unit (also through an old anchor kept as alias);
   - every citable unit shows a permalink (¶) and copy-citation buttons on hover and keyboard focus,
     copying the Arabic or English citation (label + address) and announcing it to screen readers;
   - footnote markers and links to a paragraph of the corpus (or to a reference page) preview their
     target in a tooltip kept inside the viewport;
   - the printed page carries its address.
   The citation labels are computed by the build (qararat.cite) and carried as data-cite-ar/-en. */
(() => {
  "use strict";

  const article = document.querySelector("article.md-content__inner");
  if (!article) return;

  /* ---------------------------------------------------------------- announcements */

  const status = document.createElement("div");
  status.className = "qr-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.body.append(status);
  let statusTimer = 0;

  function announce(message) {
    status.textContent = message;
    status.classList.add("is-visible");
    clearTimeout(statusTimer);
    statusTimer = setTimeout(() => status.classList.remove("is-visible"), 4000);
  }

  /* ---------------------------------------------------------------- deep links */

  // The unit a fragment names: the unit itself, or the unit an alias (an old anchor) sits in.
  function targetOf(id) {
    const element = id && document.getElementById(id);
    if (!element) return null;
    if (element.classList.contains("alias")) return element.closest(".unit, h1, h2, h3, h4, h5, h6") || element;
    return element;
  }

  function markTarget() {
    document.querySelectorAll(".is-target").forEach((element) => element.classList.remove("is-target"));
    let id = "";
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (error) { return; }
    const target = targetOf(id);
    if (!target) return;
    target.classList.add("is-target");
    // An alias is an empty marker inside its unit: land on the whole unit, below the header.
    if (target.id !== id) target.scrollIntoView({ block: "start" });
    // Keyboard and screen-reader users start from the cited unit: Tab goes to its number and
    // cite controls. The browser's own fragment focus point is not set reliably on every load.
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  }

  window.addEventListener("hashchange", markTarget);
  markTarget();

  /* ---------------------------------------------------------------- cite a unit */

  const COPY_ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
    '<path d="M19 21H8V7h11m0-2H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2m-3-4H4a2 2 0 0 0-2 2v14h2V3h12z"/></svg>';

  function pageAddress() {
    return location.href.split("#")[0].split("?")[0];
  }

  function citationText(unit, language) {
    const address = `${pageAddress()}#${unit.id}`;
    return language === "en" ? `${unit.dataset.citeEn}, ${address}` : `${unit.dataset.citeAr}، ${address}`;
  }

  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {
      // No clipboard permission or no secure context: the older copy command still works.
      const focused = document.activeElement;
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "qr-copy-buffer";
      document.body.append(area);
      area.select();
      let copied = false;
      try { copied = document.execCommand("copy"); } catch (ignored) { copied = false; }
      area.remove();
      if (focused) focused.focus();
      return copied;
    }
  }

  function citeTools(unit) {
    const tools = document.createElement("span");
    tools.className = "cite-tools";
    const permalink = document.createElement("a");
    permalink.className = "cite-permalink";
    permalink.href = `#${unit.id}`;
    permalink.textContent = "¶";
    permalink.title = "رابط دائم إلى هذه الفقرة";
    // The number in the margin is the same link and is the one in the tab order.
    permalink.tabIndex = -1;
    permalink.setAttribute("aria-hidden", "true");
    const arabic = document.createElement("button");
    arabic.type = "button";
    arabic.className = "cite-copy";
    arabic.dataset.language = "ar";
    arabic.innerHTML = COPY_ICON;
    arabic.title = "انسخ الاستشهاد";
    arabic.setAttribute("aria-label", `انسخ الاستشهاد: ${unit.dataset.citeAr}`);
    const english = document.createElement("button");
    english.type = "button";
    english.className = "cite-copy cite-copy-en";
    english.dataset.language = "en";
    english.lang = "en";
    english.textContent = "EN";
    english.title = "Copy the citation in English";
    english.setAttribute("aria-label", `Copy citation: ${unit.dataset.citeEn}`);
    tools.append(permalink, arabic, english);
    return tools;
  }

  article.querySelectorAll(".unit[id][data-cite-ar]").forEach((unit) => {
    const number = unit.querySelector(":scope > a.num");
    const tools = citeTools(unit);
    if (number) number.after(tools); else unit.prepend(tools);
  });

  article.addEventListener("click", async (event) => {
    const button = event.target.closest("button.cite-copy");
    if (!button) return;
    const unit = button.closest(".unit");
    const language = button.dataset.language;
    const copied = await copyText(citationText(unit, language));
    const label = language === "en" ? unit.dataset.citeEn : unit.dataset.citeAr;
    button.classList.toggle("is-copied", copied);
    setTimeout(() => button.classList.remove("is-copied"), 2000);
    announce(copied ? `نُسخ الاستشهاد: ${label}` : "تعذّر النسخ إلى الحافظة");
  });

  /* ---------------------------------------------------------------- previews */

  const tip = document.createElement("div");
  tip.className = "qr-preview";
  tip.id = "qr-preview";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  const tipLabel = document.createElement("p");
  tipLabel.className = "qr-preview__label";
  const tipText = document.createElement("p");
  tipText.className = "qr-preview__text";
  tip.append(tipLabel, tipText);
  document.body.append(tip);

  const siteRoot = (() => {
    try {
      const config = JSON.parse(document.getElementById("__config").textContent);
      return new URL(`${config.base || "."}/`, location.href);
    } catch (error) {
      return new URL("./", location.href);
    }
  })();
  const pages = new Map();   // address of a page of the site -> its parsed document (fetched once)
  let current = null;        // the link whose preview is shown
  let showTimer = 0;
  let hideTimer = 0;

  // Links worth previewing: footnote markers, and links within the text to a page of this site.
  function previewable(link) {
    if (!link || !article.contains(link) || link.closest(".cite-tools")) return null;
    if (link.matches("a.num, a.backref, a.headerlink, .md-source-file a")) return null;
    const href = link.getAttribute("href");
    if (!href || href.startsWith("javascript:")) return null;
    const url = new URL(href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(siteRoot.pathname)) return null;
    if (link.hasAttribute("download") || /\.(json|xml|txt|pdf)$/.test(url.pathname)) return null;
    const samePage = url.pathname === location.pathname;
    if (samePage && !url.hash) return null;
    return url;
  }

  function textOf(element) {
    const copy = element.cloneNode(true);
    copy.querySelectorAll(".cite-tools, .backref, .alias, details, .unit-extras").forEach((node) => node.remove());
    return copy.textContent.replace(/\s+/g, " ").replace(/\s*↩︎/g, "").trim();
  }

  // What a preview shows of a target: its citation label (or page title) and its text.
  function previewOf(doc, hash) {
    if (hash) {
      let id = "";
      try { id = decodeURIComponent(hash.slice(1)); } catch (error) { return null; }
      let element = doc.getElementById(id);
      if (!element) return null;
      if (element.classList.contains("alias")) element = element.closest(".unit") || element;
      const unit = element.closest(".unit") || element;
      const paragraph = unit.querySelector(":scope > p") || unit;
      const heading = unit.matches("h1, h2, h3, h4, h5, h6");
      return { label: unit.dataset.citeAr || (heading ? "" : doc.title), text: textOf(paragraph) };
    }
    const title = doc.querySelector("article h1");
    const first = doc.querySelector("article h1 ~ p, article .doc-card, article p");
    return { label: title ? textOf(title) : doc.title, text: first ? textOf(first) : "" };
  }

  function fetchPage(url) {
    const address = url.pathname;
    if (!pages.has(address)) {
      pages.set(address, fetch(address, { credentials: "same-origin" })
        .then((response) => (response.ok ? response.text() : Promise.reject(new Error(response.status))))
        .then((text) => new DOMParser().parseFromString(text, "text/html"))
        .catch(() => null));
    }
    return pages.get(address);
  }

  async function contentFor(url) {
    if (url.pathname === location.pathname) return previewOf(document, url.hash);
    const doc = await fetchPage(url);
    return doc ? previewOf(doc, url.hash) : null;
  }

  function place(link) {
    const margin = 8;
    const width = document.documentElement.clientWidth;
    const height = window.innerHeight;
    const box = link.getBoundingClientRect();
    const tipWidth = Math.min(448, width - 2 * margin);
    tip.style.width = `${tipWidth}px`;
    tip.style.maxHeight = "";
    // Right to left: the tooltip's right edge follows the link's right edge, then it is kept on screen.
    const left = Math.max(margin, Math.min(box.right - tipWidth, width - margin - tipWidth));
    tip.style.left = `${left}px`;
    const below = height - box.bottom - 2 * margin;
    const above = box.top - 2 * margin;
    const natural = tip.scrollHeight;
    const downwards = natural <= below || below >= above;
    const room = Math.max(48, downwards ? below : above);
    const shown = Math.min(natural, room);
    tip.style.maxHeight = `${room}px`;
    const top = downwards ? box.bottom + margin : box.top - margin - shown;
    tip.style.top = `${Math.max(margin, Math.min(top, height - margin - shown))}px`;
  }

  async function show(link, url) {
    const content = await contentFor(url);
    if (current !== link || !content || !content.text) return;
    tipLabel.textContent = content.label;
    tipLabel.hidden = !content.label;
    tipText.textContent = content.text;
    tip.hidden = false;
    place(link);
    link.setAttribute("aria-describedby", tip.id);
  }

  function hide() {
    clearTimeout(showTimer);
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    tip.hidden = true;
  }

  function enter(link, delay) {
    const url = previewable(link);
    if (!url) return;
    clearTimeout(hideTimer);
    if (current === link) return;
    hide();
    current = link;
    showTimer = setTimeout(() => show(link, url), delay);
  }

  function leave() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  article.addEventListener("mouseover", (event) => enter(event.target.closest("a[href]"), 200));
  article.addEventListener("mouseout", (event) => {
    const link = event.target.closest("a[href]");
    if (link && link === current && !link.contains(event.relatedTarget)) leave();
  });
  article.addEventListener("focusin", (event) => enter(event.target.closest("a[href]"), 0));
  article.addEventListener("focusout", (event) => {
    if (event.target.closest("a[href]") === current) leave();
  });
  // The preview stays while the pointer is over it, so its text can be read and selected.
  tip.addEventListener("mouseenter", () => clearTimeout(hideTimer));
  tip.addEventListener("mouseleave", leave);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !tip.hidden) hide();
  });
  // Scrolling (also the browser's own, bringing a focused marker into view) keeps the preview at its link.
  window.addEventListener("scroll", () => {
    if (tip.hidden || !current) return;
    const box = current.getBoundingClientRect();
    if (box.bottom < 0 || box.top > window.innerHeight) hide(); else place(current);
  }, { passive: true });
  window.addEventListener("hashchange", hide);

  /* ---------------------------------------------------------------- print */

  // The printed page says where it came from.
  const address = document.createElement("p");
  address.className = "print-address";
  const where = document.createElement("bdi");
  where.dir = "ltr";
  address.append("عنوان هذه الصفحة: ", where);
  article.prepend(address);
  const setAddress = () => { where.textContent = location.href; };
  setAddress();
  window.addEventListener("hashchange", setAddress);
  window.addEventListener("beforeprint", setAddress);
})();

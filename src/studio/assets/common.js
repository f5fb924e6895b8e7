// negsim studio: what the trainer's and the participants' pages share. Plain JavaScript, no
// build step and nothing from elsewhere. Text from the studio is always put on the page as
// text (never as HTML), so a name like "<b>" stays a name.
"use strict";

const Studio = (() => {
  let words = { en: {}, nl: {} };
  let lang = "en";
  const listeners = [];

  // An element: el("div", {class: "x", onclick: f}, "text", child, ...).
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (k === "class") node.className = v;
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) node.setAttribute(k, v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  // A word in the page's language, blanks filled.
  function t(id, args) {
    let text = (words[lang] && words[lang][id]) || words.en[id] || id;
    for (const [k, v] of Object.entries(args || {})) text = text.split("{" + k + "}").join(String(v));
    return text;
  }

  async function loadWords(storageKey) {
    const known = (l) => l === "nl" || l === "en";
    const response = await fetch("/api/words");
    words = await response.json();
    const saved = localStorage.getItem(storageKey);
    const asked = new URLSearchParams(location.search).get("lang");
    // The address first, then the person's own earlier choice, then the studio's --lang.
    lang = known(asked) ? asked : known(saved) ? saved : known(words.default) ? words.default : "en";
    // A language asked for in the address stays when the page moves on (after joining).
    if (known(asked)) localStorage.setItem(storageKey, asked);
    document.documentElement.lang = lang;
    return lang;
  }

  function setLang(next, storageKey) {
    lang = next;
    localStorage.setItem(storageKey, next);
    document.documentElement.lang = next;
    listeners.forEach((f) => f(next));
  }

  // The EN / NL switch.
  function langSwitch(storageKey) {
    const box = el("div", { class: "lang", role: "group", "aria-label": "Language / Taal" });
    const draw = () => {
      box.replaceChildren(
        ...["en", "nl"].map((l) =>
          el("button", {
            class: l === lang ? "on" : "",
            "aria-pressed": l === lang ? "true" : "false",
            "data-lang": l,
            onclick: () => setLang(l, storageKey),
          }, l.toUpperCase())
        )
      );
    };
    listeners.push(draw);
    draw();
    return box;
  }

  // A WebSocket that comes back after a lost connection; `onOpen` runs on every (re)connect.
  function connect(onMessage, onOpen) {
    const banner = el("div", { class: "offline", hidden: true });
    document.body.append(banner);
    let socket = null;
    let wait = 500;
    const open = () => {
      socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
      socket.onopen = () => {
        banner.hidden = true;
        wait = 500;
        onOpen();
      };
      socket.onmessage = (e) => onMessage(JSON.parse(e.data));
      socket.onclose = () => {
        banner.textContent = t("app.offline");
        banner.hidden = false;
        setTimeout(open, wait);
        wait = Math.min(wait * 2, 5000);
      };
    };
    open();
    return {
      send(message) {
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
      },
    };
  }

  // A message that fades: refusals and notes.
  function toast(text, kind) {
    let box = document.querySelector(".toasts");
    if (!box) {
      box = el("div", { class: "toasts", role: "status", "aria-live": "polite" });
      document.body.append(box);
    }
    const note = el("div", { class: "toast " + (kind || "") }, text);
    box.append(note);
    setTimeout(() => note.remove(), 6000);
  }

  // Okabe-Ito colours, one per stakeholder; distinguishable with colour-blindness.
  const COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#787878"];

  // The negotiation dance up to round `upTo`: each stakeholder's score of the package closest
  // to a deal (solid), their BATNAs (dashed), the world value (black) and the world's bar
  // (dotted).
  function dance(steps, rounds, upTo, names, batna, threshold, opts) {
    const o = Object.assign({ width: 900, height: 420, font: 18, forkRound: null }, opts || {});
    const m = { left: 3.4 * o.font, right: 20, top: 16, bottom: 3 * o.font };
    const w = o.width - m.left - m.right;
    const h = o.height - m.top - m.bottom;
    const x = (r) => m.left + (rounds <= 1 ? w / 2 : ((r - 1) / (rounds - 1)) * w);
    const y = (v) => m.top + h - (Math.max(0, Math.min(100, v)) / 100) * h;
    const root = svg("svg", {
      viewBox: `0 0 ${o.width} ${o.height}`, class: "dance", role: "img",
      "aria-label": t("demo.dance"), "font-size": o.font,
    });
    for (const v of [0, 25, 50, 75, 100]) {
      root.append(svg("line", { x1: m.left, x2: m.left + w, y1: y(v), y2: y(v), class: "grid" }));
      root.append(svg("text", { x: m.left - 10, y: y(v) + o.font / 3, "text-anchor": "end", class: "axis" }, v));
    }
    const ticks = rounds <= 12 ? 1 : rounds <= 30 ? 5 : 10;
    for (let r = 1; r <= rounds; r++) {
      if (r !== 1 && r % ticks !== 0) continue;
      root.append(svg("text", { x: x(r), y: m.top + h + o.font * 1.3, "text-anchor": "middle", class: "axis" }, r));
    }
    root.append(svg("text", { x: m.left + w / 2, y: o.height - 6, "text-anchor": "middle", class: "axis" }, t("demo.round_axis")));
    if (o.forkRound) {
      root.append(svg("line", { x1: x(o.forkRound), x2: x(o.forkRound), y1: m.top, y2: m.top + h, class: "fork" }));
    }
    root.append(svg("line", { x1: m.left, x2: m.left + w, y1: y(threshold), y2: y(threshold), class: "threshold" }));
    names.forEach((_, s) => {
      root.append(svg("line", {
        x1: m.left, x2: m.left + w, y1: y(batna[s]), y2: y(batna[s]),
        stroke: COLOURS[s % COLOURS.length], class: "batna",
      }));
    });
    const shown = steps.filter((st) => st.round <= upTo && st.world !== null && st.world !== undefined);
    const line = (get, attrs) => {
      const pts = shown.map((st) => `${x(st.round)},${y(get(st))}`);
      if (pts.length === 0) return;
      if (pts.length > 1) root.append(svg("polyline", Object.assign({ points: pts.join(" "), fill: "none" }, attrs)));
      const last = shown[shown.length - 1];
      root.append(svg("circle", Object.assign({ cx: x(last.round), cy: y(get(last)), r: 6 }, attrs, { fill: attrs.stroke })));
    };
    names.forEach((_, s) => line((st) => st.scores[s], { stroke: COLOURS[s % COLOURS.length], class: "score" }));
    line((st) => st.world, { stroke: "#111", class: "world" });
    return root;
  }

  // The legend of a dance chart.
  function danceLegend(names) {
    return el("ul", { class: "legend" },
      names.map((n, s) => el("li", {}, el("span", { class: "swatch", style: null, "data-colour": s % COLOURS.length }), n)),
      el("li", {}, el("span", { class: "swatch world" }), t("demo.dance_world")),
      el("li", {}, el("span", { class: "swatch batna" }), t("demo.batna")),
      el("li", {}, el("span", { class: "swatch threshold" }), t("demo.dance_threshold"))
    );
  }

  return {
    el, svg, t, loadWords, langSwitch, connect, toast, dance, danceLegend, COLOURS,
    get lang() { return lang; },
    onLang(f) { listeners.push(f); },
  };
})();

// negsim studio, the trainer's page: a demonstration on the projector, the class session
// (join address, code, QR code, tables) and the debrief board.
"use strict";

(async () => {
  const { el, t } = Studio;
  const LANG_KEY = "negsim.lang.trainer";
  const key = new URLSearchParams(location.search).get("key") || "";
  await Studio.loadWords(LANG_KEY);

  const state = {
    tab: "demo",
    library: null,
    demo: null,          // the demonstration view from /api/demo
    position: 0,         // 0: the introduction; 1..rounds: a round; rounds + 1: the verdict
    playing: null,
    speed: 2,
    form: { case: "job-offer", culture: "collaborative", compare: "positional", seed: 9, deadline: 30 },
    whatIf: { who: "", trait: "openness", value: "1" },
    board: null,
    classForm: { case: "job-offer", culture: "positional", seats: ["candidate"], deadline: 20, minutes: "", seed: 1 },
    editingClass: false,
    cloud: null,
    replay: null,
    replayTable: null,
    replayPosition: 0,
  };

  const api = async (path, params) => {
    const query = new URLSearchParams(Object.assign({ key, lang: Studio.lang }, params || {}));
    const response = await fetch(`${path}?${query}`);
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body;
  };

  const socket = Studio.connect(
    (m) => {
      if (m.type === "board") {
        state.board = m.view;
        if (state.tab !== "demo") draw();
      } else if (m.type === "error") {
        Studio.toast(t("app.error", { message: m.message }), "bad");
      }
    },
    () => {
      socket.send({ type: "trainer", key });
      socket.send({ type: "lang", lang: Studio.lang });
    }
  );

  document.getElementById("lang").append(Studio.langSwitch(LANG_KEY));
  Studio.onLang(async (lang) => {
    socket.send({ type: "lang", lang });
    state.library = null;
    await loadLibrary();
    if (state.demo) await loadDemo(state.demo.code, true);
    if (state.replayTable) await loadReplay(state.replayTable);
    draw();
  });

  async function loadLibrary() {
    try {
      state.library = await api("/api/library");
    } catch (e) {
      Studio.toast(t("app.error", { message: e.message }), "bad");
    }
  }

  const rounds = () => Math.max(0, ...state.demo.processes.map((p) => p.played));

  // A name as one field of a replay code, as the studio writes it (teaching/replay_code.rs):
  // `:` as %3A, `,` as %2C, and a `%` that would read as one of these escapes as %25.
  function codeField(name) {
    return String(name).replace(/%(?=(3a|2c|25))|[:,]/gi, (c) => ({ "%": "%25", ":": "%3A", ",": "%2C" })[c]);
  }

  async function loadDemo(code, keepPosition) {
    try {
      const view = await api("/api/demo", { code });
      state.demo = view;
      // The form shows what a newly loaded code says (a code typed or opened from an address
      // may name other settings than the form held); the same code again, in another
      // language, keeps what the trainer has typed since.
      if (!keepPosition) {
        const s = view.settings;
        Object.assign(state.form, { case: s.case, culture: s.culture, compare: s.compare, seed: s.seed, deadline: s.deadline });
        state.position = view.fork ? view.fork.round : 0;
      }
      state.position = Math.min(state.position, rounds() + 1);
      const keys = view.case.keys;
      if (!keys.includes(state.whatIf.who)) state.whatIf.who = keys[0];
      history.replaceState(null, "", `?key=${encodeURIComponent(key)}&demo=${encodeURIComponent(code)}`);
    } catch (e) {
      Studio.toast(t("app.error", { message: e.message }), "bad");
    }
    draw();
  }

  async function loadReplay(table) {
    try {
      state.replay = await api("/api/table", { table });
      state.replayTable = table;
      state.replayPosition = state.replay.rounds.length;
    } catch (e) {
      Studio.toast(t("app.error", { message: e.message }), "bad");
    }
    draw();
  }

  function stop() {
    if (state.playing) clearInterval(state.playing);
    state.playing = null;
  }

  function step(by) {
    const last = rounds() + 1;
    state.position = Math.max(0, Math.min(last, state.position + by));
    if (state.position === last) stop();
    drawDemo();
  }

  function play() {
    stop();
    state.playing = setInterval(() => step(1), Math.max(0.2, Number(state.speed) || 2) * 1000);
    drawDemo();
  }

  // --- Tabs -------------------------------------------------------------------------------

  function drawTabs() {
    const tabs = document.getElementById("tabs");
    tabs.replaceChildren(
      ...["demo", "class", "debrief"].map((name) =>
        el("button", {
          role: "tab", id: "tab-" + name,
          "aria-selected": state.tab === name ? "true" : "false",
          class: state.tab === name ? "on" : "",
          onclick: async () => {
            state.tab = name;
            if (name === "debrief" && state.board && state.board.open && !state.cloud) {
              try { state.cloud = await api("/api/cloud"); } catch (e) { Studio.toast(e.message, "bad"); }
            }
            draw();
          },
        }, t("tab." + name))
      )
    );
    for (const name of ["demo", "class", "debrief"]) document.getElementById(name).hidden = state.tab !== name;
    document.getElementById("title").textContent = t("app.title");
    document.title = t("app.title");
  }

  function draw() {
    drawTabs();
    if (state.tab === "demo") drawDemo();
    if (state.tab === "class") drawClass();
    if (state.tab === "debrief") drawDebrief();
  }

  // --- Demonstration ----------------------------------------------------------------------

  // A value the list does not hold (a case or culture a code names by its path) is shown as
  // itself, so the form never shows one thing and plays another.
  const select = (id, options, value, onchange) => {
    const listed = !value || options.some(([v]) => v === value) ? options : [...options, [value, value]];
    return el("select", { id, onchange: (e) => onchange(e.target.value) },
      listed.map(([v, label]) => el("option", { value: v, selected: v === value }, label)));
  };

  function demoForm() {
    const lib = state.library || { cases: [], cultures: [] };
    const f = state.form;
    const cultures = lib.cultures.map(([key, name]) => [key, name]);
    const code = el("input", { id: "replay-code", value: state.demo ? state.demo.code : "", size: 40, "aria-label": t("demo.replay_code") });
    return el("form", { class: "controls", onsubmit: (e) => e.preventDefault() },
      el("label", {}, t("demo.case"), select("demo-case", lib.cases.map((c) => [c.name, c.title]), f.case, (v) => (f.case = v))),
      el("label", {}, t("demo.culture"), select("demo-culture", cultures, f.culture, (v) => (f.culture = v))),
      el("label", {}, t("demo.compare_with"), select("demo-compare", [["", t("demo.nothing")], ...cultures], f.compare, (v) => (f.compare = v))),
      el("label", {}, t("demo.seed"), el("input", { id: "demo-seed", type: "number", min: 0, value: f.seed, oninput: (e) => (f.seed = e.target.value) })),
      el("label", {}, t("demo.deadline"), el("input", { id: "demo-deadline", type: "number", min: 1, max: 200, value: f.deadline, oninput: (e) => (f.deadline = e.target.value) })),
      el("button", {
        id: "demo-show", class: "primary",
        onclick: () => {
          const cultures = [f.culture, f.compare].filter((c, i) => c && (i === 0 || c !== f.culture));
          // The case is read from the right and may hold `:` as it is; culture names are
          // single fields.
          loadDemo(`${f.case}:${cultures.map(codeField).join(",")}:s${f.seed}:d${f.deadline}`);
        },
      }, t("demo.show")),
      el("label", {}, t("demo.replay_code"), code),
      el("button", { id: "demo-load", onclick: () => loadDemo(code.value.trim()) }, t("demo.play_code"))
    );
  }

  function drawDemo() {
    const root = document.getElementById("demo");
    const parts = [demoForm()];
    const d = state.demo;
    if (d) {
      // Played rounds bound the stepping; the deadline is what the header and the axis show,
      // so that neither gives away when the negotiation ends.
      const total = rounds();
      const deadline = d.settings.deadline;
      const pos = state.position;
      const label = pos === 0 ? t("demo.before_first") : pos > total ? t("demo.verdict") : t("demo.round_of", { round: pos, rounds: deadline });
      parts.push(el("div", { class: "stage-head" },
        el("h2", {}, d.case.title),
        el("div", { id: "round-label", class: "round-label" }, label),
        el("div", { class: "player" },
          el("button", { id: "back", onclick: () => { stop(); step(-1); }, disabled: pos === 0 }, t("demo.back")),
          el("button", { id: "next", class: "primary", onclick: () => { stop(); step(1); }, disabled: pos > total }, t("demo.next")),
          state.playing
            ? el("button", { id: "pause", onclick: () => { stop(); drawDemo(); } }, t("demo.pause"))
            : el("button", { id: "play", onclick: play, disabled: pos > total }, t("demo.play")),
          el("label", { class: "speed" }, t("demo.speed"),
            el("input", { id: "speed", type: "number", min: 0.2, step: 0.5, value: state.speed, oninput: (e) => { state.speed = e.target.value; if (state.playing) play(); } }))
        )
      ));
      if (d.fork) parts.push(el("p", { class: "fork-note" }, d.fork.text));
      const panels = el("div", { class: "panels n" + d.processes.length });
      for (const [i, p] of d.processes.entries()) panels.append(processPanel(d, p, i, pos, total, deadline));
      parts.push(panels);
      if (pos > total && d.comparison) parts.push(comparisonTable(d.comparison));
      parts.push(whatIf(d, pos, total));
      parts.push(el("p", { class: "share" }, t("demo.share", { code: d.code })));
    }
    root.replaceChildren(...parts);
  }

  // The processes side by side, as the studio computed them: a row per result, a column per
  // process. The values come in the page's language (its decimal mark too) and stand
  // right-aligned, so that figures line up down a column.
  function comparisonTable(c) {
    return el("section", { class: "comparison" },
      el("h3", {}, c.title),
      el("table", { class: "comparison" },
        el("thead", {}, el("tr", {}, el("td", {}), c.columns.map((name) => el("th", { scope: "col" }, name)))),
        el("tbody", {}, c.rows.map((row) =>
          el("tr", {}, el("th", { scope: "row" }, row.label), row.cells.map((cell) => el("td", {}, cell)))))),
      c.note ? el("p", { class: "note" }, c.note) : null);
  }

  function processPanel(d, p, i, pos, total, deadline) {
    const panel = el("article", { class: "panel", "data-process": i });
    panel.append(el("h3", {}, p.name));
    if (pos === 0) {
      panel.append(el("div", { class: "narration intro" }, p.intro.slice(2).filter((l) => l.trim() && !/^[=-]+$/.test(l)).map((l) => el("p", {}, l))));
      return panel;
    }
    const upTo = Math.min(pos, p.played);
    const round = p.rounds.find((r) => r.round === Math.min(pos, p.played));
    const steps = p.rounds.map((r) => Object.assign({ round: r.round }, r.dance));
    if (round && pos <= total) {
      panel.append(el("ul", { class: "chips" }, pos <= p.played ? round.highlights.map((h) => el("li", { class: "chip " + h }, t("demo.highlight_" + h))) : []));
    }
    // One panel spans the stage: a wider drawing keeps its type the size of the side-by-side
    // one. On a narrow screen the panels are stacked, each as wide as one alone.
    const alone = d.processes.length === 1 && !matchMedia("(max-width: 900px)").matches;
    panel.append(Studio.dance(steps, deadline, upTo, d.case.stakeholders, d.batna, d.case.threshold,
      { width: alone ? 1800 : 900, height: alone ? 460 : 360, font: 22, forkRound: d.fork && i === 1 ? d.fork.round : null }));
    panel.append(Studio.danceLegend(d.case.stakeholders));
    if (pos <= total) {
      if (round && pos <= p.played) {
        panel.append(el("div", { class: "narration", "data-round": round.round }, round.lines.map((l) => el("p", {}, l))));
      } else {
        panel.append(el("p", { class: "narration ended" }, p.verdict[2] || ""));
      }
    }
    if (pos > total) {
      panel.append(el("section", { class: "verdict" }, el("h4", {}, t("demo.verdict")),
        el("ul", {}, p.verdict.slice(2).map((l) => el("li", {}, l.replace(/^\s*-\s*/, ""))))));
    }
    return panel;
  }

  function whatIf(d, pos, total) {
    const box = el("section", { class: "what-if" }, el("h3", {}, t("demo.what_if")));
    if (!d.can_fork) {
      box.append(el("p", {}, t("demo.what_if_one")));
      return box;
    }
    const w = state.whatIf;
    const round = Math.max(1, Math.min(pos, total));
    box.append(el("form", { class: "controls", onsubmit: (e) => e.preventDefault() },
      el("label", {}, t("demo.what_if_who"), select("what-if-who", d.case.keys.map((k, s) => [k, d.case.stakeholders[s]]), w.who, (v) => (w.who = v))),
      el("label", {}, t("demo.what_if_trait"), select("what-if-trait", d.traits, w.trait, (v) => (w.trait = v))),
      el("label", {}, t("demo.what_if_value"), el("input", { id: "what-if-value", type: "number", min: 0, max: 1, step: 0.05, value: w.value, oninput: (e) => (w.value = e.target.value) })),
      el("button", {
        id: "what-if-go", class: "primary",
        onclick: () => loadDemo(`${d.base_code}:f${round}:${codeField(w.who)}.${w.trait}=${w.value}`),
      }, t("demo.what_if_go") + ` (${round})`)
    ));
    return box;
  }

  // --- The class negotiates ---------------------------------------------------------------

  function classForm() {
    const lib = state.library || { cases: [], cultures: [] };
    const f = state.classForm;
    const c = lib.cases.find((x) => x.name === f.case) || lib.cases[0];
    return el("form", { class: "controls class-form", onsubmit: (e) => e.preventDefault() },
      el("h2", {}, t("class.open")),
      el("label", {}, t("demo.case"), select("class-case", lib.cases.map((x) => [x.name, x.title]), f.case, (v) => {
        f.case = v;
        const chosen = lib.cases.find((x) => x.name === v);
        f.seats = chosen ? [chosen.stakeholders[0].key] : [];
        drawClass();
      })),
      el("fieldset", {}, el("legend", {}, t("class.seats")),
        (c ? c.stakeholders : []).map((s) => el("label", { class: "check" },
          el("input", {
            type: "checkbox", name: "seat", value: s.key, checked: f.seats.includes(s.key),
            // Seats keep the case's order, so that table after table fills alike.
            onchange: (e) => (f.seats = c.stakeholders.map((x) => x.key)
              .filter((k) => (k === s.key ? e.target.checked : f.seats.includes(k)))),
          }), s.label)),
        el("p", { class: "note" }, t("class.seats_note"))),
      el("label", {}, t("class.others"), select("class-culture", lib.cultures.map(([key, name]) => [key, name]), f.culture, (v) => (f.culture = v))),
      el("label", {}, t("demo.deadline"), el("input", { id: "class-deadline", type: "number", min: 1, max: 200, value: f.deadline, oninput: (e) => (f.deadline = e.target.value) })),
      el("label", {}, t("class.minutes"), el("input", { id: "class-minutes", type: "number", min: 0.25, step: 0.25, value: f.minutes, oninput: (e) => (f.minutes = e.target.value) })),
      el("label", {}, t("demo.seed"), el("input", { id: "class-seed", type: "number", min: 0, value: f.seed, oninput: (e) => (f.seed = e.target.value) })),
      el("button", {
        id: "class-open", class: "primary",
        onclick: () => {
          state.editingClass = false;
          state.cloud = null;
          socket.send({
            type: "open",
            config: {
              case: f.case, culture: f.culture, seats: f.seats,
              deadline: Number(f.deadline), seed: Number(f.seed),
              minutes_per_round: f.minutes === "" ? null : Number(f.minutes),
            },
          });
        },
      }, t("class.open"))
    );
  }

  function drawClass() {
    const root = document.getElementById("class");
    const b = state.board;
    if (!b || !b.open || state.editingClass) {
      root.replaceChildren(classForm());
      return;
    }
    const join = `${b.join_url}/j/${b.code}`;
    const parts = [
      el("div", { class: "join-panel" },
        el("div", { class: "join-text" },
          el("h2", {}, b.case.title),
          el("p", { class: "join-label" }, t("class.join_at")),
          el("p", { class: "join-url", id: "join-url" }, join),
          el("p", { class: "join-label" }, t("class.code")),
          el("p", { class: "join-code", id: "join-code" }, b.code),
          el("p", { class: "people", id: "people" }, t("class.people", { count: b.people }))),
        el("img", { class: "qr", id: "qr", src: `/qr.svg?c=${b.code}`, alt: join })),
      el("div", { class: "player" },
        b.started
          ? el("p", { class: "started" }, t(b.tables.length && b.tables.every((tb) => ["ended", "stopped"].includes(tb.phase)) ? "class.all_done" : "class.started"))
          : el("button", { id: "class-start", class: "primary", onclick: () => socket.send({ type: "start" }) }, t("class.start")),
        el("button", { id: "class-new", onclick: () => { state.editingClass = true; drawClass(); } }, t("class.new_session"))),
      el("div", { class: "tables" }, b.tables.map((table) => tableCard(table, sameNames(b)))),
    ];
    root.replaceChildren(...parts);
  }

  function status(table) {
    if (table.phase === "waiting") return t("class.waiting");
    if (table.phase === "ended") return table.agreed ? t("debrief.agreement") : t("debrief.no_agreement");
    if (table.phase === "stopped") return t("debrief.stopped");
    return t("debrief.negotiating", { round: table.round });
  }

  // The names more than one person joined with (in any case): two seats, perhaps one person
  // who joined twice, which the trainer should see.
  function sameNames(b) {
    const count = new Map();
    for (const table of b.tables) for (const p of table.parties) {
      if (p.person) count.set(p.person.toLowerCase(), (count.get(p.person.toLowerCase()) || 0) + 1);
    }
    return new Set([...count].filter(([, n]) => n > 1).map(([name]) => name));
  }

  function tableCard(table, same) {
    return el("article", { class: "table-card " + table.phase, "data-table": table.number },
      el("h3", {}, t("class.table", { table: table.number }), " · ", status(table)),
      el("ul", {}, table.parties.map((p) => el("li", { class: p.person ? (p.connected ? "here" : "away") : "sim" },
        el("strong", {}, p.label), " ",
        p.person ? `${p.person}${p.plays ? "" : " → " + t("class.simulated")}${p.connected ? "" : " (" + t("class.away") + ")"}` : t("class.simulated"),
        p.person && same.has(p.person.toLowerCase()) ? el("span", { class: "same-name" }, " ⚠ " + t("class.same_name")) : null,
        p.person && p.plays && ["move", "respond"].includes(table.phase)
          ? el("button", { class: "small hand-over", onclick: () => socket.send({ type: "hand_over", table: table.number, seat: p.seat }) }, t("class.hand_over"))
          : null
      ))),
      table.stopped ? el("p", { class: "stopped-reason" }, table.stopped) : null
    );
  }

  // --- Debrief ----------------------------------------------------------------------------

  function drawDebrief() {
    const root = document.getElementById("debrief");
    const b = state.board;
    if (!b || !b.open) {
      root.replaceChildren(el("p", {}, t("debrief.nothing")));
      return;
    }
    const n = b.case.stakeholders.length;
    const head = el("tr", {}, el("th", {}, "#"), el("th", {}, ""),
      b.case.stakeholders.map((s) => el("th", {}, s)),
      el("th", {}, t("debrief.joint")), el("th", {}, t("debrief.left")), el("th", {}, t("debrief.world")), el("th", {}, t("debrief.www")), el("th", {}, ""));
    const rows = b.tables.map((table) => el("tr", { class: table.phase, "data-table": table.number },
      el("td", {}, table.number),
      el("td", {}, status(table)),
      table.parties.map((p) => el("td", { class: p.score === null ? "" : p.score > p.batna ? "above" : "below" },
        p.score === null ? "" : `${p.score} / ${p.batna}`, p.person ? el("small", {}, p.person) : null)),
      // A stopped table has no results: why it stopped stands in their place.
      table.phase === "stopped"
        ? el("td", { class: "stopped-reason", colspan: 4 }, table.stopped ?? "")
        : [
          el("td", {}, table.joint ?? ""), el("td", {}, table.left ?? ""),
          el("td", {}, table.world === null ? "" : `${table.world} / ${b.case.threshold}`),
          el("td", { class: "www" }, table.win_win_win === null ? "" : table.win_win_win ? "✔" : "✘"),
        ],
      el("td", {}, table.phase === "waiting" ? "" : el("button", { class: "small replay", onclick: () => loadReplay(table.number) }, t("debrief.replay")))
    ));
    const parts = [
      el("h2", {}, t("debrief.board"), " · ", b.case.title),
      el("table", { class: "board", id: "board" }, el("thead", {}, head), el("tbody", {}, rows)),
      el("p", { class: "exports" },
        el("a", { href: `/export/processes.csv?key=${key}`, download: true }, t("debrief.csv"), " (processes.csv)"), " · ",
        el("a", { href: `/export/stakeholders.csv?key=${key}`, download: true }, "stakeholders.csv"), " · ",
        el("a", { href: `/export/stakeholders.csv?key=${key}&names=1`, download: true }, `stakeholders.csv, ${t("debrief.csv_names")}`), " · ",
        el("a", { href: `/handout?key=${key}&lang=${Studio.lang}`, target: "_blank" }, t("debrief.handout"))),
    ];
    if (state.cloud) parts.push(cloudChart(b, n));
    if (state.replay) parts.push(replayPanel());
    root.replaceChildren(...parts);
  }

  function cloudChart(b, n) {
    const width = 900, height = 480, m = { left: 70, right: 20, top: 20, bottom: 60 };
    const w = width - m.left - m.right, h = height - m.top - m.bottom;
    // The joint scores that occur, with some room: the whole 0-100n range would squeeze them.
    const all = [...(state.cloud.collaborative || []), ...(state.cloud.positional || []), ...b.tables.filter((tb) => tb.phase === "ended")].map((p) => p.joint);
    const minX = Math.max(0, Math.floor((Math.min(...all) - 10) / 10) * 10);
    const maxX = Math.min(100 * n, Math.ceil((Math.max(...all) + 10) / 10) * 10);
    const x = (v) => m.left + ((v - minX) / (maxX - minX)) * w;
    const y = (v) => m.top + h - (v / 100) * h;
    const s = Studio.svg;
    const root = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "cloud", id: "cloud", "font-size": 18 });
    for (let v = 0; v <= 100; v += 25) {
      root.append(s("line", { x1: m.left, x2: m.left + w, y1: y(v), y2: y(v), class: "grid" }));
      root.append(s("text", { x: m.left - 8, y: y(v) + 6, "text-anchor": "end", class: "axis" }, v));
    }
    for (let k = 0; k <= 4; k++) {
      const v = Math.round(minX + ((maxX - minX) * k) / 4);
      root.append(s("text", { x: x(v), y: m.top + h + 24, "text-anchor": "middle", class: "axis" }, v));
    }
    root.append(s("line", { x1: m.left, x2: m.left + w, y1: y(b.case.threshold), y2: y(b.case.threshold), class: "threshold" }));
    root.append(s("text", { x: m.left + w / 2, y: height - 8, "text-anchor": "middle", class: "axis" }, t("debrief.chart_x")));
    root.append(s("text", { x: 18, y: m.top + h / 2, transform: `rotate(-90 18 ${m.top + h / 2})`, "text-anchor": "middle", class: "axis" }, t("debrief.chart_y")));
    const kinds = [["collaborative", "#009e73"], ["positional", "#d55e00"]];
    for (const [name, colour] of kinds) {
      for (const p of state.cloud[name] || []) {
        root.append(s("circle", { cx: x(p.joint), cy: y(p.world), r: 4, fill: colour, "fill-opacity": 0.35 }));
      }
    }
    for (const table of b.tables.filter((tb) => tb.phase === "ended")) {
      root.append(s("circle", { cx: x(table.joint), cy: y(table.world), r: 13, class: "class-dot" }));
      root.append(s("text", { x: x(table.joint), y: y(table.world) + 6, "text-anchor": "middle", class: "class-label" }, table.number));
    }
    const count = (state.cloud.collaborative || []).length;
    return el("section", { class: "cloud-box" },
      el("h3", {}, t("debrief.chart", { count })),
      root,
      el("ul", { class: "legend" },
        kinds.map(([name, colour], i) => el("li", {}, el("span", { class: "swatch", "data-cloud": i }), name)),
        el("li", {}, el("span", { class: "swatch class" }), t("debrief.class_dot")),
        el("li", {}, el("span", { class: "swatch threshold" }), t("demo.dance_threshold"))));
  }

  function replayPanel() {
    const r = state.replay;
    const total = r.rounds.length;
    const pos = Math.min(state.replayPosition, total);
    const steps = r.rounds.map(([round, , dance]) => Object.assign({ round }, dance));
    const current = r.rounds[pos - 1];
    return el("section", { class: "replay-box", id: "replay" },
      el("h3", {}, t("class.table", { table: state.replayTable }), " · ", t("demo.dance")),
      el("div", { class: "player" },
        el("button", { onclick: () => { state.replayPosition = Math.max(1, pos - 1); drawDebrief(); } }, t("demo.back")),
        el("span", { class: "round-label" }, t("demo.round_of", { round: pos, rounds: r.deadline })),
        el("button", { onclick: () => { state.replayPosition = Math.min(total, pos + 1); drawDebrief(); } }, t("demo.next"))),
      Studio.dance(steps, r.deadline, pos, r.case.stakeholders, r.batna, r.case.threshold),
      Studio.danceLegend(r.case.stakeholders),
      current ? el("div", { class: "narration" }, current[1].map((l) => el("p", {}, l))) : null,
      pos === total && r.verdict.length ? el("ul", { class: "verdict" }, r.verdict.slice(2).map((l) => el("li", {}, l.replace(/^\s*-\s*/, "")))) : null);
  }

  await loadLibrary();
  const asked = new URLSearchParams(location.search).get("demo");
  if (asked) await loadDemo(asked);
  draw();
})();

// negsim studio, a participant's page (phone or laptop): join with a name, read one's own
// role sheet, build a package with one's own score and the world value live, propose, answer
// the packages on the table, open up about a priority, or walk out. The seat's secret is kept
// in this browser, so a reload or a lost connection comes back to the same seat.
"use strict";

(async () => {
  const { el, t } = Studio;
  const LANG_KEY = "negsim.lang.participant";
  const SEAT_KEY = "negsim.seat";
  await Studio.loadWords(LANG_KEY);

  const fromPath = (location.pathname.match(/^\/j\/([A-Za-z0-9]+)/) || [])[1] || "";
  const state = {
    view: null,
    secret: localStorage.getItem(SEAT_KEY),
    name: "",
    code: fromPath.toUpperCase(),
    package: null,      // the package being built
    builtFor: null,     // the round it was built for
    disclose: "",
    accept: {},         // slot -> true
    sent: null,         // "move" or "respond" sent for the round shown
    deadlineAt: null,
  };

  const socket = Studio.connect(
    (m) => {
      if (m.type === "welcome") {
        state.secret = m.secret;
        localStorage.setItem(SEAT_KEY, m.secret);
      } else if (m.type === "seat") {
        const before = state.view;
        state.view = m.view;
        const key = `${m.view.phase}:${m.view.round}`;
        if (!before || `${before.phase}:${before.round}` !== key) {
          state.sent = null;
          state.accept = {};
        }
        state.deadlineAt = m.view.seconds_left === null ? null : Date.now() + m.view.seconds_left * 1000;
        draw();
      } else if (m.type === "error") {
        if (m.reason === "unknown" && state.secret && !state.view) {
          // The seat belongs to a session that is over: join anew.
          localStorage.removeItem(SEAT_KEY);
          state.secret = null;
        }
        state.sent = null;
        Studio.toast(t("app.error", { message: m.message }), "bad");
        draw();
      }
    },
    () => {
      socket.send({ type: "lang", lang: Studio.lang });
      if (state.secret) socket.send({ type: "rejoin", secret: state.secret });
    }
  );

  document.getElementById("lang").append(Studio.langSwitch(LANG_KEY));
  Studio.onLang((lang) => {
    socket.send({ type: "lang", lang });
    draw();
  });

  setInterval(() => {
    const box = document.getElementById("time-left");
    if (box && state.deadlineAt) {
      box.textContent = t("seat.time_left", { seconds: Math.max(0, Math.round((state.deadlineAt - Date.now()) / 1000)) });
    }
  }, 1000);

  function draw() {
    document.getElementById("title").textContent = state.view ? state.view.case.title : t("app.title");
    document.title = t("app.title");
    const main = document.getElementById("main");
    main.replaceChildren(...(state.view ? seat() : join()));
  }

  function join() {
    const name = el("input", { id: "name", autocomplete: "name", maxlength: 40, value: state.name, oninput: (e) => (state.name = e.target.value), required: true });
    const code = el("input", { id: "code", autocapitalize: "characters", maxlength: 8, value: state.code, oninput: (e) => (state.code = e.target.value.toUpperCase()), required: true });
    return [el("form", {
      class: "join card",
      onsubmit: (e) => {
        e.preventDefault();
        socket.send({ type: "join", code: state.code.trim(), name: state.name.trim(), lang: Studio.lang });
      },
    },
      el("h2", {}, t("join.title")),
      el("label", {}, t("join.name"), name),
      el("label", {}, t("join.code"), code),
      el("button", { id: "join", class: "primary", type: "submit" }, t("join.go")))];
  }

  // Score for this seat and world value of a package, from the role sheet.
  function worth(pkg) {
    let mine = 0, world = 0;
    state.view.sheet.forEach((issue, i) => {
      const o = issue.options[pkg[i]];
      if (o) { mine += o.adds; world += o.world; }
    });
    return { mine: Math.round(mine), world: Math.round(world) };
  }

  function seat() {
    const v = state.view;
    const parts = [];
    parts.push(el("div", { class: "seat-head card" },
      el("h2", { id: "role" }, t("seat.you_play", { who: v.role })),
      el("p", {}, t("seat.table", { table: v.table }), " · ", v.name),
      v.seconds_left !== null ? el("p", { id: "time-left", class: "time" }, t("seat.time_left", { seconds: v.seconds_left })) : null));
    if (v.phase === "waiting") parts.push(el("p", { class: "card note", id: "status" }, t("seat.waiting_table")));
    if (v.phase === "handed_over") parts.push(el("p", { class: "card note", id: "status" }, t("seat.handed_over")));
    if (v.phase === "stopped") parts.push(el("p", { class: "card note", id: "status" }, t("seat.stopped")));
    if (v.phase === "move") parts.push(movePanel(v));
    if (v.phase === "respond") parts.push(respondPanel(v));
    if (v.result) parts.push(resultPanel(v));
    parts.push(others(v));
    parts.push(sheet(v));
    parts.push(log(v));
    return parts;
  }

  function movePanel(v) {
    if (state.sent === "move" || v.acted) return el("p", { class: "card note", id: "status" }, t("seat.waiting_others"));
    if (state.builtFor !== v.round || !state.package) {
      state.package = (v.last_proposal || v.ideal).slice();
      state.builtFor = v.round;
    }
    const pkg = state.package;
    const score = worth(pkg);
    const issues = v.sheet.map((issue, i) => el("fieldset", { class: "issue" },
      el("legend", {}, issue.label, el("small", {}, " · " + t("seat.weight", { weight: issue.weight }))),
      el("div", { class: "options" }, issue.options.map((o, j) => !o || !o.available ? null : el("button", {
        type: "button",
        class: "option" + (pkg[i] === j ? " on" : ""),
        "aria-pressed": pkg[i] === j ? "true" : "false",
        "data-issue": i, "data-option": j,
        onclick: () => { pkg[i] = j; draw(); },
      }, el("span", {}, o.label), el("small", {}, `${o.score}`))))));
    const below = score.mine < v.batna;
    return el("section", { class: "card move" },
      // "Or keep your last one" only when there is one (the keep button below).
      el("h3", {}, t(v.last_proposal ? "seat.move_prompt" : "seat.move_prompt_first", { round: v.round, deadline: v.deadline })),
      v.on_table.length ? onTableList(v, false) : null,
      el("h3", {}, t("seat.your_package")),
      issues,
      el("div", { class: "totals", id: "totals" },
        el("span", { class: below ? "below" : "" }, el("b", { id: "score-mine" }, score.mine), " ", t("seat.for_you"), below ? ` (${t("seat.below_batna")}: ${v.batna})` : ""),
        el("span", { class: score.world < v.case.threshold ? "below" : "" }, el("b", { id: "score-world" }, score.world), " ", t("seat.for_world"), ` (${v.case.threshold})`)),
      el("label", {}, t("seat.disclose"),
        el("select", { id: "disclose", onchange: (e) => (state.disclose = e.target.value) },
          el("option", { value: "" }, t("seat.disclose_none")),
          v.sheet.map((issue, i) => el("option", { value: i, selected: String(i) === state.disclose }, issue.label)))),
      el("div", { class: "actions" },
        el("button", { id: "propose", class: "primary", onclick: () => sendMove(pkg) }, t("seat.propose")),
        v.last_proposal ? el("button", { id: "keep", onclick: () => sendMove(v.last_proposal) }, t("seat.keep")) : null,
        el("button", {
          id: "walk-out", class: "danger",
          onclick: () => { if (confirm(t("seat.walk_out_sure"))) sendMove(null, true); },
        }, t("seat.walk_out"))));
  }

  function sendMove(pkg, walkOut) {
    const v = state.view;
    state.sent = "move";
    socket.send({
      type: "move", table: v.table, seat: v.seat, round: v.round,
      disclose: state.disclose === "" ? null : Number(state.disclose),
      proposal: pkg, walk_out: !!walkOut,
    });
    state.disclose = "";
    draw();
  }

  function onTableList(v, answering) {
    return el("ul", { class: "on-table", id: answering ? "answers" : "standing" }, v.on_table.map((p) => el("li", { "data-slot": p.slot },
      el("p", {}, el("strong", {}, p.whose), ": ", p.text),
      el("p", { class: "worth" },
        el("b", { class: p.score < v.batna ? "below" : "" }, p.score), " ", t("seat.for_you"),
        p.score < v.batna ? ` (${t("seat.below_batna")})` : "", " · ",
        el("b", {}, p.world), " ", t("seat.for_world")),
      answering ? el("div", { class: "actions" },
        el("button", {
          class: "accept" + (state.accept[p.slot] ? " on" : ""), "aria-pressed": state.accept[p.slot] ? "true" : "false",
          onclick: () => { state.accept[p.slot] = true; draw(); },
        }, t("seat.accept")),
        el("button", {
          class: "reject" + (state.accept[p.slot] ? "" : " on"), "aria-pressed": state.accept[p.slot] ? "false" : "true",
          onclick: () => { delete state.accept[p.slot]; draw(); },
        }, t("seat.reject"))) : null)));
  }

  function respondPanel(v) {
    if (state.sent === "respond" || v.acted) return el("p", { class: "card note", id: "status" }, t("seat.waiting_others"));
    return el("section", { class: "card respond" },
      el("h3", {}, t("seat.respond_prompt", { round: v.round })),
      onTableList(v, true),
      el("button", {
        id: "send-answers", class: "primary",
        onclick: () => {
          state.sent = "respond";
          socket.send({
            type: "respond", table: v.table, seat: v.seat, round: v.round,
            accept: Object.keys(state.accept).map(Number),
          });
          draw();
        },
      }, t("seat.send_answers")));
  }

  function resultPanel(v) {
    const r = v.result;
    return el("section", { class: "card result", id: "result" },
      el("h3", {}, t("seat.result")),
      el("p", {}, r.agreed ? t("seat.result_agreed", { round: r.round, package: r.package }) : t("seat.result_none")),
      el("p", {}, t("seat.result_you", { score: r.score, batna: r.batna })),
      el("p", {}, t("seat.result_world", { world: r.world, threshold: v.case.threshold })),
      el("p", { class: r.win_win_win ? "www yes" : "www no" }, r.win_win_win ? t("seat.win_win_win") : t("seat.not_win_win_win")));
  }

  function others(v) {
    return el("section", { class: "card others" },
      el("h3", {}, t("seat.at_table")),
      el("ul", {}, v.others.map((o) => el("li", {},
        el("strong", {}, o.label), o.person ? ` (${o.person})` : "",
        o.trust_in_you === null ? "" : " · " + t("seat.trust_in_you", { trust: o.trust_in_you })))));
  }

  function sheet(v) {
    return el("details", { class: "card sheet", id: "sheet", open: v.phase === "waiting" },
      el("summary", {}, t("seat.sheet")),
      el("p", { class: "story" }, v.case.story),
      v.sheet.map((issue) => el("div", { class: "sheet-issue" },
        el("h4", {}, issue.label, " · ", t("seat.weight", { weight: issue.weight })),
        el("ul", {}, issue.options.map((o) => o ? el("li", {}, `${o.label}: ${o.score}`) : null)))),
      el("p", {}, t("seat.batna", { batna: v.batna })),
      el("p", {}, t("seat.world_bar", { threshold: v.case.threshold })));
  }

  function log(v) {
    return el("section", { class: "card log", id: "log" },
      el("h3", {}, t("seat.log")),
      v.log.slice().reverse().map(([round, lines]) => el("div", { class: "log-round" },
        el("h4", {}, t("demo.round_of", { round, rounds: v.deadline })),
        lines.map((l) => el("p", {}, l)))));
  }

  draw();
})();

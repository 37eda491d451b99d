/* trackrecord review: one document's records beside their sources; marks kept in this browser
   (localStorage) and downloaded as a corrections file that `trackrecord extract --corrections`
   applies. Every value is put on the page as text (textContent), never as markup. */
(function () {
  "use strict";
  var PAGE_SIZE = 20;
  var FORMAT = "trackrecord-corrections/1";
  var QUEUE = (window.TR && window.TR.queue) || [];
  var doc = null, chunks = {}, waiting = {}, lines = null, cells = null, boxes = {};
  var state = {filter: "all", list: [], page: 0, current: 0, field: null, view: "records", pageNo: 1};
  var marks = {};

  window.TR = {
    queue: [],
    doc: function (meta) { doc = meta; },
    chunk: function (n, records) { chunks[n] = records; (waiting["c" + n] || []).forEach(function (f) { f(); }); },
    boxes: function (page, list) { boxes[page] = list; (waiting["b" + page] || []).forEach(function (f) { f(); }); },
    lines: function (l) { lines = l; (waiting.lines || []).forEach(function (f) { f(); }); },
    cells: function (c) { cells = c; (waiting.cells || []).forEach(function (f) { f(); }); }
  };
  QUEUE.forEach(function (call) { window.TR[call[0]].apply(null, call[1]); });

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "style") Object.assign(node.style, attrs[k]);
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function load(src, key, ready) {
    if (ready()) return Promise.resolve();
    return new Promise(function (resolve) {
      var first = !waiting[key];
      (waiting[key] = waiting[key] || []).push(resolve);
      if (first) document.body.appendChild(el("script", {src: src}));
    });
  }
  function pad(n) { return ("000" + n).slice(-4); }
  function loadChunk(n) { return load("records-" + pad(n) + ".js", "c" + n, function () { return !!chunks[n]; }); }
  function loadBoxes(p) { return load("boxes-" + pad(p) + ".js", "b" + p, function () { return !!boxes[p]; }); }
  function loadLines() { return load("source-lines.js", "lines", function () { return !!lines; }); }
  function loadCells() { return load("source-cells.js", "cells", function () { return !!cells; }); }

  /* ---- marks: applied in the output (from doc.js) and made here (localStorage) ---- */
  var storeKey = "";
  function readMarks() {
    try { marks = JSON.parse(localStorage.getItem(storeKey) || "{}") || {}; } catch (e) { marks = {}; }
  }
  function saveMarks() { try { localStorage.setItem(storeKey, JSON.stringify(marks)); } catch (e) { /* private mode */ } }
  function rowMarks(i) {
    var row = doc.rows[i], out = {};
    Object.keys(row[2]).forEach(function (f) { out[f] = row[2][f]; });
    Object.keys(marks).forEach(function (k) {
      var m = marks[k];
      if (m.record === row[0]) out[m.field] = m.action;
    });
    return out;
  }
  function reviewed(i) { return Object.keys(rowMarks(i)).length > 0; }
  function stillFlagged(i) {
    var m = rowMarks(i);
    return doc.rows[i][1] && doc.rows[i][4].some(function (f) { return !m[f]; });
  }
  function auditor() { return ($("auditor").value || "").trim(); }

  function mark(record, field, action, value, note) {
    var fv = record.fields[field];
    marks[record.id + "|" + field] = {
      doc_id: doc.doc_id, sha256: doc.sha256, record: record.id, row: record.row, field: field, action: action,
      was: fv.correction ? fv.correction.value_was : fv.value, value: action === "corrected" ? value : null,
      note: note || "", by: auditor(), at: new Date().toISOString()
    };
    saveMarks();
  }
  function unmark(record, field) { delete marks[record.id + "|" + field]; saveMarks(); }

  function appliedAsCorrections() {
    /* the marks the output already carries, as entries: a rerun with the downloaded file keeps them */
    var out = [];
    Object.keys(chunks).forEach(function (n) {
      chunks[n].forEach(function (r) {
        Object.keys(r.fields).forEach(function (f) {
          var fv = r.fields[f], m = fv.correction || fv.checked;
          if (!m) return;
          out.push({doc_id: doc.doc_id, sha256: doc.sha256, record: r.id, row: r.row, field: f,
                    action: fv.correction ? "corrected" : "checked", was: fv.correction ? fv.correction.value_was : fv.value,
                    value: fv.correction ? fv.value : null, note: m.note, by: m.by, at: m.at});
        });
      });
    });
    return out;
  }

  function download(name, text, type) {
    var a = el("a", {href: URL.createObjectURL(new Blob([text], {type: type})), download: name});
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  function downloadCorrections() {
    var needed = {};
    doc.rows.forEach(function (r) { if (Object.keys(r[2]).length) needed[r[3]] = true; });
    Promise.all(Object.keys(needed).map(function (n) { return loadChunk(+n); })).then(function () {
      var byKey = {};
      appliedAsCorrections().forEach(function (c) { byKey[c.record + "|" + c.field] = c; });
      Object.keys(marks).forEach(function (k) { byKey[k] = marks[k]; });
      var list = Object.keys(byKey).map(function (k) { return byKey[k]; });
      download("corrections-" + doc.doc_id + ".json", JSON.stringify({format: FORMAT, corrections: list}, null, 1),
               "application/json");
    });
  }

  function csvCell(v) {
    var s = String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function auditCsv() {
    var rows = doc.rows.length, flagged = 0, rev = 0, corr = 0, still = 0;
    doc.rows.forEach(function (r, i) {
      var m = rowMarks(i);
      flagged += r[1] ? 1 : 0;
      rev += Object.keys(m).length ? 1 : 0;
      corr += Object.keys(m).some(function (f) { return m[f] === "corrected"; }) ? 1 : 0;
      still += stillFlagged(i) ? 1 : 0;
    });
    var head = ["doc_id", "source", "sha256", "rows", "flagged", "reviewed", "corrected", "still_flagged"];
    var line = [doc.doc_id, doc.path, doc.sha256, rows, flagged, rev, corr, still];
    return head.join(",") + "\r\n" + line.map(csvCell).join(",") + "\r\n";
  }

  /* ---- the list of rows the filter keeps, and paging through it ---- */
  function filterRows() {
    state.list = [];
    doc.rows.forEach(function (r, i) {
      if (state.filter === "flagged" && !r[1]) return;
      if (state.filter === "unreviewed" && reviewed(i)) return;
      state.list.push(i);
    });
  }

  function summaryText() {
    var flagged = 0, rev = 0, still = 0;
    doc.rows.forEach(function (r, i) { flagged += r[1] ? 1 : 0; rev += reviewed(i) ? 1 : 0; still += stillFlagged(i) ? 1 : 0; });
    return doc.rows.length + " rows · " + flagged + " flagged · " + rev + " reviewed · " + still + " still flagged" +
      (doc.kind ? " · " + doc.kind : "") + (doc.path ? " · " + doc.path : "");
  }

  function pager(box, count, page, go) {
    box.textContent = "";
    var pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
    box.appendChild(el("button", {text: "‹ previous", disabled: page <= 0 ? "" : null, onclick: function () { go(page - 1); }}));
    box.appendChild(el("span", {text: " page " + (page + 1) + " of " + pages + " (" + count + " rows) "}));
    box.appendChild(el("button", {text: "next ›", disabled: page >= pages - 1 ? "" : null, onclick: function () { go(page + 1); }}));
  }

  function renderRecords() {
    var start = state.page * PAGE_SIZE, shown = state.list.slice(start, start + PAGE_SIZE);
    var need = {};
    shown.forEach(function (i) { need[doc.rows[i][3]] = true; });
    var jobs = Object.keys(need).map(function (n) { return loadChunk(+n); });
    if (doc.text) jobs.push(loadLines());
    if (doc.cells) jobs.push(loadCells());
    return Promise.all(jobs).then(function () {
      var box = $("records");
      box.textContent = "";
      shown.forEach(function (i) { box.appendChild(card(i)); });
      if (!shown.length) box.appendChild(el("p", {class: "empty", text: "No rows match this filter."}));
      pager($("pager-top"), state.list.length, state.page, goPage);
      pager($("pager-bottom"), state.list.length, state.page, goPage);
      $("summary").textContent = summaryText();
      highlight();
    });
  }

  function goPage(p) {
    var pages = Math.max(1, Math.ceil(state.list.length / PAGE_SIZE));
    state.page = Math.max(0, Math.min(pages - 1, p));
    if (state.list.length) state.current = state.list[state.page * PAGE_SIZE];
    state.field = null;
    renderRecords();
  }

  function recordAt(i) { var r = doc.rows[i]; return chunks[r[3]] && chunks[r[3]][i - r[3] * doc.chunk]; }

  /* ---- one record: each field's value, raw text, confidence, flags, marks, and source ---- */
  function card(i) {
    var r = recordAt(i), m = rowMarks(i);
    var head = el("div", {class: "head"}, [
      el("span", {class: "rid", text: r.id}),
      r.ref ? el("span", {class: "ref", text: "ref " + r.ref}) : null,
      r.section ? el("span", {class: "section", text: r.section}) : null,
      el("span", {class: "conf", text: "confidence " + fmt(r.confidence)}),
      flagList(r.flags)
    ]);
    var table = el("table", {class: "fields"});
    Object.keys(r.fields).forEach(function (name) {
      var fv = r.fields[name], local = marks[r.id + "|" + name];
      var status = local ? local.action + " (not yet applied)" : (fv.correction ? "corrected by " + (fv.correction.by || "?") :
        fv.checked ? "checked by " + (fv.checked.by || "?") : "");
      var shown = local && local.action === "corrected" ? local.value : fv.value;
      var row = el("tr", {class: "field" + (m[name] ? " marked" : "") + (flagged(fv.flags) ? " doubt" : ""),
                          "data-field": name, onclick: function () { state.current = i; state.field = name; highlight(); }}, [
        el("th", {text: name}),
        el("td", {class: "value"}, [
          el("div", {class: "v", text: shown === null || shown === undefined ? "—" : String(shown)}),
          fv.raw !== undefined && fv.raw !== null && String(fv.raw) !== String(fv.value) ?
            el("div", {class: "raw", text: "as printed: " + fv.raw}) : null,
          el("div", {class: "meta"}, [
            el("span", {text: "confidence " + fmt(fv.confidence) + (fv.ocr_confidence !== undefined ? " · OCR " + fmt(fv.ocr_confidence) : "")}),
            flagList(fv.flags),
            status ? el("span", {class: "mark", text: status}) : null
          ]),
          el("div", {class: "actions"}, [
            el("button", {text: "✓ checked", title: "c", onclick: function (e) { e.stopPropagation(); check(i, name); }}),
            el("button", {text: "✗ wrong…", title: "w", onclick: function (e) { e.stopPropagation(); wrong(i, name); }}),
            local ? el("button", {text: "undo", title: "u", onclick: function (e) { e.stopPropagation(); undo(i, name); }}) : null
          ])
        ]),
        el("td", {class: "where"}, sourceView(fv))
      ]);
      table.appendChild(row);
    });
    return el("article", {class: "record" + (doc.rows[i][1] ? " flagged" : "") + (reviewed(i) ? " reviewed" : ""),
                          id: "row-" + i, "data-index": i, "data-id": r.id}, [head, el("div", {class: "heading", text: r.heading || ""}), table]);
  }

  function fmt(x) { return x === null || x === undefined ? "–" : Number(x).toFixed(2); }
  var QUIET = (doc && doc.quiet_flags) || [];  /* where a value came from, not a doubt (review/audit.py) */
  function flagged(flags) { return (flags || []).some(function (f) { return QUIET.indexOf(f) < 0; }); }
  function flagList(flags) {
    return el("span", {class: "flags"}, (flags || []).map(function (f) {
      return el("span", {class: QUIET.indexOf(f) < 0 ? "flag" : "flag quiet", text: f});
    }));
  }

  function sourceView(fv) {
    var pieces = fv.pieces && fv.pieces.length ? fv.pieces : [fv.source || {}];
    if (doc.text) {
      var numbers = pieces.map(function (p) { return p.line; }).filter(function (n) { return n; });
      return numbers.length ? [textLines(numbers)] : [el("span", {class: "nosource", text: "no line"})];
    }
    if (doc.cells || (!doc.pages.length && pieces.some(function (p) { return p.cell; }))) return pieces.map(cellView);
    if (!doc.pages.length) return [el("span", {class: "nosource", text: doc.note ? "source not found" : "no page"})];
    var out = pieces.filter(function (p) { return p.page && p.bbox; }).map(crop);
    return out.length ? out : [el("span", {class: "nosource", text: "no box"})];
  }

  /* an Office file's cell: its address, and what the file holds there (as read again from the file) */
  function cellView(p) {
    if (!p.cell) return el("span", {class: "nosource", text: "no cell"});
    var held = cells && Object.prototype.hasOwnProperty.call(cells, p.cell) ? cells[p.cell] : null;
    return el("div", {class: "cell", "data-cell": p.cell}, [el("code", {text: p.cell}),
      held === null ? el("span", {class: "nosource", text: doc.cells ? " (empty)" : ""}) : el("q", {text: held})]);
  }

  function textLines(numbers) {
    var first = Math.max(1, Math.min.apply(null, numbers) - 2), last = Math.min(lines.length, Math.max.apply(null, numbers) + 2);
    var box = el("ol", {class: "lines", start: first});
    for (var n = first; n <= last; n++) {
      box.appendChild(el("li", {class: numbers.indexOf(n) >= 0 ? "hit" : null, "data-line": n, value: n, text: lines[n - 1]}));
    }
    return box;
  }

  function pageOf(n) { return doc.pages[n - 1]; }

  function crop(piece) {
    var page = pageOf(piece.page), b = piece.bbox, margin = 14;
    if (!page) return el("span", {class: "nosource", text: "page " + piece.page + " not rendered"});
    var rx0 = Math.max(0, b[0] - margin), ry0 = Math.max(0, b[1] - margin);
    var rx1 = Math.min(page.w, b[2] + margin), ry1 = Math.min(page.h, b[3] + margin);
    var widest = 460, s = Math.min(2.2, widest / Math.max(1, rx1 - rx0));
    var img = el("img", {src: page.img, alt: "page " + page.n, loading: "lazy", draggable: "false",
                         style: {width: (page.w * s) + "px", height: (page.h * s) + "px", left: (-rx0 * s) + "px", top: (-ry0 * s) + "px"}});
    var box = el("div", {class: "box", "data-bbox": b.join(","),
                         style: {left: ((b[0] - rx0) * s) + "px", top: ((b[1] - ry0) * s) + "px",
                                 width: ((b[2] - b[0]) * s) + "px", height: ((b[3] - b[1]) * s) + "px"}});
    return el("div", {class: "crop-wrap"}, [
      el("div", {class: "crop-label", text: "page " + piece.page}),
      el("div", {class: "crop", "data-page": piece.page, "data-scale": s, "data-origin": rx0 + "," + ry0,
                 style: {width: ((rx1 - rx0) * s) + "px", height: ((ry1 - ry0) * s) + "px"}}, [img, box])
    ]);
  }

  /* ---- marking ---- */
  function check(i, name) { mark(recordAt(i), name, "checked"); state.current = i; state.field = name; refresh(); }
  function undo(i, name) { unmark(recordAt(i), name); refresh(); }
  function wrong(i, name) {
    var r = recordAt(i), fv = r.fields[name], dialog = $("correct");
    state.current = i; state.field = name;
    $("correct-field").textContent = name + " of " + r.id;
    $("correct-was").textContent = fv.value === null || fv.value === undefined ? "(empty)" : String(fv.value);
    $("correct-value").value = fv.value === null || fv.value === undefined ? "" : String(fv.value);
    $("correct-note").value = "";
    dialog.returnValue = "";
    dialog.onclose = function () {
      if (dialog.returnValue === "save") { mark(r, name, "corrected", $("correct-value").value, $("correct-note").value); refresh(); }
    };
    dialog.showModal();
    $("correct-value").focus();
  }
  function refresh() {
    var keep = state.current, field = state.field;
    filterRows();
    var at = state.list.indexOf(keep);
    if (at >= 0) state.page = Math.floor(at / PAGE_SIZE);
    else state.page = Math.min(state.page, Math.max(0, Math.ceil(state.list.length / PAGE_SIZE) - 1));
    state.current = keep; state.field = field;
    return renderRecords();
  }

  /* ---- the current row and field ---- */
  function highlight() {
    Array.prototype.forEach.call(document.querySelectorAll(".record.current, tr.current"), function (n) { n.classList.remove("current"); });
    var card = $("row-" + state.current);
    if (!card) return;
    card.classList.add("current");
    var fields = card.querySelectorAll("tr.field");
    if (!state.field && fields.length) state.field = fields[0].getAttribute("data-field");
    Array.prototype.forEach.call(fields, function (f) {
      if (f.getAttribute("data-field") === state.field) { f.classList.add("current"); }
    });
    var cur = card.querySelector("tr.current") || card;
    if (cur.scrollIntoView) cur.scrollIntoView({block: "nearest"});
  }
  function move(step, onlyFlagged) {
    var at = state.list.indexOf(state.current), n = at;
    do { n += step; } while (n >= 0 && n < state.list.length && onlyFlagged && !doc.rows[state.list[n]][1]);
    if (n < 0 || n >= state.list.length) return;
    state.current = state.list[n]; state.field = null;
    var page = Math.floor(n / PAGE_SIZE);
    if (page !== state.page) { state.page = page; renderRecords(); } else highlight();
  }
  function moveField(step) {
    var card = $("row-" + state.current); if (!card) return;
    var names = Array.prototype.map.call(card.querySelectorAll("tr.field"), function (f) { return f.getAttribute("data-field"); });
    var at = names.indexOf(state.field) + step;
    if (at >= 0 && at < names.length) { state.field = names[at]; highlight(); }
  }

  /* ---- the page view: the whole page with every box; hover a box for its record ---- */
  function renderPage() {
    var box = $("page-box");
    var pages = doc.pages.length;
    $("page-pager").textContent = "";
    if (!pages) {
      box.textContent = doc.text ? "A text source has no pages: its lines show beside each value."
        : doc.cells ? "A Word or Excel source has no pages: each value shows its cell and what the file holds there."
        : "No page images.";
      return Promise.resolve();
    }
    var p = state.pageNo, page = pageOf(p);
    $("page-pager").appendChild(el("button", {text: "‹ page", disabled: p <= 1 ? "" : null, onclick: function () { state.pageNo--; renderPage(); }}));
    $("page-pager").appendChild(el("span", {text: " page " + p + " of " + pages + " "}));
    $("page-pager").appendChild(el("button", {text: "page ›", disabled: p >= pages ? "" : null, onclick: function () { state.pageNo++; renderPage(); }}));
    var wait = doc.box_pages.indexOf(p) >= 0 ? loadBoxes(p) : Promise.resolve();
    return wait.then(function () {
      var width = Math.min(1000, box.clientWidth || 1000), s = width / page.w;
      var frame = el("div", {class: "page", "data-page": p, "data-scale": s, style: {width: width + "px", height: (page.h * s) + "px"}},
                     [el("img", {src: page.img, alt: "page " + p, style: {width: width + "px"}})]);
      var area = function (b) { return (b[2][2] - b[2][0]) * (b[2][3] - b[2][1]); };
      /* largest first: a value inside a cell (a number in a target) lies over the cell's box */
      (boxes[p] || []).slice().sort(function (a, b) { return area(b) - area(a); }).forEach(function (b) {
        var i = b[0], bb = b[2];
        frame.appendChild(el("div", {class: "pbox" + (doc.rows[i][1] ? " doubt" : ""), "data-row": i, "data-field": b[1], "data-bbox": bb.join(","),
          style: {left: bb[0] * s + "px", top: bb[1] * s + "px", width: (bb[2] - bb[0]) * s + "px", height: (bb[3] - bb[1]) * s + "px"},
          onmouseenter: function (e) { tip(e, doc.rows[i][0] + " · " + b[1] + ": " + b[3]); },
          onmouseleave: function () { $("tip").hidden = true; },
          onclick: function () { showRecord(i, b[1]); }}));
      });
      box.textContent = "";
      box.appendChild(frame);
    });
  }
  function tip(e, text) {
    var t = $("tip"); t.textContent = text; t.hidden = false;
    t.style.left = (e.pageX + 12) + "px"; t.style.top = (e.pageY + 12) + "px";
  }
  function showRecord(i, field) {
    if (state.list.indexOf(i) < 0) { state.filter = "all"; document.querySelector("input[name=filter][value=all]").checked = true; filterRows(); }
    state.current = i; state.field = field || null;
    state.page = Math.floor(state.list.indexOf(i) / PAGE_SIZE);
    setView("records");
  }
  function setView(v) {
    state.view = v;
    $("records-view").hidden = v !== "records"; $("pages-view").hidden = v !== "pages";
    $("view-records").classList.toggle("on", v === "records"); $("view-pages").classList.toggle("on", v === "pages");
    return v === "records" ? renderRecords() : renderPage();
  }

  function keys(e) {
    if (e.target && /INPUT|TEXTAREA|SELECT/.test(e.target.tagName) || e.ctrlKey || e.metaKey || e.altKey) return;
    if ($("correct").open) return;
    var r = state.field && recordAt(state.current);
    switch (e.key) {
      case "j": move(1, false); break;
      case "k": move(-1, false); break;
      case "n": move(1, true); break;
      case "p": move(-1, true); break;
      case "f": moveField(1); break;
      case "F": moveField(-1); break;
      case "c": if (r) check(state.current, state.field); break;
      case "w": if (r) { e.preventDefault(); wrong(state.current, state.field); } break;
      case "u": if (r) undo(state.current, state.field); break;
      case "a": if (r) { Object.keys(r.fields).forEach(function (f) { mark(r, f, "checked"); }); refresh(); } break;
      case "g": if (r) { var s = (r.fields[state.field].source || {}); if (s.page) { state.pageNo = s.page; setView("pages"); } } break;
      case "?": $("help").hidden = !$("help").hidden; break;
      default: return;
    }
  }

  function start() {
    if (!doc) return;
    storeKey = "trackrecord:" + doc.doc_id + ":" + doc.sha256;
    readMarks();
    document.title = doc.doc_id + " · trackrecord review";
    $("title").textContent = doc.doc_id + (doc.period && doc.period.year ? " · " + doc.period.year : "");
    if (doc.note) { $("note").hidden = false; $("note").textContent = doc.note; }
    try { $("auditor").value = localStorage.getItem("trackrecord:auditor") || ""; } catch (e) { /* private mode */ }
    $("auditor").addEventListener("change", function () { try { localStorage.setItem("trackrecord:auditor", auditor()); } catch (e) { /* */ } });
    Array.prototype.forEach.call(document.querySelectorAll("input[name=filter]"), function (input) {
      input.addEventListener("change", function () { state.filter = input.value; filterRows(); goPage(0); });
    });
    $("view-records").addEventListener("click", function () { setView("records"); });
    $("view-pages").addEventListener("click", function () { setView("pages"); });
    $("download").addEventListener("click", downloadCorrections);
    $("audit").addEventListener("click", function () { download("audit-" + doc.doc_id + ".csv", auditCsv(), "text/csv"); });
    $("help-button").addEventListener("click", function () { $("help").hidden = !$("help").hidden; });
    document.addEventListener("keydown", keys);
    filterRows();
    goPage(0);
  }
  start();
})();

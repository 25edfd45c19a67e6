/* Progressive enhancement for the pages (no libraries; every page works without it).
 * - formsets: add rows, mark rows removed, move indicator rows up/down (renumbers ORDER)
 * - live checks of the budget and the spending plan: the server answers them (GET /check/,
 *   jixiao.core.live_checks); no rule is written here
 * - project list: select all / export button state; return form: "对此提意见" buttons
 */
(function () {
  "use strict";

  // Forms that delete ask first: data-confirm (the Content-Security-Policy forbids inline
  // onsubmit handlers).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  function show(el, ok, message) {
    if (!el) return;
    el.textContent = message;
    el.classList.toggle("ok", ok);
    el.classList.toggle("bad", !ok);
  }

  // -- formsets ---------------------------------------------------------------------------
  function container(prefix) {
    var root = document.querySelector('[data-formset="' + prefix + '"]');
    if (!root) return null;
    return root.hasAttribute("data-forms") ? root : root.querySelector("[data-forms]") || root;
  }

  function renumber(prefix) {
    var box = container(prefix);
    if (!box) return;
    var n = 0;
    box.querySelectorAll("[data-form]").forEach(function (row) {
      var order = row.querySelector('input[name$="-ORDER"]');
      if (order) order.value = String(++n);
    });
  }

  function addForm(prefix) {
    var tpl = document.querySelector('template[data-empty-form="' + prefix + '"]');
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var box = container(prefix);
    if (!tpl || !total || !box) return null;
    var index = parseInt(total.value, 10);
    var html = tpl.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement(box.tagName === "TBODY" ? "tbody" : "div");
    if (box.tagName === "TBODY") {
      var table = document.createElement("table");
      table.appendChild(holder);
    }
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    box.appendChild(row);
    total.value = String(index + 1);
    renumber(prefix);
    wire(row);
    var first = row.querySelector("input:not([type=hidden]):not([type=checkbox]), textarea, select");
    if (first) first.focus();
    return row;
  }

  function wire(scope) {
    scope.querySelectorAll('input[type=checkbox][name$="-DELETE"]').forEach(function (box) {
      box.addEventListener("change", function () {
        var row = box.closest("[data-form]");
        if (row) row.classList.toggle("removed", box.checked);
        liveCheck();
      });
    });
    scope.querySelectorAll("[data-move]").forEach(function (button) {
      button.addEventListener("click", function () {
        var row = button.closest("[data-form]");
        var prefix = button.closest("[data-formset]").getAttribute("data-formset");
        if (button.getAttribute("data-move") === "up" && row.previousElementSibling) {
          row.parentNode.insertBefore(row, row.previousElementSibling);
        } else if (button.getAttribute("data-move") === "down" && row.nextElementSibling) {
          row.parentNode.insertBefore(row.nextElementSibling, row);
        }
        renumber(prefix);
        button.focus();
      });
    });
    scope.querySelectorAll('[data-formset=plan] input, input[name^="budget_"]').forEach(function (input) {
      input.addEventListener("input", liveCheck);
    });
  }

  // -- live checks (answered by the server) ----------------------------------------------
  var pending = null;
  var asked = 0;

  function planRows() {
    var rows = [];
    var box = container("plan");
    if (!box) return rows;
    box.querySelectorAll("[data-form]").forEach(function (row) {
      var del = row.querySelector('input[name$="-DELETE"]');
      var month = row.querySelector('input[name$="-month"]');
      var text = row.querySelector('input[name$="-text"]');
      if (!month || !text || (del && del.checked)) return;
      rows.push({ month: month.value, text: text });
    });
    return rows;
  }

  /** Ask GET /check/ about the budget and plan inputs; show its answer (debounced). */
  function liveCheck() {
    var form = document.querySelector("[data-check-url]");
    if (!form) return;
    if (pending) clearTimeout(pending);
    pending = setTimeout(function () {
      var query = new URLSearchParams();
      query.append("unit", form.getAttribute("data-money-unit") || "");
      ["total", "fiscal", "other", "carryover"].forEach(function (key) {
        var el = form.querySelector('input[name="budget_' + key + '"]');
        query.append(key, el ? el.value : "");
      });
      var rows = planRows();
      rows.forEach(function (r) {
        query.append("month", r.month);
        query.append("text", r.text.value);
      });
      var ticket = ++asked;
      fetch(form.getAttribute("data-check-url") + "?" + query.toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (ticket !== asked) return; // a later answer is on its way
          render(answer, rows);
        })
        .catch(function () { /* the server checks again on saving */ });
    }, 150);
  }

  function render(answer, rows) {
    if (answer.error) {
      show(document.querySelector("[data-plan-check]"), false, "⚠ " + answer.error);
      return;
    }
    var budget = answer.budget;
    var out = document.querySelector("[data-budget-check]");
    if (out && budget.messages.length === 0) out.textContent = "";
    else show(out, budget.ok, (budget.ok ? "" : "⚠ ") + budget.messages.join("；"));
    ["total", "fiscal", "other", "carryover"].forEach(function (key) {
      var el = document.querySelector('input[name="budget_' + key + '"]');
      if (el) el.classList.toggle("bad", budget.fields.indexOf(key) >= 0);
    });
    var plan = answer.plan;
    show(document.querySelector("[data-plan-check]"), plan.ok, (plan.ok ? "" : "⚠ ") + plan.messages.join("；"));
    rows.forEach(function (r) {
      r.text.classList.toggle("bad", plan.months.indexOf(parseInt(r.month, 10)) >= 0);
    });
  }

  // -- project list: selection ------------------------------------------------------------
  function wireSelection() {
    var all = document.querySelector("[data-select-all]");
    var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name=project][form="export-form"]'));
    var button = document.querySelector("[data-needs-selection]");
    var count = document.querySelector("[data-selection-count]");
    if (!boxes.length || !button) return;
    function update() {
      var n = boxes.filter(function (b) { return b.checked; }).length;
      button.disabled = n === 0;
      if (count) count.textContent = n ? "已选 " + n + " 个" : "请先勾选项目";
      if (all) all.checked = n === boxes.length;
    }
    boxes.forEach(function (b) { b.addEventListener("change", update); });
    if (all) all.addEventListener("change", function () {
      boxes.forEach(function (b) { b.checked = all.checked; });
      update();
    });
    update();
  }

  // -- return form: comment on a field --------------------------------------------------------
  function wireCommentButtons() {
    document.querySelectorAll("[data-comment-on]").forEach(function (button) {
      button.addEventListener("click", function () {
        var rows = Array.prototype.slice.call(document.querySelectorAll("#return-form [data-form]"));
        var row = rows.filter(function (r) { return !r.querySelector("textarea").value.trim(); })[0] || addForm("c");
        if (!row) return;
        row.querySelector("select").value = button.getAttribute("data-comment-on");
        var ind = row.querySelector('input[name$="-indicator"]');
        if (ind) ind.value = button.getAttribute("data-indicator") || "";
        rows.forEach(function (r) { r.classList.remove("highlight"); });
        row.classList.add("highlight");
        row.scrollIntoView({ block: "center" });
        row.querySelector("textarea").focus();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    wire(document);
    document.querySelectorAll("[data-add-form]").forEach(function (button) {
      button.addEventListener("click", function () { addForm(button.getAttribute("data-add-form")); });
    });
    document.querySelectorAll('input[type=checkbox][name$="-DELETE"]:checked').forEach(function (box) {
      box.closest("[data-form]").classList.add("removed");
    });
    if (document.querySelector("[data-check-url]")) liveCheck();
    wireSelection();
    wireCommentButtons();
  });
})();

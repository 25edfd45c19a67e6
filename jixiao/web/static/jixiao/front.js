/* Progressive enhancement for the pages (no libraries; every page works without it).
 * - formsets: add rows, mark rows removed, move indicator rows up/down (renumbers ORDER)
 * - live checks: spending plan cumulative, non-decreasing, ending at 100%; budget sum
 * - project list: select all / export button state; return form: "对此提意见" buttons
 * Numbers are compared as scaled integers (BigInt), never as floats. */
(function () {
  "use strict";

  var SCALE = 6; // decimal places kept when comparing amounts and percentages

  // Forms that delete ask first: data-confirm (the Content-Security-Policy forbids inline
  // onsubmit handlers).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  /** "1,234.5" → 1234500000n (value × 10^SCALE), or null when not a plain number. */
  function scaled(text) {
    var s = String(text || "").trim().replace(/[,，\s]/g, "");
    var m = /^(\d*)(?:\.(\d*))?$/.exec(s);
    if (!m || (m[1] === "" && !m[2])) return null;
    var frac = (m[2] || "").slice(0, SCALE);
    while (frac.length < SCALE) frac += "0";
    return BigInt((m[1] || "0") + frac);
  }

  function percent(text) {
    var s = String(text || "").trim().replace(/[％%]$/, "");
    return s === "" ? undefined : scaled(s);
  }

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
        checkPlan();
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
    scope.querySelectorAll("[data-formset=plan] input").forEach(function (input) {
      input.addEventListener("input", checkPlan);
    });
    scope.querySelectorAll('input[name^="budget_"]').forEach(function (input) {
      input.addEventListener("input", checkBudget);
    });
  }

  // -- live checks ------------------------------------------------------------------------
  function checkPlan() {
    var out = document.querySelector("[data-plan-check]");
    var box = container("plan");
    if (!out || !box) return;
    var cells = [];
    box.querySelectorAll("[data-form]").forEach(function (row) {
      var del = row.querySelector('input[name$="-DELETE"]');
      var month = row.querySelector('input[name$="-month"]');
      var text = row.querySelector('input[name$="-text"]');
      if (!month || !text) return;
      text.classList.remove("bad");
      if (del && del.checked) return;
      cells.push({ month: parseInt(month.value, 10), text: text.value, input: text });
    });
    cells.sort(function (a, b) { return a.month - b.month; });
    var problems = [];
    var previous = null;
    var last = null;
    var hundred = scaled("100");
    cells.forEach(function (c) {
      var p = percent(c.text);
      if (p === undefined) return; // a blank cell is allowed (not planned yet)
      if (p === null) {
        problems.push(c.month + "月的“" + c.text + "”不是百分比");
        c.input.classList.add("bad");
        return;
      }
      if (p > hundred) {
        problems.push(c.month + "月超过 100%");
        c.input.classList.add("bad");
      }
      if (previous !== null && p < previous.value) {
        problems.push(c.month + "月（" + c.text.trim() + "）小于" + previous.month + "月（" + previous.text.trim() + "），累计比例不应减少");
        c.input.classList.add("bad");
      }
      previous = { value: p, month: c.month, text: c.text };
      last = { value: p, month: c.month };
    });
    if (last === null) {
      show(out, false, "尚未填写支出计划；比例是累计数，最后一个时点应为 100%");
      return;
    }
    if (last.value !== hundred) {
      problems.push("最后一个时点（" + last.month + "月）应累计到 100%");
    }
    if (problems.length) show(out, false, "⚠ " + problems.join("；"));
    else show(out, true, "✓ 支出计划为累计比例，逐期不减少，最后达到 100%");
  }

  function checkBudget() {
    var out = document.querySelector("[data-budget-check]");
    var get = function (name) {
      var el = document.querySelector('input[name="' + name + '"]');
      return el ? el.value : "";
    };
    if (!out) return;
    var total = scaled(get("budget_total"));
    var fiscal = get("budget_fiscal").trim() === "" ? 0n : scaled(get("budget_fiscal"));
    var other = get("budget_other").trim() === "" ? 0n : scaled(get("budget_other"));
    if (get("budget_total").trim() === "") { show(out, false, "⚠ 预算数未填写"); return; }
    if (total === null || fiscal === null || other === null) { show(out, false, "⚠ 金额应为数字"); return; }
    if (get("budget_fiscal").trim() === "" && get("budget_other").trim() === "") { out.textContent = ""; return; }
    if (fiscal + other !== total) show(out, false, "⚠ 财政资金与其他资金之和不等于预算数");
    else show(out, true, "✓ 财政资金 + 其他资金 = 预算数");
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
    if (container("plan")) checkPlan();
    if (document.querySelector("[data-budget-check]")) checkBudget();
    wireSelection();
    wireCommentButtons();
  });
})();

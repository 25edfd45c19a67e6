/* Indicator library suggestions in the project editor.
 *
 * Typing a 三级 name asks the server (GET /api/v1/library/indicators, ranked by the core) and
 * shows the answers in a datalist; picking one fills the row's 一级/二级, description, target
 * and basis where they are empty. No rule lives here: ranking and data come from the server.
 */
(function () {
  "use strict";
  function rowInputs(input) {
    var row = input.closest("tr");
    var pick = function (suffix) { return row && row.querySelector('[name$="-' + suffix + '"]'); };
    return { level1: pick("level1"), level2: pick("level2"), description: pick("description"), target: pick("target"), basis: pick("basis") };
  }
  function setup(form) {
    var url = form.getAttribute("data-library-url");
    var list = document.getElementById("library-names");
    if (!url || !list) return;
    var found = {};
    var timer = null;
    form.addEventListener("focusin", function (e) {
      var el = e.target;
      if (el.name && /-name$/.test(el.name) && el.closest("table.ind-edit")) el.setAttribute("list", "library-names");
      if (el.name && /-level1$/.test(el.name)) el.setAttribute("list", "taxonomy-level1");
      if (el.name && /-level2$/.test(el.name)) el.setAttribute("list", "taxonomy-level2");
    });
    form.addEventListener("input", function (e) {
      var el = e.target;
      if (!el.name || !/-name$/.test(el.name) || !el.closest("table.ind-edit")) return;
      if (found[el.value]) { fill(el, found[el.value]); return; }
      clearTimeout(timer);
      timer = setTimeout(function () {
        var level2 = rowInputs(el).level2;
        var query = url + "&q=" + encodeURIComponent(el.value) + (level2 && level2.value ? "&level2=" + encodeURIComponent(level2.value) : "");
        fetch(query, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.results.forEach(function (s) {
              found[s.name] = s;
              var opt = document.createElement("option");
              opt.value = s.name;
              opt.label = s.level2 + " · " + s.target + (s.uses ? " · 同行使用 " + s.uses + " 次" : "");
              list.appendChild(opt);
            });
          });
      }, 200);
    });
    function fill(el, s) {
      var r = rowInputs(el);
      [["level1", s.level1], ["level2", s.level2], ["description", s.description], ["target", s.target], ["basis", s.basis]].forEach(function (p) {
        var input = r[p[0]];
        if (input && !input.value && p[1]) { input.value = p[1]; input.dispatchEvent(new Event("input", { bubbles: true })); }
      });
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-library-url]").forEach(setup);
  });
})();

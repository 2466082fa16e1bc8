/* radrules web shell: small enhancements; every page works without them (CSP: no inline script). */
"use strict";

/* Enter in an input with data-enter="<action>" presses its form's button of that action
   (the card's client search), instead of the form's first button (暂存). */
document.addEventListener("keydown", function (event) {
  var input = event.target;
  if (event.key !== "Enter" || !input.dataset || !input.dataset.enter || !input.form) return;
  var button = input.form.querySelector('button[value="' + input.dataset.enter + '"]');
  if (button) {
    event.preventDefault();
    button.click();
  }
});

/* The cascading division picker (core/divisions.py): a change refills the next select from
   /api/divisions and drops the finer ones; without this script the 选择下一级 button (or any
   submit) has the server draw the next level. */
function divisionPicker(box) {
  var name = box.dataset.divisionPicker, depth = box.dataset.depth || "county";
  var levels = box.querySelector(".division-levels");
  // Removed, not hidden: a hidden submit button would still be the one Enter presses.
  var refresh = box.querySelector(".division-refresh");
  if (refresh) refresh.remove();
  function selects() { return Array.prototype.slice.call(levels.querySelectorAll("select")); }
  levels.addEventListener("change", function (event) {
    var all = selects(), index = all.indexOf(event.target);
    if (index < 0) return;
    all.slice(index + 1).forEach(function (s) { s.remove(); });
    var code = event.target.value;
    if (!code) return;
    fetch("/api/divisions?parent=" + encodeURIComponent(code) + "&depth=" + depth, {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body || !body.children.length || event.target.value !== code) return;
        var select = document.createElement("select");
        select.name = name + "__" + (index + 2);
        select.setAttribute("aria-label", (box.dataset.label || "") + "：" + body.label);
        select.add(new Option(body.label, ""));
        body.children.forEach(function (c) { select.add(new Option(c.name, c.code)); });
        select.id = "f_" + select.name;
        levels.appendChild(select);
      });
  });
}
document.querySelectorAll("[data-division-picker]").forEach(divisionPicker);

/* 全选 (source 002 §5.4 1.3 “可以单选、全选人员”): a check box with data-select-all="<name>"
   ticks or clears every check box of that name in its form. Without script, each is ticked
   by hand. */
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!box.dataset || !box.dataset.selectAll || !box.form) return;
  var boxes = box.form.querySelectorAll('input[type="checkbox"][name="' + box.dataset.selectAll + '"]');
  for (var i = 0; i < boxes.length; i++) boxes[i].checked = box.checked;
});

/* The sample form (device tests): as results are typed, ask the server what the limits say
   (radrules.judge_sample) and fill 是否合格 where the limit decides — unless the tester chose
   it; without this script, 判定 or 保存 fills it on the server. */
function judgedSampleForm(form) {
  var url = form.dataset.judgeUrl, pending = null;
  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-verdict]")) target.dataset.auto = "0";
    clearTimeout(pending);
    pending = setTimeout(function () {
      var body = new FormData(form);
      body.delete("action");
      fetch(url, {method: "POST", body: body, credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (answer) {
          if (!answer) return;
          var verdict = document.getElementById("sample-verdict");
          if (verdict) {
            verdict.hidden = !answer.verdict;
            document.getElementById("sample-verdict-value").textContent = answer.verdict || "";
          }
          Object.keys(answer.hints).forEach(function (key) {
            var hint = answer.hints[key];
            var note = form.querySelector('[data-judged-for="' + key + '"]');
            if (note) {
              note.textContent = hint.text;
              note.classList.toggle("judged-fail", hint.decided && !hint.passed);
            }
            var select = form.querySelector('select[name="' + key + '_passed"]');
            if (select && hint.decided && (select.value === "" || select.dataset.auto === "1")) {
              select.value = hint.passed ? "yes" : "no";
              select.dataset.auto = "1";
            }
          });
        });
    }, 250);
  });
}
document.querySelectorAll("form[data-judge-url]").forEach(judgedSampleForm);

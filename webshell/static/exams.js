// The exam sheet (source 001 表1 第18项): a countdown to the server's deadline, and each choice
// saved as it is made. Without this script the page works the same (the buttons save), and
// the server closes the sheet at the deadline whatever this says.
(function () {
  "use strict";
  var clock = document.getElementById("countdown");
  if (clock) {
    var end = Date.now() + Number(clock.getAttribute("data-seconds")) * 1000;
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      clock.textContent = Math.floor(left / 60) + "分" + (left % 60) + "秒";
      if (left <= 60) { clock.parentNode.classList.add("ending"); }
      if (left === 0) { window.location.reload(); return; }
      window.setTimeout(tick, 1000);
    };
    tick();
  }
  var form = document.querySelector("form[data-autosave]");
  if (form && window.fetch && window.FormData) {
    form.addEventListener("change", function () {
      var body = new FormData(form);
      body.set("go", form.querySelector("button.default-submit").value);
      window.fetch(form.action, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" });
    });
  }
})();

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

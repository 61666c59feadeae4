// The question editor: show only the parts the chosen kind uses (options, the maximum of
// choices, the scale's labels). Progressive enhancement: without this file every part
// shows, and the server ignores the parts of other kinds (surveys/editor_forms.py).

const form = document.querySelector("[data-question-editor]");
const kind = form?.querySelector('select[name="kind"]');

function showPartsOf(chosen) {
  for (const part of form.querySelectorAll("[data-kinds]")) {
    // Hidden, not disabled: what was typed stays if the person changes the kind back.
    part.hidden = !part.dataset.kinds.split(" ").includes(chosen);
  }
}

if (form && kind) {
  showPartsOf(kind.value);
  kind.addEventListener("change", () => showPartsOf(kind.value));
}

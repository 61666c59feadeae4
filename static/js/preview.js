// The "Vista previa" button of writing forms: shows how the text will look, rendered by
// the server exactly as it would be stored (one view, POST with the form's CSRF token,
// nothing stored), in the form's live region. Without JavaScript the button submits the
// form, whose own view shows the page again with the preview and the text kept.

const strings = document.querySelector("[data-writing-strings]")?.dataset || {};

function message(output, text) {
  const p = document.createElement("p");
  p.className = "field-error";
  p.textContent = text;
  output.replaceChildren(p);
}

async function preview(button) {
  const form = button.form;
  const field = form?.elements.namedItem("body");
  const output = form?.querySelector("[data-preview-output]");
  if (!field || !output) return false;
  const body = new FormData();
  body.append("body", field.value);
  const token = form.elements.namedItem("csrfmiddlewaretoken");
  button.disabled = true;
  try {
    const response = await fetch(button.dataset.previewUrl, {
      method: "POST",
      body,
      headers: { "X-CSRFToken": token ? token.value : "" },
      credentials: "same-origin",
    });
    // A redirect is the login page (the session ended): not a preview.
    if (!response.ok || response.redirected) {
      let text = strings.tPreviewError || "";
      try {
        const errors = (await response.json()).errors || {};
        text = Object.values(errors).flat().join(" ") || text;
      } catch {
        // Not JSON (a login page, a server error): the general message.
      }
      message(output, text);
      return true;
    }
    output.innerHTML = await response.text();
  } catch {
    message(output, strings.tPreviewError || "");
  } finally {
    button.disabled = false;
  }
  return true;
}

// Delegated: the reply forms cloned from the comment form have the button too.
document.addEventListener("click", (event) => {
  const button = event.target.closest?.("button[data-preview-button]");
  if (!button || !button.form) return;
  event.preventDefault();
  preview(button);
});

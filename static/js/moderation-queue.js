// Keyboard shortcuts for the moderation queue and a case page (listed in the page's
// "Atajos de teclado"). j / k: next / previous case; o or Enter: open it; r: its restore,
// dismiss or approve button; h: its hide form. Keys typed in a field, or with a
// modifier, are left alone. Everything works without this file.

const queue = document.querySelector("[data-moderation-queue]");
const casePage = document.querySelector("[data-moderation-case]");
const items = queue ? Array.from(queue.querySelectorAll("[data-queue-item]")) : [];
let current = -1;

function typing(target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

function select(index) {
  if (!items.length) return;
  current = Math.max(0, Math.min(items.length - 1, index));
  for (const [position, item] of items.entries()) {
    item.classList.toggle("is-current", position === current);
  }
  items[current].focus();
}

// The case whose controls a key acts on: the selected one in the queue, or the page's.
function scope() {
  if (queue) return current >= 0 ? items[current] : null;
  return casePage;
}

function focusHideForm(within) {
  const form = within.querySelector("[data-hide-form]");
  if (!form) return false;
  const field = form.querySelector("textarea, input:not([type=hidden]), select");
  const reason = form.querySelector("[name=reason]");
  (reason || field)?.focus();
  return true;
}

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  if (typing(event.target)) return;
  const key = event.key;
  if (queue && (key === "j" || key === "k")) {
    event.preventDefault();
    select(current < 0 ? 0 : current + (key === "j" ? 1 : -1));
    return;
  }
  const within = scope();
  if (!within) return;
  if (queue && (key === "o" || (key === "Enter" && event.target === within))) {
    const link = within.querySelector("[data-open-case]");
    if (link) {
      event.preventDefault();
      window.location.assign(link.href);
    }
  } else if (key === "r") {
    const button = within.querySelector("[data-restore]");
    if (button) {
      event.preventDefault();
      button.form.requestSubmit(button);
    }
  } else if (key === "h") {
    if (focusHideForm(within)) event.preventDefault();
  }
});

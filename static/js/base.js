// Small enhancements shared by every page. Everything works without this file.

// On narrow screens, collapse the menu behind a "Menú" button.
const toggle = document.querySelector(".menu-toggle");
const menu = document.getElementById("site-menu");
if (toggle && menu) {
  const narrow = window.matchMedia("(max-width: 47.99rem)");
  const apply = () => {
    if (narrow.matches) {
      toggle.hidden = false;
      const open = toggle.getAttribute("aria-expanded") === "true";
      menu.dataset.collapsed = open ? "false" : "true";
    } else {
      toggle.hidden = true;
      menu.dataset.collapsed = "false";
    }
  };
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", open ? "false" : "true");
    apply();
  });
  narrow.addEventListener("change", apply);
  apply();
}

// Forms marked data-confirm ask before submitting (deleting an account, withdrawing).
for (const form of document.querySelectorAll("form[data-confirm]")) {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
}

// Survey form enhancements. The form works without this file (the server checks
// everything); this only saves clicks and moves focus to errors.

// After a refused submission, bring the error summary into view and focus.
const summary = document.querySelector("[data-error-summary]");
if (summary) {
  summary.focus();
}

// Ranking: choosing a place that another option already holds swaps the two, so the
// places stay a permutation (each used once) while the person reorders.
for (const list of document.querySelectorAll("[data-ranking]")) {
  const selects = [...list.querySelectorAll("select")];
  for (const select of selects) {
    select.dataset.previous = select.value;
    select.addEventListener("change", () => {
      const taken = selects.find(
        (other) => other !== select && other.value !== "" && other.value === select.value,
      );
      if (taken) {
        taken.value = select.dataset.previous;
        taken.dataset.previous = taken.value;
      }
      select.dataset.previous = select.value;
    });
  }
}

// A live character counter for every writing box with a data-limit (progressive
// enhancement: without JavaScript nothing is cut either; the server refuses a text past
// its limit and keeps it). The visible count changes as people type; screen readers hear
// only the thresholds (near the limit, past it, back within it), in one polite region.
// Counts characters as the server does: code points, a newline as one.

const strings = document.querySelector("[data-writing-strings]")?.dataset || {};
const thousands = strings.thousands ?? "\u00a0";
// As the server writes them in its messages ("15 600", "5 000"): groups of three.
const format = (n) => (Math.abs(n) < 1000 ? String(n) : String(n).replace(/\B(?=(\d{3})+$)/g, thousands));
const states = new WeakMap();
let announcer = null;

function fill(template, values) {
  return (template || "").replace(/\{(\w+)\}/g, (_, key) => format(values[key] ?? 0));
}

function announce(text) {
  if (!announcer) {
    announcer = document.createElement("p");
    announcer.className = "visually-hidden";
    announcer.setAttribute("aria-live", "polite");
    document.body.append(announcer);
  }
  announcer.textContent = text;
}

function counterFor(field) {
  const id = `${field.id}-contador`;
  let counter = document.getElementById(id);
  if (!counter) {
    counter = document.createElement("p");
    counter.id = id;
    counter.className = "counter";
    field.after(counter);
    const described = new Set((field.getAttribute("aria-describedby") || "").split(" "));
    described.add(id);
    field.setAttribute("aria-describedby", Array.from(described).filter(Boolean).join(" "));
  }
  return counter;
}

function update(field, speak) {
  const max = Number(field.dataset.limit);
  if (!field.id || !Number.isFinite(max) || max <= 0) return;
  // What the server keeps: newlines once, spaces and blank lines at the ends dropped
  // (forms strip them), so a paste ending in a newline is not called too long.
  const n = Array.from(field.value.replace(/\r\n?/g, "\n").trim()).length;
  const over = n - max;
  const counter = counterFor(field);
  counter.textContent = fill(over > 0 ? strings.tOver : strings.tCount, { n, max, over });
  counter.classList.toggle("counter--over", over > 0);
  // Near: the last tenth of the box (at least 20 characters).
  const near = max - Math.max(20, Math.ceil(max / 10));
  const state = over > 0 ? "over" : n >= near ? "near" : "ok";
  const before = states.get(field) || "ok";
  states.set(field, state);
  if (!speak || state === before) return;
  if (state === "over") announce(fill(strings.tTooLong, { over }));
  else if (state === "near" && before === "ok") announce(fill(strings.tNear, { left: max - n }));
  else if (before === "over") announce(strings.tFits || "");
}

for (const field of document.querySelectorAll("textarea[data-limit], input[data-limit]")) {
  update(field, false);
}
// Delegated, so boxes added later (a reply form cloned from the comment form) count too.
document.addEventListener("input", (event) => {
  if (event.target.matches?.("[data-limit]")) update(event.target, true);
});
document.addEventListener("focusin", (event) => {
  if (event.target.matches?.("[data-limit]")) update(event.target, false);
});

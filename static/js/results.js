// Results page: a "print" link (the page has a print stylesheet). Without JavaScript the
// link stays hidden and the browser's own print command does the same.
for (const link of document.querySelectorAll("[data-print]")) {
  link.hidden = false;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    window.print();
  });
}

// Behaviour templates ask for through data attributes. The Content-Security-Policy forbids inline
// handlers and scripts, so every page's small behaviours live here.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

document.addEventListener("click", (event) => {
  const trigger = event.target.closest("[data-print]");
  if (trigger) {
    event.preventDefault();
    window.print();
  }
});

// Widths set from data (progress bars): a style attribute would be blocked by the policy.
document.querySelectorAll("[data-width]").forEach((element) => {
  element.style.width = `${Number(element.dataset.width) || 0}%`;
});

// "Go back" links on the error pages.
document.addEventListener("click", (event) => {
  const trigger = event.target.closest("[data-back]");
  if (trigger) {
    event.preventDefault();
    window.history.back();
  }
});

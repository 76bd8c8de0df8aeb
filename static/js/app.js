// Small progressive enhancements; every page works without them.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
// After a refused form, move focus to the summary of what to fix (read out by screen readers).
const summary = document.getElementById("error-summary");
if (summary) {
  summary.setAttribute("tabindex", "-1");
  summary.focus();
}

// Progressive enhancement only: every page works without this file.
// It shows the "Copy the reply" button and copies the draft to the clipboard.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const source = document.getElementById(button.dataset.copy);
    const status = button.parentElement.querySelector(".copied");
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(source.value);
        status.textContent = "Copied.";
      } catch {
        source.select();
        status.textContent = "Selected: press Ctrl+C (or Cmd+C) to copy.";
      }
    });
  }
});

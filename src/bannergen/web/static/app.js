// bannergen web: a little help on top of plain forms; every page works without it.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // A preset fills the size field it stands beside, where the clerk can still change it.
  for (const preset of document.querySelectorAll("select.preset")) {
    preset.addEventListener("change", () => {
      const field = document.getElementById(preset.dataset.for);
      if (field && preset.value) {
        field.value = preset.value;
        preset.value = "";
        field.focus();
      }
    });
  }

  // The size and DPI hints show the chosen template's defaults.
  const template = document.getElementById("template");
  const size = document.getElementById("size");
  const dpi = document.getElementById("dpi");
  if (template && size) {
    template.addEventListener("change", () => {
      const option = template.selectedOptions[0];
      if (!option) return;
      size.placeholder = option.dataset.size || "";
      if (dpi) dpi.placeholder = option.dataset.dpi || "";
    });
  }

  // Own text replaces the slogan: choosing one clears the other.
  const text = document.getElementById("text");
  const slogan = document.getElementById("slogan");
  if (text && slogan) {
    text.addEventListener("input", () => { if (text.value.trim()) slogan.value = ""; });
    slogan.addEventListener("change", () => { if (slogan.value) text.value = ""; });
  }

  // A preview or a page that renders takes a moment: say so on the button pressed.
  for (const form of document.querySelectorAll("form")) {
    form.addEventListener("submit", (event) => {
      const button = event.submitter;
      if (!button || button.dataset.busy || (button.value && button.value !== "preview")) return;
      if (form.method === "get" && form.action.match(/\.(pdf|zip|yaml)$/)) return;
      button.dataset.busy = "1";
      const label = document.createElement("span");
      label.className = "busy-label";
      label.textContent = document.body.dataset.working || "…";
      button.after(label);
    });
  }
});

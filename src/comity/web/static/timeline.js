// Keeps the timeline's slider (days since the start) and its date field in step; the date
// field's change event is what htmx listens to.
(function () {
  const slider = document.getElementById("timeline-slider");
  const field = document.getElementById("timeline-date");
  if (!slider || !field) return;
  const start = new Date(slider.dataset.start + "T00:00:00Z");
  const dayMs = 86400000;
  slider.addEventListener("input", function () {
    const day = new Date(start.getTime() + Number(slider.value) * dayMs);
    field.value = day.toISOString().slice(0, 10);
    field.dispatchEvent(new Event("change", { bubbles: true }));
  });
  field.addEventListener("change", function () {
    const day = new Date(field.value + "T00:00:00Z");
    if (!isNaN(day)) slider.value = Math.round((day - start) / dayMs);
  });
})();

// Follows the meeting live: the server sends "changed" when the record moves, and the
// agenda fragment is fetched again with htmx (no page reload; the form keeps focus order).
(function () {
  const agenda = document.getElementById("agenda");
  if (!agenda || !window.EventSource) return;
  const source = new EventSource(agenda.dataset.stream);
  source.addEventListener("changed", function () {
    htmx.ajax("GET", agenda.dataset.fragment, { target: "#agenda-items", swap: "outerHTML" });
  });
})();

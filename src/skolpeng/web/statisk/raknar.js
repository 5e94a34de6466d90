// Återkoppling när en åtgärd kan ta tid (issue 12): ett formulär med attributet data-raknar
// markerar sig och sin knapp som upptagna (aria-busy="true") när det skickas, skriver texten i
// sitt statusfält (<span class="raknar" role="status" data-text="Räknar …">) och hindrar att
// det skickas en gång till. HTMX-anrop (hx-indicator) markerar sitt mål som upptaget under
// anropet. Ingen inline-kod: filen laddas från /statisk under CSP:n script-src 'self'.
(function () {
  "use strict";

  function upptaget(form, knapp) {
    form.setAttribute("aria-busy", "true");
    if (knapp) {
      knapp.setAttribute("aria-busy", "true");
      knapp.setAttribute("aria-disabled", "true");
    }
    form.querySelectorAll(".raknar").forEach(function (s) {
      s.textContent = s.getAttribute("data-text") || "Räknar …";
    });
  }

  function ledigt(rot) {
    rot.querySelectorAll("[aria-busy]").forEach(function (e) {
      e.removeAttribute("aria-busy");
      e.removeAttribute("aria-disabled");
    });
    rot.querySelectorAll(".raknar").forEach(function (s) {
      s.textContent = "";
    });
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-raknar")) {
      return;
    }
    if (form.getAttribute("aria-busy") === "true") {
      e.preventDefault(); // redan skickat: vänta på svaret
      return;
    }
    if (!e.defaultPrevented) {
      upptaget(form, e.submitter || form.querySelector('[type="submit"]'));
    }
  });

  // Tillbaka-knappen visar sidan ur webbläsarens cache: inget räknas då.
  window.addEventListener("pageshow", function () {
    ledigt(document);
  });

  document.addEventListener("htmx:beforeRequest", function (e) {
    var mal = e.detail && e.detail.target;
    if (mal) {
      mal.setAttribute("aria-busy", "true");
    }
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var mal = e.detail && e.detail.target;
    if (mal) {
      mal.removeAttribute("aria-busy");
    }
  });
})();

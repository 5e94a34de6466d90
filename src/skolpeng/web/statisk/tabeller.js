/* skolpeng – sortering och filtrering av tabeller med data-sorterbar (progressiv förbättring:
   utan skript är tabellerna vanliga tabeller). Tillåtet av CSP:n (script-src 'self'). Text
   sorteras i svensk ordning (localeCompare "sv"), tal efter data-varde; saknade värden sist. */
(function () {
  "use strict";

  function varde(cell, tal) {
    if (tal) {
      var v = cell.getAttribute("data-varde");
      return v === null || v === "" ? null : parseFloat(v);
    }
    return cell.textContent.trim();
  }

  function sortera(tabell, kol, th) {
    var stigande = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(tabell.tHead.rows[0].cells, function (h) {
      h.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", stigande ? "ascending" : "descending");
    var tal = th.classList.contains("tal");
    var kropp = tabell.tBodies[0];
    var rader = Array.prototype.slice.call(kropp.rows);
    rader.sort(function (a, b) {
      var x = varde(a.cells[kol], tal), y = varde(b.cells[kol], tal);
      if (x === null || y === null) { return x === y ? 0 : (x === null ? 1 : -1); }
      var r = tal ? x - y : x.localeCompare(y, "sv");
      return stigande ? r : -r;
    });
    rader.forEach(function (r) { kropp.appendChild(r); });
  }

  function filtrera(tabell, text, status) {
    var sok = text.trim().toLocaleLowerCase("sv");
    var visas = 0;
    Array.prototype.forEach.call(tabell.tBodies[0].rows, function (r) {
      var syns = !sok || r.textContent.toLocaleLowerCase("sv").indexOf(sok) !== -1;
      r.hidden = !syns;
      if (syns) { visas += 1; }
    });
    status.textContent = visas + " av " + tabell.tBodies[0].rows.length + " rader visas.";
  }

  function filterfalt(tabell) {
    var id = tabell.id + "-filter";
    var ruta = document.createElement("div");
    ruta.className = "tabellfilter";
    var etikett = document.createElement("label");
    etikett.htmlFor = id;
    etikett.textContent = "Filtrera: " + (tabell.caption ? tabell.caption.textContent : "tabellen");
    var falt = document.createElement("input");
    falt.type = "search";
    falt.id = id;
    var status = document.createElement("p");
    status.className = "hjalp";
    status.setAttribute("role", "status");
    falt.addEventListener("input", function () { filtrera(tabell, falt.value, status); });
    ruta.appendChild(etikett);
    ruta.appendChild(falt);
    ruta.appendChild(status);
    var ram = tabell.closest(".tabellram") || tabell;
    ram.parentNode.insertBefore(ruta, ram);
  }

  function forbered(rot) {
    var tabeller = rot.querySelectorAll("table[data-sorterbar]:not([data-forberedd])");
    Array.prototype.forEach.call(tabeller, function (tabell) {
      tabell.setAttribute("data-forberedd", "");
      Array.prototype.forEach.call(tabell.tHead.rows[0].cells, function (th, kol) {
        var knapp = document.createElement("button");
        knapp.type = "button";
        knapp.className = "sorterknapp";
        while (th.firstChild) { knapp.appendChild(th.firstChild); }
        var dold = document.createElement("span");
        dold.className = "visuellt-dold";
        dold.textContent = " (sortera)";
        knapp.appendChild(dold);
        th.appendChild(knapp);
        knapp.addEventListener("click", function () { sortera(tabell, kol, th); });
      });
      if (tabell.hasAttribute("data-filtrerbar")) { filterfalt(tabell); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { forbered(document); });
  document.addEventListener("htmx:afterSettle", function (e) { forbered(e.target); });
})();

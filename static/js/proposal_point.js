// The proposal form's point picker: click or tap the map to fill the latitude and
// longitude fields; typing in them moves the marker. The fields work on their own without
// JavaScript or tiles.
import { L, createMap } from "./leaflet_setup.js";

const picker = document.querySelector("[data-point-picker]");
const container = picker && picker.querySelector("[data-map-picker]");
const latInput = picker && picker.querySelector('input[name="latitude"]');
const lonInput = picker && picker.querySelector('input[name="longitude"]');
const placeText = picker && picker.querySelector("[data-point-place]");
const comunaSelect = document.querySelector('select[name="comuna"]');

// Says where the point lies ("El punto está en Quilpué (Valparaíso).") or, when the form
// would refuse it, the same sentence the server gives; the server checks it again.
let asked = 0;
async function describe(point) {
  if (!placeText || !picker.dataset.placeUrl) return;
  const ticket = ++asked;
  if (!point) {
    placeText.textContent = "";
    return;
  }
  const query = new URLSearchParams({ lat: point[0].toFixed(6), lon: point[1].toFixed(6) });
  if (comunaSelect && comunaSelect.value) query.set("comuna", comunaSelect.value);
  try {
    const response = await fetch(`${picker.dataset.placeUrl}?${query}`, {
      headers: { Accept: "application/json" },
    });
    if (!response.ok || ticket !== asked) return;
    const answer = await response.json();
    placeText.textContent =
      answer.refusal ||
      (answer.place ? (picker.dataset.placeLabel || "").replace("{place}", answer.place) : "");
  } catch {
    // The server checks the point when the form is sent.
  }
}

if (container && latInput && lonInput) {
  const read = () => {
    const lat = Number.parseFloat(latInput.value);
    const lon = Number.parseFloat(lonInput.value);
    return Number.isFinite(lat) && Number.isFinite(lon) ? [lat, lon] : null;
  };
  const start = read();
  const map = createMap(container, {
    lat: start ? start[0] : Number(picker.dataset.lat),
    lon: start ? start[1] : Number(picker.dataset.lon),
    zoom: start ? 14 : Number(picker.dataset.zoom) || 9,
  });
  let marker = null;
  const place = (point) => {
    if (!point) {
      if (marker) marker.remove();
      marker = null;
      return;
    }
    if (marker) {
      marker.setLatLng(point);
    } else {
      marker = L.marker(point, { keyboard: false }).addTo(map);
    }
  };
  place(start);

  map.on("click", (event) => {
    latInput.value = event.latlng.lat.toFixed(6);
    lonInput.value = event.latlng.lng.toFixed(6);
    place([event.latlng.lat, event.latlng.lng]);
    describe([event.latlng.lat, event.latlng.lng]);
  });
  for (const input of [latInput, lonInput]) {
    input.addEventListener("change", () => {
      const point = read();
      place(point);
      describe(point);
      if (point) map.panTo(point);
    });
  }

  const clear = document.createElement("button");
  clear.type = "button";
  clear.className = "button button--secondary button--small";
  clear.textContent = picker.dataset.clearLabel || "";
  clear.addEventListener("click", () => {
    latInput.value = "";
    lonInput.value = "";
    place(null);
    describe(null);
  });
  picker.append(clear);
  if (comunaSelect) comunaSelect.addEventListener("change", () => describe(read()));
}

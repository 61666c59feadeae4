// The proposal form's point picker: click or tap the map to fill the latitude and
// longitude fields; typing in them moves the marker. The fields work on their own without
// JavaScript or tiles.
import { L, createMap } from "./leaflet_setup.js";

const picker = document.querySelector("[data-point-picker]");
const container = picker && picker.querySelector("[data-map-picker]");
const latInput = picker && picker.querySelector('input[name="latitude"]');
const lonInput = picker && picker.querySelector('input[name="longitude"]');

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
  });
  for (const input of [latInput, lonInput]) {
    input.addEventListener("change", () => {
      const point = read();
      place(point);
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
  });
  picker.append(clear);
}

// Maps of located proposals: one point on a proposal page (data-map="point"), or every
// marker of the map page (data-map="markers", data from json_script). Without JavaScript
// or tiles, the coordinates and the list on the same page carry the same information.
import { L, createMap } from "./leaflet_setup.js";

function pointMap(container) {
  const lat = Number(container.dataset.lat);
  const lon = Number(container.dataset.lon);
  const map = createMap(container, { lat, lon, zoom: 14 });
  L.marker([lat, lon], {
    title: container.dataset.title,
    alt: container.dataset.title,
    keyboard: false,
  }).addTo(map);
}

function popupFor(marker, supportsLabel) {
  const wrapper = document.createElement("div");
  const link = document.createElement("a");
  link.href = marker.url;
  link.textContent = marker.title;
  const count = document.createElement("p");
  count.textContent = `${marker.supports} ${supportsLabel}`;
  if (marker.place) {
    const place = document.createElement("p");
    place.textContent = marker.place;
    wrapper.append(link, place, count);
  } else {
    wrapper.append(link, count);
  }
  return wrapper;
}

function markersMap(container) {
  const source = document.getElementById(container.dataset.markers);
  const markers = source ? JSON.parse(source.textContent) : [];
  const map = createMap(container, {
    lat: Number(container.dataset.lat),
    lon: Number(container.dataset.lon),
    zoom: Number(container.dataset.zoom) || 9,
  });
  const points = [];
  for (const marker of markers) {
    L.marker([marker.lat, marker.lon], { title: marker.title, alt: marker.title })
      .bindPopup(popupFor(marker, container.dataset.supportsLabel || ""))
      .addTo(map);
    points.push([marker.lat, marker.lon]);
  }
  if (points.length > 1) {
    map.fitBounds(points, { padding: [24, 24], maxZoom: 14 });
  } else if (points.length === 1) {
    map.setView(points[0], 14);
  }
}

for (const container of document.querySelectorAll("[data-map]")) {
  if (container.dataset.map === "point") {
    pointMap(container);
  } else if (container.dataset.map === "markers") {
    markersMap(container);
  }
}

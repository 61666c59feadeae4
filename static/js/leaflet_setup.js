// Shared Leaflet set-up for Cabildo's maps: tiles from the configured server, a notice when
// they cannot load (the page's list or coordinate fields keep working without them).
import * as L from "../vendor/leaflet/leaflet-src.esm.js";

export { L };

export function createMap(container, { lat, lon, zoom }) {
  container.hidden = false;
  const map = L.map(container, { attributionControl: true, zoomControl: false }).setView(
    [lat, lon],
    zoom,
  );
  map.attributionControl.setPrefix(false);
  // Leaflet writes "Zoom in"/"Zoom out" itself: the page gives the labels in its language
  // (data-zoom-in, data-zoom-out), which Leaflet sets as each button's title and aria-label.
  L.control
    .zoom({
      zoomInTitle: container.dataset.zoomIn || "Zoom in",
      zoomOutTitle: container.dataset.zoomOut || "Zoom out",
    })
    .addTo(map);
  const tiles = container.dataset.tiles;
  if (tiles) {
    const layer = L.tileLayer(tiles, {
      maxZoom: 18,
      attribution: "© OpenStreetMap",
    });
    let warned = false;
    layer.on("tileerror", () => {
      if (warned) return;
      warned = true;
      const notice = document.createElement("p");
      notice.className = "map-notice";
      notice.setAttribute("role", "status");
      notice.textContent = container.dataset.tilesError || "";
      container.insertAdjacentElement("afterend", notice);
    });
    layer.addTo(map);
  }
  return map;
}

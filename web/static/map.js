// Gigaplan citizens' map (MapLibre GL JS, CSP build, vendored). The map is
// supplementary: the text answer carries all information. Configuration
// comes from data- attributes on #map (no inline script):
//   data-basemap      raster tile URL template, "" for none
//   data-attribution  base map attribution
//   data-worker       hashed URL of maplibre-gl-csp-worker.js
//   data-tiles        the app's vector tiles, /tiles/{z}/{x}/{y}.pbf
//   data-areas        GeoJSON of the municipality, for the first view
//   data-lon/lat/address  the address of a permalink page
(function () {
  'use strict';

  var box = document.getElementById('map');
  if (!box) {
    return;
  }
  var off = document.getElementById('map-off');
  function unavailable() {
    box.hidden = true;
    if (off) {
      off.hidden = false;
    }
  }
  var gl = window.maplibregl;
  if (!gl || !window.WebGLRenderingContext) {
    unavailable();
    return;
  }
  var de = (box.dataset.lang || 'de') !== 'en';
  gl.setWorkerUrl(box.dataset.worker);

  // MapLibre fetches tiles from its worker, whose base URL is the worker
  // script: tile URLs must be absolute. (Not new URL(): it would escape the
  // braces of {z}/{x}/{y}.)
  var tiles = window.location.origin + box.dataset.tiles;

  // Sequential scale for the districts' progress (share of the threshold,
  // 0..1), light to dark; the same colours as the legend in app.css.
  var PROGRESS = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'];
  var NO_CAMPAIGN = '#d9d9d9';
  // Address states, Okabe–Ito colours (distinguishable with the common
  // colour-vision deficiencies); the same as the legend.
  var STATE = {
    live: '#009e73', construction: '#0072b2', committed: '#56b4e9',
    premarketing: '#e69f00', funding_candidate: '#cc79a7', none: '#8c8c8c'
  };

  var sources = {
    gigaplan: {
      type: 'vector', tiles: [tiles], minzoom: 0, maxzoom: 16,
      attribution: de ? 'Daten: Breitbandbüro' : 'Data: broadband office'
    },
    selected: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } }
  };
  var layers = [{ id: 'background', type: 'background', paint: { 'background-color': '#f4f4f1' } }];
  if (box.dataset.basemap) {
    sources.basemap = {
      type: 'raster', tiles: [box.dataset.basemap], tileSize: 256, maxzoom: 18,
      attribution: box.dataset.attribution || ''
    };
    layers.push({ id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-saturation': -0.4 } });
  }
  var progress = ['to-number', ['get', 'progress'], -1];
  layers.push(
    {
      id: 'districts-fill', type: 'fill', source: 'gigaplan', 'source-layer': 'districts',
      paint: {
        'fill-color': ['case',
          ['any', ['!', ['has', 'progress']], ['in', ['get', 'status'], ['literal', ['', 'none']]]], NO_CAMPAIGN,
          ['step', progress, NO_CAMPAIGN, 0, PROGRESS[0], 0.25, PROGRESS[1], 0.5, PROGRESS[2], 0.75, PROGRESS[3], 1, PROGRESS[4]]],
        'fill-opacity': 0.7
      }
    },
    {
      id: 'zones-fill', type: 'fill', source: 'gigaplan', 'source-layer': 'zones',
      paint: { 'fill-pattern': 'hatch' }
    },
    {
      id: 'zones-line', type: 'line', source: 'gigaplan', 'source-layer': 'zones',
      paint: { 'line-color': '#5a3d00', 'line-width': 1.5, 'line-dasharray': [3, 2] }
    },
    {
      id: 'districts-line', type: 'line', source: 'gigaplan', 'source-layer': 'districts',
      paint: { 'line-color': '#333333', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1, 16, 2.5] }
    },
    {
      id: 'municipality-line', type: 'line', source: 'gigaplan', 'source-layer': 'municipality',
      paint: { 'line-color': '#1a1a1a', 'line-width': 3 }
    },
    {
      id: 'addresses', type: 'circle', source: 'gigaplan', 'source-layer': 'addresses', minzoom: 15,
      paint: {
        'circle-color': ['match', ['get', 'state'],
          'live', STATE.live, 'construction', STATE.construction, 'committed', STATE.committed,
          'premarketing', STATE.premarketing, 'funding_candidate', STATE.funding_candidate, STATE.none],
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 15, 3.5, 18, 7],
        'circle-stroke-color': '#1a1a1a',
        'circle-stroke-width': 1
      }
    },
    {
      id: 'selected', type: 'circle', source: 'selected',
      paint: {
        'circle-radius': 11, 'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': '#b00020', 'circle-stroke-width': 3
      }
    }
  );

  var lon = parseFloat(box.dataset.lon);
  var lat = parseFloat(box.dataset.lat);
  var hasAddress = isFinite(lon) && isFinite(lat);

  var map;
  try {
    map = new gl.Map({
      container: box,
      style: { version: 8, sources: sources, layers: layers },
      center: hasAddress ? [lon, lat] : [10.45, 51.16],
      zoom: hasAddress ? 17 : 5,
      attributionControl: { compact: false },
      // On a phone a one-finger swipe scrolls the page; two fingers move
      // the map. A mouse keeps the usual gestures.
      cooperativeGestures: !!(window.matchMedia && window.matchMedia('(pointer: coarse)').matches),
      // MapLibre makes the map a region landmark named Map.Title: a name
      // other than the panel's heading ("Karte"), so that the two
      // landmarks differ (axe: landmark-unique).
      locale: de ? {
        'NavigationControl.ZoomIn': 'Vergrößern', 'NavigationControl.ZoomOut': 'Verkleinern',
        'NavigationControl.ResetBearing': 'Nach Norden ausrichten', 'Map.Title': 'Interaktive Karte',
        'CooperativeGesturesHandler.WindowsHelpText': 'Zum Zoomen der Karte Strg und Mausrad verwenden',
        'CooperativeGesturesHandler.MacHelpText': 'Zum Zoomen der Karte ⌘ und Mausrad verwenden',
        'CooperativeGesturesHandler.MobileHelpText': 'Zum Bewegen der Karte zwei Finger verwenden'
      } : {
        'Map.Title': 'Interactive map',
        'CooperativeGesturesHandler.MobileHelpText': 'Use two fingers to move the map'
      }
    });
  } catch (err) {
    unavailable();
    return;
  }
  map.addControl(new gl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new gl.ScaleControl({ unit: 'metric' }), 'bottom-left');

  // The zones' hatch, drawn here rather than shipped as an image.
  map.on('styleimagemissing', function (e) {
    if (e.id !== 'hatch' || map.hasImage('hatch')) {
      return;
    }
    var n = 8;
    var data = new Uint8Array(n * n * 4);
    for (var y = 0; y < n; y++) {
      for (var x = 0; x < n; x++) {
        if ((x + y) % n === 0 || (x + y + 1) % n === 0) {
          var i = (y * n + x) * 4;
          data[i] = 0x5a; data[i + 1] = 0x3d; data[i + 2] = 0x00; data[i + 3] = 200;
        }
      }
    }
    map.addImage('hatch', { width: n, height: n, data: data });
  });

  function select(lo, la) {
    var src = map.getSource('selected');
    if (src) {
      src.setData({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [lo, la] } }] });
    }
  }

  map.on('load', function () {
    if (hasAddress) {
      select(lon, lat);
      return;
    }
    // First view: the municipality's bounding box.
    fetch(box.dataset.areas, { headers: { Accept: 'application/geo+json' } }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (fc) {
      var b = null;
      function walk(c) {
        if (typeof c[0] === 'number') {
          b = b ? [Math.min(b[0], c[0]), Math.min(b[1], c[1]), Math.max(b[2], c[0]), Math.max(b[3], c[1])] : [c[0], c[1], c[0], c[1]];
          return;
        }
        c.forEach(walk);
      }
      ((fc && fc.features) || []).forEach(function (f) {
        if (f.geometry) {
          walk(f.geometry.coordinates);
        }
      });
      if (b) {
        map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 20, animate: false });
      }
    }).catch(function () { /* keep the overview */ });
  });

  document.addEventListener('gigaplan:select', function (e) {
    var d = e.detail || {};
    if (!isFinite(d.lon) || !isFinite(d.lat)) {
      return;
    }
    select(d.lon, d.lat);
    var reduce = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    if (reduce) {
      map.jumpTo({ center: [d.lon, d.lat], zoom: Math.max(map.getZoom(), 17) });
    } else {
      map.flyTo({ center: [d.lon, d.lat], zoom: Math.max(map.getZoom(), 17) });
    }
  });

  // Clicking an address point answers it in the text region.
  map.on('click', 'addresses', function (e) {
    var f = e.features && e.features[0];
    if (f && f.properties && f.properties.id) {
      document.dispatchEvent(new CustomEvent('gigaplan:pick', { detail: { id: Number(f.properties.id) } }));
    }
  });
  map.on('mouseenter', 'addresses', function () { map.getCanvas().style.cursor = 'pointer'; });
  map.on('mouseleave', 'addresses', function () { map.getCanvas().style.cursor = ''; });

  // Clicking a district (not a point) names it with its figures.
  var popup = null;
  map.on('click', function (e) {
    if (map.getLayer('addresses') && map.queryRenderedFeatures(e.point, { layers: ['addresses'] }).length > 0) {
      return;
    }
    var f = map.queryRenderedFeatures(e.point, { layers: ['districts-fill'] })[0];
    if (popup) {
      popup.remove();
      popup = null;
    }
    if (!f || !f.properties) {
      return;
    }
    var text = f.properties.label || f.properties.name;
    if (!text) {
      return;
    }
    popup = new gl.Popup({ closeButton: true, maxWidth: '260px' }).setLngLat(e.lngLat).setText(String(text)).addTo(map);
  });
})();

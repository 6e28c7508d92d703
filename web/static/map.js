// Gigaplan citizens' map (MapLibre GL JS, CSP build, vendored). The map is
// supplementary: the text answer carries all information. Configuration
// comes from data- attributes on #map (no inline script):
//   data-basemap        raster tile URL template, "" for none
//   data-basemap-style  the app's own vector base map (/basemap/style.json)
//   data-attribution    base map attribution, shown once a tile has loaded
//   data-worker         hashed URL of maplibre-gl-csp-worker.js
//   data-tiles          the app's vector tiles, /tiles/{z}/{x}/{y}.pbf
//   data-areas          GeoJSON of the municipality, for the first view
//   data-lon/lat/address  the address of a permalink page
//
// The background can fail (a closed network, the tile server down): the
// districts, zones, addresses and the chosen address's ring do not wait
// for it. A raster background is probed with one tile before MapLibre
// asks for dozens; when the probe or the tiles fail, the background goes
// (its layers and source are removed, so nothing more is requested or
// logged), #map-base-off says so, and its attribution is never shown.
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

  // Area states (campaigns.AreaState, the tiles' areaState), the same
  // colours as the legend in app.css: they differ in lightness, and
  // "missed" is hatched on top (layer districts-missed).
  var AREA = {
    running: '#f5c04a', reached: '#1b8a5a', missed: '#f6dccb', built: '#0b4f8a', none: '#e3e3e3'
  };
  var areaFill = ['match', ['get', 'areaState'],
    'running', AREA.running, 'reached', AREA.reached, 'missed', AREA.missed, 'built', AREA.built, AREA.none];
  // Address states, Okabe–Ito colours (distinguishable with the common
  // colour-vision deficiencies); the same as the legend.
  var STATE = {
    live: '#009e73', construction: '#0072b2', committed: '#56b4e9',
    premarketing: '#e69f00', funding: '#d55e00', funding_candidate: '#cc79a7', none: '#8c8c8c'
  };

  var lon = parseFloat(box.dataset.lon);
  var lat = parseFloat(box.dataset.lat);
  var hasAddress = isFinite(lon) && isFinite(lat);
  function point(lo, la) {
    return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [lo, la] } }] };
  }

  var sources = {
    gigaplan: {
      type: 'vector', tiles: [tiles], minzoom: 0, maxzoom: 16,
      attribution: de ? 'Daten: Breitbandbüro' : 'Data: broadband office'
    },
    // The chosen address is in the style from the start: its ring needs
    // neither the background nor the map's load event.
    selected: { type: 'geojson', data: hasAddress ? point(lon, lat) : { type: 'FeatureCollection', features: [] } }
  };
  var layers = [{ id: 'background', type: 'background', paint: { 'background-color': '#f4f4f1' } }];
  layers.push(
    {
      id: 'districts-fill', type: 'fill', source: 'gigaplan', 'source-layer': 'districts',
      paint: { 'fill-color': areaFill, 'fill-opacity': 0.75 }
    },
    {
      id: 'districts-missed', type: 'fill', source: 'gigaplan', 'source-layer': 'districts',
      filter: ['==', ['get', 'areaState'], 'missed'],
      paint: { 'fill-pattern': 'hatch-missed' }
    },
    {
      id: 'zones-fill', type: 'fill', source: 'gigaplan', 'source-layer': 'zones',
      paint: { 'fill-color': areaFill, 'fill-opacity': 0.75 }
    },
    {
      id: 'zones-missed', type: 'fill', source: 'gigaplan', 'source-layer': 'zones',
      filter: ['==', ['get', 'areaState'], 'missed'],
      paint: { 'fill-pattern': 'hatch-missed' }
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
          'premarketing', STATE.premarketing, 'funding', STATE.funding, 'funding_candidate', STATE.funding_candidate, STATE.none],
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

  var map;
  try {
    map = new gl.Map({
      container: box,
      style: { version: 8, sources: sources, layers: layers },
      center: hasAddress ? [lon, lat] : [10.45, 51.16],
      zoom: hasAddress ? 17 : 5,
      // Attribution: our own control (attribution()), so that the
      // background is credited only once one of its tiles has loaded.
      attributionControl: false,
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
  background(map, gl, box);

  // The hatch of areas whose quota was not reached, drawn here rather
  // than shipped as an image (as the legend's swatch in app.css).
  map.on('styleimagemissing', function (e) {
    if (e.id !== 'hatch-missed' || map.hasImage('hatch-missed')) {
      return;
    }
    var n = 8;
    var data = new Uint8Array(n * n * 4);
    for (var y = 0; y < n; y++) {
      for (var x = 0; x < n; x++) {
        if ((x + y) % n === 0 || (x + y + 1) % n === 0) {
          var i = (y * n + x) * 4;
          data[i] = 0x7a; data[i + 1] = 0x2e; data[i + 2] = 0x0e; data[i + 3] = 230;
        }
      }
    }
    map.addImage('hatch-missed', { width: n, height: n, data: data });
  });

  // Name labels: one HTML marker per row of the table "Ortsteile im
  // Überblick" (its data-label at data-lon/data-lat), so that no glyph
  // server is needed. The table says the same to screen readers: the
  // labels are hidden from them. Below zoom 11 they would overlap, and
  // the small commercial zones' below zoom 14.
  var LABEL_MIN_ZOOM = 11;
  var ZONE_LABEL_MIN_ZOOM = 14;
  var popupRows = {};
  Array.prototype.forEach.call(document.querySelectorAll('#overview tbody tr'), function (tr) {
    popupRows[tr.dataset.kind + '|' + tr.dataset.name] = tr;
  });
  Array.prototype.forEach.call(document.querySelectorAll('#overview tbody tr[data-lon]'), function (tr) {
    var lo = parseFloat(tr.dataset.lon);
    var la = parseFloat(tr.dataset.lat);
    if (!isFinite(lo) || !isFinite(la) || !tr.dataset.label) {
      return;
    }
    var el = document.createElement('div');
    el.className = tr.dataset.kind === 'zone' ? 'area-label zone' : 'area-label';
    el.setAttribute('aria-hidden', 'true');
    el.textContent = tr.dataset.label;
    new gl.Marker({ element: el, anchor: 'center' }).setLngLat([lo, la]).addTo(map);
  });
  function labelsByZoom() {
    box.classList.toggle('labels-off', map.getZoom() < LABEL_MIN_ZOOM);
    box.classList.toggle('zone-labels-off', map.getZoom() < ZONE_LABEL_MIN_ZOOM);
  }
  map.on('zoomend', labelsByZoom);
  labelsByZoom();

  function select(lo, la) {
    var src = map.getSource('selected');
    if (src) {
      src.setData(point(lo, la));
    }
  }

  // First view without an address: the municipality's bounding box (not
  // on 'load', which waits for every tile, the background's included).
  if (!hasAddress) {
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
  }

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

  // Clicking an Ortsteil or a zone (not a point) names it with its state
  // and figures.
  var popup = null;
  map.on('click', function (e) {
    if (map.getLayer('addresses') && map.queryRenderedFeatures(e.point, { layers: ['addresses'] }).length > 0) {
      return;
    }
    var f = map.queryRenderedFeatures(e.point, { layers: ['zones-fill', 'districts-fill'] })[0];
    if (popup) {
      popup.remove();
      popup = null;
    }
    if (!f || !f.properties || !f.properties.name) {
      return;
    }
    var p = f.properties;
    var body = document.createElement('div');
    var title = document.createElement('strong');
    title.textContent = String(p.name);
    body.appendChild(title);
    // The table's row says it in the page's language; the tile's German
    // label serves areas the table does not list.
    var kind = f.layer.id === 'zones-fill' ? 'zone' : 'district';
    var row = popupRows[kind + '|' + p.name];
    var text = row ? row.dataset.popup : [p.label, p.provider].filter(Boolean).join(' · ');
    if (text) {
      body.appendChild(document.createElement('br'));
      body.appendChild(document.createTextNode(String(text)));
    }
    popup = new gl.Popup({ closeButton: true, maxWidth: '260px' }).setLngLat(e.lngLat).setDOMContent(body).addTo(map);
  });

  // background adds the base map under the districts (see the header):
  // the app's vector style (data-basemap-style) or raster tiles
  // (data-basemap), or nothing.
  function background(map, gl, box) {
    var notice = document.getElementById('map-base-off');
    var credit = box.dataset.attribution || '';
    var ids = []; // the background's layers
    var loaded = false; // one of its tiles has loaded
    var failures = 0;
    var gone = false;
    var control = null;
    var styleReady = false;
    var pending = [];
    map.once('style.load', function () {
      styleReady = true;
      pending.forEach(function (f) { f(); });
      pending = [];
    });
    function whenStyle(f) {
      if (styleReady) {
        f();
      } else {
        pending.push(f);
      }
    }
    function attribution(text) {
      if (control) {
        map.removeControl(control);
      }
      control = new gl.AttributionControl(text ? { compact: false, customAttribution: text } : { compact: false });
      map.addControl(control);
    }
    attribution('');
    // fail ends the background: before any tile has loaded at the first
    // failure; a background that works may miss a few tiles (the edge
    // of an extract) before it goes.
    function fail() {
      if (gone) {
        return;
      }
      failures++;
      if (loaded && failures < 8) {
        return;
      }
      gone = true;
      whenStyle(function () {
        ids.forEach(function (id) {
          if (map.getLayer(id)) {
            map.removeLayer(id);
          }
        });
        if (map.getSource('basemap')) {
          map.removeSource('basemap');
        }
      });
      if (loaded) {
        attribution('');
      }
      if (notice) {
        notice.hidden = false;
      }
    }
    // With a listener, MapLibre logs nothing itself: the background's
    // errors end it, the others go to the console as before.
    map.on('error', function (e) {
      if (e && (e.sourceId === 'basemap' || (e.source && e.source.id === 'basemap'))) {
        fail();
      } else if (e && e.error && window.console) {
        console.error(e.error);
      }
    });
    map.on('sourcedata', function (e) {
      if (!loaded && !gone && e.sourceId === 'basemap' && e.tile) {
        loaded = true;
        if (credit) {
          attribution(credit);
        }
      }
    });
    function add(source, list) {
      whenStyle(function () {
        if (gone) {
          return;
        }
        map.addSource('basemap', source);
        list.forEach(function (l) {
          ids.push(l.id);
          map.addLayer(l, 'districts-fill');
        });
      });
    }
    // get fetches url, giving up after 5 s.
    function get(url, opts) {
      var ctl = window.AbortController ? new AbortController() : null;
      var timer = ctl ? setTimeout(function () { ctl.abort(); }, 5000) : 0;
      opts.signal = ctl ? ctl.signal : undefined;
      return fetch(url, opts).then(function (r) {
        clearTimeout(timer);
        if (!r.ok) {
          throw new Error(url + ': ' + r.status);
        }
        return r;
      }, function (err) {
        clearTimeout(timer);
        throw err;
      });
    }
    var origin = window.location.origin;
    if (box.dataset.basemapStyle) {
      get(box.dataset.basemapStyle, { headers: { Accept: 'application/json' } }).then(function (r) {
        return r.json();
      }).then(function (style) {
        var src = style.sources && style.sources.basemap;
        if (!src || !src.tiles) {
          throw new Error('base map style without tiles');
        }
        // Absolute tile URLs (the worker's base is its script); the
        // attribution comes with the first tile.
        src.tiles = src.tiles.map(function (t) { return t.charAt(0) === '/' ? origin + t : t; });
        if (src.attribution && !credit) {
          credit = src.attribution;
        }
        delete src.attribution;
        add(src, style.layers || []);
      }).catch(fail);
      return;
    }
    var url = box.dataset.basemap;
    if (!url) {
      return;
    }
    // One probe tile (the one at the first view), so that a background
    // that cannot load costs one request, not dozens. MapLibre fails 404
    // tiles silently and asks for their parents instead.
    var z = Math.min(18, Math.max(0, Math.round(map.getZoom())));
    var c = map.getCenter();
    var n = Math.pow(2, z);
    var x = Math.min(n - 1, Math.floor((c.lng + 180) / 360 * n));
    var r = c.lat * Math.PI / 180;
    var y = Math.min(n - 1, Math.max(0, Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n)));
    var probe = url.replace('{z}', z).replace('{x}', x).replace('{y}', y);
    get(probe, { mode: 'cors', credentials: 'omit' }).then(function () {
      add({ type: 'raster', tiles: [url], tileSize: 256, maxzoom: 18 },
        [{ id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-saturation': -0.4 } }]);
    }).catch(fail);
  }
})();

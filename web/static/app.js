// Gigaplan citizens' page: address autocomplete (ARIA 1.2 combobox with a
// listbox popup) and the answer in place. Progressive enhancement: without
// this script the form posts to /suche and the answer is the server-rendered
// permalink /adresse/{id}; this script renders the same markup from the JSON
// API. No inline script or style is needed anywhere (CSP script-src 'self').
//
// It talks to the map (map.js) through two DOM events on document:
//   gigaplan:select  {id, lon, lat}  an address was chosen here: fly there
//   gigaplan:pick    {id}            a point was clicked on the map: answer it
//
// Classic script, no modules: MapLibre 5's CSP build is a classic script too.
// Moving to MapLibre 6 (ESM only) means type="module" scripts and an
// import() of the hashed vendor URL taken from a data- attribute.
(function () {
  'use strict';

  var lang = document.documentElement.lang === 'en' ? 'en' : 'de';
  var T = {
    de: {
      district: 'Ortsteil', provider: 'Anbieter', campaign: 'Vermarktung', area: 'Gebiet',
      progress: 'Fortschritt der Vorvermarktung', reached: 'erreicht', needed: 'nötig', link: 'Link zu dieser Auskunft',
      loading: 'Auskunft wird geladen …', failed: 'Die Auskunft ist gerade nicht möglich. Bitte versuchen Sie es später noch einmal.',
      none: 'Keine Adresse gefunden.',
      noneHint: 'Keine Adresse gefunden. Prüfen Sie die Schreibweise, lassen Sie die Hausnummer weg oder geben Sie nur den Anfang des Straßennamens ein. Mit „Suchen“ sehen Sie weitere Tipps.',
      more: 'Es gibt weitere Treffer – bitte genauer eingeben, zum Beispiel mit Hausnummer, Postleitzahl oder Ort.',
      one: '1 Vorschlag. Mit Pfeiltasten auswählen, Eingabetaste bestätigt.',
      many: ' Vorschläge. Mit Pfeiltasten auswählen, Eingabetaste bestätigt.',
      states: {
        live: 'Glasfaser verfügbar', construction: 'Glasfaser im Bau', committed: 'Ausbau zugesagt',
        premarketing: 'Vorvermarktung', funding: 'Förderprojekt', funding_candidate: 'Förderung wird geprüft', none: 'Noch keine Planung'
      }
    },
    en: {
      district: 'District', provider: 'Provider', campaign: 'Campaign', area: 'Area',
      progress: 'Pre-marketing progress', reached: 'reached', needed: 'needed', link: 'Link to this answer',
      loading: 'Loading the answer …', failed: 'The answer is not available right now. Please try again later.',
      none: 'No address found.',
      noneHint: 'No address found. Check the spelling, leave out the house number or type only the start of the street name. “Search” shows more tips.',
      more: 'There are more results – please be more specific, e.g. add the house number, postcode or town.',
      one: '1 suggestion. Use the arrow keys to choose, Enter to confirm.',
      many: ' suggestions. Use the arrow keys to choose, Enter to confirm.',
      states: {
        live: 'Fibre available', construction: 'Fibre under construction', committed: 'Roll-out committed',
        premarketing: 'Pre-marketing', funding: 'Publicly funded project', funding_candidate: 'Public funding under review', none: 'No plans yet'
      }
    }
  }[lang];
  var langQuery = lang === 'en' ? '?lang=en' : '';

  var input = document.getElementById('q');
  var list = document.getElementById('q-list');
  var status = document.getElementById('q-status');
  var answer = document.getElementById('answer');
  if (!input || !list) {
    return;
  }

  // --- combobox --------------------------------------------------------

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', 'q-list');

  var results = [];
  var active = -1;
  var timer = 0;
  var pending = null; // AbortController of the running search
  var DEBOUNCE = 200;
  var MIN_CHARS = 2;

  function announce(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function setActive(i) {
    var items = list.children;
    if (active >= 0 && items[active]) {
      items[active].setAttribute('aria-selected', 'false');
    }
    active = i;
    if (i < 0 || !items[i]) {
      input.removeAttribute('aria-activedescendant');
      return;
    }
    items[i].setAttribute('aria-selected', 'true');
    input.setAttribute('aria-activedescendant', items[i].id);
    items[i].scrollIntoView({ block: 'nearest' });
  }

  // A visible line under the field: "no address found" with tips, or
  // "more results – be more specific". The status region above says the
  // same to screen readers.
  var msg = document.createElement('p');
  msg.id = 'q-msg';
  msg.className = 'search-msg';
  msg.hidden = true;
  (list.parentNode || input.parentNode).appendChild(msg);

  function message(text) {
    msg.textContent = text || '';
    msg.hidden = !text;
  }

  function show(found, more) {
    results = found;
    list.textContent = '';
    active = -1;
    input.removeAttribute('aria-activedescendant');
    if (found.length === 0) {
      close();
      message(T.noneHint);
      announce(T.none);
      return;
    }
    message(more ? T.more : '');
    found.forEach(function (a, i) {
      var li = document.createElement('li');
      li.id = 'q-opt-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.textContent = a.label;
      if (a.district) {
        li.appendChild(el('span', 'option-district', ' · ' + T.district + ' ' + a.district));
      }
      // mousedown, not click: keep the focus in the input.
      li.addEventListener('mousedown', function (e) {
        e.preventDefault();
        choose(i);
      });
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    announce(found.length === 1 ? T.one : found.length + T.many);
  }

  function search(q) {
    if (pending) {
      pending.abort();
    }
    pending = typeof AbortController === 'function' ? new AbortController() : null;
    var town = input.form && input.form.elements.gemeinde ? '&gemeinde=' + encodeURIComponent(input.form.elements.gemeinde.value) : '';
    fetch('/api/v1/addresses/search?limit=10&q=' + encodeURIComponent(q) + town, {
      headers: { Accept: 'application/json' },
      signal: pending ? pending.signal : undefined
    }).then(function (r) {
      return r.ok ? r.json() : { results: [] };
    }).then(function (body) {
      if (input.value.trim() === q) {
        show(body.results || [], !!body.more);
      }
    }).catch(function () { /* aborted or offline: keep the form fallback */ });
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < MIN_CHARS) {
      close();
      message('');
      return;
    }
    timer = setTimeout(function () { search(q); }, DEBOUNCE);
  });

  input.addEventListener('keydown', function (e) {
    var open = !list.hidden && results.length > 0;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open && results.length > 0) {
          list.hidden = false;
          input.setAttribute('aria-expanded', 'true');
        }
        if (results.length > 0) {
          setActive(active < results.length - 1 ? active + 1 : 0);
        }
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (open) {
          setActive(active > 0 ? active - 1 : results.length - 1);
        }
        break;
      case 'Enter':
        if (open && active >= 0) {
          e.preventDefault();
          choose(active);
        }
        // otherwise the form submits: the server lists the matches
        break;
      case 'Escape':
        if (open) {
          e.preventDefault();
          close();
        } else if (input.value !== '') {
          e.preventDefault();
          input.value = '';
          results = [];
        }
        break;
      case 'Home':
      case 'End':
        // leave the caret keys to the input
        break;
    }
  });

  input.addEventListener('blur', function () {
    setTimeout(close, 150);
  });

  function choose(i) {
    var a = results[i];
    if (!a) {
      return;
    }
    // What the search understands, as on the permalink page: street and
    // number, not the label with postcode and city, which would find
    // nothing if the form were sent again.
    input.value = (a.street + ' ' + a.houseNumber + (a.suffix || '')).trim();
    close();
    message('');
    if (!answer) {
      // A page without the answer region (the error page): go to the permalink.
      window.location.href = '/adresse/' + a.id + langQuery;
      return;
    }
    loadAnswer(a.id, true);
  }

  // --- answer ------------------------------------------------------------

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (text !== undefined && text !== null) {
      e.textContent = text;
    }
    return e;
  }

  // render builds the same markup as the "answer" template in citizen.html.
  function render(addr, cov) {
    var art = el('article', 'answer state-' + cov.state);
    art.setAttribute('aria-labelledby', 'answer-title');
    var h = el('h2', null, addr.label);
    h.id = 'answer-title';
    art.appendChild(h);
    var district = (addr.areas || []).filter(function (a) { return a.kind === 'district'; })[0];
    if (district) {
      art.appendChild(el('p', 'district', T.district + ': ' + district.name));
    }
    var st = el('p', 'state');
    st.appendChild(el('span', 'badge', T.states[cov.state] || cov.state));
    art.appendChild(st);
    var msg = el('p', 'message', cov.message);
    if (lang !== 'de') {
      msg.lang = 'de';
    }
    art.appendChild(msg);

    if (cov.state === 'premarketing' && cov.threshold > 0) {
      var box = el('div', 'progress');
      var label = el('label', null, T.progress + ': ' + cov.quotaText + ' ' + T.reached + ', ' + cov.thresholdText + ' ' + T.needed);
      label.htmlFor = 'answer-progress';
      var bar = el('progress', null, cov.quotaText); // formatted by the server (campaigns.Percent), as on every surface
      bar.id = 'answer-progress';
      var max = Math.round(cov.threshold * 1000) / 10;
      bar.max = max;
      bar.value = Math.min(Math.round(cov.quota * 1000) / 10, max);
      box.appendChild(label);
      box.appendChild(bar);
      art.appendChild(box);
    }

    // The API names the deciding campaign in every state that has one.
    if (cov.provider) {
      var dl = el('dl', 'facts');
      [[T.provider, cov.provider], [T.campaign, cov.campaign], [T.area, cov.area]].forEach(function (p) {
        if (p[1]) {
          dl.appendChild(el('dt', null, p[0]));
          dl.appendChild(el('dd', null, p[1]));
        }
      });
      art.appendChild(dl);
    }
    var link = el('p', 'permalink');
    var a = el('a', null, T.link);
    a.href = '/adresse/' + addr.id + langQuery;
    link.appendChild(a);
    art.appendChild(link);
    return art;
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) {
      if (!r.ok) {
        throw new Error(url + ': ' + r.status);
      }
      return r.json();
    });
  }

  var answering = 0;

  function loadAnswer(id, push) {
    var ticket = ++answering;
    answer.setAttribute('aria-busy', 'true');
    Promise.all([getJSON('/api/v1/addresses/' + id), getJSON('/api/v1/addresses/' + id + '/coverage')]).then(function (r) {
      if (ticket !== answering) {
        return;
      }
      var addr = r[0];
      answer.textContent = '';
      answer.appendChild(render(addr, r[1]));
      // The report link below the answer names this address.
      var report = document.getElementById('report-link');
      if (report) { report.href = '/meldung?adresse=' + addr.id + (langQuery ? '&' + langQuery.slice(1) : ''); }
      answer.removeAttribute('aria-busy');
      if (push && window.history && history.pushState) {
        history.pushState({ id: id }, '', '/adresse/' + id + langQuery);
      }
      document.title = addr.label + ' – ' + (document.getElementById('page-title') || {}).textContent;
      document.dispatchEvent(new CustomEvent('gigaplan:select', { detail: { id: id, lon: addr.lon, lat: addr.lat } }));
    }).catch(function () {
      if (ticket !== answering) {
        return;
      }
      answer.textContent = '';
      answer.appendChild(el('p', 'message error', T.failed));
      answer.removeAttribute('aria-busy');
    });
  }

  if (answer) {
    document.addEventListener('gigaplan:pick', function (e) {
      if (e.detail && e.detail.id) {
        loadAnswer(e.detail.id, true);
      }
    });
    window.addEventListener('popstate', function (e) {
      if (e.state && e.state.id) {
        loadAnswer(e.state.id, false);
      } else {
        window.location.reload();
      }
    });
    var m = /^\/adresse\/(\d+)$/.exec(window.location.pathname);
    if (m && window.history && history.replaceState) {
      history.replaceState({ id: Number(m[1]) }, '');
    }
  }
})();

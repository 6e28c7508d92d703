// Gigaplan citizens' page: address autocomplete (ARIA 1.2 combobox with a
// listbox popup) and the answer in place. Progressive enhancement: without
// this script the form posts to /suche and the answer is the server-rendered
// permalink /adresse/{id}; this script puts the same markup in place
// (GET /adresse/{id}/auskunft). No inline script or style is needed anywhere (CSP script-src 'self').
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
      district: 'Ortsteil', failed: 'Die Auskunft ist gerade nicht möglich. Bitte versuchen Sie es später noch einmal.',
      none: 'Keine Adresse gefunden.',
      noneHint: 'Keine Adresse gefunden. Prüfen Sie die Schreibweise, lassen Sie die Hausnummer weg oder geben Sie nur den Anfang des Straßennamens ein. Mit „Suchen“ sehen Sie weitere Tipps.',
      more: 'Es gibt weitere Treffer – bitte genauer eingeben, zum Beispiel mit Hausnummer, Postleitzahl oder Ort.',
      one: '1 Vorschlag. Mit Pfeiltasten auswählen, Eingabetaste bestätigt.',
      many: ' Vorschläge. Mit Pfeiltasten auswählen, Eingabetaste bestätigt.'
    },
    en: {
      district: 'District', failed: 'The answer is not available right now. Please try again later.',
      none: 'No address found.',
      noneHint: 'No address found. Check the spelling, leave out the house number or type only the start of the street name. “Search” shows more tips.',
      more: 'There are more results – please be more specific, e.g. add the house number, postcode or town.',
      one: '1 suggestion. Use the arrow keys to choose, Enter to confirm.',
      many: ' suggestions. Use the arrow keys to choose, Enter to confirm.'
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

  var answering = 0;

  // The answer is the server's own markup (GET /adresse/{id}/auskunft,
  // the template of the permalink page), so that every fact it shows has
  // one source.
  function loadAnswer(id, push) {
    var ticket = ++answering;
    answer.setAttribute('aria-busy', 'true');
    fetch('/adresse/' + id + '/auskunft' + langQuery, { headers: { Accept: 'text/html' } }).then(function (r) {
      if (!r.ok) {
        throw new Error('answer ' + id + ': ' + r.status);
      }
      return r.text();
    }).then(function (html) {
      if (ticket !== answering) {
        return;
      }
      var doc = new DOMParser().parseFromString(html, 'text/html');
      var art = doc.querySelector('article.answer');
      if (!art) {
        throw new Error('answer ' + id + ': no article');
      }
      answer.textContent = '';
      answer.appendChild(document.adoptNode(art));
      // The report link below the answer names this address.
      var report = document.getElementById('report-link');
      if (report) { report.href = '/meldung?adresse=' + id + (langQuery ? '&' + langQuery.slice(1) : ''); }
      answer.removeAttribute('aria-busy');
      if (push && window.history && history.pushState) {
        history.pushState({ id: id }, '', '/adresse/' + id + langQuery);
      }
      document.title = art.dataset.label + ' – ' + (document.getElementById('page-title') || {}).textContent;
      document.dispatchEvent(new CustomEvent('gigaplan:select', {
        detail: { id: id, lon: parseFloat(art.dataset.lon), lat: parseFloat(art.dataset.lat) }
      }));
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

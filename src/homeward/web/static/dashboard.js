// homeward dashboard: browse and search messages, correct labels, add journal entries, start and end
// experiments. Every change is a POST carrying the token in a header (never a cookie: the CSRF guard),
// and afterwards the report above is fetched again and its charts redrawn, so the views stay live.
(function () {
  'use strict';
  const token = new URLSearchParams(location.search).get('token') || '';
  history.replaceState(null, '', location.pathname);  // keep the token out of the address bar and history
  const H = {'X-Homeward-Token': token, 'Content-Type': 'application/json'};
  const LABELS = JSON.parse(document.getElementById('hw-labels').textContent);
  const root = document.getElementById('dashboard');
  let refreshes = 0;

  async function api(path, body) {
    const r = await fetch(path, body === undefined ? {headers: H} : {method: 'POST', headers: H, body: JSON.stringify(body)});
    const data = await r.json();
    if (!r.ok) throw new Error(data.error || r.statusText);
    return data;
  }
  function el(tag, props, ...kids) {
    const e = Object.assign(document.createElement(tag), props || {});
    kids.forEach(k => e.append(k));
    return e;
  }
  function field(text, input) {
    return el('label', {className: 'hw-field'}, el('span', {textContent: text}), input);
  }
  const status = el('p', {id: 'hw-status', className: 'hw-status', role: 'status'});
  function say(text) { status.textContent = text; }

  // The report above, fetched again and redrawn: the same page, with the change taken into account.
  async function refresh() {
    const r = await fetch('/', {headers: {'X-Homeward-Token': token}});
    if (!r.ok) throw new Error('could not reload the report (' + r.status + ')');
    const doc = new DOMParser().parseFromString(await r.text(), 'text/html');
    document.getElementById('report').replaceWith(document.adoptNode(doc.getElementById('report')));
    document.getElementById('specs').textContent = doc.getElementById('specs').textContent;
    document.body.removeAttribute('data-charts');
    await window.homewardDraw();
    document.body.dataset.refreshed = String(++refreshes);
  }
  async function change(what, work) {
    try {
      say(what + '…');
      await work();
      say(what + ': saved. Updating the charts…');
      await refresh();
      say(what + ': saved; the charts above are up to date.');
    } catch (e) { say(what + ' failed: ' + e.message); }
  }

  // Messages: search, read, correct labels.
  const q = el('input', {type: 'search', id: 'hw-q', name: 'q', placeholder: 'a word or phrase'});
  const search = el('form', {id: 'hw-search', role: 'search'}, field('Search messages', q),
                    el('button', {type: 'submit', textContent: 'Search'}));
  const count = el('p', {id: 'hw-count', className: 'meta'});
  const list = el('ol', {id: 'hw-messages', className: 'hw-messages'});
  const more = el('button', {type: 'button', textContent: 'Show more', hidden: true});
  let offset = 0;

  function labelButtons(m, li) {
    const box = el('span', {className: 'hw-labels'});
    for (const l of m.labels) {
      box.append(el('button', {type: 'button', className: 'tag hw-remove', textContent: l.replace('_', ' ') + ' ×',
        title: 'Remove this label', ariaLabel: 'Remove the label ' + l + ' from this message',
        onclick: () => correct(m, li, l, false)}));
    }
    const pick = el('select', {ariaLabel: 'Label to add to this message', className: 'hw-pick'},
                    el('option', {value: '', textContent: 'add a label…'}),
                    ...LABELS.filter(l => !m.labels.includes(l)).map(l => el('option', {value: l, textContent: l.replace('_', ' ')})));
    const add = el('button', {type: 'button', textContent: 'Add', className: 'hw-add',
                              onclick: () => { if (pick.value) correct(m, li, pick.value, true); }});
    return el('span', {}, box, ' ', pick, ' ', add);
  }
  function row(m) {
    const li = el('li', {className: 'msg ' + (m.sender === 'user' ? 'user' : 'partner')});
    li.dataset.id = m.id;
    fill(m, li);
    return li;
  }
  function fill(m, li) {
    li.textContent = '';
    li.append(el('span', {className: 'meta', textContent: m.ts.replace('T', ' ').slice(0, 16) + ' · ' +
                          (m.sender === 'user' ? 'You' : 'Partner') + ' · ' + m.channel + ' '}),
              el('div', {className: 'hw-text', textContent: m.text || '[no text]'}), labelButtons(m, li));
  }
  function correct(m, li, label, present) {
    return change((present ? 'Adding ' : 'Removing ') + 'the label ' + label, async () => {
      await api('/api/label', {message_id: m.id, label: label, present: present});
      m.labels = present ? [...m.labels, label].sort() : m.labels.filter(x => x !== label);
      fill(m, li);
    });
  }
  async function load(reset) {
    if (reset) { offset = 0; list.textContent = ''; }
    try {
      const data = await api('/api/messages?q=' + encodeURIComponent(q.value) + '&offset=' + offset);
      data.messages.forEach(m => list.append(row(m)));
      offset += data.messages.length;
      count.textContent = data.total + ' message' + (data.total === 1 ? '' : 's') + (q.value ? ' containing “' + q.value + '”' : '') +
                          (data.total ? '; showing ' + offset : '');
      more.hidden = data.messages.length === 0 || offset >= data.total;
    } catch (e) { say(e.message); }
  }
  search.addEventListener('submit', e => { e.preventDefault(); load(true); });
  more.addEventListener('click', () => load(false));

  // Journal.
  const jkind = el('select', {id: 'hw-jkind'}, ...['note', 'call', 'visit'].map(k => el('option', {value: k, textContent: k})));
  const jwhen = el('input', {type: 'datetime-local', id: 'hw-jwhen'});
  const jby = el('select', {id: 'hw-jby'}, el('option', {value: '', textContent: 'not recorded'}),
                 el('option', {value: 'user', textContent: 'you'}), el('option', {value: 'partner', textContent: 'the partner'}));
  const jtext = el('input', {type: 'text', id: 'hw-jtext'});
  const journal = el('form', {id: 'hw-journal'}, field('Kind', jkind), field('When (empty: now)', jwhen),
                     field('By', jby), field('Note', jtext), el('button', {type: 'submit', textContent: 'Add to journal'}));
  journal.addEventListener('submit', e => {
    e.preventDefault();
    change('Adding a journal entry', async () => {
      await api('/api/journal', {kind: jkind.value, when: jwhen.value.replace('T', ' '), by: jby.value || null, text: jtext.value});
      jtext.value = '';
    });
  });

  // Experiments.
  const elist = el('ul', {id: 'hw-experiments'});
  async function loadExperiments() {
    const data = await api('/api/experiments');
    elist.textContent = '';
    for (const x of data.experiments) {
      const li = el('li', {}, el('b', {textContent: x.name}), ' from ' + x.start + (x.end ? ' to ' + x.end : ' (running) '));
      if (!x.end) {
        li.append(el('button', {type: 'button', textContent: 'End today', ariaLabel: 'End the experiment ' + x.name + ' today',
          onclick: () => change('Ending “' + x.name + '”', async () => {
            await api('/api/experiments/' + x.id + '/end', {}); await loadExperiments(); })}));
      }
      elist.append(li);
    }
    if (!data.experiments.length) elist.append(el('li', {textContent: 'None yet.'}));
  }
  const ename = el('input', {type: 'text', id: 'hw-ename', placeholder: 'e.g. no pushing'});
  const estart = el('input', {type: 'date', id: 'hw-estart'});
  const eform = el('form', {id: 'hw-experiment'}, field('Experiment', ename), field('From (empty: today)', estart),
                   el('button', {type: 'submit', textContent: 'Start experiment'}));
  eform.addEventListener('submit', e => {
    e.preventDefault();
    change('Starting “' + ename.value + '”', async () => {
      await api('/api/experiments', {name: ename.value, start: estart.value || null});
      ename.value = '';
      await loadExperiments();
    });
  });

  root.append(status, el('h3', {textContent: 'Messages'}), search, count, list, more,
              el('h3', {textContent: 'Journal'}), el('p', {className: 'meta', textContent: 'Calls, visits and notes that are not in the messages.'}), journal,
              el('h3', {textContent: 'Experiments'}), el('p', {className: 'meta', textContent: 'A change you are trying; the report compares the weeks before and during.'}), elist, eform);
  load(true);
  loadExperiments().catch(e => say(e.message));
})();

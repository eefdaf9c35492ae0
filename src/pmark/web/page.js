// SPDX-License-Identifier: LGPL-2.1-or-later
// pmark serve's page: add documents, see what they need and why, choose
// the marking, mark (and seal), download. Every decision is the server's
// (the same library as the CLI); this only shows and asks.
'use strict';

const csrf = document.querySelector('meta[name="pmark-csrf"]').content;
let session = null;
const docs = new Map(); // id -> {result, card, marked}

function $(sel, root) { return (root || document).querySelector(sel); }

function say(text) { $('#status').textContent = text; }

async function api(method, path, body, headers) {
  const h = Object.assign({ 'X-Pmark-CSRF': csrf }, headers || {});
  const r = await fetch(path, { method, body, headers: h, credentials: 'same-origin' });
  return r;
}

async function errorText(r) {
  try {
    const j = await r.json();
    if (j.error) return j.error.message;
  } catch (e) { /* not JSON */ }
  return 'the server answered ' + r.status;
}

function levelByName(name) {
  return session.levels.find((l) => l.name === name) || null;
}

function rankOf(name) {
  const l = name ? levelByName(name) : null;
  return l ? l.rank : -1;
}

function badge(name) {
  const span = document.createElement('span');
  span.className = 'level-badge';
  span.textContent = name;
  const l = levelByName(name);
  if (l && l.colour) span.style.setProperty('--level-colour', l.colour);
  return span;
}

function fileKind(result) {
  if (!result.format && !result.type) return 'unknown';
  return (result.format || '') + (result.type ? ' (' + result.type + ')' : '');
}

// the lowest marking that needs no justification: what the content needs,
// and never below the marking it carries
function floorOf(result) {
  const needs = rankOf(result.content_level);
  const has = result.existing ? rankOf(result.existing.level) : -1;
  return Math.max(needs, has);
}

function addCard(result) {
  const id = result.id;
  const tpl = $('#doc-template').content.cloneNode(true);
  const card = tpl.querySelector('article');
  card.id = 'doc-' + id;
  card.dataset.id = id;
  const title = card.querySelector('.doc-name');
  title.id = 'name-' + id;
  title.textContent = result.path;
  card.setAttribute('aria-labelledby', title.id);
  card.querySelector('.type').textContent = fileKind(result);
  const ex = card.querySelector('.existing');
  if (result.existing) {
    ex.appendChild(badge(result.existing.text || result.existing.level));
    ex.append(' (' + result.existing.where + ')');
  } else {
    ex.textContent = 'none';
  }
  const needs = card.querySelector('.needs');
  if (result.content_level) needs.appendChild(badge(result.content_level));
  else needs.textContent = 'unknown: pmark could not read it';
  const level = result.level || null;
  if (level) card.style.setProperty('--level-colour', (levelByName(level) || {}).colour || '#888');

  const warn = card.querySelector('.warning');
  if (result.error) {
    warn.hidden = false;
    warn.textContent = 'pmark could not read this file (' + result.error.code + '): ' +
      result.error.message + '. It is not called clean: check it yourself before you choose.';
  } else if (!result.inspected) {
    warn.hidden = false;
    warn.textContent = 'pmark could not read all of this file' +
      (result.not_inspected ? ' (' + result.not_inspected + ')' : '') +
      '. It is not called clean: check it yourself before you choose.';
  }

  const reasons = card.querySelector('.reasons');
  for (const r of result.reasons || []) {
    const li = document.createElement('li');
    li.append(badge(r.level), ' ', r.explanation || r.rule);
    if (r.where && r.where.length) {
      const w = document.createElement('span');
      w.className = 'where';
      w.textContent = ' — ' + r.where.slice(0, 4).join('; ') + (r.where.length > 4 ? '; …' : '');
      li.append(w);
    }
    if (r.evidence && r.evidence.length) {
      li.append(' Found: ');
      r.evidence.slice(0, 4).forEach((e, i) => {
        const c = document.createElement('span');
        c.className = 'evidence';
        c.textContent = e;
        if (i) li.append(', ');
        li.append(c);
      });
    }
    reasons.appendChild(li);
  }
  if (!reasons.children.length) {
    const li = document.createElement('li');
    li.textContent = result.error || !result.inspected
      ? 'Not known: the file was not read whole.'
      : 'Nothing in it needs more than ' + (result.content_level || 'the lowest level') + '.';
    reasons.appendChild(li);
  }

  // the form
  const form = card.querySelector('form');
  const sel = form.querySelector('.level');
  sel.id = 'level-' + id;
  for (const l of session.levels) {
    const o = document.createElement('option');
    o.value = l.name;
    o.textContent = l.name + (l.name === level ? ' (suggested)' : '');
    if (l.name === level) o.selected = true;
    sel.appendChild(o);
  }
  if (!level) {
    const o = document.createElement('option');
    o.value = '';
    o.textContent = 'Choose a marking';
    o.selected = true;
    sel.prepend(o);
  }
  const descList = form.querySelector('.desc-list');
  for (const d of session.descriptors) {
    const lab = document.createElement('label');
    const cb = document.createElement('input');
    cb.type = 'checkbox';
    cb.value = d.name;
    cb.name = 'descriptor';
    if ((result.descriptors || []).includes(d.name)) cb.checked = true;
    lab.append(cb, ' ' + d.name);
    if (d.description) lab.title = d.description;
    descList.appendChild(lab);
  }
  if (!session.descriptors.length) form.querySelector('.descriptors').hidden = true;

  const recList = form.querySelector('.recipient-list');
  for (const name of session.recipients) {
    const lab = document.createElement('label');
    const cb = document.createElement('input');
    cb.type = 'checkbox';
    cb.value = name;
    cb.name = 'recipient';
    lab.append(cb, ' ' + name);
    recList.appendChild(lab);
  }
  if (!session.recipients.length) {
    recList.textContent = 'The policy names no recipient book: seal with a passphrase.';
  }
  const sealBox = form.querySelector('.seal');
  const sealOptions = form.querySelector('.seal-options');
  const justifyBox = form.querySelector('.justify-box');
  const floor = floorOf(result);
  function update() {
    const chosen = levelByName(sel.value);
    const below = chosen && floor >= 0 && chosen.rank < floor;
    justifyBox.hidden = !below;
    if (below) form.querySelector('.justify-floor').textContent = session.levels[floor].name;
    if (chosen && chosen.seal && !sealBox.dataset.touched) sealBox.checked = true;
    sealOptions.hidden = !sealBox.checked;
    if (chosen) card.style.setProperty('--level-colour', chosen.colour || '#888');
  }
  sel.addEventListener('change', update);
  sealBox.addEventListener('change', () => { sealBox.dataset.touched = '1'; update(); });
  update();

  form.addEventListener('submit', (ev) => { ev.preventDefault(); markOne(id); });
  form.querySelector('.remove').addEventListener('click', () => removeOne(id));

  $('#list').appendChild(card);
  docs.set(id, { result, card, marked: false });
  $('#empty').hidden = true;
  $('#batch').hidden = false;
  loadPreview(id);
}

async function loadPreview(id) {
  const d = docs.get(id);
  const box = d.card.querySelector('.preview-body');
  const r = await fetch('/api/files/' + id + '/preview', { credentials: 'same-origin' });
  box.textContent = '';
  if (!r.ok) {
    const p = document.createElement('p');
    p.className = 'note';
    p.textContent = 'No preview: ' + await errorText(r);
    box.appendChild(p);
    return;
  }
  if ((r.headers.get('Content-Type') || '').startsWith('image/')) {
    const img = document.createElement('img');
    img.src = URL.createObjectURL(await r.blob());
    img.alt = 'The first page of ' + d.result.path;
    box.appendChild(img);
  } else {
    const pre = document.createElement('pre');
    pre.tabIndex = 0;
    pre.setAttribute('aria-label', 'The text of ' + d.result.path);
    pre.textContent = await r.text();
    box.appendChild(pre);
  }
}

async function addFiles(files) {
  const list = Array.from(files);
  for (const f of list) {
    if (docs.size >= session.max_files) {
      say('This page holds ' + session.max_files + ' files at most: download or remove some first.');
      return;
    }
    if (f.size > session.max_bytes) {
      say(f.name + ' is larger than the policy allows (' +
          Math.floor(session.max_bytes / 1048576) + ' MB).');
      continue;
    }
    say('Reading ' + f.name + '…');
    const r = await api('POST', '/api/files', f, { 'X-Pmark-Filename': encodeURIComponent(f.name) });
    if (!r.ok) {
      say(f.name + ': ' + await errorText(r));
      continue;
    }
    const result = await r.json();
    addCard(result);
    say(f.name + ' read: it needs ' + (result.level || 'a person to check it') + '.');
  }
}

async function markOne(id) {
  const d = docs.get(id);
  const form = d.card.querySelector('form');
  const err = form.querySelector('.error');
  const done = form.querySelector('.done');
  err.textContent = '';
  done.textContent = '';
  const body = {
    level: form.querySelector('.level').value,
    descriptors: Array.from(form.querySelectorAll('input[name=descriptor]:checked')).map((c) => c.value),
    handling: form.querySelector('.handling').checked,
    justification: form.querySelector('.justify').value,
    seal: form.querySelector('.seal').checked,
    recipients: form.querySelector('.seal').checked
      ? Array.from(form.querySelectorAll('input[name=recipient]:checked')).map((c) => c.value) : [],
    passphrase: form.querySelector('.seal').checked ? form.querySelector('.passphrase').value : '',
  };
  if (!body.level) {
    err.textContent = 'Choose a marking first.';
    form.querySelector('.level').focus();
    return false;
  }
  if (!form.querySelector('.justify-box').hidden && !body.justification.trim()) {
    err.textContent = 'This marking is lower than the document needs: say why in the box.';
    form.querySelector('.justify').focus();
    return false;
  }
  const button = form.querySelector('.mark');
  button.disabled = true;
  const r = await api('POST', '/api/files/' + id + '/mark', JSON.stringify(body),
                      { 'Content-Type': 'application/json' });
  button.disabled = false;
  if (!r.ok) {
    err.textContent = await errorText(r);
    return false;
  }
  const m = await r.json();
  d.marked = true;
  done.textContent = (m.sealed ? 'Marked ' + m.marking + ' and sealed. ' : 'Marked ' + m.marking + '. ');
  const a = document.createElement('a');
  a.href = m.download;
  a.download = m.name;
  a.className = 'download';
  a.textContent = 'Download ' + m.name;
  a.addEventListener('click', () => {
    setTimeout(() => {
      done.textContent = 'Downloaded ' + m.name + '. pmark has deleted its copy.';
      d.downloaded = true;
      d.marked = false;
      updateBatch();
    }, 500);
  });
  done.appendChild(a);
  updateBatch();
  return true;
}

async function removeOne(id) {
  const d = docs.get(id);
  await api('DELETE', '/api/files/' + id);
  d.card.remove();
  docs.delete(id);
  say(d.result.path + ' removed; pmark has deleted its copy.');
  if (!docs.size) { $('#empty').hidden = false; $('#batch').hidden = true; }
  updateBatch();
}

function updateBatch() {
  const marked = Array.from(docs.values()).filter((d) => d.marked && !d.downloaded);
  $('#zip-all').disabled = marked.length === 0;
}

async function markAll() {
  let ok = 0, bad = 0;
  for (const [id, d] of docs) {
    if (d.downloaded) continue;
    if (await markOne(id)) ok++; else bad++;
  }
  say('Marked ' + ok + (bad ? '; ' + bad + ' need your attention (see their messages).' : '.'));
}

async function zipAll() {
  const ids = Array.from(docs.entries()).filter(([, d]) => d.marked && !d.downloaded).map(([id]) => id);
  const r = await api('POST', '/api/zip', JSON.stringify({ ids }), { 'Content-Type': 'application/json' });
  if (!r.ok) { say(await errorText(r)); return; }
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = 'pmark-marked.zip';
  document.body.appendChild(a);
  a.click();
  a.remove();
  for (const id of ids) {
    const d = docs.get(id);
    d.downloaded = true;
    d.card.querySelector('.done').textContent = 'Downloaded in pmark-marked.zip. pmark has deleted its copy.';
  }
  updateBatch();
  say('Downloaded ' + ids.length + ' marked files in pmark-marked.zip.');
}

async function start() {
  const r = await fetch('/api/session', { credentials: 'same-origin' });
  if (!r.ok) {
    $('#policy').textContent = await errorText(r);
    return;
  }
  session = await r.json();
  $('#policy').textContent = 'Policy: ' + (session.title || session.policy) +
    ' (' + session.policy + '). Marking as ' + session.user + '.';
  $('#limits').textContent = 'Up to ' + session.max_files + ' files of ' +
    Math.floor(session.max_bytes / 1048576) + ' MB each; each is deleted after download or ' +
    session.keep_minutes + ' minutes unused.';
  const pick = $('#pick');
  pick.addEventListener('change', () => { addFiles(pick.files).then(() => { pick.value = ''; }); });
  const drop = $('#drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    addFiles(e.dataTransfer.files);
  });
  $('#mark-all').addEventListener('click', markAll);
  $('#zip-all').addEventListener('click', zipAll);
  for (const f of session.files) addCard(f);
}

start();

// SPDX-License-Identifier: LGPL-2.1-or-later
// pmark serve in a real browser: Debian's Chromium, headless, driven by
// puppeteer-core. An officer's whole path: open the printed address, add a
// RESTRICTED docx, see the level, the reasons (masked) and the first page,
// try to lower the marking without saying why (refused), mark it, download
// it and check the download with pmark and LibreOffice; seal a document to
// a recipient-book name and open it with the real `age`; do it with the
// keyboard alone; the page passes axe-core with no serious violations; its
// Content-Security-Policy stops an injected script; no token, no page.
// Prints TAP.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const require = createRequire(import.meta.url);
const PMARK = process.env.PMARK;
const ROOT = process.env.PMARK_SOURCE_ROOT;
const SAMPLES = path.join(ROOT, 'samples');

function which(cmd) {
  const r = spawnSync('sh', ['-c', 'command -v ' + cmd], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

const chromium = which('chromium') || which('chromium-browser');
let puppeteer = null;
try {
  puppeteer = require('puppeteer-core');
} catch (e) { /* skipped below, loudly */ }
if (!chromium || !puppeteer) {
  console.log('1..0 # SKIP ' + (!chromium
    ? 'chromium not installed (apt-get install chromium)'
    : 'puppeteer-core not installed (tools/install-deps.sh runs npm ci in tests/web)'));
  process.exit(0);
}
const AGE = which('age');
const AGE_KEYGEN = which('age-keygen');
const SOFFICE = which('soffice') || which('libreoffice');
const PDFTOTEXT = which('pdftotext');

let n = 0, failed = 0;
function ok(cond, what, detail) {
  n++;
  if (cond) console.log('ok ' + n + ' - ' + what);
  else {
    failed++;
    console.log('not ok ' + n + ' - ' + what);
    if (detail !== undefined) console.log('# ' + String(detail).split('\n').join('\n# '));
  }
}
function skip(what, why) {
  n++;
  console.log('ok ' + n + ' - ' + what + ' # SKIP ' + why);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pmark-browser-'));
const log = path.join(tmp, 'marking-log.jsonl');
const downloads = path.join(tmp, 'downloads');
fs.mkdirSync(downloads);

// a policy with a recipient book (a made-up colleague with a fresh key)
let identity = null;
let policy = 'london-lscb';
if (AGE_KEYGEN) {
  identity = path.join(tmp, 'jane.key');
  spawnSync(AGE_KEYGEN, ['-o', identity]);
  const recipient = spawnSync(AGE_KEYGEN, ['-y', identity], { encoding: 'utf8' }).stdout.trim();
  const book = path.join(tmp, 'book.txt');
  fs.writeFileSync(book, 'Jane Example (Example Borough CSC) = ' + recipient + '\n');
  policy = path.join(tmp, 'book.policy');
  fs.writeFileSync(policy, fs.readFileSync(path.join(ROOT, 'policies', 'london-lscb.policy'), 'utf8') +
    '\n[serve]\nrecipient-book = ' + book + '\n');
}

function startServer() {
  return new Promise((resolve, reject) => {
    const proc = spawn(PMARK, ['serve', '--no-browser', '-P', policy, '--log', log],
                       { stdio: ['ignore', 'pipe', 'inherit'] });
    const rl = readline.createInterface({ input: proc.stdout });
    rl.once('line', (line) => {
      const m = /open (http:\/\/[^ ]+)/.exec(line);
      if (!m) reject(new Error('no address: ' + line));
      else resolve({ proc, url: m[1], base: m[1].replace(/\/\?token=.*/, '') });
    });
    proc.once('exit', (code) => reject(new Error('pmark serve exited ' + code)));
  });
}

function pmarkJson(...args) {
  const r = spawnSync(PMARK, args, { encoding: 'utf8' });
  return JSON.parse(r.stdout);
}

async function waitForFile(dir, pred, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const f = fs.readdirSync(dir).find((x) => pred(x) && !x.endsWith('.crdownload'));
    if (f) return path.join(dir, f);
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}

// the card of the file called `name`, once pmark has read it
async function card(page, name) {
  await page.waitForFunction((nm) => Array.from(document.querySelectorAll('article.doc h3'))
    .some((h) => h.textContent === nm), { timeout: 120000 }, name);
  return page.evaluateHandle((nm) => Array.from(document.querySelectorAll('article.doc'))
    .find((a) => a.querySelector('h3').textContent === nm), name);
}

const server = await startServer();
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  // ---- no token, no page -------------------------------------------------
  const stranger = await browser.createBrowserContext();
  const sp = await stranger.newPage();
  const resp = await sp.goto(server.base + '/');
  ok(resp.status() === 403, 'without the token the page is refused (403)', resp.status());
  ok((await sp.content()).includes('token'), 'the refusal says what is missing');
  await stranger.close();

  // ---- the officer's page --------------------------------------------------
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  await page.goto(server.url);
  ok(page.url() === server.base + '/', 'the token leaves the address bar', page.url());
  await page.waitForFunction(() => document.querySelector('#policy').textContent.startsWith('Policy:'));
  ok((await page.$eval('#policy', (e) => e.textContent)).includes('london-lscb'),
     'the page names the policy');

  // the CSP stops a script that is not the page's own
  const injected = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__pmarkInjected = 1';
    document.body.appendChild(s);
    return window.__pmarkInjected === 1;
  });
  ok(!injected, 'the Content-Security-Policy stops an inline script');

  // add a RESTRICTED docx
  const docx = path.join(SAMPLES, 'strategy-minutes.docx');
  await (await page.$('#pick')).uploadFile(docx);
  const c1 = await card(page, 'strategy-minutes.docx');
  const needs = await c1.evaluate((a) => a.querySelector('.needs').textContent);
  ok(needs === 'RESTRICTED', 'the level the content needs is shown in words', needs);
  const reasons = await c1.evaluate((a) => Array.from(a.querySelectorAll('.reasons li')).map((l) => l.textContent));
  ok(reasons.some((r) => r.includes('child-protection or safeguarding case')), 'the plain-English reasons are shown', reasons.join('\n'));
  // the person the number identifies is shown by initials, the number never
  ok(reasons.some((r) => r.includes('R**** S*****')) && !reasons.some((r) => /999 ?\d{3} ?\d{4}/.test(r))
     && !reasons.some((r) => /Riley|Sample/.test(r)),
     'evidence is masked', reasons.join('\n'));
  ok(reasons.some((r) => r.includes('body, line 2')), 'where each reason was found is shown');
  const suggested = await c1.evaluate((a) => a.querySelector('select.level').value);
  ok(suggested === 'RESTRICTED', 'the suggestion is preselected', suggested);
  const descs = await c1.evaluate((a) => Array.from(a.querySelectorAll('input[name=descriptor]:checked')).map((c) => c.value));
  ok(descs.join() === 'PERSONAL', 'the descriptor the policy gives is ticked', descs);
  if (SOFFICE) {
    await page.waitForFunction((nm) => {
      const a = Array.from(document.querySelectorAll('article.doc')).find((x) => x.querySelector('h3').textContent === nm);
      const img = a && a.querySelector('.preview img');
      return img && img.complete && img.naturalWidth > 0;
    }, { timeout: 180000 }, 'strategy-minutes.docx');
    const w = await c1.evaluate((a) => a.querySelector('.preview img').naturalWidth);
    ok(w > 300, 'the first page is drawn (LibreOffice, then poppler)', w);
  } else {
    skip('the first page is drawn', 'LibreOffice not installed: the text is shown instead');
  }

  // lowering without a justification: asked for, refused
  await c1.evaluate((a) => {
    const s = a.querySelector('select.level');
    s.value = 'PROTECT';
    s.dispatchEvent(new Event('change'));
  });
  const justifyShown = await c1.evaluate((a) => !a.querySelector('.justify-box').hidden);
  ok(justifyShown, 'choosing below what the content needs asks for a justification');
  await (await c1.asElement().$('button.mark')).click();
  await page.waitForFunction((a) => a.querySelector('.error').textContent !== '', {}, c1);
  const err = await c1.evaluate((a) => a.querySelector('.error').textContent);
  ok(/say why/.test(err), 'marking lower without a reason is refused', err);
  ok(!(await c1.evaluate((a) => a.querySelector('.done a'))), 'nothing to download after a refusal');

  // mark as suggested, download, check
  await c1.evaluate((a) => {
    const s = a.querySelector('select.level');
    s.value = 'RESTRICTED';
    s.dispatchEvent(new Event('change'));
  });
  await (await c1.asElement().$('button.mark')).click();
  await page.waitForFunction((a) => a.querySelector('.done a'), { timeout: 120000 }, c1);
  const done = await c1.evaluate((a) => a.querySelector('.done').textContent);
  ok(done.includes('Marked RESTRICTED - PERSONAL'), 'the page says what was marked', done);
  await (await c1.asElement().$('.done a')).click();
  const got = await waitForFile(downloads, (f) => f.endsWith('.docx'), 30000);
  ok(got, 'the marked file downloads');
  if (got) {
    const j = pmarkJson('classify', '--json', got);
    ok(j.existing && j.existing.text === 'RESTRICTED - PERSONAL',
       'pmark reads the marking on the download', JSON.stringify(j.existing));
    if (SOFFICE && PDFTOTEXT) {
      const out = path.join(tmp, 'lo');
      spawnSync(SOFFICE, ['-env:UserInstallation=file://' + path.join(tmp, 'lo-profile'),
                          '--headless', '--convert-to', 'pdf', '--outdir', out, got], { timeout: 180000 });
      const pdf = path.join(out, path.basename(got).replace(/\.docx$/, '.pdf'));
      const text = fs.existsSync(pdf) ? spawnSync(PDFTOTEXT, [pdf, '-'], { encoding: 'utf8' }).stdout : '';
      ok(text.includes('RESTRICTED - PERSONAL'), 'LibreOffice renders the marking of the download',
         text.slice(0, 300));
    } else {
      skip('LibreOffice renders the marking of the download', 'LibreOffice or pdftotext not installed');
    }
  }
  await page.waitForFunction((a) => a.querySelector('.done').textContent.includes('deleted'), {}, c1);
  ok(true, 'the page says the server deleted its copy');
  const logged = fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  ok(logged.some((r) => r.new === 'RESTRICTED - PERSONAL'), 'the marking log has the record');

  // seal to a recipient-book name; the real age opens it
  if (AGE && identity) {
    await (await page.$('#pick')).uploadFile(path.join(SAMPLES, 'case-note.txt'));
    const c2 = await card(page, 'case-note.txt');
    await c2.evaluate((a) => {
      const seal = a.querySelector('input.seal');
      seal.checked = true;
      seal.dispatchEvent(new Event('change'));
    });
    const label = await c2.evaluate((a) => a.querySelector('.recipient-list label').textContent.trim());
    ok(label === 'Jane Example (Example Borough CSC)', 'the recipient book is offered by name', label);
    await (await c2.asElement().$('input[name=recipient]')).click();
    await (await c2.asElement().$('button.mark')).click();
    await page.waitForFunction((a) => a.querySelector('.done a') || a.querySelector('.error').textContent,
                               { timeout: 60000 }, c2);
    const sealedDone = await c2.evaluate((a) => a.querySelector('.done').textContent + a.querySelector('.error').textContent);
    ok(sealedDone.includes('sealed'), 'the page says it is sealed', sealedDone);
    await (await c2.asElement().$('.done a')).click();
    const sealed = await waitForFile(downloads, (f) => f.endsWith('.age'), 30000);
    ok(sealed, 'the sealed file downloads');
    if (sealed) {
      const opened = path.join(tmp, 'opened.txt');
      const r = spawnSync(AGE, ['-d', '-i', identity, '-o', opened, sealed], { encoding: 'utf8' });
      ok(r.status === 0, 'the real age opens it with the recipient\'s key', r.stderr);
      const j = r.status === 0 ? pmarkJson('classify', '--json', opened) : {};
      ok(j.existing && j.existing.level === j.level, 'inside is the marked document', JSON.stringify(j.existing));
    }
  } else {
    skip('seal to a recipient; age opens it', 'age or age-keygen not installed');
  }

  // the keyboard alone: Tab from the file picker to the third card's
  // level, change it with the arrow keys, Tab to Mark, Enter
  await (await page.$('#pick')).uploadFile(path.join(SAMPLES, 'board-report.txt'));
  const c3 = await card(page, 'board-report.txt');
  await page.focus('#pick');
  let reached = null;
  for (let i = 0; i < 200 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => {
      const e = document.activeElement;
      const a = e && e.closest('article.doc');
      return a && a.querySelector('h3').textContent === 'board-report.txt' && e.matches('select.level')
        ? 'select' : null;
    });
  }
  ok(reached === 'select', 'Tab reaches the level of a document');
  let onMark = false;
  for (let i = 0; i < 40 && !onMark; i++) {
    await page.keyboard.press('Tab');
    onMark = await page.evaluate(() => document.activeElement.matches('button.mark') &&
      document.activeElement.closest('article.doc').querySelector('h3').textContent === 'board-report.txt');
  }
  ok(onMark, 'Tab reaches its Mark button');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  ok(outline !== 'none', 'the focused control is drawn with an outline', outline);
  await page.keyboard.press('Enter');
  await page.waitForFunction((a) => a.querySelector('.done a') || a.querySelector('.error').textContent,
                             { timeout: 60000 }, c3);
  const kd = await c3.evaluate((a) => a.querySelector('.done').textContent + a.querySelector('.error').textContent);
  ok(kd.startsWith('Marked '), 'Enter on Mark marks it', kd);
  // the level is never told by colour alone
  const badges = await page.$$eval('.level-badge', (bs) => bs.map((b) => b.textContent.trim()));
  ok(badges.length > 0 && badges.every((t) => t.length > 0), 'every level badge carries its name', badges);

  // axe-core: no serious or critical violations
  await page.addScriptTag({ path: require.resolve('axe-core') }).catch(() => null);
  let hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) {
    // the page's CSP keeps injected scripts out (as it should): axe runs in
    // a copy of the page with the CSP bypassed for the test tool only
    await page.setBypassCSP(true);
    await page.reload();
    await page.waitForFunction(() => document.querySelector('#policy').textContent.startsWith('Policy:'));
    await (await page.$('#pick')).uploadFile(path.join(SAMPLES, 'case-summary.pdf'));
    await card(page, 'case-summary.pdf');
    await page.addScriptTag({ path: require.resolve('axe-core') });
    hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  }
  ok(hasAxe, 'axe-core loads');
  const axe = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length,
                                      help: v.help, target: v.nodes[0] && v.nodes[0].target.join(' ') }));
  });
  const serious = axe.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  ok(serious.length === 0, 'axe-core: no serious or critical violations', JSON.stringify(serious, null, 1));
  if (axe.length) console.log('# axe-core, minor: ' + axe.map((v) => v.id + ' (' + v.impact + ')').join(', '));

  await page.screenshot({ path: path.join(process.env.PMARK_SCREENSHOT_DIR || tmp, 'serve.png'), fullPage: true });
  // the page fits a 1280 px screen
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  ok(width <= 1280, 'the page fits 1280 px without scrolling sideways', width);
} catch (e) {
  ok(false, 'the browser session ran to the end', e.stack);
} finally {
  await browser.close();
  server.proc.kill('SIGTERM');
  const code = await new Promise((r) => server.proc.once('exit', (c) => r(c)));
  ok(code === 0, 'pmark serve stops cleanly on SIGTERM (under ASan: no leak)', code);
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log('1..' + n);
process.exit(failed ? 1 : 0);

// WCAG 2.1 AA contrast of every visible text on the page (1.4.3): 4.5:1, or 3:1 for large
// text (24px, or 18.66px bold). Disabled controls are exempt, as WCAG says. Returns one line
// per failure. Backgrounds are composited from the root down, with each element's opacity.
function parse(css) {
  const m = css.match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  const p = m[1].split(/[ ,/]+/).filter(Boolean).map(parseFloat);
  return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
}
function over(top, bottom) {
  const a = top.a;
  return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
}
function luminance(c) {
  const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
}
function backdrop(el) {
  const chain = [];
  for (let e = el; e; e = e.parentElement) chain.push(e);
  let bg = { r: 255, g: 255, b: 255, a: 1 };
  for (const e of chain.reverse()) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c.a > 0) bg = over(c, bg);
  }
  return bg;
}
function opacity(el) {
  let o = 1;
  for (let e = el; e; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity);
  return o;
}
function describe(el) {
  return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
}
const problems = [];
let checked = 0;
for (const el of document.body.querySelectorAll('*')) {
  if (el.closest(':disabled') || el.getClientRects().length === 0) continue;
  const style = getComputedStyle(el);
  if (style.visibility !== 'visible') continue;
  const isField = el.matches('input:not([type=checkbox]):not([type=radio]), textarea, select');
  const ownText = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim() !== '');
  if (!ownText && !(isField && el.value)) continue;
  const fg = parse(style.color);
  if (!fg) continue;
  fg.a *= opacity(el);
  const bg = backdrop(el);
  const text = over(fg, bg);
  const [hi, lo] = [luminance(text), luminance(bg)].sort((x, y) => y - x);
  const ratio = (hi + 0.05) / (lo + 0.05);
  const size = parseFloat(style.fontSize);
  const bold = parseInt(style.fontWeight, 10) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);
  const needed = large ? 3 : 4.5;
  checked++;
  if (ratio < needed) {
    const sample = (isField ? el.value : el.textContent).trim().slice(0, 30);
    problems.push(describe(el) + ' "' + sample + '": ' + ratio.toFixed(2) + ':1 < ' + needed + ':1');
  }
}
return { checked: checked, problems: problems };

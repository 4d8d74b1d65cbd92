"""JavaScript the browser tests evaluate on a page of starter templates (one wrapper
``.tpl-check[data-key]`` per template); each returns a list of problems naming the template."""

# Elements whose box reaches past the viewport.
OVERFLOW_JS = """() => {
  const vw = document.documentElement.clientWidth;
  const out = [];
  for (const wrap of document.querySelectorAll('.tpl-check')) {
    for (const el of wrap.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width && (r.right > vw + 0.5 || r.left < -0.5)) {
        out.push(wrap.dataset.key + ' <' + el.tagName.toLowerCase() + ' class="' +
                 el.className + '"> ' + Math.round(r.left) + '..' + Math.round(r.right));
        break;
      }
    }
  }
  return {docWidth: document.documentElement.scrollWidth, vw, out,
          blocks: document.querySelectorAll('.tpl-check section.pdp-block').length};
}"""

# Images without alt text; headings that skip a level or put an h1 outside the introduction.
STRUCTURE_JS = """() => {
  const out = [];
  for (const wrap of document.querySelectorAll('.tpl-check')) {
    const key = wrap.dataset.key;
    for (const img of wrap.querySelectorAll('img'))
      if (!(img.getAttribute('alt') || '').trim()) out.push(key + ': image without alt text');
    const levels = [...wrap.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]);
    const intro = wrap.querySelector('section').dataset.blockType === 'Introduction';
    if (!levels.length) out.push(key + ': no heading');
    else if (levels[0] !== (intro ? 1 : 2)) out.push(key + ': first heading is h' + levels[0]);
    for (let i = 1; i < levels.length; i++)
      if (levels[i] > levels[i - 1] + 1) out.push(key + ': heading jumps to h' + levels[i]);
    if (!intro && levels.includes(1)) out.push(key + ': h1 outside the introduction');
  }
  return out;
}"""

# Text whose colour on its painted background misses WCAG AA (4.5:1, 3:1 for large text).
CONTRAST_JS = """() => {
  function parse(c) {
    let m = c.match(/^rgba?\(([^)]+)\)/);
    if (m) { const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
             return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; }
    m = c.match(/^color\(srgb ([^)]+)\)/);
    if (m) { const p = m[1].split(/[ \/]+/).filter(Boolean).map(Number);
             return [p[0] * 255, p[1] * 255, p[2] * 255, p.length > 3 ? p[3] : 1]; }
    return null;
  }
  function lum(c) { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); }
  function bg(el) {
    let layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let out = [255, 255, 255];
    for (const c of layers.reverse()) out = [0,1,2].map(i => c[i] * c[3] + out[i] * (1 - c[3]));
    return out;
  }
  const bad = [];
  for (const wrap of document.querySelectorAll('.tpl-check')) {
    for (const el of wrap.querySelectorAll('*')) {
      const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      if (!own) continue;
      const st = getComputedStyle(el);
      const fg = parse(st.color); if (!fg) continue;
      const b = bg(el);
      const f = [0,1,2].map(i => fg[i] * fg[3] + b[i] * (1 - fg[3]));
      const op = parseFloat(st.opacity);
      const l1 = lum(f), l2 = lum(b);
      const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      const size = parseFloat(st.fontSize), weight = parseInt(st.fontWeight);
      const large = size >= 24 || (size >= 18.66 && weight >= 700);
      const need = large ? 3 : 4.5;
      if (ratio < need) bad.push(wrap.dataset.key + ' ' + el.tagName + '.' + el.className + ' ' + ratio.toFixed(2) + ' ' + st.color + ' on ' + b.map(Math.round));
    }
  }
  return bad;
}"""

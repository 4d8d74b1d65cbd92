// Exports that need no server support: a standalone HTML file (stylesheet and images inlined,
// so it opens offline) and the page's HTML on the clipboard (images as absolute URLs, ready
// to paste into a marketplace editor).

const escapeText = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
const MEDIA = /(src=")(\/media\/[^"]+)(")/g;
const FILE_CSP = "default-src 'none'; img-src data: https:; style-src 'unsafe-inline'";

async function dataUrl(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`image ${url}: HTTP ${res.status}`);
  const blob = await res.blob();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

export async function standaloneHtml(page) {
  const urls = [...new Set([...page.html.matchAll(MEDIA)].map((m) => m[2]))];
  const inlined = Object.fromEntries(await Promise.all(urls.map(async (u) => [u, await dataUrl(u)])));
  const body = page.html.replace(MEDIA, (_, a, url, b) => a + (inlined[url] || url) + b);
  return '<!doctype html>\n<html lang="ko">\n<head>\n<meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="${FILE_CSP}">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeText(page.title)}</title>\n<style>\n${page.css}\n</style>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

export function pasteableHtml(page, origin = window.location.origin) {
  const body = page.html.replace(MEDIA, (_, a, url, b) => a + origin + url + b);
  return `<style>\n${page.css}\n</style>\n${body}\n`;
}

export function fileName(title, ext = 'html') {
  const base = String(title || 'page').replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60) || 'page';
  return `${base}.${ext}`;
}

export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // no clipboard permission: the caller shows the text to copy by hand
  }
}

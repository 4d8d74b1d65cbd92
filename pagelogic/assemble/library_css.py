"""CSS of the starter template library's visual styles — pure data, appended to the page
stylesheet. Templates carry no style attributes (the sanitizer strips them); they pick a
style family with ``pdp-s-<family>`` and a layout with ``pdp-l-<layout>`` on their section.
Colours come only from the page's validated CSS variables. Everything must fit 360 px."""

LIBRARY_CSS = """
/* Text contrast (WCAG AA): palette accent and muted colours are made for decoration; text
   drawn in them is mixed toward the text colour, and white labels sit on a deepened accent. */
.pdp-page{--pdp-accent-ink:color-mix(in srgb,var(--pdp-accent) 45%,var(--pdp-text));
 --pdp-muted-ink:color-mix(in srgb,var(--pdp-muted) 60%,var(--pdp-text));
 --pdp-accent-deep:color-mix(in srgb,var(--pdp-accent) 55%,#000)}
.pdp-eyebrow,.pdp-card-no,.pdp-step-no,.pdp-brand-name,.pdp-feature-no,.pdp-q{color:var(--pdp-accent-ink)}
.pdp-summary,.pdp-card p,.pdp-feature p{color:var(--pdp-muted-ink)}
.pdp-price-note,.pdp-check{background:var(--pdp-accent-deep)}
.pdp-rule{border:0;border-top:1px solid var(--pdp-accent);width:64px;margin:20px auto}
.pdp-features-list{list-style:none;padding:0;margin:0;display:grid;gap:16px;
 grid-template-columns:repeat(auto-fit,minmax(min(100%,240px),1fr))}
.pdp-feature h3{font-size:1.1rem;margin:6px 0}.pdp-feature p{margin:0;color:var(--pdp-muted-ink)}
.pdp-feature-no{font-weight:800}
.pdp-spec-list{margin:0;display:grid;gap:0}
.pdp-spec-row{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,2fr);gap:12px;padding:14px 4px;
 border-bottom:1px solid color-mix(in srgb,var(--pdp-muted) 30%,transparent)}
.pdp-spec-row dt{font-weight:700;color:var(--pdp-primary)}.pdp-spec-row dd{margin:0}
.pdp-spec-table{table-layout:fixed}
.pdp-compare-cards{list-style:none;padding:0;margin:0;display:grid;gap:12px;
 grid-template-columns:repeat(auto-fit,minmax(min(100%,220px),1fr))}
.pdp-compare-card{padding:20px;border-radius:12px;background:var(--pdp-surface)}
.pdp-compare-card h3{font-size:1.05rem;margin:0 0 6px}.pdp-compare-card p{margin:0}
.pdp-features-list+.pdp-figure,.pdp-band+.pdp-figure{margin:28px 0 0}
.pdp-panel{background:var(--pdp-surface);border-radius:20px;padding:24px}
.pdp-faq-list{margin:0}.pdp-faq-pair{padding:16px 0;border-bottom:1px solid
 color-mix(in srgb,var(--pdp-muted) 30%,transparent)}
.pdp-faq-pair dt{font-weight:700;color:var(--pdp-primary)}.pdp-faq-pair dd{margin:8px 0 0}
.pdp-q{display:inline-block;margin-right:8px;color:var(--pdp-accent-ink);font-weight:800}
.pdp-quote{margin:0;text-align:center;font-size:1.1rem}
.pdp-check{flex:none;width:28px;height:28px;border-radius:50%;display:inline-flex;
 align-items:center;justify-content:center;background:var(--pdp-accent-deep);color:#fff;font-weight:800}
/* minimal: tech, grid lines, numbers */
.pdp-s-minimal .pdp-heading{text-align:left;border-left:4px solid var(--pdp-accent);padding-left:12px}
.pdp-s-minimal .pdp-feature{border-top:2px solid var(--pdp-primary);padding-top:14px}
.pdp-s-minimal .pdp-feature-no{font-size:1.6rem}
.pdp-s-minimal .pdp-badges li{border-radius:4px}
.pdp-s-minimal .pdp-steps li{background:transparent;border:1px solid
 color-mix(in srgb,var(--pdp-muted) 35%,transparent);border-radius:4px}
.pdp-s-minimal .pdp-compare-table thead th{background:var(--pdp-primary);color:#fff}
.pdp-s-minimal .pdp-brand-name{text-align:left}
.pdp-s-minimal .pdp-brand-text{border-left:2px solid var(--pdp-accent);padding-left:16px}
@media (min-width:640px){.pdp-l-split{display:grid;grid-template-columns:1fr 1fr;gap:28px;align-items:center}
 .pdp-l-split .pdp-hero{margin:0}}
/* soft: friendly, rounded cards on a tinted background */
.pdp-s-soft{background:color-mix(in srgb,var(--pdp-primary) 6%,var(--pdp-bg))}
.pdp-s-soft .pdp-intro-text,.pdp-s-soft .pdp-intro-foot{text-align:center}
.pdp-s-soft .pdp-badges{justify-content:center}
.pdp-s-soft .pdp-badges li{background:var(--pdp-primary);color:#fff;border:0}
.pdp-s-soft .pdp-feature{background:var(--pdp-surface);border-radius:20px;padding:24px;text-align:center;
 box-shadow:0 4px 16px rgba(0,0,0,.06)}
.pdp-s-soft .pdp-feature-no{display:inline-flex;width:44px;height:44px;border-radius:50%;align-items:center;
 justify-content:center;background:color-mix(in srgb,var(--pdp-accent) 20%,var(--pdp-surface));color:var(--pdp-primary)}
.pdp-s-soft .pdp-spec-row{background:var(--pdp-surface);border:0;border-radius:999px;padding:12px 20px;margin-bottom:8px}
.pdp-s-soft .pdp-steps{grid-template-columns:repeat(auto-fit,minmax(min(100%,200px),1fr))}
.pdp-s-soft .pdp-steps li{border-radius:20px;text-align:center}
.pdp-s-soft .pdp-compare-card{border-radius:20px;box-shadow:0 4px 16px rgba(0,0,0,.06)}
.pdp-s-soft .pdp-panel{text-align:center;box-shadow:0 4px 16px rgba(0,0,0,.06)}
.pdp-s-soft .pdp-faq-item{border-radius:20px}
/* editorial: calm luxury, hairlines, wide spacing */
.pdp-s-editorial{padding-top:64px;padding-bottom:64px}
.pdp-s-editorial .pdp-heading{font-weight:400;letter-spacing:.04em}
.pdp-s-editorial .pdp-heading::after{content:"";display:block;width:40px;margin:16px auto 0;
 border-top:1px solid var(--pdp-accent)}
.pdp-s-editorial .pdp-intro-text{text-align:center}.pdp-s-editorial .pdp-badges{justify-content:center}
.pdp-s-editorial .pdp-eyebrow{letter-spacing:.2em;font-size:.85rem;font-weight:400}
.pdp-s-editorial .pdp-title{font-weight:400}
.pdp-s-editorial .pdp-badges li{border-radius:0;border-color:var(--pdp-accent)}
.pdp-s-editorial .pdp-feature{text-align:center;padding:8px 0 20px;border-bottom:1px solid
 color-mix(in srgb,var(--pdp-muted) 25%,transparent)}
.pdp-s-editorial .pdp-feature-no{font-family:var(--pdp-font-heading);font-size:2rem;font-weight:400}
.pdp-s-editorial.pdp-l-zigzag .pdp-features-list{grid-template-columns:1fr;max-width:560px;margin:0 auto}
.pdp-s-editorial.pdp-l-zigzag .pdp-feature:nth-child(even){text-align:right}
.pdp-s-editorial.pdp-l-zigzag .pdp-feature:nth-child(odd){text-align:left}
.pdp-s-editorial .pdp-spec-table{background:transparent}
.pdp-s-editorial .pdp-spec-table th{font-weight:400;letter-spacing:.05em}
.pdp-s-editorial .pdp-steps li{background:transparent;border-bottom:1px solid
 color-mix(in srgb,var(--pdp-muted) 25%,transparent);border-radius:0}
.pdp-s-editorial .pdp-compare-card{background:transparent;border-top:1px solid var(--pdp-accent);border-radius:0}
.pdp-s-editorial .pdp-quote::before{content:"\\201C";display:block;font-size:3rem;line-height:1;color:var(--pdp-accent)}
.pdp-s-editorial .pdp-faq-pair dt{font-family:var(--pdp-font-heading);font-weight:400}
/* bold: urban, dark bands, big numbers */
.pdp-band{background:var(--pdp-primary);color:#fff;border-radius:0;padding:28px 24px}
.pdp-page .pdp-band h1,.pdp-page .pdp-band h2,.pdp-page .pdp-band h3{color:#fff}
.pdp-band p,.pdp-band .pdp-feature p,.pdp-band .pdp-summary,.pdp-band .pdp-price strong{color:#fff}
.pdp-band .pdp-eyebrow{color:#fff}
.pdp-s-bold .pdp-title{font-size:2.3rem;font-weight:900}
.pdp-s-bold .pdp-heading{font-weight:900;text-align:left}
.pdp-s-bold .pdp-badges{margin-top:20px}
.pdp-s-bold .pdp-badges li{background:var(--pdp-text);color:#fff;border:0;border-radius:4px}
.pdp-s-bold .pdp-band .pdp-feature{border-left:4px solid var(--pdp-accent);padding-left:14px}
.pdp-s-bold .pdp-band .pdp-feature-no{color:#fff;font-size:2rem;font-weight:900}
.pdp-s-bold .pdp-spec-table tr:nth-child(odd){background:color-mix(in srgb,var(--pdp-primary) 7%,var(--pdp-surface))}
.pdp-s-bold .pdp-step-no{display:inline-block;background:var(--pdp-primary);color:#fff;padding:2px 10px;border-radius:4px}
.pdp-s-bold .pdp-compare-card{border-left:6px solid var(--pdp-primary);border-radius:4px}
.pdp-s-bold .pdp-compare-card h3{text-transform:uppercase}
.pdp-s-bold .pdp-q{width:28px;height:28px;border-radius:50%;background:var(--pdp-primary);color:#fff;
 text-align:center;line-height:28px}
.pdp-s-bold .pdp-band .pdp-brand-name{color:#fff;font-size:1.8rem;text-align:left}
/* warm: cream panels, big headings, rounded */
.pdp-s-warm{background:color-mix(in srgb,var(--pdp-accent) 10%,var(--pdp-bg))}
.pdp-s-warm .pdp-heading{font-size:1.8rem}
.pdp-s-warm .pdp-panel{border-radius:28px}
.pdp-s-warm .pdp-hero img{border-radius:24px}
.pdp-s-warm .pdp-badges li{background:color-mix(in srgb,var(--pdp-accent) 25%,var(--pdp-surface));border:0;color:var(--pdp-text)}
.pdp-s-warm .pdp-feature{display:flex;gap:14px;align-items:flex-start;background:var(--pdp-surface);
 border-radius:20px;padding:18px 20px}
.pdp-s-warm .pdp-feature div{min-width:0}
.pdp-s-warm.pdp-l-timeline .pdp-steps{border-left:3px solid var(--pdp-accent);padding-left:18px;gap:18px}
.pdp-s-warm.pdp-l-timeline .pdp-steps li{background:transparent;padding:0}
.pdp-s-warm .pdp-faq-item{border-radius:20px}
.pdp-letter p{margin:0 0 12px}.pdp-letter .pdp-brand-name{text-align:right;margin:0}
@media (max-width:480px){.pdp-s-editorial{padding-top:40px;padding-bottom:40px}
 .pdp-s-bold .pdp-title{font-size:1.7rem}.pdp-band{padding:22px 16px}.pdp-panel{padding:18px}
 .pdp-spec-row{grid-template-columns:1fr;gap:2px}.pdp-s-soft .pdp-spec-row{border-radius:16px}}
/* Notice block: topic | text rows that stack on a phone; cards for the soft/warm styles. */
.pdp-notice-list{margin:0;display:grid;gap:10px}
.pdp-notice-item{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,3fr);gap:12px}
.pdp-notice-item dt{font-weight:700}
.pdp-notice-item dd,.pdp-notice-cards p{margin:0;overflow-wrap:anywhere;white-space:pre-line}
.pdp-notice-rows .pdp-notice-item{padding:12px 4px;
 border-bottom:1px solid color-mix(in srgb,var(--pdp-muted) 30%,transparent)}
.pdp-notice-cards{list-style:none;padding:0;margin:0;display:grid;gap:12px}
.pdp-notice-cards h3{font-size:1rem;margin:0 0 6px}
@media (max-width:480px){.pdp-notice-item{grid-template-columns:1fr;gap:2px}}
"""

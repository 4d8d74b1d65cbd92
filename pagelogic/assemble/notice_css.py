"""CSS of the InfoNotice block (상품정보제공고시 + 배송/교환/반품) — pure data. A legal table
is read, not admired: small type, full-width two columns that wrap at 360 px, and missing
items marked so the seller sees them in the preview."""

NOTICE_CSS = """
.pdp-notice .pdp-heading{font-size:1.3rem}
.pdp-notice-group{margin:0 0 12px;font-weight:700;color:var(--pdp-muted-ink,var(--pdp-muted))}
.pdp-notice-table{table-layout:fixed;font-size:.92rem;line-height:1.55}
.pdp-notice-table th{width:38%;font-weight:600}
.pdp-notice-table td{overflow-wrap:anywhere}
.pdp-notice-missing td{color:#b3261e;font-weight:700}
.pdp-notice .pdp-notice-sub{font-size:1.1rem;margin:32px 0 12px}
.pdp-notice-note{margin:16px 0 0;font-size:.82rem;color:var(--pdp-muted-ink,var(--pdp-muted))}
@media (max-width:480px){.pdp-notice-table{font-size:.85rem}
 .pdp-notice-table th,.pdp-notice-table td{padding:10px 8px}.pdp-notice-table th{width:40%}}
"""

"""Templates mined from crawled detail pages, and templates that learn from sellers' feedback.

Pure logic (dom, segment, features, blocktype, templatize, scores, signals) imports no
database, broker or HTTP code; scikit-learn is imported only inside ``cluster`` functions, so
the gateway and workers never load it. See docs/mining.md.
"""

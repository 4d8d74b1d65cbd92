"""Templates mined from crawled detail pages, and templates that learn from sellers' feedback.

Pure logic (dom, segment, features, blocktype, templatize, scores, signals) imports no
database, broker or HTTP code; scikit-learn is imported only inside ``cluster`` functions, so
the gateway never loads it and a worker only with its first mining job (``job``). See docs/mining.md.
"""

"""An uploaded mining corpus at the edge (mining/upload.py): pages from HTML files and ZIPs,
every size bounded before it is held, refusals naming the file and why; and the crawled
examples a draft keeps for its review (mining/review.py), sanitized."""

from __future__ import annotations

import io
import zipfile

import pytest

from mining import corpus, review, run
from mining.dom import parse, to_html
from mining.upload import CorpusRefused, Limits, pack, unpack, unpack_stored
from pagelogic import messages

SMALL = Limits(max_files=3, max_page_bytes=1000, max_total_bytes=2500, max_pages=4)


def zipped(entries: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def refusal(uploads, limits=SMALL) -> CorpusRefused:
    with pytest.raises(CorpusRefused) as caught:
        unpack(uploads, limits)
    return caught.value


def test_pages_come_from_loose_files_and_zips_keeping_folders_as_categories():
    pages = unpack([("a.html", b"<p>a</p>"),
                    ("crawl.zip", zipped({"food/b.htm": "<p>b</p>", "food/b.png": b"\x89PNG",
                                          "dir/": ""}))], SMALL)
    assert pages == [("a.html", b"<p>a</p>"), ("food/b.htm", b"<p>b</p>")]
    assert unpack_stored(pack(pages), SMALL) == pages
    twice = unpack([("a.html", b"1"), ("x/a.zip", zipped({"a.html": "2"}))], SMALL)
    assert [n for n, _ in twice] == ["a.html", "a-2.html"]  # both kept, told apart


@pytest.mark.parametrize("uploads, index, key", [
    ([], None, "mining.no_files"),
    ([("a.html", b"x")] * 4, None, "mining.too_many_files"),
    ([("a.html", b"x"), ("notes.txt", b"x")], 1, "mining.file_type"),
    ([("big.html", b"x" * 1001)], 0, "mining.page_too_large"),
    ([("a.html", b"x" * 900), ("b.html", b"x" * 900), ("c.html", b"x" * 900)], 2,
     "mining.total_too_large"),
    ([("c.zip", zipped({f"{i}.html": "x" for i in range(5)}))], 0, "mining.too_many_pages"),
    ([("c.zip", b"PK\x03\x04 not really")], 0, "mining.bad_zip"),
    ([("c.zip", zipped({"../../etc/x.html": "x"}))], 0, "mining.bad_name"),
    ([("c.zip", zipped({"pic.png": b"x"}))], None, "mining.no_pages"),
])
def test_each_refusal_names_the_file_and_reads_as_a_korean_sentence(uploads, index, key):
    refused = refusal(uploads)
    assert (refused.index, refused.key) == (index, key)
    text = messages.t(refused.key, **refused.fields)
    assert "{" not in text and any("가" <= c <= "힣" for c in text), text


def test_a_zip_entry_that_unpacks_past_its_declared_size_is_refused_while_reading():
    data = bytearray(zipped({"bomb.html": "x" * 5000}))
    # Lie in both headers: the entry claims 10 bytes, but inflates to 5000.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        data[at + offset:at + offset + 4] = (10).to_bytes(4, "little")
    refused = refusal([("c.zip", bytes(data))])
    assert refused.index == 0 and refused.key in ("mining.page_too_large", "mining.bad_zip")


def test_crawled_examples_are_kept_sanitized_medoid_first():
    pages = corpus.build(count=12, seed=2)
    located = run.segment_texts((p.name, p.html.encode()) for p in pages)
    outcome = run.mine(located, k=4, tag="job1")
    assert all(t.key.startswith("mined-job1-") for t in outcome.library.templates)
    notes = review.cluster_notes(outcome.report, run.example_source(located))
    for key, note in notes.items():
        first = note["examples"][0]
        assert (first["page"], first["index"]) == (note["medoid"]["page"], note["medoid"]["index"])
        for example in note["examples"]:
            assert example["html"].startswith("<") and "style=" not in example["html"]
    assert "<script" not in review._example("p", 0, lambda *_: '<div onclick="x()"><script>'
                                            'alert(1)</script><b>굵게</b></div>')["html"]


def test_to_html_writes_back_what_was_parsed_escaped():
    html = '<div class="a&quot;b"><p>1 &lt; 2</p><img src="x.png" alt="그림"><br></div>'
    again = to_html(parse(html))
    assert again == '<div class="a&quot;b"><p>1 &lt; 2</p><img src="x.png" alt="그림"><br></div>'

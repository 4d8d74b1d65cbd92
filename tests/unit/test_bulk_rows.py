"""Bulk files are validated row by row before anything is published: every bad row with the
line of the file where it starts (not the record number: a quoted cell can span lines) and
each field that is wrong (producers/products.py read_batch); the run's summary counts."""

from __future__ import annotations

from pdp.cli.bulk import BulkSummary, Outcome
from producers.products import BadRow, read_batch

CSV = (
    "product_id,seller_id,name,product_data,price\n"             # line 1
    'p1,s1,머그,"도자기 머그\n350ml\n전자레인지 가능",12000\n'    # lines 2-4
    "p2,s1,,텀블러,abc\n"                                          # line 5: record 3
    "\n"                                                           # line 6: blank
    "p3,s1,컵,유리컵,5000\n"                                        # line 7
    'p4,bad seller!,접시,"넓은\n접시",\n'                          # lines 8-9
    "p5,s1,볼,그릇,1,extra\n"                                       # line 10: one cell too many
)


def test_every_bad_row_is_reported_by_its_file_line_with_each_wrong_field(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(CSV, encoding="utf-8")
    batch = read_batch(path)
    assert [(line, event.product_id) for line, event in batch.events] == [(2, "p1"), (7, "p3")]
    assert batch.events[0][1].product.product_data == "도자기 머그\n350ml\n전자레인지 가능"
    bad = {row.line: row for row in batch.bad}
    assert set(bad) == {5, 8, 10}
    assert dict(bad[5].problems) == {"price": "not a number: 'abc'", "name": "Field required"}
    assert "seller_id" in dict(bad[8].problems)
    assert "more cells than columns" in bad[10].reason


def test_jsonl_rows_keep_their_line_and_a_broken_line_does_not_stop_the_others(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"product_id": "a", "seller_id": "s", "name": "n", "product_data": "t"}\n'
                    "\n{not json\n"
                    '{"product_id": "b", "seller_id": "s", "name": "n", "product_data": "t",'
                    ' "price": -1}\n'
                    '{"product_id": "c", "seller_id": "s", "name": "n", "product_data": "t"}\n',
                    encoding="utf-8")
    batch = read_batch(path)
    assert [line for line, _ in batch.events] == [1, 5]
    assert [(b.line, b.problems[0][0]) for b in batch.bad] == [(3, "row"), (4, "price")]


def test_a_run_is_ok_only_when_every_row_was_valid_and_ended_done_or_skipped():
    done = Outcome(2, "s", "a", "completed", usd=0.0125)
    skipped = Outcome(3, "s", "b", "skipped")
    assert BulkSummary([done, skipped]).ok and BulkSummary([done, skipped]).usd == 0.0125
    assert not BulkSummary([done], [BadRow(4, [("price", "x")])]).ok
    assert not BulkSummary([done, Outcome(5, "s", "c", "failed", "boom")]).ok
    assert not BulkSummary([Outcome(6, "s", "d", "processing")]).ok
    assert BulkSummary([done, Outcome(5, "s", "c", "failed")]).count() == {"done": 1, "failed": 1}

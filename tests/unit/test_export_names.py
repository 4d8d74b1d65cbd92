"""Every export kind of a page downloads under its own descriptive name."""

from __future__ import annotations

from pagelogic.export import export_filename

KINDS = [("standalone", "html"), ("bundle", "zip"), ("slices-png", "zip"),
         ("slices-jpeg", "zip"), ("coupang-html", "html"), ("cafe24-html", "html"),
         ("naver-slices", "zip")]


def test_each_export_kind_of_a_page_has_a_distinct_name_with_product_page_and_kind():
    names = [export_filename(12, 3, kind, ext, "SKU-778") for kind, ext in KINDS]
    assert len(set(names)) == len(KINDS)  # naver and slices used to share one name
    assert names[0] == "product-SKU-778-page-12-v3-standalone.html"
    assert names[-1] == "product-SKU-778-page-12-v3-naver-slices.zip"
    assert all(n.startswith("product-SKU-778-page-12-v3-") for n in names)


def test_a_page_without_a_product_and_a_hostile_product_id_give_safe_names():
    assert export_filename(5, 1, "bundle", "zip") == "page-5-v1-bundle.zip"
    hostile = export_filename(5, 1, "bundle", "zip", 'a"b/../\r\n상품;x')
    assert hostile == "product-a-b-x-page-5-v1-bundle.zip"
    assert all(c.isascii() and c not in '"/\\\r\n;' for c in hostile)
    assert export_filename(5, 1, "bundle", "zip", "상품") == "page-5-v1-bundle.zip"

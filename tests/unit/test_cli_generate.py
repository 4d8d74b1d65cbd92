"""`pdp generate` input handling and refusal reasons (pdp/cli/generate.py)."""

from __future__ import annotations

import httpx
import pytest

from pdp.cli.generate import output_paths, read_body, refusal_reason


def test_a_422_names_each_refused_field():
    response = httpx.Response(422, json={"detail": [
        {"loc": ["body", "tone"], "msg": "String should have at most 50 characters"},
        {"loc": ["body", "features", 0], "msg": "too long"}]})
    assert refusal_reason(response) == ("refused (422): tone: String should have at most 50 "
                                        "characters; features.0: too long")


def test_other_refusals_keep_the_gateways_detail():
    assert refusal_reason(httpx.Response(429, json={"detail": "3 pages are already in progress"})) \
        == "refused (429): 3 pages are already in progress"
    assert refusal_reason(httpx.Response(502, text="<html>bad gateway</html>")) == \
        "refused (502): <html>bad gateway</html>"


@pytest.mark.parametrize("text, reason", [
    ("{oops", "not JSON"), ("[1, 2]", "not a JSON object"), ('"x"', "not a JSON object"),
])
def test_a_file_that_is_not_a_request_body_says_why(tmp_path, text, reason):
    path = tmp_path / "p.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=reason):
        read_body(path)


def test_undecodable_bytes_are_a_reason_not_a_crash(tmp_path):
    path = tmp_path / "p.json"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ValueError, match="cannot read"):
        read_body(path)


def test_outputs_go_to_a_file_for_one_input_and_a_folder_for_several(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert output_paths([a], tmp_path / "page.html") == [tmp_path / "page.html"]
    assert output_paths([a, b], tmp_path / "o") == [tmp_path / "o/a.html", tmp_path / "o/b.html"]

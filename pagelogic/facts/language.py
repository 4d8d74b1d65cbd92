"""The language of the input and of the page — pure.

A page is written in one language. Without translation that is the input's own language
(an English product text makes an English page, headings included); a seller who asks for
another one gets it only from a provider that can translate, and is told otherwise.
"""

from __future__ import annotations

import re

from schemas.controls import SellerControls

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
DEFAULT = "ko"
NAMES_KO = {"ko": "한국어", "en": "영어", "ja": "일본어", "zh": "중국어"}


def detect_language(text: str) -> str:
    """"ko" or "en": Korean text often carries Latin model names (USB-C, IPX4), and one Hangul
    syllable stands for two or three Latin letters, hence the weighting."""
    hangul, latin = len(_HANGUL.findall(text)), len(_LATIN.findall(text))
    if hangul == 0 and latin > 0:
        return "en"
    return "en" if latin > 6 * hangul else DEFAULT


def text_language(text: str, fallback: str = DEFAULT) -> str:
    """The language a written text is in ("ko", "en", "ja", "zh"; ``fallback`` when it has
    no letters). Weighted like ``detect_language``: one Hangul syllable, kana or Han
    character carries what several Latin letters do, so a Korean page full of model names
    (USB-C, IPX4) still reads as Korean. Kana tells Japanese from Chinese."""
    hangul, latin = len(_HANGUL.findall(text)), len(_LATIN.findall(text))
    kana, han = len(_KANA.findall(text)), len(_HAN.findall(text))
    scores = {"ko": 6 * hangul, "en": latin,
              "ja": 6 * kana + (3 * han if kana else 0), "zh": 0 if kana else 3 * han}
    best = max(scores, key=scores.get)
    return best if scores[best] else fallback


def _base(code: str) -> str:
    return code.split("-", 1)[0]


def page_language(input_language: str, controls: SellerControls | None,
                  can_translate: bool) -> tuple[str, list[dict[str, str]]]:
    """(page language, warnings). A language other than the input's is only a request when
    the seller set one explicitly (anything but the default) or asked to translate."""
    wanted = _base(controls.language) if controls else DEFAULT
    asked = controls is not None and (controls.translate or wanted != DEFAULT)
    if not asked or wanted == input_language:
        return input_language, []
    if can_translate:
        return wanted, []
    source, target = NAMES_KO.get(input_language, input_language), NAMES_KO.get(wanted, wanted)
    return input_language, [{
        "code": "translation_unavailable",
        "message": (f"번역할 수 있는 AI 제공자가 설정되지 않아 {target} 페이지를 만들 수 없습니다. "
                    f"입력한 {source} 그대로 한 언어로 페이지를 만들었습니다. "
                    f"{target} 페이지가 필요하면 {target}로 상품 정보를 입력하거나 "
                    "AI 제공자(OpenAI)를 설정해 주세요."),
    }]

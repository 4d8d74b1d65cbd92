"""Default sample values per block type, used for previews and for validating templates."""

from __future__ import annotations

from typing import Any

from schemas.plan import BlockType

SAMPLE_VALUES: dict[BlockType, dict[str, Any]] = {
    BlockType.Introduction: {
        "headline": "데일리 보습 크림 50ml",
        "subheadline": "건조한 피부를 위한 선택",
        "price": "29,000원", "price_note": "첫 구매 10% 할인",
        "summary": "세라마이드와 판테놀로 하루 종일 촉촉함을 지켜 줍니다.",
        "badges": ["무향", "저자극 테스트 완료", "비건 인증"],
        "image": {"ref": 0, "alt": "데일리 보습 크림 대표 이미지"},
    },
    BlockType.KeyFeatures: {
        "heading": "이래서 좋아요",
        "items": [
            {"title": "72시간 보습", "text": "세라마이드 3종이 피부 장벽을 채워 줍니다."},
            {"title": "산뜻한 마무리", "text": "끈적임 없이 빠르게 흡수됩니다."},
            {"title": "민감 피부 테스트", "text": "피부과 전문의 자극 테스트를 마쳤습니다."},
        ],
        "image": {"ref": 1, "alt": "크림 제형을 보여주는 이미지"},
    },
    BlockType.Specifications: {
        "heading": "제품 상세 정보",
        "rows": [{"label": "용량", "value": "50ml"}, {"label": "제조국", "value": "대한민국"},
                 {"label": "사용기한", "value": "제조일로부터 24개월"}],
    },
    BlockType.UsageGuide: {
        "heading": "사용 방법",
        "steps": ["세안 후 토너로 피부결을 정돈합니다.", "적당량을 덜어 얼굴 전체에 펴 바릅니다.",
                  "가볍게 두드려 흡수시킵니다."],
        "cautions": ["상처가 있는 부위에는 사용하지 마세요.", "직사광선을 피해 보관하세요."],
        "notes_heading": "알아두세요",
    },
    BlockType.Comparison: {
        "heading": "한눈에 비교",
        "rows": [{"label": "보습 지속", "value": "기존 제품 대비 2배"},
                 {"label": "제형", "value": "크림 → 젤 크림으로 가볍게"}],
        "label_heading": "비교 항목", "value_heading": "내용",
    },
    BlockType.BrandStory: {
        "heading": "브랜드 이야기",
        "brand": "포레스트랩",
        "paragraphs": ["피부가 편안해지는 가장 단순한 방법을 찾습니다.",
                       "모든 제품은 국내 연구소에서 직접 개발합니다."],
    },
    BlockType.FAQ: {
        "heading": "자주 묻는 질문",
        "items": [{"question": "향이 있나요?", "answer": "무향 제품입니다."},
                  {"question": "지성 피부도 쓸 수 있나요?", "answer": "가벼운 제형이라 지성 피부에도 잘 맞습니다."}],
    },
    BlockType.InfoNotice: {
        "heading": "상품정보제공고시",
        "group": "화장품",
        "rows": [{"label": "내용물의 용량 또는 중량", "value": "50ml"},
                 {"label": "제조국", "value": "대한민국"},
                 {"label": "사용기한 또는 개봉 후 사용기간", "value": "입력 필요", "missing": True}],
        "shipping_heading": "배송/교환/반품 안내",
        "shipping": [{"label": "택배사", "value": "CJ대한통운"},
                     {"label": "배송비", "value": "3,000원"}],
        "note": "「전자상거래 등에서의 상품 등의 정보제공에 관한 고시」에 따라 판매자가 제공한 정보입니다.",
    },
    BlockType.Notice: {
        "heading": "구매 전 확인해 주세요",
        "items": [{"title": "교환/반품", "text": "개봉 후에는 단순 변심에 의한 반품이 어렵습니다."},
                  {"title": "주의사항", "text": "피부 이상이 있으면 사용을 멈추세요."}],
    },
}

"""Every product group of the notice, with a product written for it: the category maps to
the group, each filled item is traced to the exact place in the input, the items the input
does not give are asked for in Korean, and no value holds anything the input does not."""

from __future__ import annotations

import re

import pytest

from pagelogic.notice.fill import DETAIL_REF, NoticeInput, fill_notice
from pagelogic.notice.groups import group_for, load_notice

SETTINGS = {"courier": "CJ대한통운", "shipping_fee": 3000, "return_fee": 3000,
            "exchange_fee": 6000, "return_address": "서울시 성동구 성수이로 1, 2층",
            "return_rules": "수령 후 7일 이내 신청"}

# group key: (category as a seller writes it, product text, items that must be filled)
PRODUCTS: dict[str, tuple[str | None, str, set[str]]] = {
    "wear": ("여성 원피스", "플리츠 롱 원피스\n소재: 폴리에스터 100%\n색상: 블랙, 네이비\n"
             "사이즈: S, M, L\n제조국: 베트남\n세탁: 단독 손세탁", {"material", "color", "size",
                                                       "country", "care"}),
    "shoes": ("shoes", "러닝화 에어 라이트\n소재: 메쉬(겉감), 폴리에스터(안감)\n색상: 화이트\n"
              "사이즈: 230~280mm\n제조자: (주)런앤런\n제조국: 인도네시아",
              {"material", "color", "size", "maker", "country"}),
    "bag": ("가방", "데일리 캔버스 백팩\n종류: 백팩\n소재: 코튼 캔버스\n크기: 30 x 42 x 14cm\n"
            "A/S 문의: 02-555-1234", {"kind", "material", "size", "as_contact"}),
    "fashion_items": ("모자", "울 베레모\n소재: 울 80%, 나일론 20%\n치수: 머리둘레 56~58cm\n"
                      "제조국: 대한민국", {"material", "size", "country"}),
    "bedding": ("침구", "구스 이불 퀸\n충전재: 구스다운 80%, 깃털 20%\n사이즈: 200 x 230cm\n"
                "구성: 이불 1개", {"material", "size", "components"}),
    "furniture": ("소파", "모던 3인 패브릭 소파\n색상: 그레이\n주요 소재: 패브릭, 원목 프레임\n"
                  "크기: 210 x 90 x 85cm\n배송비: 무료(설치 포함)", {"name", "color", "material",
                                                             "size", "delivery_install"}),
    "image_appliances": ("TV", "스마트 UHD TV 55인치\n모델명: UT55-2300\n정격전압: 220V\n"
                         "소비전력: 130W\n해상도: 3840 x 2160", {"name_model", "power", "screen"}),
    "home_appliances": ("주방가전", "에어프라이어 5.5L\n모델명: AF-550\nKC 인증번호: XU071234-20001\n"
                        "정격전압: 220V / 60Hz\n소비전력: 1,400W\n출시년월: 2025년 3월\n"
                        "제조사: 쿡앤홈\n제조국: 중국\n용량: 5.5L\nA/S: 1588-1234",
                        {"name_model", "kc", "power", "release", "maker", "country", "size",
                         "as_contact"}),
    "season_appliances": ("선풍기", "저소음 BLDC 선풍기\n소비전력: 28W\n냉난방면적: 해당 없음\n"
                          "제조국: 대한민국", {"name_model", "area", "country"}),
    "office_appliances": ("laptop", "울트라북 14\n모델명: UB14-7\n무게: 1.2kg\n크기: 313 x 221 x 15mm\n"
                          "사양: 16GB RAM, 512GB SSD", {"name_model", "size_weight", "spec"}),
    "optics_appliances": ("카메라", "미러리스 카메라 X10\n출시년월: 2024년 9월\n무게: 450g\n"
                          "제조국: 일본", {"name_model", "release", "size_weight", "country"}),
    "microelectronics": ("전자기기", "사운드핏 에어 프로 무선 블루투스 이어폰\n가격 89,000원\n"
                         "구성품: 이어버드, 충전 케이스\n전파인증: R-C-SFT-AIR01\nA/S 1년",
                         {"name_model", "kc"}),
    "cellphone": ("스마트폰", "갤럭시 S99 자급제\n통신사: 자급제(모든 통신사)\n제조사: 삼성전자\n"
                  "무게: 190g", {"name_model", "carrier", "maker", "size_weight"}),
    "navigation": ("내비게이션", "3D 내비게이션 N7\n맵 업데이트: 평생 무료\n제조국: 대한민국",
                   {"name_model", "map_update", "country"}),
    "car_articles": ("차량용품", "차량용 블랙박스 2채널\n적용차종: 전 차종\n크기: 95 x 35 x 35mm\n"
                     "제조국: 대한민국", {"name_model", "fit", "size", "country"}),
    "medical_appliances": ("의료기기", "비접촉 적외선 체온계\n허가번호: 제허 21-123호\n"
                           "제조국: 대한민국\n사용방법: 이마에서 3cm 거리에서 측정",
                           {"name_model", "permit", "country", "purpose"}),
    "kitchen": ("주방", "스텐리 클래식 진공 텀블러 591ml\n소재: 18/8 스테인리스 스틸\n"
                "사이즈: 높이 21cm, 지름 8.5cm\n평생 보증 (제조 결함에 한함)",
                {"name_model", "material", "size", "warranty"}),
    "cosmetic": ("뷰티", "수분가득 히알루론 인텐시브 크림 50ml\n용량: 50ml\n피부 타입: 건성, 복합성\n"
                 "사용기한: 개봉 후 12개월\n사용법: 세안 후 적당량을 펴 바릅니다\n"
                 "제조국: 대한민국", {"capacity", "spec", "expiry", "usage", "country"}),
    "jewellery": ("jewelry", "14K 데일리 반지\n소재: 14K 골드\n중량: 1.2g\n치수: 9호~15호\n"
                  "보증서: 제공", {"material", "weight", "size", "certificate"}),
    "food": ("과일", "제주 감귤 5kg\n중량: 5kg\n원산지: 제주\n생산자: 한라농원\n"
             "보관방법: 서늘한 곳에 보관", {"name", "capacity", "origin", "producer", "storage"}),
    "general_food": ("식품", "아침든든 유기농 귀리 그래놀라 500g\n원재료: 유기농 귀리 62%, 아몬드 10%\n"
                     "내용량: 500g\n유통기한: 제조일로부터 10개월\n식품유형: 시리얼류",
                     {"name", "ingredients", "capacity", "food_type", "dates"}),
    "diet_food": ("건강기능식품", "데일리 멀티비타민\n식품유형: 건강기능식품\n내용량: 60정\n"
                  "섭취방법: 1일 1회 1정", {"name", "food_type", "capacity", "intake"}),
    "kids": ("유아", "아기 원목 딸랑이\n사용연령: 3개월 이상\n재질: 너도밤나무\n"
             "KC 인증번호: CB061R001-1001", {"name_model", "age", "material", "kc"}),
    "instrument": ("ukulele", "콘서트 우쿨렐레 23인치\n재질: 마호가니\n구성품: 긱백, 튜너\n"
                   "색상: 내추럴", {"name_model", "material", "components", "color"}),
    "sports": ("스포츠/레저", "우드랜드 원목 접이식 캠핑 의자\n무게 3.4kg\n"
               "펼친 크기 58 x 62 x 78cm\n프레임: 너도밤나무 원목", {"name_model", "size_weight"}),
    "books": ("도서", "작은 습관의 힘\n저자: 김하루\n출판사: 새벽책방\n쪽수: 320쪽\n"
              "발행일: 2025-01-15", {"title", "author", "pages", "published"}),
    "lodging": ("펜션", "바다뷰 독채 펜션\n지역: 강원 강릉\n객실: 복층 독채\n기준 인원: 4인, 추가 1인 2만원\n"
                "예약 문의: 033-123-4567", {"region", "grade_room", "persons", "contact"}),
    "travel_package": ("여행", "다낭 3박 5일 패키지\n여행사: 하늘여행\n항공편: 인천-다낭 왕복 직항\n"
                       "숙박: 5성급 리조트", {"agency", "flight", "stay"}),
    "airline_ticket": ("항공권", "인천-오사카 왕복 항공권\n요금: 왕복 특가\n좌석: 일반석\n"
                       "유효기간: 발권일로부터 1년", {"fare", "seat", "valid"}),
    "rent_car": ("렌터카", "제주 렌터카 소형\n차종: 아반떼\n연료: 받은 만큼 주유 후 반납",
                 {"car", "fuel"}),
    "rental_ha": ("정수기 렌탈", "냉온정수기 렌탈\n관리: 4개월마다 방문 점검\n위약금: 잔여 렌탈료의 10%",
                  {"name_model", "maintenance", "refund"}),
    "rental_etc": ("유아용품 대여", "유아 카시트 대여\n분실: 정가의 50% 배상", {"name_model",
                                                                     "damage"}),
    "digital_contents": ("온라인 강의", "파이썬 입문 인터넷강의\n수강기간: 90일\n제공방식: 실시간 스트리밍",
                         {"terms", "delivery"}),
    "gift_card": ("상품권", "문화상품권 1만원권\n발행처: 한국문화진흥\n유효기간: 발행일로부터 5년",
                  {"issuer", "valid"}),
    "mobile_coupon": ("모바일쿠폰", "아메리카노 모바일쿠폰\n발행처: 카페모아\n사용처: 전국 카페모아 매장",
                      {"issuer", "stores"}),
    "movie_show": ("뮤지컬", "뮤지컬 별의 노래\n주최: 무대컴퍼니\n관람등급: 8세 이상\n공연장: 예술의전당",
                   {"organizer", "rating", "place"}),
    "etc_service": ("원데이 클래스", "도자기 원데이 클래스\n제공 사업자: 흙공방\n이용조건: 예약 후 방문, 2시간",
                    {"provider", "terms"}),
    "biochemistry": ("세제", "천연 세탁 세제 2L\n용량: 2L\n용도: 세탁용 액체세제\n"
                     "신고번호: 제 FA21-01-0001호", {"name", "capacity", "use", "approval"}),
    "biocidal": ("소독제", "뿌리는 소독제 500ml\n용량: 500ml\n승인번호: 제 2023-0001호\n"
                 "효과: 일반 세균 99.9% 제거", {"name", "capacity", "approval", "effect"}),
    "etc": (None, "수제 향초 선물세트\n제조국: 대한민국\n고객센터: 1544-0000",
            {"name_model", "country", "cs_phone"}),
}


def test_the_data_holds_every_group_once():
    groups = load_notice().groups
    assert set(PRODUCTS) == set(groups) and len(groups) == 40
    assert load_notice().default.key == "etc"


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in re.findall(r"\d+(?:[.,]\d+)*", text)}


@pytest.mark.parametrize("key", sorted(PRODUCTS))
def test_group_is_filled_from_the_input_only(key):
    category, text, expected = PRODUCTS[key]
    name = text.splitlines()[0]
    group = group_for(category, name)
    assert group.key == key
    fill = fill_notice(NoticeInput(text=text, name=name, settings=SETTINGS), group)
    rows = {r.key.removeprefix("notice."): r for r in fill.rows}
    assert {k for k, r in rows.items() if r.value is not None} >= expected
    for row in rows.values():
        if row.value is None:
            continue
        for source in row.sources:  # every value points at the input it was copied from
            if source.kind == "text":
                assert text[source.start:source.end] == source.excerpt
            elif source.kind == "name":
                assert source.excerpt == name
            else:
                assert source.kind == "settings"
        if row.value != DETAIL_REF:  # nothing invented: each number is one the seller wrote
            assert _numbers(row.value) <= _numbers(text + " " + str(SETTINGS))
    asked = {q.key: q.question for q in fill.questions()}
    for k, row in rows.items():
        if row.value is None:
            assert asked[row.key].endswith(("알려 주세요", "답해 주세요)", "확인해 주세요"))
    assert set(asked) == {r.key for r in fill.rows if r.value is None or r.missing_parts} | {
        "shipping.as_phone"}

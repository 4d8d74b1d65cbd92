"""Seller-facing text in Korean, keyed by message id (the default language).

Placeholders are str.format fields. The UI receives this table through GET /api/messages, so
one string is written once for the gateway, the workers and the browser."""

BLOCK_TYPES = {
    "Introduction": "소개", "KeyFeatures": "주요 특징", "Specifications": "상세 사양",
    "UsageGuide": "사용 방법", "Comparison": "비교", "BrandStory": "브랜드 이야기",
    "FAQ": "자주 묻는 질문", "Notice": "주의사항·배송/반품", "InfoNotice": "상품정보제공고시",
}

TONES = {
    "elegant": "우아한", "natural": "자연스러운", "professional": "전문적인", "warm": "따뜻한",
    "casual": "캐주얼", "friendly": "친근한", "playful": "발랄한", "premium": "프리미엄",
}

# Style tags of templates (templates.json "style").
STYLES = {
    "bold": "강렬한", "editorial": "매거진형", "minimal": "미니멀", "natural": "내추럴",
    "soft": "부드러운", "warm": "따뜻한", "": "기본",
}

STAGES = {
    "accepted": "접수됨", "pending": "대기 중", "planning": "페이지 구조 설계",
    "rendering": "블록·이미지 생성", "assembling": "페이지 조립", "done": "완료", "failed": "실패",
    # a mining job (mining/job.py)
    "parsing": "페이지 읽는 중", "clustering": "구간 묶는 중", "templating": "템플릿 만드는 중",
    "loading": "초안 저장 중",
}
STATUSES = {"pending": "대기 중", "processing": "생성 중", "completed": "완료", "failed": "실패"}
PAGE_STATUSES = {"draft": "초안", "review": "검토 중", "published": "게시됨", "archived": "보관됨"}

PROBLEMS = {
    "syntax": "템플릿 문법 오류", "slots": "슬롯 선언 오류", "sandbox": "허용되지 않는 템플릿 구문",
    "unknown_name": "알 수 없는 이름", "script": "<script> 요소는 쓸 수 없습니다",
    "tag": "허용되지 않는 태그", "event_handler": "on… 이벤트 속성은 쓸 수 없습니다",
    "javascript_url": "javascript:/data: 주소는 쓸 수 없습니다",
    "external_resource": "외부 리소스는 쓸 수 없습니다",
    "style": "style 속성은 쓸 수 없습니다 (클래스를 쓰세요)",
    "block_type": "알 수 없는 블록 종류입니다", "too_large": "템플릿이 너무 깁니다",
    "render": "예시 값으로 그려 보지 못했습니다 (슬롯 이름과 반복문을 확인하세요)",
}

# Names of request fields, for validation errors ("상품 이미지 주소: …").
FIELDS = {
    "product_data": "상품 설명", "product_image_url": "상품 이미지 주소", "features": "특징",
    "target_customer": "타깃 고객", "tone": "톤", "category": "카테고리",
    "template_ids": "템플릿", "template_set_id": "템플릿 세트", "instruction": "지시문",
    "prompt": "프롬프트", "html_list": "블록 HTML", "title": "제목", "status": "상태",
    "order": "블록 순서", "name": "이름", "template_html": "HTML", "slots": "슬롯",
    "block_type": "블록 종류", "key": "키", "style": "스타일", "description": "설명",
    "note": "변경 메모", "version": "버전", "file": "파일", "limit": "개수", "size": "개수",
    "page": "쪽", "body": "요청 본문", "X-User-Id": "사용자 ID", "x-user-id": "사용자 ID",
}

# Pydantic error types → sentences; {ctx} fields come from the error's ctx.
VALIDATION = {
    "missing": "값을 입력하세요.",
    "string_too_short": "{min_length}자 이상 입력하세요.",
    "string_too_long": "{max_length}자 이하로 입력하세요.",
    "too_short": "{min_length}개 이상 필요합니다.",
    "too_long": "{max_length}개 이하로 줄이세요.",
    "url_parsing": "올바른 주소(http:// 또는 https://, 또는 이 서비스에 올린 사진 주소)를 입력하세요.",
    "url_scheme": "http 또는 https 주소만 쓸 수 있습니다.",
    "url_type": "주소를 문자열로 입력하세요.",
    "enum": "다음 중 하나를 고르세요: {expected}",
    "literal_error": "다음 중 하나를 고르세요: {expected}",
    "int_parsing": "숫자를 입력하세요.",
    "int_type": "숫자를 입력하세요.",
    "greater_than_equal": "{ge} 이상이어야 합니다.",
    "less_than_equal": "{le} 이하여야 합니다.",
    "greater_than": "{gt}보다 커야 합니다.",
    "less_than": "{lt}보다 작아야 합니다.",
    "string_type": "글자로 입력하세요.",
    "list_type": "목록으로 입력하세요.",
    "bool_parsing": "참/거짓 값이어야 합니다.",
    "extra_forbidden": "알 수 없는 항목입니다.",
    "string_pattern_mismatch": "형식이 맞지 않습니다.",
    "json_invalid": "요청 본문이 올바른 JSON이 아닙니다.",
    "model_attributes_type": "항목 묶음(JSON 객체)이어야 합니다.",
    "dict_type": "항목 묶음(JSON 객체)이어야 합니다.",
    "value_error": "값이 올바르지 않습니다: {reason}",
    "default": "값이 올바르지 않습니다.",
}

# Reasons behind a value_error that the schema raises itself (schemas/urls.py and friends).
# Marker in an English fetch error (infra/fetch.py) → what the seller reads; the error
# itself goes to the log.
FETCH_REASONS = {
    "private": "내부망 주소는 쓸 수 없습니다. 공개된 주소나 이 서비스에 올린 사진을 쓰세요.",
    "credentials": "아이디나 비밀번호가 들어 있는 주소는 쓸 수 없습니다.",
    "scheme": "웹 주소(https://…)만 쓸 수 있습니다.",
    "no host": "올바른 주소를 입력하세요.", "invalid port": "주소의 포트 번호가 올바르지 않습니다.",
    "redirects": "주소가 너무 여러 번 다른 곳으로 넘겨집니다.",
    "does not resolve": "주소의 도메인을 찾을 수 없습니다.",
    "took too long": "주소가 제때 응답하지 않았습니다.",
    "answered HTTP": "주소가 오류로 응답했습니다. 주소가 열리는지 확인해 주세요.",
    "larger than": "파일이 너무 큽니다. 더 작은 파일을 쓰세요.",
}

VALUE_REASONS = {  # marker in the English reason (schemas/urls.py) → what the seller reads
    "private": "내부망 주소는 쓸 수 없습니다. 공개된 주소나 이 서비스에 올린 사진을 쓰세요.",
    "is local": "내부망 주소는 쓸 수 없습니다. 공개된 주소나 이 서비스에 올린 사진을 쓰세요.",
    "not a valid public address": "공개된 인터넷 주소를 입력하세요.",
    "credentials": "아이디나 비밀번호가 들어 있는 주소는 쓸 수 없습니다.",
    "no host": "올바른 주소를 입력하세요.",
}

TEXT = {
    "warn.banned_removed": "금지어가 들어간 문장과 항목은 뜻이 바뀌지 않도록 통째로 뺐습니다: "
                           "{items}",
    "warn.banned_block_empty": "금지어가 들어간 내용을 빼고 나니 남은 내용이 없어 이 블록을 "
                               "페이지에서 뺐습니다",
    "page.untitled": "상품 상세페이지",
    "image.alt": "상품 이미지",
    "warn.notice_incomplete": "상품정보제공고시의 {count}개 항목이 비어 있어 페이지에 '입력 필요'로 "
                              "표시됩니다. 아래 질문에 답하면 채워집니다.",
    "block_label": "{position}번 블록 · {type}",
    "image_label": "{position}번 이미지",
    "not_found": "{what}{eul} 찾을 수 없습니다.",
    "what.page": "페이지", "what.task": "작업", "what.template": "템플릿", "what.product": "상품",
    "what.version": "버전", "what.image": "이미지", "what.result": "결과", "what.set": "템플릿 세트",
    "operator_only": "운영자만 할 수 있는 작업입니다",
    "url_refused": "이 주소는 쓸 수 없습니다: {reason}",
    "url_failed": "이 주소에서 파일을 가져오지 못했습니다: {reason}",
    "fetch.default": "주소에 연결하지 못했습니다. 주소가 열리는지 확인해 주세요.",
    "not_an_image": "이미지 파일이 아닙니다. JPEG, PNG, WebP 같은 사진 파일을 올려 주세요.",
    "image_too_large": ("사진이 {width}x{height} 픽셀로 너무 큽니다(최대 약 {max_mp}메가픽셀). "
                        "더 작은 크기로 줄여서 올려 주세요."),
    "page_too_tall": ("페이지 높이가 {height}px로 이미지 조각 내보내기 한도({max_height}px)를 넘습니다. "
                      "블록을 줄이거나 HTML로 내보내 주세요."),
    "feature_not_installed": "이 서버에서는 이 기능을 쓸 수 없습니다 (not installed: {reason})",
    "input_check": "입력을 확인하세요",
    # version notes (stored with each page version)
    "note.generated": "처음 생성",
    "note.regenerate": "{block} 다시 생성",
    "note.regenerate_with": "{block} 다시 생성 (요청: {instruction})",
    "note.add": "{position}번 자리에 {type} 블록 추가",
    "note.delete": "{block} 삭제",
    "note.reorder": "블록 순서 변경",
    "note.replace_image": "{image} 교체",
    "note.hand_edit": "직접 수정",
    "note.title": "제목 변경",
    "note.status": "상태 변경: {status}",
    "note.saved": "저장",
    "note.revert": "버전 {version} 내용으로 되돌림",
    "note.edit": "편집",
    "note.product_updated": "상품 정보 변경으로 다시 생성",
    "note.product_deleted": "상품 삭제로 보관",
    "note.variant": "{label} ({source}번 페이지에서)",
    # copy angles of a variant (pagelogic/plan/angles.py): the page list's label
    "angle.benefit": "혜택 중심 변형",
    "angle.story": "스토리 중심 변형",
    "angle.spec": "스펙 중심 변형",
    "note.template_created": "처음 만듦",
    "note.template_updated": "수정",
    # worker failures shown as the task's error
    "fail.plan": "페이지 구성을 만들지 못했습니다",
    "fail.fanout": "블록 작업을 나누지 못했습니다",
    "fail.block": "블록을 생성하지 못했습니다",
    "fail.image": "이미지를 생성하지 못했습니다",
    "fail.assemble": "페이지를 조립하지 못했습니다",
    "fail.product": "상품 이벤트를 처리하지 못했습니다",
    "fail.mining": "템플릿 수집 작업을 끝내지 못했습니다",
    # an uploaded mining corpus refused at the edge (mining/upload.py), per file
    "mining.no_files": "HTML 파일이나 ZIP 파일을 하나 이상 올리세요.",
    "mining.too_many_files": "파일은 한 번에 {limit}개까지 올릴 수 있습니다.",
    "mining.file_type": "{name}: .html, .htm 또는 .zip 파일만 올릴 수 있습니다.",
    "mining.page_too_large": "{name}: 페이지 하나는 {limit}바이트 이하여야 합니다.",
    "mining.total_too_large": "압축을 푼 전체 크기가 {limit}바이트를 넘습니다.",
    "mining.too_many_pages": "페이지는 {limit}개까지 올릴 수 있습니다.",
    "mining.bad_zip": "{name}: 올바른 ZIP 파일이 아닙니다.",
    "mining.encrypted": "{name}: 암호가 걸린 ZIP 파일은 열 수 없습니다.",
    "mining.bad_name": "{name}: 파일 이름이 올바르지 않습니다.",
    "mining.no_pages": "올린 파일에 .html 페이지가 없습니다.",
    "fail.outage": "저장소/브로커 장애가 {seconds}초 지속됨",
    "fail.attempts": "{attempts}회 시도",
    "provider.circuit_open": "AI 서비스가 연속으로 실패해 잠시 호출을 멈췄습니다. 잠시 후 다시 요청해 주세요.",
    "provider.gave_up": "AI 서비스가 응답하지 않습니다({reason}, {attempts}회 시도). 잠시 후 다시 요청해 주세요.",
    "fail.stalled": "처리가 {redrives}회 재시도 후에도 완료되지 않았습니다. 다시 요청해 주세요.",
    "fail.image_placeholder": "{number}번 이미지({alt})는 AI 이미지를 만들지 못해 임시 이미지로 대신했습니다: {reason} 이미지 바꾸기로 다시 만들 수 있습니다.",
    # page edits that do not fit the page (pagelogic/edits: EditRefused)
    "edit.no_block": "{position}번 블록이 이 페이지에 없습니다.",
    "edit.too_many_blocks": "한 페이지에는 블록을 20개까지 넣을 수 있습니다.",
    "edit.last_block": "페이지의 마지막 블록은 삭제할 수 없습니다.",
    "edit.bad_order": "블록 순서에는 페이지의 모든 블록이 한 번씩 들어 있어야 합니다.",
    "edit.no_image": "{position}번 이미지가 이 페이지에 없습니다.",
    "edit.needs_reference": "이미지를 고치려면 기준 이미지 주소가 필요합니다.",
    "edit.block_count": "블록 수는 그대로여야 합니다. 블록을 더하거나 지우려면 블록 추가·삭제를 쓰세요.",
    "edit.version_mismatch": "이 버전의 블록 목록이 페이지 내용과 맞지 않아 고칠 수 없습니다.",
    "edit.no_notice": "이 페이지에는 상품정보제공고시 블록이 없습니다.",
    "edit.template_missing": "선택한 템플릿을 찾을 수 없습니다. 목록에서 다시 골라 주세요.",
    "edit.template_type": "선택한 템플릿은 '{template_type}' 블록용이라 '{block_type}' 블록에 쓸 수 없습니다.",
    "edit.no_template": "'{block_type}' 블록에 쓸 템플릿이 없습니다.",
    "edit.no_state": "이 페이지에는 고칠 수 있는 생성 기록이 없습니다. 페이지를 새로 생성해 주세요.",
    "edit.image_in_page": "페이지에 쓰인 이미지입니다. 페이지의 이미지 바꾸기로 바꿔 주세요.",
    "fail.generic": "처리 중 오류가 발생했습니다. 잠시 후 다시 요청해 주세요.",
    "fail.image_download": "AI가 만든 이미지를 내려받지 못했습니다.",
    "fail.block_left_out": "블록을 만들지 못해 페이지에서 제외했습니다: {reason}",
    "fail.freeform_fallback": "자유 편집을 하지 못해 기본 구성을 썼습니다: {reason}",
    "fail.not_accepted": "메시지 브로커가 요청을 받지 못해 접수되지 않았습니다. 잠시 후 다시 요청해 주세요.",
    "error.broker_unavailable": "메시지 브로커에 연결할 수 없어 요청을 접수하지 못했습니다. 잠시 후 다시 요청해 주세요.",
    "error.database_unavailable": "데이터베이스에 연결할 수 없습니다. 잠시 후 다시 요청해 주세요.",
    "error.conflict": "요청이 존재하지 않거나 이미 저장된 데이터와 충돌하는 항목을 가리킵니다.",
    "error.unstorable": "저장할 수 없는 값이 있습니다(제어 문자나 너무 큰 숫자). 입력을 확인해 주세요.",
    "warn.language_mismatch": "{wanted} 페이지를 요청했지만 페이지 내용은 {actual}로 작성되었습니다. 페이지 언어를 {actual}로 표시했습니다.",
    "provider.rate_limited": "요청 한도 초과(429)", "provider.server_error": "서버 오류(5xx)",
    "provider.timeout": "응답 시간 초과", "provider.connection": "연결 실패",
    # provider abilities, shown before the seller waits
    "provider.offline_instruction": "오프라인 모드에서는 지시문을 반영할 수 없습니다. 블록을 다시 만들어도 같은 내용이 나올 수 있습니다.",
}

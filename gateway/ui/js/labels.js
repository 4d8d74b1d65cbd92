// Korean labels for the API's enum values.

export const BLOCK_TYPES = {
  Introduction: '소개', KeyFeatures: '주요 특징', Specifications: '상세 사양',
  UsageGuide: '사용 방법', Comparison: '비교', BrandStory: '브랜드 이야기', FAQ: '자주 묻는 질문',
  InfoNotice: '상품정보제공고시',
  Notice: '주의사항·배송/반품',
};

export const TONES = {
  elegant: '우아한', natural: '자연스러운', professional: '전문적인', warm: '따뜻한',
  casual: '캐주얼', friendly: '친근한', playful: '발랄한', premium: '프리미엄',
};

const STAGES = {
  accepted: '접수됨', pending: '대기 중', planning: '페이지 구조 설계', rendering: '블록·이미지 생성',
  assembling: '페이지 조립', done: '완료', failed: '실패',
};

export const PAGE_STATUSES = { draft: '초안', review: '검토 중', published: '게시됨', archived: '보관됨' };

const STATUSES = { pending: '대기 중', processing: '생성 중', completed: '완료', failed: '실패' };

export const PROBLEMS = {
  syntax: '템플릿 문법 오류', slots: '슬롯 선언 오류', sandbox: '허용되지 않는 템플릿 구문',
  unknown_name: '알 수 없는 이름', script: '<script> 요소는 쓸 수 없습니다',
  tag: '허용되지 않는 태그', event_handler: 'on… 이벤트 속성은 쓸 수 없습니다',
  javascript_url: 'javascript:/data: 주소는 쓸 수 없습니다', external_resource: '외부 리소스는 쓸 수 없습니다',
  style: 'style 속성은 쓸 수 없습니다 (클래스를 쓰세요)',
};

export const blockLabel = (type) => BLOCK_TYPES[type] || type;
export const stageLabel = (stage) => STAGES[stage] || stage;
export const statusLabel = (status) => STATUSES[status] || status;
export const pageStatusLabel = (status) => PAGE_STATUSES[status] || status;

"""/api/seller-settings — what happens when upstream systems publish this seller's products."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.exc import IntegrityError

from gateway.deps import State, UserId
from infra.db import products as product_repo
from schemas.api import SHIPPING_FIELDS, SellerSettingsBody

router = APIRouter(prefix="/api/seller-settings", tags=["sellers"])


def _view(row) -> SellerSettingsBody:
    return SellerSettingsBody(auto_generate=row.auto_generate, language=row.language,
                              default_template_set_id=row.default_template_set_id,
                              **{f: getattr(row, f, None) for f in SHIPPING_FIELDS})


@router.get("", summary="My defaults for event-driven generation")
async def get_settings(state: State, user_id: UserId) -> SellerSettingsBody:
    return _view(await state.db(product_repo.seller_settings, user_id))


@router.put("", summary="Change my defaults (auto-generate, template set, language, shipping)")
async def put_settings(body: SellerSettingsBody, state: State, user_id: UserId):
    given = body.model_fields_set
    values = {k: v for k, v in body.model_dump().items()
              if k not in SHIPPING_FIELDS or k in given}  # shipping: only what was sent
    try:
        row = await state.db(product_repo.save_seller_settings, user_id, values)
    except IntegrityError:
        from fastapi.responses import JSONResponse

        return JSONResponse({"detail": [{"loc": ["body", "default_template_set_id"],
                                         "msg": "template set does not exist",
                                         "type": "value_error"}]}, status_code=422)
    return _view(row)

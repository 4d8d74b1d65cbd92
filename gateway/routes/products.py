"""/api/products — a seller's products (the original API guide's product CRUD)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Response

from gateway.deletion import delete_with_files
from gateway.deps import State, UserId
from gateway.errors import NotFound, found
from gateway.listing import renderable
from infra.db import resources as repo
from schemas.resources import (
    Paged,
    PageSummary,
    ProductIn,
    ProductPatch,
    ProductStats,
    ProductStatus,
    ProductView,
)

router = APIRouter(prefix="/api/products", tags=["products"])


@router.post("", status_code=201, summary="Create a product")
async def create_product(body: ProductIn, state: State, user_id: UserId) -> ProductView:
    product = await state.db(repo.create_product, user_id, body.model_dump())
    return ProductView.model_validate(product)


@router.get("", summary="List products (filters, pagination)")
async def list_products(state: State, user_id: UserId,
                        status: ProductStatus | None = None,
                        category_id: int | None = Query(None, ge=1),
                        q: str | None = Query(None, max_length=200, description="text search"),
                        is_published: bool | None = None,
                        page: int = Query(1, ge=1, le=100_000),
                        size: int = Query(20, ge=1, le=100)) -> Paged[ProductView]:
    def run(session):
        items, total = repo.list_products(session, user_id, status=status, category_id=category_id,
                                          q=q, is_published=is_published, page=page, size=size)
        return Paged[ProductView](items=renderable(items, ProductView.model_validate, "product"),
                                  total=total, page=page, size=size)
    return await state.db(run)


@router.get("/stats", summary="Totals, published/draft, per category, views, average price")
async def stats(state: State, user_id: UserId) -> ProductStats:
    return ProductStats.model_validate(await state.db(repo.product_stats, user_id))


@router.get("/{product_id}", summary="Get a product (counts a view)")
async def get_product(product_id: int, state: State, user_id: UserId) -> ProductView:
    def run(session):
        product = found(repo.get_product(session, user_id, product_id, count_view=True), "product")
        return ProductView.model_validate(product)
    return await state.db(run)


@router.get("/{product_id}/pages", summary="A product with its pages")
async def product_with_pages(product_id: int, state: State, user_id: UserId) -> dict:
    def run(session):
        product = found(repo.get_product(session, user_id, product_id, count_view=True), "product")
        pages, _ = repo.list_pages(session, user_id, status=None, product_id=product_id,
                                   page=1, size=100)
        return {"product": ProductView.model_validate(product).model_dump(mode="json"),
                "pages": [p.model_dump(mode="json")
                          for p in renderable(pages, PageSummary.model_validate, "page")]}
    return await state.db(run)


@router.put("/{product_id}", summary="Update a product")
async def update_product(product_id: int, body: ProductPatch, state: State,
                         user_id: UserId) -> ProductView:
    def run(session):
        product = repo.update_product(session, user_id, product_id,
                                      body.model_dump(exclude_unset=True))
        if product is None:
            raise NotFound("product")
        return ProductView.model_validate(product)
    return await state.db(run)


@router.post("/{product_id}/publish", summary="Toggle is_published")
async def toggle_publish(product_id: int, state: State, user_id: UserId) -> ProductView:
    def run(session):
        product = found(repo.toggle_publish(session, user_id, product_id), "product")
        return ProductView.model_validate(product)
    return await state.db(run)


@router.delete("/{product_id}", status_code=204, summary="Delete a product, its pages and images")
async def delete_product(product_id: int, state: State, user_id: UserId) -> Response:
    return await delete_with_files(state, repo.delete_product, user_id, product_id, "product")

"""The offline provider's latency model and the benchmark's critical-path arithmetic."""

from __future__ import annotations

import asyncio
import math
import time

from bench.stats import critical_path_ms, percentile, sequential_ms
from processors.providers.latency import LatencyModel, block_key, image_key, plan_key
from processors.providers.offline import OfflineWriter
from schemas.facts import ProductFacts
from schemas.plan import BlockPlan, BlockType, StyleConcept


def test_constant_mode_is_kept_when_sigma_is_zero():
    model = LatencyModel(800)
    assert {model.sample_ms(f"k{i}") for i in range(20)} == {800}
    assert LatencyModel(0, sigma=0.5).sample_ms("x") == 0


def test_lognormal_samples_are_reproducible_and_centred_on_the_median():
    model = LatencyModel(800, sigma=0.4, seed=7)
    samples = [model.sample_ms(f"call-{i}") for i in range(4000)]
    assert samples[:50] == [model.sample_ms(f"call-{i}") for i in range(50)]  # same key, same value
    assert 760 < percentile(samples, 50) < 840
    assert len(set(samples)) > 3900  # really varies per call
    spread = math.log(percentile(samples, 84) / 800)
    assert 0.35 < spread < 0.45  # one sigma above the median
    assert LatencyModel(800, 0.4, seed=8).sample_ms("call-1") != samples[1]


def test_critical_path_is_plan_plus_slowest_part_and_below_the_sum():
    llm, image = LatencyModel(800, 0.4, 1), LatencyModel(3000, 0.3, 1)
    cp = critical_path_ms(llm, image, "크림", blocks=5, images=2)
    parts = [llm.sample_ms(block_key("크림", i)) for i in range(5)]
    parts += [image.sample_ms(image_key("크림", i)) for i in range(2)]
    assert cp == llm.sample_ms(plan_key("크림")) + max(parts)
    assert sequential_ms(llm, image, "크림", 5, 2) == llm.sample_ms(plan_key("크림")) + sum(parts)


def test_offline_writer_waits_the_sampled_latency_of_its_call():
    model = LatencyModel(60, sigma=0.5, seed=3)
    writer = OfflineWriter(model)
    block = BlockPlan(index=2, block_type=BlockType.KeyFeatures, title="x")
    facts = ProductFacts(name="텀블러", features=["보온 7시간"])
    started = time.perf_counter()
    asyncio.run(writer.write(block, facts, StyleConcept.model_construct()))
    took_ms = (time.perf_counter() - started) * 1000
    assert took_ms >= model.sample_ms(block_key("텀블러", 2)) - 2

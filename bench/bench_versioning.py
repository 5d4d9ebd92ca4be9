"""Benchmark choose_update among 10,000 tags and the shared parse cache.

Run: .venv/bin/python bench/bench_versioning.py  (target: < 20 ms per warm decision)
"""

from __future__ import annotations

import random
import statistics
import time

from services.versioning import (
    choose_update,
    clear_parse_cache,
    parse_cache_stats,
    parse_constraints,
    parse_tag,
)

VARIANTS = ["", "-alpine", "-alpine3.19", "-alpine3.20", "-bookworm", "-slim-bookworm"]
NOISE = [
    "latest",
    "edge",
    "stable",
    "nightly",
    "abc1234f",
    "pr-{n}",
    "amd64-{v}",
    "version-{v}",
    "{n}",
]


def make_tags(count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    tags: set[str] = set()
    while len(tags) < count:
        version = f"{rnd.randint(1, 30)}.{rnd.randint(0, 40)}.{rnd.randint(0, 40)}"
        roll = rnd.random()
        if roll < 0.1:
            tags.add(rnd.choice(NOISE).format(n=rnd.randint(100, 99999), v=version))
        elif roll < 0.2:
            tags.add(f"{version}-rc{rnd.randint(1, 5)}{rnd.choice(VARIANTS)}")
        elif roll < 0.3:
            tags.add(f"{version}-ls{rnd.randint(1, 400)}")
        else:
            tags.add(version + rnd.choice(VARIANTS))
    return sorted(tags)


def time_ms(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    tags = make_tags(10_000, seed=1)
    labels = parse_constraints(
        {"docksmith.version-pin-major": "true", "docksmith.tag-regex": r".*alpine.*"}
    )
    clear_parse_cache()
    cold = time_ms(lambda: choose_update("12.3.4-alpine", tags), 1)[0]
    warm = time_ms(lambda: choose_update("12.3.4-alpine", tags), 30)
    constrained = time_ms(lambda: choose_update("12.3.4-alpine", tags, labels), 30)
    everything = parse_constraints({"docksmith.tag-regex": ".*"})
    worst = time_ms(lambda: choose_update("1.0.0", tags, everything), 30)
    print(f"10,000 tags, cold (parses every tag):     {cold:7.2f} ms")
    print(
        f"10,000 tags, warm decision (median/max):  {statistics.median(warm):7.2f} / {max(warm):.2f} ms"
    )
    print(
        f"10,000 tags, pin-major + tag-regex:       {statistics.median(constrained):7.2f} / {max(constrained):.2f} ms"
    )

    print(
        f"10,000 tags, worst case (regex on ~all):  {statistics.median(worst):7.2f} / {max(worst):.2f} ms"
    )

    # A check of 300 containers spread over 20 repositories of 2,000 tags each.
    clear_parse_cache()
    repos = [make_tags(2_000, seed=100 + i) for i in range(20)]
    currents = [
        random.Random(i).choice([t for t in repos[i % 20] if parse_tag(t).scheme])
        for i in range(300)
    ]
    clear_parse_cache()
    started = time.perf_counter()
    for i, current in enumerate(currents):
        choose_update(current, repos[i % 20])
    total = (time.perf_counter() - started) * 1000
    stats = parse_cache_stats()
    distinct = len({t for repo in repos for t in repo} | set(currents))
    print(
        f"300 containers / 20 repos x 2,000 tags:   {total:7.2f} ms total, {total / 300:.2f} ms per container"
    )
    print(
        f"parse cache: {stats.misses} parses for {distinct} distinct tags, {stats.hits} hits"
    )


if __name__ == "__main__":
    main()

"""Choosing the tag a careful admin would move to: `choose_update`.

Owns the decision rules; the answer's types live in `decision`.
A candidate must share the current tag's line (prefix, scheme and variant;
when the exact variant has nothing newer, the variant family such as
`alpine3.19` ~ `alpine3.21` ~ `alpine`; and when the vendor moved on to a
newer base OS, `debian-11` ~ `debian-12`), pass every constraint, and be
strictly newer. Among those the newest version wins; a spelling less
precise than the current tag is only a fallback; ties between spellings of
one version prefer the current precision, then the current `v` style.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from services.versioning.cache import parse_tag
from services.versioning.constraints import Constraints
from services.versioning.decision import (
    CONSTRAINT_REASONS,
    Decision,
    Outcome,
    Rejection,
    RejectReason,
)
from services.versioning.floating import floating_candidates
from services.versioning.model import ChangeType, ParsedTag, Scheme, TagKind
from services.versioning.order import change_type
from services.versioning.suffix import on_newer_base, variant_family, variant_numbers


def _unversioned_reason(c: ParsedTag) -> RejectReason:
    if c.kind is TagKind.META:
        return RejectReason.META
    if c.kind is TagKind.HASH:
        return RejectReason.HASH
    return RejectReason.UNVERSIONED


def _closeness(current: ParsedTag, candidate: ParsedTag) -> tuple[object, ...]:
    # Among spellings of one version in a variant family, prefer the one shaped
    # like the current variant (alpine3.18 -> alpine3.x over bare alpine), then
    # the newest base (alpine3.21 over alpine3.20).
    if candidate.variant == current.variant:
        return (2, ())
    numbers = variant_numbers(candidate.variant)
    return (int(bool(numbers) == bool(variant_numbers(current.variant))), numbers)


def _no_update(
    current: ParsedTag,
    outcome: Outcome,
    reason: str,
    rejected: tuple[Rejection, ...] = (),
    pin_suggestion: ParsedTag | None = None,
) -> Decision:
    change = ChangeType.NONE if outcome is Outcome.UP_TO_DATE else ChangeType.UNKNOWN
    return Decision(current, None, change, outcome, reason, rejected, pin_suggestion)


def _within_labels(p: ParsedTag, c: Constraints) -> bool:
    # Pins need a current version, so only bounds and the regex apply here.
    lo, hi = c.version_min, c.version_max
    return (
        (lo is None or (lo.scheme is p.scheme and p.key >= lo.key))
        and (hi is None or (hi.scheme is p.scheme and p.key <= hi.key))
        and (c.tag_regex is None or c.tag_regex.matches(p.tag))
    )


def _floating(
    current: ParsedTag, tags: Iterable[str], constraints: Constraints
) -> Decision:
    suggestion = None
    if not constraints.allow_latest:
        for tag in floating_candidates(current.tag, tags):
            p = parse_tag(tag)
            if not p.is_prerelease and _within_labels(p, constraints):
                suggestion = p
                break
    return _no_update(
        current,
        Outcome.FLOATING_CURRENT,
        f"{current.tag} is a floating tag; its updates are found by comparing digests.",
        pin_suggestion=suggestion,
    )


def choose_update(
    current_tag: str,
    available_tags: Iterable[str],
    constraints: Constraints | None = None,
) -> Decision:
    """The newest tag a careful admin would move to from `current_tag`, with reasons.

    Never returns a tag that is not strictly newer than the current one, nor
    one that breaks a constraint; the result does not depend on tag order.
    """
    constraints = constraints or Constraints()
    cur = parse_tag(current_tag)
    if constraints.ignore:
        return _no_update(
            cur,
            Outcome.IGNORED,
            "docksmith.ignore is set; the container is not checked.",
        )
    tags = (
        available_tags
        if isinstance(available_tags, list | tuple)
        else list(available_tags)
    )
    # `alpine` or `fpm-alpine` float like `latest-alpine` when releases carry that variant.
    if cur.kind is TagKind.META or (
        cur.kind is TagKind.UNVERSIONED and floating_candidates(cur.tag, tags)
    ):
        return _floating(cur, tags, constraints)
    if cur.scheme is None:
        return _no_update(
            cur,
            Outcome.UNVERSIONED_CURRENT,
            f"{cur.tag} is not a version ({cur.kind}); only a digest comparison can tell if it changed.",
        )

    scheme, prefix, variant, family = (
        cur.scheme,
        cur.prefix,
        cur.variant,
        variant_family(cur.variant),
    )
    cur_key, cur_release, cur_stable = cur.key, cur.release, cur.prerelease is None
    regex, lo, hi = (
        constraints.tag_regex,
        constraints.version_min,
        constraints.version_max,
    )
    pin = (
        3
        if constraints.pin_patch
        else 2
        if constraints.pin_minor
        else 1
        if constraints.pin_major
        else 0
    )
    pin_reason = (
        None,
        RejectReason.PIN_MAJOR,
        RejectReason.PIN_MINOR,
        RejectReason.PIN_PATCH,
    )[pin]
    allow_pre = constraints.allow_prerelease

    rejected: list[Rejection] = []
    viable: list[ParsedTag] = []
    seen = {current_tag}
    for tag in tags:
        if tag in seen:
            continue
        seen.add(tag)
        c = parse_tag(tag)
        reason: RejectReason | None = None
        if c.scheme is None:
            reason = _unversioned_reason(c)
        elif c.prefix != prefix:
            reason = RejectReason.PREFIX
        elif c.scheme is not scheme:
            reason = (
                RejectReason.CI_BUILD
                if c.scheme is Scheme.BUILD
                else RejectReason.SCHEME
            )
        elif c.variant != variant and variant_family(c.variant) != family:
            reason = RejectReason.VARIANT
        elif c.key <= cur_key:
            reason = RejectReason.NOT_NEWER
        # Label checks come last so the summary counts only newer tags they
        # blocked, and the costlier regex runs on the fewest tags.
        elif (
            c.prerelease is not None
            and not allow_pre
            and (cur_stable or c.release != cur_release)
        ):
            # From a prerelease, only later prereleases of the same release
            # qualify (3.0.0-beta1 -> 3.0.0-rc1), plus any newer stable.
            reason = RejectReason.PRERELEASE
        elif pin and c.release[:pin] != cur_release[:pin]:
            reason = pin_reason
        elif lo is not None and (lo.scheme is not scheme or c.key < lo.key):
            reason = RejectReason.BELOW_MIN
        elif hi is not None and (hi.scheme is not scheme or c.key > hi.key):
            reason = RejectReason.ABOVE_MAX
        elif regex is not None and not regex.matches(tag):
            reason = RejectReason.TAG_REGEX
        if reason is None:
            viable.append(c)
        else:
            rejected.append(Rejection(tag, reason))

    if not viable:
        blocked = Counter(
            r.reason.value for r in rejected if r.reason in CONSTRAINT_REASONS
        )
        detail = (
            ""
            if not blocked
            else " (newer tags excluded by labels: "
            + ", ".join(f"{n} {r}" for r, n in sorted(blocked.items()))
            + ")"
        )
        return _no_update(
            cur,
            Outcome.UP_TO_DATE,
            f"No newer tag in the tag format of {cur.tag}{detail}.",
            rejected=tuple(rejected),
        )

    exact = [c for c in viable if c.variant == variant]
    pool = exact or viable
    if exact:
        # A vendor that moved to a newer base OS stops releasing on the old
        # one (debian-11 rebuilds of 1.25.3 while 1.26 ships on debian-12):
        # the newer base then continues the line.
        newer_base = [c for c in viable if on_newer_base(variant, c.variant)]
        if newer_base and max(c.release for c in newer_base) > max(
            c.release for c in exact
        ):
            pool = exact + newer_base
    finer = [c for c in pool if c.precision >= cur.precision]
    pool_final = finer or pool
    best = max(
        pool_final,
        key=lambda c: (
            c.key,
            c.precision == cur.precision,
            c.v_prefix == cur.v_prefix,
            _closeness(cur, c),
            c.tag,
        ),
    )
    in_pool, in_final = set(map(id, pool)), set(map(id, pool_final))
    for c in viable:
        if c is best:
            continue
        if id(c) not in in_pool:
            rejected.append(Rejection(c.tag, RejectReason.EXACT_VARIANT_PREFERRED))
        elif id(c) not in in_final:
            rejected.append(Rejection(c.tag, RejectReason.LESS_PRECISE))
        else:
            rejected.append(Rejection(c.tag, RejectReason.SUPERSEDED))
    change = change_type(cur, best)
    via = (
        ""
        if best.variant == variant
        else f" (releases moved on from {variant} to {best.variant}; same family)"
        if exact
        else f" (variant {variant} has no newer release; same family)"
    )
    # Tags newer than the choice that only the admin's labels kept out: a
    # pinned container is offered 1.2.0 while 2.0.0 exists, and says why.
    left_out = Counter(
        r.reason.value
        for r in rejected
        if r.reason in CONSTRAINT_REASONS and parse_tag(r.tag).key > best.key
    )
    limit = (
        ""
        if not left_out
        else " (newer tags excluded by labels: "
        + ", ".join(f"{n} {r}" for r, n in sorted(left_out.items()))
        + ")"
    )
    return Decision(
        cur,
        best,
        change,
        Outcome.UPDATE,
        f"{best.tag} is the newest release in the tag format of {cur.tag}{limit}: "
        f"a {change} update{via}.",
        tuple(rejected),
    )

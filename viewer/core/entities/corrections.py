"""The reader's corrections: a surface form's type, or "not an entity". They run last and win
over every other evidence (tier TIER_CORRECTION)."""

from __future__ import annotations

from viewer.core.entities.fields import TIER_CORRECTION, Candidate, Context, occurrences


def apply_corrections(ctx: Context, corrections: dict[str, str | None]) -> None:
    """Retype or drop every chosen mention a correction names; add the occurrences of a typed
    surface the analyser missed, in place of what they overlap; carry a corrected type over to
    the other side of a linked pair."""
    if not corrections:
        return
    out = []
    for c in ctx.chosen:
        if c.text in corrections:
            if corrections[c.text] is None:
                continue
            c.type, c.tier, c.cue = corrections[c.text], TIER_CORRECTION, "correction"
        out.append(c)
    for surface, type_ in corrections.items():
        if type_ is None:
            continue
        for f in ctx.fields:
            for s, e in occurrences(f, surface):
                c = Candidate(f, s, e, type=type_, tier=TIER_CORRECTION, cue="correction")
                if any(c.overlaps(d) and d.tier == TIER_CORRECTION for d in out):
                    continue
                out = [d for d in out if not c.overlaps(d)]
                out.append(c)
    for c in out:  # a corrected type carries over to the linked alias
        if c.cue == "correction" and c.partners:
            for d in c.partners:
                if d.text not in corrections:
                    d.type = c.type
    ctx.chosen = out

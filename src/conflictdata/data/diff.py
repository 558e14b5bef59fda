"""What changed between two versions of the claims dataset, claim by claim."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..schema.claims_csv import claim_cells
from .loaders import claims

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["diff_claims"]

_COLUMNS = ("claim_id", "change", "fields", "old", "new", "notes")
_CHANGES = ("changed", "removed", "added")


def diff_claims(old_version: str, new_version: str) -> pd.DataFrame:
    """The claims added, removed or changed between two versions of the claims dataset.

    Claims are matched by ``claim_id``: a corrected claim keeps its id, a claim replaced by a
    different one is removed under its old id and added under its new one.

    Args:
        old_version: The earlier data version, e.g. ``"2026.11.0"``.
        new_version: The later data version.

    Returns:
        One row per claim id added, removed or changed, ordered by change (``changed``,
        ``removed``, ``added``), then claim id. Columns: ``claim_id``; ``change``; ``fields``,
        the changed fields in schema order (a tuple, empty for an added or removed claim);
        ``old`` and ``new``, dicts of those fields' CSV text in each version; and ``notes``, the
        claim's notes in the new version (the old one for a removed claim), which say why.

    Raises:
        UnknownDatasetError: For a version that is not registered.

    Example:
        >>> import conflictdata
        >>> changes = conflictdata.diff_claims("2026.11.0", "2026.12.0")
        >>> list(changes.columns)
        ['claim_id', 'change', 'fields', 'old', 'new', 'notes']
        >>> address = changes.set_index("claim_id").loc["zelensky-2022-12-20-ru-casualties-censor"]
        >>> address["change"], address["fields"]
        ('changed', ('period_end', 'stated_on', 'notes'))
        >>> address["old"]["stated_on"], address["new"]["stated_on"]
        ('2022-12-20', '2022-12-19')
    """
    import pandas as pd

    old = {claim.claim_id: claim_cells(claim) for claim in claims(old_version)}
    new = {claim.claim_id: claim_cells(claim) for claim in claims(new_version)}
    rows: list[tuple[str, str, tuple[str, ...], dict[str, str], dict[str, str], str]] = []
    for claim_id in sorted(old.keys() | new.keys()):
        before, after = old.get(claim_id), new.get(claim_id)
        if before is None or after is None:
            change = "added" if before is None else "removed"
            notes = (after or before or {}).get("notes", "")
            rows.append((claim_id, change, (), {}, {}, notes))
            continue
        fields = tuple(name for name in after if after[name] != before[name])
        if fields:
            rows.append(
                (
                    claim_id,
                    "changed",
                    fields,
                    {name: before[name] for name in fields},
                    {name: after[name] for name in fields},
                    after["notes"],
                )
            )
    rows.sort(key=lambda row: (_CHANGES.index(row[1]), row[0]))
    frame = pd.DataFrame(rows, columns=list(_COLUMNS), dtype=object)
    frame["change"] = pd.Categorical(frame["change"], categories=_CHANGES)
    return frame
